#!/usr/bin/env node
// `kansio`: the command-line tool. `npm start` runs `kansio start`.
import { Command } from 'commander';
import { loadConfig, ConfigError, type Config } from '../config.ts';
import { startCommand } from './start.ts';
import { migrateCommand, seedCommand } from './database.ts';
import { auditCheckpointCommand, auditKeygenCommand, auditVerifyCommand } from './audit.ts';
import { tokenCommand } from './token.ts';
import { dbInfoCommand, dbPsqlCommand } from './db.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { registersImportCommand } from './registers.ts';
import { importLegacyCommand, type ImportLegacyOptions } from './import-legacy.ts';
import { settingsSetCommand, settingsShowCommand, type SettingsOptions } from './settings.ts';
import { retentionRunCommand } from './retention.ts';
import { addOnboardingCommands } from './onboarding.ts';

function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`kansio: configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

const program = new Command()
  .name('kansio')
  .description('Kansio: the social welfare client data archive (IHE MHD on FHIR R4).\n\nEnvironment: PORT (8080), HOST (127.0.0.1), DATABASE_URL (default: embedded PostgreSQL in ./data),\nKANSIO_DATA_DIR (./data), KANSIO_DEMO (true), KANSIO_BASE_URL, KANSIO_POOL_SIZE (16), LOG_LEVEL (info);\nevery variable is listed in README.md (Configuration).')
  .showHelpAfterError();

program.command('start').description('migrate, seed demo data on first start (KANSIO_DEMO), and serve').action(async () => startCommand(config()));
program.command('migrate').description('apply database migrations and exit').action(async () => migrateCommand(config()));
program.command('seed').description('load the deterministic demo data (idempotent) and exit').action(async () => seedCommand(config()));
const audit = program.command('audit').description('audit trail tools (docs/audit.md)');
audit.command('verify').description('check the whole tamper-evident audit chain, and with --checkpoints that it extends every signed checkpoint; exits 1 at a broken record, a checkpoint no longer matched, or a checkpoint refused')
  .option('--quiet', 'no progress bar')
  .option('--checkpoints <file|dir>', 'signed checkpoints kept outside the database: a file of them, or a directory of such files')
  .option('--key <vkey|file>', 'a trusted verifier key <name>+<key ID>+<key data>, or a file of them (repeatable; default KANSIO_AUDIT_VERIFIER_KEY, else the signing key\'s own)', (value: string, list: string[] = []) => [...list, value])
  .addHelpText('after', '\nExample: kansio audit verify --checkpoints /mnt/worm/kansio-checkpoints/ --key "kansio.example.fi/audit+1a2b3c4d+AXk..."')
  .action(async (opts: { quiet?: boolean; checkpoints?: string; key?: string[] }) => {
    // An explicit exit: the embedded server's exit hooks would otherwise reset the code.
    process.exit(await auditVerifyCommand(config(), { progress: !opts.quiet, ...(opts.checkpoints ? { checkpoints: opts.checkpoints } : {}), keys: opts.key ?? [] }));
  });
audit.command('checkpoint').description('sign a checkpoint of every audit lane now (unless nothing was appended since the latest), keep it in KANSIO_AUDIT_CHECKPOINTS and the database, and print it')
  .action(async () => { process.exit(await auditCheckpointCommand(config())); });
audit.command('keygen').description('make a new audit-signing key file for KANSIO_AUDIT_SIGNING_KEY and print its verifier key')
  .requiredOption('--name <name>', 'the key name, also the checkpoints\' origin: a host and path, e.g. kansio.example.fi/audit')
  .argument('<file>', 'the key file to create (never overwritten)')
  .action(async (file: string, opts: { name: string }) => { process.exit(await auditKeygenCommand(opts.name, file)); });
const db = program.command('db').description('how to reach the database in use (the password only with --show-password)')
  .option('--show-password', 'print the password too')
  .action(async (opts: { showPassword?: boolean }) => dbInfoCommand(config(), opts));
db.command('psql').description('open psql on the database in use (arguments after -- go to psql)')
  .argument('[psqlArgs...]', 'arguments for psql').allowUnknownOption()
  .action(async (psqlArgs: string[]) => { process.exit(await dbPsqlCommand(config(), psqlArgs)); });
program.command('backup').description('write a consistent backup of the database (also while the server runs) to FILE')
  .argument('[file]', 'backup file to create (default: kansio-backup-<time>.jsonl.gz)')
  .action(async (file: string | undefined) => { process.exit(await backupCommand(config(), file)); });
program.command('restore').description('restore a backup into an empty database (a fresh KANSIO_DATA_DIR); --force replaces a non-empty one')
  .argument('<file>', 'backup file written by kansio backup')
  .option('--force', 'replace everything in a database that holds data')
  .action(async (file: string, opts: { force?: boolean }) => { process.exit(await restoreCommand(config(), file, opts)); });
program.command('registers').description('the population register and the mandate register (who may act for whom)')
  .command('import').description('import JSON lines into the registers (docs/registers.md); all or nothing: any bad line is reported with its number and nothing is imported; re-importing replaces records with the same key')
  .argument('<file>', 'JSON lines: {"register":"population","type":"person"|"representation",...} or {"register":"mandate",...}, one record a line')
  .option('--quiet', 'no progress bar')
  .addHelpText('after', '\nExample lines (docs/registers.md; docs/examples/registers.jsonl):\n' +
    '  {"register":"population","type":"person","identityCode":"...","givenName":"Laura","familyName":"Korpela"}\n' +
    '  {"register":"population","type":"representation","person":"...","representative":"...","kind":"guardian","start":"2017-11-21","end":null}\n' +
    '  {"register":"mandate","id":"M-1","principal":"...","holder":"...","scopes":["view","consent"],"validFrom":"2024-01-01","validUntil":null,"revokedAt":null}\n' +
    'kind: guardian, information-right, trustee, continuing-power-of-attorney; scopes: view, consent.')
  .action(async (file: string, opts: { quiet?: boolean }) => { process.exit(await registersImportCommand(config(), file, opts)); });
program.command('import-legacy').description("L4: store a controller's old client data as legacy documents (docs/legacy-import.md); bad rows go to a reject file, a re-run stores nothing twice and resumes an interrupted import")
  .argument('<manifest>', 'CSV with a header, or JSON lines (.jsonl): person, controller, serviceTask, type, date, file, oldClientRelationship, title')
  .option('--controller <oid>', 'the controller of rows that name none')
  .option('--rejects <path>', 'where the bad rows go, with their line numbers and reasons (default: MANIFEST.rejects.csv)')
  .option('--format <csv|jsonl>', 'the manifest format (default: jsonl for .jsonl/.ndjson/.json, otherwise csv)')
  .option('--batch-size <n>', 'documents per transaction and audit record (default 5000)')
  .option('--max-file-size <bytes>', 'the largest file accepted (default 20 MiB)')
  .option('--quiet', 'no progress bar')
  .addHelpText('after', '\nExample (docs/examples/legacy/manifest.csv):\n' +
    '  person,serviceTask,type,date,file,oldClientRelationship,title\n' +
    '  <identity code>,older-people,1000,2016-05-10,files/assessment.txt,true,Palvelutarpeen arvio\n' +
    '  kansio import-legacy --controller 1.2.246.10.99999.1 docs/examples/legacy/manifest.csv\n' +
    'Exit status: 0 all rows stored (or stored before), 2 done with rejected rows, 1 not done (error, or interrupted: run again to resume).')
  .action(async (manifest: string, opts: ImportLegacyOptions) => { process.exit(await importLegacyCommand(config(), manifest, opts)); });
program.command('retention').description('S10: documents past their service task\'s retention period')
  .command('run').description('list the documents past retention (a dry run: nothing changes); --destroy destroys them, their blobs and what was derived from them, leaving an audit record for each')
  .option('--destroy', 'destroy the documents past retention (asks nothing: an operator command)')
  .option('--json', 'print every due document with its rule and due day as JSON')
  .option('--quiet', 'no progress bar')
  .option('--batch-size <n>', 'documents per transaction', (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new Error(`--batch-size must be a whole number from 1 to 10000, got '${v}'`);
    return n;
  }, 500)
  .addHelpText('after', '\nThe periods: the national ones (Act 703/2023), or KANSIO_RETENTION, for example\n' +
    '  KANSIO_RETENTION=older-people=10y:matter-close,family-law=120y:birth\n' +
    'Start events: matter-close, relationship-end, birth, creation, death. The day is always today in Finland.\n' +
    'See docs/operations.md (Retention).')
  .action(async (opts: { destroy?: boolean; json?: boolean; quiet?: boolean; batchSize?: number }) => {
    process.exit(await retentionRunCommand(config(), opts));
  });
program.command('token').description('demo mode: print an access token for a demo system and professional (uses ./data/demo keys)')
  .requiredOption('--system <clientId>', 'client id of a demo client data system')
  .option('--professional <id>', 'professional id (card) to bind; omit only for service systems')
  .option('--scope <scopes>', 'requested scopes', 'system/DocumentReference.cruds system/Binary.cr system/List.cr system/Patient.r system/AuditEvent.rs system/Consent.crus')
  .option('--base-url <url>', 'server base URL (default: KANSIO_BASE_URL or http://127.0.0.1:8080)')
  .action(async (opts: { system: string; professional?: string; scope: string; baseUrl?: string }) => tokenCommand(config(), opts));
// Issue 10, onboarding: kansio org, system, professional and ca.
addOnboardingCommands(program, config);

const settings = program.command('settings').description("a controller's own settings: archiving mode and automatic approval (L3), portal display start dates (V10)");
settings.command('show').description("print a controller's settings").argument('<controller>', 'the controller OID')
  .option('--json', 'as JSON')
  .action(async (controller: string, opts: SettingsOptions) => { process.exit(await settingsShowCommand(config(), controller, opts)); });
settings.command('set').description("change a controller's settings; each change is audited in the controller's trail")
  .argument('<controller>', 'the controller OID')
  .option('--archiving <mode>', 'real-time, or batch (with --batch-time)')
  .option('--batch-time <HH:MM>', 'the time of day of the batch delivery, Finnish time')
  .option('--auto-approval <yes|no>', 'whether entries are approved automatically in the controller\'s system')
  .option('--portal-from <YYYY-MM-DD|default>', 'the day from which its documents are shown in the portal')
  .option('--task-from <TASK=YYYY-MM-DD|TASK=default>', 'a start day for one service task (repeatable)', (value: string, list: string[] = []) => [...list, value])
  .option('--transition <NAME=CATEGORY:FROM..UNTIL>', "a named transition period (repeatable): the category (all, or a V4 category) of its documents is not shown from FROM to UNTIL, both days included; the same name again replaces it", (value: string, list: string[] = []) => [...list, value])
  .option('--remove-transition <NAME>', 'remove a transition period (repeatable)', (value: string, list: string[] = []) => [...list, value])
  .option('--json', 'print the result as JSON')
  .addHelpText('after', '\nExamples:\n  kansio settings set 1.2.246.10.99999.1 --archiving batch --batch-time 02:00 --auto-approval no\n  kansio settings set 1.2.246.10.99999.1 --portal-from 2026-01-01 --task-from child-protection=2027-01-01\n  kansio settings set 1.2.246.10.99999.1 --transition "System change=client-journal-entry:2027-02-01..2027-03-31"\n  kansio settings set 1.2.246.10.99999.1 --remove-transition "System change"\n\nCategories: all, client-journal-entry, shared-matter, client-relationship, parenthood-investigation, adoption-counselling')
  .action(async (controller: string, opts: SettingsOptions) => { process.exit(await settingsSetCommand(config(), controller, opts)); });

await program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`kansio: ${(error as Error).message}`);
  process.exit(1);
});

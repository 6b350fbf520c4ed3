#!/usr/bin/env node
// `kansio`: the command-line tool. `npm start` runs `kansio start`.
import { Command } from 'commander';
import { loadConfig, ConfigError, type Config } from '../config.ts';
import { startCommand } from './start.ts';
import { migrateCommand, seedCommand } from './database.ts';
import { auditVerifyCommand } from './audit.ts';
import { tokenCommand } from './token.ts';
import { dbInfoCommand, dbPsqlCommand } from './db.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { registersImportCommand } from './registers.ts';
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
program.command('audit').description('audit trail tools')
  .command('verify').description('check the whole tamper-evident audit chain; exits 1 at a broken record')
  .option('--quiet', 'no progress bar').action(async (opts: { quiet?: boolean }) => {
    // An explicit exit: the embedded server's exit hooks would otherwise reset the code.
    process.exit(await auditVerifyCommand(config(), !opts.quiet));
  });
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
program.command('token').description('demo mode: print an access token for a demo system and professional (uses ./data/demo keys)')
  .requiredOption('--system <clientId>', 'client id of a demo client data system')
  .option('--professional <id>', 'professional id (card) to bind; omit only for service systems')
  .option('--scope <scopes>', 'requested scopes', 'system/DocumentReference.cruds system/Binary.cr system/List.cr system/Patient.r system/AuditEvent.rs system/Consent.crus')
  .option('--base-url <url>', 'server base URL (default: KANSIO_BASE_URL or http://127.0.0.1:8080)')
  .action(async (opts: { system: string; professional?: string; scope: string; baseUrl?: string }) => tokenCommand(config(), opts));
// Issue 10, onboarding: kansio org, system, professional and ca.
addOnboardingCommands(program, config);

await program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`kansio: ${(error as Error).message}`);
  process.exit(1);
});

// `kansio org|system|professional|ca add|list|remove` (issue 10, onboarding): a new deployment
// registers its first controller, system and professional without SQL. Each command runs one use
// case in one transaction; a bad input exits 1 naming the option, and every change leaves an
// admin-change audit record naming the operating-system user who ran the command.
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { openDatabase } from '../app.ts';
import type { Db } from '../store/db.ts';
import { KansioError } from '../domain/errors.ts';
import { CONTROLLER_KINDS } from '../domain/onboarding.ts';
import { PROFESSIONAL_ROLES } from '../store/professionals.ts';
import { OPERATOR_TOOL, type AdminActor } from '../usecases/admin-audit.ts';
import { registerOrganisation } from '../usecases/register-organisation.ts';
import { removeOrganisation } from '../usecases/remove-organisation.ts';
import { listOrganisations } from '../usecases/list-organisations.ts';
import { registerProfessional } from '../usecases/register-professional.ts';
import { removeProfessional } from '../usecases/remove-professional.ts';
import { listProfessionals } from '../usecases/list-professionals.ts';
import { addSystemCommands } from './onboarding-systems.ts';

/** The operator behind a command: the audit record's actor. */
export function cliActor(): AdminActor {
  let user = 'unknown';
  try { user = userInfo().username; } catch { /* no passwd entry (a container): keep 'unknown' */ }
  // D1: the operator's own tool on the server may change the whole registry, the operator role included.
  return { id: 'kansio-cli', name: `kansio command-line tool (user ${user})`, authority: OPERATOR_TOOL };
}

/** --jwks-url for jwksUrl; a nested field keeps its path: --jwks (keys[0].kid). */
function optionOf(expression: string): string {
  const [head, ...rest] = expression.split('.');
  const option = `--${head!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/\[.*$/, '')}`;
  const path = expression.slice(head!.replace(/\[.*$/, '').length).replace(/^\./, '');
  return rest.length || path ? `${option} (${path})` : option;
}

/** Runs fn against the database; prints a refusal naming the option; returns the exit code. */
export async function run(config: Config, command: string, fn: (db: Db) => Promise<void>): Promise<number> {
  const database = await openDatabase(config);
  try {
    await fn(database.db);
    return 0;
  } catch (error) {
    if (!(error instanceof KansioError)) throw error;
    for (const p of error.problems) console.error(`kansio ${command}: ${p.expression ? `${optionOf(p.expression)}: ` : ''}${p.message}`);
    return 1;
  } finally {
    await database.close();
  }
}

/** Reads a file option, or exits 1 naming it. */
export async function readOption(command: string, option: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    console.error(`kansio ${command}: --${option}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    process.exit(1);
  }
}

/** Prints rows as JSON (--json) or as aligned text columns. */
export function printRows(rows: readonly Record<string, unknown>[], json: boolean | undefined, columns: readonly string[]): void {
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  if (rows.length === 0) {
    console.log('(none)');
    return;
  }
  const cell = (v: unknown): string => (Array.isArray(v) ? v.join(',') : v === null || v === undefined ? '-' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]): string => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log([line([...columns]), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n'));
}

const now = (): string => new Date().toISOString();
const exit = (code: number): never => process.exit(code);

export function addOnboardingCommands(program: Command, config: () => Config): void {
  const org = program.command('org').description('organisations: controllers (welfare areas, municipalities, private providers) and their units');
  org.command('add').description('register a controller, or a unit under its controller (--parent); again with another --name renames it')
    .requiredOption('--oid <oid>', 'the organisation OID, dot notation')
    .requiredOption('--name <name>', 'its name')
    .option('--kind <kind>', `${CONTROLLER_KINDS.join(', ')} for a controller; unit (the default with --parent); operator for the national operator's own organisation`)
    .option('--parent <oid>', "a unit's controller")
    .addHelpText('after', '\nExamples:\n  kansio org add --oid 1.2.246.10.12345 --name "Pohjanmaan hyvinvointialue" --kind welfare-area\n  kansio org add --oid 1.2.246.10.12345.10 --name "Lapsiperheiden palvelut" --parent 1.2.246.10.12345')
    .action(async (o: { oid: string; name: string; kind?: string; parent?: string }) => exit(await run(config(), 'org add', async (db) => {
      const r = await db.withTransaction((tx) => registerOrganisation(tx, { oid: o.oid, name: o.name, kind: o.kind ?? (o.parent ? 'unit' : ''), parentOid: o.parent, actor: cliActor(), now: now() }));
      console.log(`organisation ${o.oid} ${r.change === 'add' ? 'registered' : r.change === 'update' ? 'renamed' : 'already registered as given: nothing changed'}`);
    })));
  org.command('list').description('list the organisations, controllers before their units')
    .option('--controller <oid>', 'only this controller and its units')
    .option('--json', 'JSON output')
    .addHelpText('after', '\nExamples:\n  kansio org list\n  kansio org list --controller 1.2.246.10.12345 --json')
    .action(async (o: { controller?: string; json?: boolean }) => exit(await run(config(), 'org list', async (db) => {
      printRows(await listOrganisations(db.pool, { controllerOid: o.controller }) as unknown as Record<string, unknown>[], o.json, ['oid', 'kind', 'parentOid', 'name']);
    })));
  org.command('remove').description('remove an organisation; refused while it has units, systems, professionals, documents or client relationships')
    .argument('<oid>', 'the organisation OID')
    .addHelpText('after', '\nExample:\n  kansio org remove 1.2.246.10.12345.10')
    .action(async (oid: string) => exit(await run(config(), 'org remove', async (db) => {
      await db.withTransaction((tx) => removeOrganisation(tx, { oid, actor: cliActor(), now: now() }));
      console.log(`organisation ${oid} removed`);
    })));

  addSystemCommands(program, config);

  const pro = program.command('professional').description('professionals, identified by the subject serialNumber of their professional card (D9)');
  pro.command('add').description('register a professional in a controller or unit; again with other values updates them')
    .requiredOption('--id <serialNumber>', "the card subject's serialNumber")
    .requiredOption('--given-name <name>', 'given name')
    .requiredOption('--family-name <name>', 'family name')
    .requiredOption('--title <title>', 'professional title, e.g. sosiaalityöntekijä')
    .requiredOption('--organisation <oid>', 'the controller or unit they work in')
    .option('--roles <roles>', `comma-separated roles: ${PROFESSIONAL_ROLES.join(', ')} (operator: the national operator; only this tool gives it)`)
    .addHelpText('after', '\nExample:\n  kansio professional add --id 9876543210 --given-name Sanna --family-name Virtanen --title sosiaalityöntekijä \\\n    --organisation 1.2.246.10.12345.10 --roles supervisor')
    .action(async (o: { id: string; givenName: string; familyName: string; title: string; organisation: string; roles?: string }) => exit(await run(config(), 'professional add', async (db) => {
      const r = await db.withTransaction((tx) => registerProfessional(tx, {
        professionalId: o.id, givenName: o.givenName, familyName: o.familyName, title: o.title, organisationOid: o.organisation,
        roles: o.roles ? o.roles.split(',').map((s) => s.trim()).filter(Boolean) : [], actor: cliActor(), now: now(),
      }));
      console.log(`professional ${o.id} ${r.change === 'add' ? 'registered' : r.change === 'update' ? 'updated' : 'already registered as given: nothing changed'}`);
    })));
  pro.command('list').description('list the professionals')
    .option('--organisation <oid>', "only this organisation's (a controller's includes its units')")
    .option('--json', 'JSON output')
    .addHelpText('after', '\nExample:\n  kansio professional list --organisation 1.2.246.10.12345 --json')
    .action(async (o: { organisation?: string; json?: boolean }) => exit(await run(config(), 'professional list', async (db) => {
      printRows(await listProfessionals(db.pool, { organisationOid: o.organisation }) as unknown as Record<string, unknown>[], o.json, ['professionalId', 'organisationOid', 'givenName', 'familyName', 'title', 'roles']);
    })));
  pro.command('remove').description('remove a professional: their card binds no token from now on')
    .argument('<id>', "the card subject's serialNumber")
    .addHelpText('after', '\nExample:\n  kansio professional remove 9876543210')
    .action(async (id: string) => exit(await run(config(), 'professional remove', async (db) => {
      await db.withTransaction((tx) => removeProfessional(tx, { professionalId: id, actor: cliActor(), now: now() }));
      console.log(`professional ${id} removed`);
    })));
}


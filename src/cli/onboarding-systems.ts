// `kansio system add|list|remove`, `kansio system keys add|remove` and `kansio ca add|list|remove`
// (issue 10, onboarding). See onboarding.ts for the shared running and printing.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { InvalidInput } from '../domain/errors.ts';
import { SYSTEM_PROFILES } from '../domain/onboarding.ts';
import { certificatesInPem } from '../auth/keys.ts';
import { registerSystem } from '../usecases/register-system.ts';
import { removeSystem } from '../usecases/remove-system.ts';
import { listSystems } from '../usecases/list-systems.ts';
import { addSystemKey, removeSystemKey } from '../usecases/rotate-system-key.ts';
import { addCardCa, listCardCas, removeCardCa } from '../usecases/card-cas.ts';
import { cliActor, printRows, readOption, run } from './onboarding.ts';

const now = (): string => new Date().toISOString();
const exit = (code: number): never => process.exit(code);

/** JSON text of an option, or InvalidInput naming the field. */
function parseJson(field: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw InvalidInput.of(`is not JSON (${(error as Error).message})`, field);
  }
}

export function addSystemCommands(program: Command, config: () => Config): void {
  const system = program.command('system').description("client data systems: each with its controller, profile (L5) and public keys (SMART Backend Services private_key_jwt)");
  system.command('add').description('register a system with inline public keys (--jwks or --jwks-file) or a JWKS URL (--jwks-url); again with other values updates it')
    .requiredOption('--client-id <id>', 'the OAuth client_id (iss and sub of its client assertions)')
    .requiredOption('--name <name>', "the system's name")
    .requiredOption('--controller <oid>', 'the controller whose register it writes and reads')
    .requiredOption('--profile <profile>', `L5 profile: ${SYSTEM_PROFILES.join(', ')}`)
    .option('--jwks <json>', 'inline public keys: a JWKS {"keys":[...]}, each key with a kid')
    .option('--jwks-file <file>', 'the same, from a file')
    .option('--jwks-url <url>', 'where the system publishes its keys (https; fetched at token requests and cached)')
    .addHelpText('after', '\nExamples:\n  kansio system add --client-id acme-care --name "Acme Care" --controller 1.2.246.10.12345 --profile connecting --jwks-file acme-jwks.json\n' +
      '  kansio system add --client-id acme-care --name "Acme Care" --controller 1.2.246.10.12345 --profile connecting --jwks-url https://acme.example/jwks.json')
    .action(async (o: { clientId: string; name: string; controller: string; profile: string; jwks?: string; jwksFile?: string; jwksUrl?: string }) => {
      const text = o.jwksFile ? await readOption('system add', 'jwks-file', o.jwksFile) : o.jwks;
      exit(await run(config(), 'system add', async (db) => {
        if (o.jwks && o.jwksFile) throw InvalidInput.of('give --jwks or --jwks-file, not both', 'jwks');
        const jwks = text === undefined ? undefined : parseJson('jwks', text);
        const r = await db.withTransaction((tx) => registerSystem(tx, {
          clientId: o.clientId, name: o.name, controllerOid: o.controller, profile: o.profile, jwks, jwksUrl: o.jwksUrl, actor: cliActor(), now: now(),
        }));
        console.log(`system ${o.clientId} ${r.change === 'add' ? 'registered' : r.change === 'update' ? 'updated' : 'already registered as given: nothing changed'}`);
      }));
    });
  system.command('list').description('list the systems')
    .option('--controller <oid>', "only this controller's")
    .option('--json', 'JSON output (with the public keys)')
    .addHelpText('after', '\nExample:\n  kansio system list --controller 1.2.246.10.12345')
    .action(async (o: { controller?: string; json?: boolean }) => exit(await run(config(), 'system list', async (db) => {
      const rows = await listSystems(db.pool, { controllerOid: o.controller });
      printRows(o.json ? rows as unknown as Record<string, unknown>[] : rows.map((s) => ({ ...s, keys: s.jwksUri ?? s.jwks.keys.map((k) => k.kid) })), o.json, ['clientId', 'controllerOid', 'profile', 'name', 'keys']);
    })));
  system.command('remove').description('remove a system: it gets no token from now on (a token it holds expires within 300 s)')
    .argument('<clientId>', 'its client id')
    .addHelpText('after', '\nExample:\n  kansio system remove acme-care')
    .action(async (clientId: string) => exit(await run(config(), 'system remove', async (db) => {
      await db.withTransaction((tx) => removeSystem(tx, { clientId, actor: cliActor(), now: now() }));
      console.log(`system ${clientId} removed`);
    })));

  const keys = system.command('keys').description("rotate a system's inline public keys without downtime: add the new key, switch the system to it, remove the old one");
  keys.command('add').description('add a public key (a key with the same kid is replaced)')
    .argument('<clientId>', 'its client id')
    .option('--jwk <json>', 'one public JWK with a kid')
    .option('--jwk-file <file>', 'the same, from a file')
    .addHelpText('after', '\nExample:\n  kansio system keys add acme-care --jwk-file new-key.jwk.json\n  kansio system keys remove acme-care --kid OLD-KID')
    .action(async (clientId: string, o: { jwk?: string; jwkFile?: string }) => {
      const text = o.jwkFile ? await readOption('system keys add', 'jwk-file', o.jwkFile) : o.jwk;
      exit(await run(config(), 'system keys add', async (db) => {
        if (text === undefined) throw InvalidInput.of('is required (or --jwk-file)', 'jwk');
        const jwk = parseJson('jwk', text);
        const r = await db.withTransaction((tx) => addSystemKey(tx, { clientId, jwk, actor: cliActor(), now: now() }));
        console.log(`key ${(jwk as { kid: string }).kid} ${r.change === 'add' ? 'added to' : 'replaced in'} system ${clientId}`);
      }));
    });
  keys.command('remove').description('remove a public key by kid (never the last one)')
    .argument('<clientId>', 'its client id')
    .requiredOption('--kid <kid>', 'the key to remove')
    .addHelpText('after', '\nExample:\n  kansio system keys remove acme-care --kid OLD-KID')
    .action(async (clientId: string, o: { kid: string }) => exit(await run(config(), 'system keys remove', async (db) => {
      await db.withTransaction((tx) => removeSystemKey(tx, { clientId, kid: o.kid, actor: cliActor(), now: now() }));
      console.log(`key ${o.kid} removed from system ${clientId}`);
    })));

  const ca = program.command('ca').description('trusted professional-card CAs (D9): a card must chain to one');
  ca.command('add').description('trust a CA certificate: every running server trusts it from now on, no restart')
    .requiredOption('--pem <file>', 'the CA certificate, PEM')
    .addHelpText('after', '\nExample:\n  kansio ca add --pem dvv-card-ca.pem')
    .action(async (o: { pem: string }) => {
      const pem = await readOption('ca add', 'pem', o.pem);
      exit(await run(config(), 'ca add', async (db) => {
        const r = await db.withTransaction((tx) => addCardCa(tx, { pem, actor: cliActor(), now: now() }));
        console.log(`${r.change === 'add' ? 'trusted' : 'already trusted'}: ${r.ca.subject.replace(/\n/g, ', ')} (SHA-256 ${r.ca.fingerprint})`);
      }));
    });
  ca.command('list').description("list the trusted CAs: those added with kansio ca add, and the data folder's trust/card-ca/*.pem")
    .option('--json', 'JSON output')
    .addHelpText('after', '\nExample:\n  kansio ca list --json')
    .action(async (o: { json?: boolean }) => exit(await run(config(), 'ca list', async (db) => {
      const inDb = (await listCardCas(db.pool)).map((c) => ({ fingerprint: c.fingerprint, subject: c.subject.replace(/\n/g, ', '), notAfter: c.notAfter, source: 'database' }));
      printRows([...inDb, ...await caFiles(config())], o.json, ['fingerprint', 'notAfter', 'source', 'subject']);
    })));
  ca.command('remove').description('stop trusting a CA added with kansio ca add (a data-folder CA: delete its file and restart)')
    .argument('<fingerprint>', 'its SHA-256 fingerprint, as kansio ca list shows it')
    .addHelpText('after', '\nExample:\n  kansio ca remove 3A:1F:...:9C')
    .action(async (fingerprint: string) => exit(await run(config(), 'ca remove', async (db) => {
      await db.withTransaction((tx) => removeCardCa(tx, { fingerprint, actor: cliActor(), now: now() }));
      console.log(`CA ${fingerprint} is no longer trusted`);
    })));
}

/** The CAs a server reads from <dataDir>/trust/card-ca at start. */
async function caFiles(config: Config): Promise<Record<string, unknown>[]> {
  const dir = path.join(config.dataDir, 'trust', 'card-ca');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.pem')).sort();
  const rows: Record<string, unknown>[] = [];
  for (const f of files) {
    for (const c of certificatesInPem(await readFile(path.join(dir, f), 'utf8'))) {
      rows.push({ fingerprint: c.fingerprint256, subject: c.subject.replace(/\n/g, ', '), notAfter: new Date(c.validTo).toISOString(), source: `data folder ${f} (read at start)` });
    }
  }
  return rows;
}

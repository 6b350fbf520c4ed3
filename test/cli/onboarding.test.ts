// Issue 10 onboarding through the CLI, as an operator runs it against a running archive: a system
// registered with `kansio system add` gets a token and stores; a removed one gets no token; a
// rotated key and a newly trusted card CA work without a restart; bad input is refused naming
// the option; every change leaves an admin-change audit record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCardAuthority, createSystemKey, issueProfessionalCard, requestToken, TokenRequestError, type SystemKey } from '../../src/auth/index.ts';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';

const CONTROLLER = '1.2.246.10.77001';
const UNIT = '1.2.246.10.77001.10';
let archive: TestArchive;
let dir: string;

before(async () => {
  archive = await startTestArchive();
  dir = await mkdtemp(path.join(tmpdir(), 'kansio-onboard-'));
});
after(async () => {
  await archive.close();
  await rm(dir, { recursive: true, force: true });
});

function kansio(...args: string[]) {
  const r = spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: archive.database.url, KANSIO_DATA_DIR: dir, KANSIO_DEMO: 'false', LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(...args: string[]): string {
  const r = kansio(...args);
  assert.equal(r.status, 0, `kansio ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function file(name: string, content: string): Promise<string> {
  const f = path.join(dir, name);
  await writeFile(f, content);
  return f;
}

async function adminRecords(): Promise<{ entity: string; id: string; change: string; actor: string }[]> {
  const rows = await archive.sql<{ body: string }>("select body from audit_event where action = 'admin-change' order by recorded_at, seq");
  return rows.map((r) => JSON.parse(r.body)).map((b) => ({ ...b.admin, actor: b.system.id }));
}

/** An actor of a CLI-registered system, with a card from the server's trusted test CA. */
function actorOf(clientId: string, key: () => SystemKey, professionalId: string): Actor {
  const card = issueProfessionalCard(archive.ca, { professionalId, name: 'Sanna Virtanen' });
  return {
    systemId: clientId, professionalId, controllerOid: CONTROLLER,
    async token(scope = 'system/DocumentReference.cruds system/Binary.cr system/List.c') {
      return (await requestToken({ baseUrl: archive.baseUrl, clientId, systemPrivateJwk: key().privateJwk, card: { professionalId, certPem: card.certPem, privateJwk: card.privateJwk }, scope })).access_token;
    },
  };
}

let key: SystemKey;

test('a controller, its unit, a system and a professional registered through the CLI: the system gets a token and stores a document', async () => {
  key = await createSystemKey('ES384');
  ok('org', 'add', '--oid', CONTROLLER, '--name', 'Onboarding welfare area', '--kind', 'welfare-area');
  ok('org', 'add', '--oid', UNIT, '--name', 'Family services', '--parent', CONTROLLER);
  ok('system', 'add', '--client-id', 'onboard-care', '--name', 'Onboard Care', '--controller', CONTROLLER, '--profile', 'connecting',
    '--jwks-file', await file('jwks.json', JSON.stringify({ keys: [key.publicJwk] })));
  ok('professional', 'add', '--id', 'ONB-PRO-1', '--given-name', 'Sanna', '--family-name', 'Virtanen', '--title', 'sosiaalityöntekijä', '--organisation', UNIT, '--roles', 'supervisor');

  const pro = actorOf('onboard-care', () => key, 'ONB-PRO-1');
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const ids = await archive.store(pro, aDocument().forClient(client).build());
  assert.equal(ids.length, 1);

  const orgs = JSON.parse(ok('org', 'list', '--controller', CONTROLLER, '--json'));
  assert.deepEqual(orgs.map((o: { oid: string; kind: string }) => `${o.oid} ${o.kind}`), [`${CONTROLLER} welfare-area`, `${UNIT} unit`]);
  const systems = JSON.parse(ok('system', 'list', '--json'));
  assert.deepEqual(systems.map((s: { clientId: string; profile: string }) => `${s.clientId} ${s.profile}`), ['onboard-care connecting']);
  const pros = JSON.parse(ok('professional', 'list', '--organisation', CONTROLLER, '--json'));
  assert.deepEqual(pros.map((p: { professionalId: string; roles: string[] }) => `${p.professionalId} ${p.roles.join()}`), ['ONB-PRO-1 supervisor']);
  assert.match(ok('org', 'list'), /Family services/);
  // Registering the same again changes nothing and writes no record (the demo seed re-runs).
  assert.match(ok('org', 'add', '--oid', CONTROLLER, '--name', 'Onboarding welfare area', '--kind', 'welfare-area'), /nothing changed/);
});

test('a rotated system key works without a restart, and the old key is refused once removed', async () => {
  const next = await createSystemKey('RS384');
  const old = key;
  ok('system', 'keys', 'add', 'onboard-care', '--jwk', JSON.stringify(next.publicJwk));
  // Both keys are good during the switch: no downtime.
  await actorOf('onboard-care', () => old, 'ONB-PRO-1').token();
  await actorOf('onboard-care', () => next, 'ONB-PRO-1').token();
  ok('system', 'keys', 'remove', 'onboard-care', '--kid', old.kid);
  await assert.rejects(actorOf('onboard-care', () => old, 'ONB-PRO-1').token(), (e: unknown) => e instanceof TokenRequestError && e.error === 'invalid_client');
  key = next;
  const pro = actorOf('onboard-care', () => key, 'ONB-PRO-1');
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  // The last key is never removed: the system would be locked out.
  const last = kansio('system', 'keys', 'remove', 'onboard-care', '--kid', next.kid);
  assert.equal(last.status, 1);
  assert.match(last.stderr, /--kid: .*last key/);
});

test('D9: a card CA added with kansio ca add is trusted by the running server without a restart', async () => {
  const ca = createCardAuthority('Onboarding second card CA');
  const card = issueProfessionalCard(ca, { professionalId: 'ONB-PRO-1', name: 'Sanna Virtanen' });
  const ask = () => requestToken({ baseUrl: archive.baseUrl, clientId: 'onboard-care', systemPrivateJwk: key.privateJwk, card: { professionalId: 'ONB-PRO-1', certPem: card.certPem, privateJwk: card.privateJwk }, scope: 'system/DocumentReference.rs' });
  await assert.rejects(ask(), TokenRequestError);
  assert.match(ok('ca', 'add', '--pem', await file('ca.pem', ca.certPem)), /trusted: CN=Onboarding second card CA/);
  await ask();
  const listed = JSON.parse(ok('ca', 'list', '--json')) as { fingerprint: string; source: string }[];
  assert.deepEqual(listed.map((c) => c.source), ['database']);
  ok('ca', 'remove', listed[0]!.fingerprint);
  await assert.rejects(ask(), TokenRequestError);
});

test('bad input is refused with exit code 1 naming the option', { timeout: 360_000 }, async () => {
  const cardCert = issueProfessionalCard(archive.ca, { professionalId: 'X-1', name: 'Not A CA' }).certPem;
  const privateKeyJwks = JSON.stringify({ keys: [key.privateJwk] });
  const cases: [string[], RegExp][] = [
    [['org', 'add', '--oid', '1.2.246.x', '--name', 'Bad', '--kind', 'welfare-area'], /--oid: '1\.2\.246\.x' is not an OID/],
    [['org', 'add', '--oid', '1.2.246.10.77009', '--name', 'Bad', '--kind', 'hospital'], /--kind: 'hospital' is not allowed; use one of welfare-area, municipality, private-provider, unit/],
    [['org', 'add', '--oid', '1.2.246.10.77009.1', '--name', 'Orphan', '--kind', 'unit'], /--parent: is required for a unit/],
    [['system', 'add', '--client-id', 'bad-1', '--name', 'Bad', '--controller', CONTROLLER, '--profile', 'admin', '--jwks', '{"keys":[]}'], /--profile: 'admin' is not allowed; use one of connecting, storing, reading, service/],
    [['system', 'add', '--client-id', 'bad-1', '--name', 'Bad', '--controller', CONTROLLER, '--profile', 'reading', '--jwks', privateKeyJwks], /--jwks \(keys\[0\]\.d\): is a private key member/],
    [['system', 'add', '--client-id', 'bad-1', '--name', 'Bad', '--controller', CONTROLLER, '--profile', 'reading', '--jwks', '{"keys":[{"kty":"EC","crv":"P-384","x":"AA"}]}'], /--jwks \(keys\[0\]\.kid\): is required/],
    [['system', 'add', '--client-id', 'bad-1', '--name', 'Bad', '--controller', CONTROLLER, '--profile', 'reading', '--jwks', 'not json'], /--jwks: is not JSON/],
    [['system', 'add', '--client-id', 'bad-1', '--name', 'Bad', '--controller', UNIT, '--profile', 'reading', '--jwks-url', 'https://keys.example/jwks.json'], /--controller: .* is a unit/],
    [['system', 'add', '--client-id', 'bad-1', '--name', 'Bad', '--controller', CONTROLLER, '--profile', 'reading', '--jwks-url', 'http://keys.example/jwks.json'], /--jwks-url: must be an https URL/],
    [['professional', 'add', '--id', 'ONB-PRO-2', '--given-name', 'A', '--family-name', 'B', '--title', 'C', '--organisation', UNIT, '--roles', 'root'], /--roles: 'root' is not allowed; use one of supervisor, archivist/],
    [['professional', 'add', '--id', 'ONB-PRO-2', '--given-name', ' ', '--family-name', 'B', '--title', 'C', '--organisation', UNIT], /--given-name: is required/],
    [['professional', 'add', '--id', 'ONB-PRO-2', '--given-name', 'A', '--family-name', 'B', '--title', 'C', '--organisation', '1.2.246.10.77999'], /--organisation: no organisation 1\.2\.246\.10\.77999 is registered/],
    [['ca', 'add', '--pem', await file('card.pem', cardCert)], /--pem: 'CN=Not A CA, serialNumber=X-1' is not a CA certificate/],
    [['ca', 'add', '--pem', await file('nothing.pem', 'hello')], /--pem: holds no PEM certificate/],
  ];
  const before = (await adminRecords()).length;
  for (const [args, message] of cases) {
    const r = kansio(...args);
    assert.equal(r.status, 1, `kansio ${args.join(' ')} should be refused`);
    assert.match(r.stderr, message, `kansio ${args.join(' ')}`);
  }
  assert.equal((await adminRecords()).length, before, 'a refused change leaves no admin-change record');
  assert.equal(Number((await archive.sql<{ n: string }>("select count(*) as n from client_system where client_id = 'bad-1'"))[0]!.n), 0);
});

test('an organisation that still has systems, professionals or documents is not removed, and the message says what it has', async () => {
  const r = kansio('org', 'remove', CONTROLLER);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--oid: organisation 1\.2\.246\.10\.77001 still has 1 unit, 1 client data system, documents, client relationships or matters/);
  const unit = kansio('org', 'remove', UNIT);
  assert.match(unit.stderr, /still has 1 professional/);
  // An empty unit goes.
  ok('org', 'add', '--oid', `${CONTROLLER}.99`, '--name', 'Short-lived unit', '--parent', CONTROLLER);
  ok('org', 'remove', `${CONTROLLER}.99`);
});

/** The status and message of a search with `token`, polled until it is 401 or `withinMs` have passed. */
async function until401(token: string, withinMs: number): Promise<{ status: number; message: string; afterMs: number }> {
  const started = Date.now();
  for (;;) {
    const r = await archive.fhir(token, 'GET', `/DocumentReference?patient.identifier=urn:oid:1.2.246.21|${aPersonCode()}`);
    const afterMs = Date.now() - started;
    if (r.status === 401 || afterMs > withinMs) return { status: r.status, message: String((r.body as { issue?: { diagnostics?: string }[] } | undefined)?.issue?.[0]?.diagnostics ?? ''), afterMs };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('a removed system gets no token from then on, and a removed professional binds none; the access tokens they hold stop working within seconds', async () => {
  // A connecting system's token always binds a professional (D9): a second one stays registered.
  ok('professional', 'add', '--id', 'ONB-PRO-2', '--given-name', 'Olli', '--family-name', 'Laine', '--title', 'sosiaaliohjaaja', '--organisation', UNIT);
  const held = await actorOf('onboard-care', () => key, 'ONB-PRO-1').token('system/DocumentReference.rs');
  const systemOnly = await actorOf('onboard-care', () => key, 'ONB-PRO-2').token('system/DocumentReference.rs');
  assert.notEqual((await archive.fhir(held, 'GET', `/DocumentReference?patient.identifier=urn:oid:1.2.246.21|${aPersonCode()}`)).status, 401);
  // Tokens issued in the second of a removal count as issued before it.
  await new Promise((resolve) => setTimeout(resolve, 1_100));

  ok('professional', 'remove', 'ONB-PRO-1');
  await assert.rejects(actorOf('onboard-care', () => key, 'ONB-PRO-1').token(), TokenRequestError);
  // The server learns of a removal made by another process (the CLI) within its poll.
  const professionalGone = await until401(held, 5_000);
  assert.equal(professionalGone.status, 401, 'a token binding a removed professional is refused');
  assert.match(professionalGone.message, /professional this access token binds was removed/);
  assert.notEqual((await archive.fhir(systemOnly, 'GET', `/DocumentReference?patient.identifier=urn:oid:1.2.246.21|${aPersonCode()}`)).status, 401, "the system's token with another professional still works");

  ok('system', 'remove', 'onboard-care');
  const systemGone = await until401(systemOnly, 5_000);
  assert.equal(systemGone.status, 401, "a removed system's token is refused");
  assert.match(systemGone.message, /client data system onboard-care was removed from Kansio at/);
  await assert.rejects(
    requestToken({ baseUrl: archive.baseUrl, clientId: 'onboard-care', systemPrivateJwk: key.privateJwk, scope: 'system/DocumentReference.rs' }),
    (e: unknown) => e instanceof TokenRequestError && e.error === 'invalid_client' && /no client data system is registered/.test(e.message),
  );
  assert.deepEqual(JSON.parse(ok('system', 'list', '--json')), []);
});

test('every change leaves an admin-change audit record naming what changed and who ran the command', async () => {
  const records = await adminRecords();
  assert.deepEqual(records.map((r) => `${r.entity} ${r.change}`), [
    'organisation add', 'organisation add', 'system add', 'professional add',
    'system-key add', 'system-key remove',
    'card-ca add', 'card-ca remove',
    'organisation add', 'organisation remove',
    'professional add', 'professional remove', 'system remove',
  ]);
  assert.ok(records.every((r) => r.actor === 'kansio-cli'));
  assert.equal(records[0]!.id, CONTROLLER);
  assert.equal(records[4]!.id.startsWith('onboard-care#'), true);
  // The chain stays verifiable with the new action in it.
  const verify = kansio('audit', 'verify', '--quiet');
  assert.equal(verify.status, 0, verify.stderr);
});

// Issue 8, section 5: SIGTERM under load. `kansio start` stops accepting, lets every accepted
// request finish, closes the pool and the embedded database, and exits 0: no acknowledged store
// is lost, no accepted request is cut, and the audit chain verifies.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { rm } from 'node:fs/promises';
import type { Bundle } from '@medplum/fhirtypes';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { aDataFolder, anInstallation, kansio, registerActor, startKansio, trustCardAuthority, type KansioProcess } from '../support/kansio-process.ts';
import { startEmbeddedPostgres } from '../../src/store/embedded.ts';
import { openDb } from '../../src/store/db.ts';

let server: KansioProcess | undefined;
let dataDir: string | undefined;

after(async () => {
  server?.child.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** What one request came to: a whole response, or an error before or after its first byte. */
type Outcome =
  | { readonly kind: 'response'; readonly status: number; readonly body: string; readonly at: number }
  | { readonly kind: 'no-response'; readonly code: string }
  | { readonly kind: 'cut'; readonly code: string };

/** One request on a connection of its own (no keep-alive), so each outcome is unambiguous. */
function send(port: number, path: string, token: string, body: string, type: string): Promise<Outcome> {
  return new Promise((resolve) => {
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { authorization: `Bearer ${token}`, 'content-type': type } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const length = Number(res.headers['content-length'] ?? Buffer.byteLength(text));
        resolve(Buffer.byteLength(text) === length ? { kind: 'response', status: res.statusCode!, body: text, at: Date.now() } : { kind: 'cut', code: 'short body' });
      });
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ kind: 'cut', code: e.code ?? e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(answered ? { kind: 'cut', code: e.code ?? e.message } : { kind: 'no-response', code: e.code ?? e.message }));
    req.end(body);
  });
}

async function auditCounts(installation: { dataDir: string; pgPort: number }): Promise<{ stores: number; searches: number }> {
  const embedded = await startEmbeddedPostgres(installation.dataDir, installation.pgPort);
  const db = openDb(embedded.url, 1);
  try {
    const rows = (await db.pool.query<{ action: string; n: number }>("select action, count(*)::int as n from audit_event where outcome = 'success' and action in ('store', 'search') group by action")).rows;
    return { stores: rows.find((r) => r.action === 'store')?.n ?? 0, searches: rows.find((r) => r.action === 'search')?.n ?? 0 };
  } finally {
    await db.close();
    await embedded.stop();
  }
}

test('issue 8 / operator: SIGTERM under load exits 0, cuts no accepted request, loses no acknowledged store, and the audit chain verifies', { timeout: 300_000 }, async () => {
  dataDir = await aDataFolder('kansio-sigterm-');
  const ca = await trustCardAuthority(dataDir);
  const installation = await anInstallation(dataDir, { KANSIO_SHUTDOWN_GRACE_SECONDS: '30' });
  server = await startKansio(installation);
  const actor = await registerActor(installation, ca);
  const token = await actor.token(server.baseUrl);
  const port = server.port;

  const clients = Array.from({ length: 6 }, () => aPersonCode());
  for (const c of clients) {
    const res = await send(port, '/fhir', token, JSON.stringify(aDocument().forClient(c).clientRelationship().build()), 'application/fhir+json');
    assert.equal(res.kind === 'response' && res.status, 200, JSON.stringify(res));
  }
  const before = await auditCounts(installation);

  const outcomes: { kind: 'store' | 'search'; outcome: Outcome }[] = [];
  const acknowledged: string[] = [];
  let signalledAt = Number.POSITIVE_INFINITY;
  const worker = async (i: number): Promise<void> => {
    const client = clients[i % clients.length]!;
    // Bounded: a worker ends when the server refuses it, or after 400 requests.
    for (let n = 0; n < 400; n++) {
      const isStore = i % 2 === 1;
      const outcome = isStore
        ? await send(port, '/fhir', token, JSON.stringify(aDocument().forClient(client).build()), 'application/fhir+json')
        : await send(port, '/fhir/DocumentReference/_search', token, `patient.identifier=urn:oid:1.2.246.21|${client}&status=current`, 'application/x-www-form-urlencoded');
      outcomes.push({ kind: isStore ? 'store' : 'search', outcome });
      if (outcome.kind !== 'response') break;
      if (isStore && outcome.status === 200) {
        const bundle = JSON.parse(outcome.body) as Bundle;
        acknowledged.push(...bundle.entry!.map((e) => e.response!.location!).filter((l) => l.startsWith('DocumentReference/')).map((l) => l.split('/')[1]!));
      }
    }
  };
  const running = Array.from({ length: 8 }, (_, i) => worker(i));
  await new Promise((r) => setTimeout(r, 1500));
  signalledAt = Date.now();
  const exitCode = await server.stop('SIGTERM');
  await Promise.all(running);
  server = undefined;

  assert.equal(exitCode, 0, 'SIGTERM under load exits 0');
  const answered = outcomes.filter((o) => o.outcome.kind === 'response');
  assert.ok(acknowledged.length > 5 && answered.filter((o) => o.kind === 'search').length > 5, `the load ran: ${answered.length} answered, ${acknowledged.length} stores acknowledged`);
  assert.ok(answered.some((o) => o.outcome.kind === 'response' && o.outcome.at > signalledAt), 'requests in flight at SIGTERM were answered');
  const cut = outcomes.filter((o) => o.outcome.kind === 'cut');
  assert.deepEqual(cut, [], 'no request is cut after its response began');
  for (const { outcome } of answered) {
    if (outcome.kind !== 'response') continue;
    assert.ok(outcome.status === 200 || (outcome.status === 503 && outcome.at >= signalledAt), `a whole answer: ${outcome.status} ${outcome.body.slice(0, 200)}`);
  }
  // A request without any response must not have been processed: the audit holds exactly the
  // answered searches and acknowledged stores (each success commits with its audit record).
  const afterCounts = await auditCounts(installation);
  const searches200 = answered.filter((o) => o.kind === 'search' && o.outcome.kind === 'response' && o.outcome.status === 200).length;
  const stores200 = answered.filter((o) => o.kind === 'store' && o.outcome.kind === 'response' && o.outcome.status === 200).length;
  assert.equal(afterCounts.searches - before.searches, searches200, 'every processed search was answered');
  assert.equal(afterCounts.stores - before.stores, stores200, 'every processed store was acknowledged');
  for (const o of outcomes.filter((x) => x.outcome.kind === 'no-response')) {
    assert.match((o.outcome as { code: string }).code, /ECONNREFUSED|ECONNRESET/, 'a request that got nothing was refused at the door');
  }

  // After a restart every acknowledged store is there.
  server = await startKansio(installation);
  const again = await actor.token(server.baseUrl);
  for (const id of acknowledged) {
    const res: Response = await fetch(`${server.baseUrl}/fhir/DocumentReference/${id}`, { headers: { authorization: `Bearer ${again}` } });
    assert.equal(res.status, 200, `DocumentReference/${id} acknowledged before SIGTERM is retrievable after restart`);
  }
  assert.equal(await server.stop('SIGINT'), 0, 'SIGINT stops cleanly too');
  server = undefined;
  const verify = kansio(installation, ['audit', 'verify', '--quiet']);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /audit chain intact/);
});

// Issue 8, section 5: what an operator scrapes and probes. Metrics are served on a listener of
// their own, never on the public port; they name route patterns, never URLs (which may carry an
// identity code); the probes answer without a token and without personal data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { listenForMetrics } from '../../src/ops/metrics.ts';
import { startArchiveWithClient, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument } from '../support/bundles.ts';

let archive: TestArchive;
let pro: Actor;
let client: string;
let token: string;
let metrics: { port: number; close(): Promise<void> };

before(async () => {
  ({ archive, pro, client, token } = await startArchiveWithClient('Operations area'));
  metrics = await listenForMetrics(0, '127.0.0.1');
});

after(async () => {
  await metrics.close();
  await archive.close();
});

async function scrape(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${metrics.port}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
  return res.text();
}

/** The value of one sample, 0 when the series does not exist yet. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    const labelText = line.slice(name.length).split(' ')[0]!;
    if (wanted.every((w) => labelText.includes(w))) return Number(line.split(' ').at(-1));
  }
  return 0;
}

test('issue 8 / operator: metrics are not served on the public port, and KANSIO_METRICS_PORT is off unless set', async () => {
  const res = await fetch(`${archive.baseUrl}/metrics`);
  assert.equal(res.status, 404);
  assert.equal(loadConfig({}).metricsPort, undefined);
  assert.equal(loadConfig({ KANSIO_METRICS_PORT: '9464' }).metricsPort, 9464);
  assert.equal(loadConfig({ KANSIO_METRICS_PORT: '9464' }).metricsHost, '127.0.0.1', 'loopback unless KANSIO_METRICS_HOST says otherwise');
  assert.throws(() => loadConfig({ KANSIO_METRICS_PORT: 'x' }), /KANSIO_METRICS_PORT must be a whole number/);
});

test('issue 8 / operator: /metrics counts requests per route pattern and status, never the raw URL', async () => {
  const [id] = await archive.store(pro, aDocument().forClient(client).build());
  const before = await scrape();
  const read = await archive.fhir(token, 'GET', `/DocumentReference/${id}`);
  assert.equal(read.status, 200);
  const search = await archive.fhir(token, 'GET', `/DocumentReference?patient.identifier=urn:oid:1.2.246.21|${client}&status=current`);
  assert.equal(search.status, 200);
  const lost = await fetch(`${archive.baseUrl}/fhir/Nothing/${encodeURIComponent(client)}`);
  assert.equal(lost.status, 404);
  const after = await scrape();

  const diff = (name: string, labels: Record<string, string>): number => sample(after, name, labels) - sample(before, name, labels);
  assert.equal(diff('kansio_http_requests_total', { method: 'GET', route: '/fhir/DocumentReference/:id', status: '200' }), 1);
  assert.equal(diff('kansio_http_requests_total', { method: 'GET', route: '/fhir/DocumentReference', status: '200' }), 1);
  assert.equal(diff('kansio_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }), 1);
  assert.equal(diff('kansio_http_request_duration_seconds_count', { method: 'GET', route: '/fhir/DocumentReference', status: '200' }), 1);
  assert.ok(sample(after, 'kansio_http_request_duration_seconds_bucket', { route: '/fhir/DocumentReference', le: '+Inf' }) >= 1);
  for (const secret of [client, client.toLowerCase(), encodeURIComponent(client), id!]) {
    assert.ok(!after.includes(secret), `the metrics never carry ${secret === id ? 'a document id' : 'an identity code'}`);
  }
});

test('issue 8 / operator: /metrics counts enforced policy decisions per rule id, and audit appends', async () => {
  const other = await archive.actor(await archive.controller('Other area'));
  await archive.openRelationship(other, client);
  const [id] = await archive.store(pro, aDocument().forClient(client).build());
  const before = await scrape();
  assert.equal((await archive.fhir(token, 'GET', `/DocumentReference/${id}`)).status, 200);
  // Another register without the client's consent: denied by the disclosure rules.
  assert.equal((await archive.fhir(other, 'GET', `/DocumentReference/${id}`)).status, 404);
  const after = await scrape();
  const diff = (name: string, labels: Record<string, string>): number => sample(after, name, labels) - sample(before, name, labels);

  assert.equal(diff('kansio_policy_decisions_total', { decision: 'document-access', outcome: 'allow', rule: 'D2' }), 1, 'D2: own register');
  const denials = after.split('\n').filter((l) => l.startsWith('kansio_policy_decisions_total{') && l.includes('outcome="deny"') && l.includes('decision="document-access"'));
  assert.ok(denials.length > 0, 'the denial is counted under its rule ids');
  assert.equal(diff('kansio_audit_appends_total', { action: 'read', outcome: 'success' }), 1);
  assert.equal(diff('kansio_audit_appends_total', { action: 'read', outcome: 'denied' }), 1);
  // Decision 0023: both reads' records went by group commit, in one or two batches.
  assert.equal(diff('kansio_audit_group_records_total', {}), 2);
  assert.ok([1, 2].includes(diff('kansio_audit_group_batches_total', {})));
  assert.ok(diff('kansio_policy_decisions_total', { decision: 'store', outcome: 'allow' }) === 0, 'no store happened between the scrapes');
});

test('issue 8 / operator: /metrics reports pool use and wait, process memory and event-loop lag', async () => {
  const text = await scrape();
  assert.ok(sample(text, 'kansio_db_pool_connections', { state: 'total' }) >= 1, 'open connections');
  assert.match(text, /kansio_db_pool_connections\{state="idle"\} \d+/);
  assert.match(text, /kansio_db_pool_connections\{state="waiting"\} \d+/);
  assert.ok(sample(text, 'kansio_db_pool_wait_seconds_count') >= 1, 'every use case waited for its connection, however briefly');
  assert.ok(sample(text, 'process_resident_memory_bytes') > 0);
  assert.match(text, /^nodejs_eventloop_lag_seconds \d/m);
  assert.match(text, /^nodejs_heap_size_used_bytes \d/m);
});

test('issue 8 / operator: /healthz and /readyz answer without a token and without personal data', async () => {
  const health = await fetch(`${archive.baseUrl}/healthz`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'alive' });
  const ready = await fetch(`${archive.baseUrl}/readyz`);
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), { status: 'ready' });
  assert.equal(ready.headers.get('cache-control'), 'no-store');
});

test('issue 8 / operator: /readyz answers 503 naming a migration the database has not applied', async () => {
  const [row] = await archive.sql<{ name: string; applied_at: string }>("select name, applied_at from schema_migration order by name desc limit 1");
  await archive.sql('delete from schema_migration where name = $1', [row!.name]);
  try {
    const ready = await fetch(`${archive.baseUrl}/readyz`);
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { status: 'not ready', problem: `migrations not applied: ${row!.name} (run kansio migrate)` });
  } finally {
    await archive.sql('insert into schema_migration (name, applied_at) values ($1, $2)', [row!.name, row!.applied_at]);
  }
  assert.equal((await fetch(`${archive.baseUrl}/readyz`)).status, 200);
});

test('issue 8 / operator: /readyz answers 503 while the database refuses connections, and a dropped pool connection never crashes the process', async () => {
  const name = new URL(archive.database.url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.KANSIO_TEST_SERVER_URL });
  await admin.connect();
  // The pool closes connections idle for 10 s: make sure it holds some for the restart to drop.
  await Promise.all([1, 2, 3].map(() => archive.sql('select pg_sleep(0.05)')));
  try {
    // As at a database restart: the server ends every pooled connection and refuses new ones.
    await admin.query(`alter database "${name}" allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    const ready = await fetch(`${archive.baseUrl}/readyz`);
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { status: 'not ready', problem: 'the database is unreachable' });
    assert.equal((await fetch(`${archive.baseUrl}/healthz`)).status, 200, 'the process is alive');
    // The terminated connections report it when their sockets read the server's message.
    let text = await scrape();
    for (let i = 0; i < 50 && !/^kansio_db_pool_errors_total [1-9]/m.test(text); i++) {
      await new Promise((r) => setTimeout(r, 100));
      text = await scrape();
    }
    assert.match(text, /^kansio_db_pool_errors_total [1-9]/m, 'the dropped connections are counted');
  } finally {
    await admin.query(`alter database "${name}" allow_connections true`);
    await admin.end();
  }
  // A pooled connection the restart ended may be handed out once more before the pool notices
  // it is dead; the probe after it finds a fresh one. Ready within a few probes, not necessarily the first.
  let status = 0;
  for (let i = 0; i < 20 && status !== 200; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 100));
    status = (await fetch(`${archive.baseUrl}/readyz`)).status;
  }
  assert.equal(status, 200, 'ready again once the database is back');
});

// What an operator scrapes: request counts and latencies per route pattern, policy decisions per
// rule id, audit appends, database pool use and wait, and prom-client's process metrics (memory,
// event-loop lag). Served on a listener of its own (KANSIO_METRICS_PORT, loopback by default),
// never on the public port: see docs/decisions/0011-metrics-on-own-port.md.
//
// Labels stay few and bounded: a route pattern (never the raw URL, which may carry an identity
// code), a status code, a rule id. Nothing personal is ever a label.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';

export const registry = new client.Registry();

const requests = new client.Counter({
  name: 'kansio_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status code',
  labelNames: ['method', 'route', 'status'] as const, registers: [registry],
});
const latency = new client.Histogram({
  name: 'kansio_http_request_duration_seconds', help: 'Time from request to response, by method, route pattern and status code',
  labelNames: ['method', 'route', 'status'] as const, registers: [registry],
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});
/** What a use case enforced: a document access, a store, a consent recording or revocation. */
export type DecisionKind = 'document-access' | 'store' | 'consent-recording' | 'consent-revocation';

// Decisions and audit appends are counted in a plain map and handed to prom-client at scrape
// time: a search decides on every candidate document, and prom-client hashes the label set on
// every increment (a few microseconds each), which would add up on the hottest path.
type Pending<L> = { readonly labels: L; n: number };
const pendingDecisions: Pending<{ decision: string; outcome: string; rule: string }>[] = [];
const byOutcome = (): Record<'allow' | 'deny', Map<string, Pending<{ decision: string; outcome: string; rule: string }>>> => ({ allow: new Map(), deny: new Map() });
const decisionsBy: Record<DecisionKind, ReturnType<typeof byOutcome>> = {
  'document-access': byOutcome(), store: byOutcome(), 'consent-recording': byOutcome(), 'consent-revocation': byOutcome(),
};
const pendingAudits = new Map<string, Pending<{ action: string; outcome: string }>>();

function flushInto<L extends Record<string, string>>(pending: Iterable<Pending<L>>, counter: { inc(labels: L, value: number): void }): void {
  for (const entry of pending) {
    if (entry.n > 0) { counter.inc(entry.labels, entry.n); entry.n = 0; }
  }
}

new client.Counter({
  name: 'kansio_policy_decisions_total', help: 'Enforced policy decisions, by what was decided, the outcome and each rule id that made it',
  labelNames: ['decision', 'outcome', 'rule'] as const, registers: [registry],
  collect() { flushInto(pendingDecisions, this); },
});
new client.Counter({
  name: 'kansio_audit_appends_total', help: 'Audit records appended (committed with their transaction or rolled back with it), by action and outcome',
  labelNames: ['action', 'outcome'] as const, registers: [registry],
  collect() { flushInto(pendingAudits.values(), this); },
});
const poolWait = new client.Histogram({
  name: 'kansio_db_pool_wait_seconds', help: 'Time a use case waited for a pooled database connection',
  registers: [registry], buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
});
const poolErrors = new client.Counter({
  name: 'kansio_db_pool_errors_total', help: 'Errors of pooled connections outside a query (server restart, terminated connection)',
  registers: [registry],
});


/** Counts one enforced decision under every rule id that made it. */
export function countDecision(kind: DecisionKind, decision: { readonly allow: boolean; readonly because: readonly { readonly rule: string }[] }): void {
  const outcome = decision.allow ? 'allow' : 'deny';
  if (decision.because.length === 0) countRule(kind, outcome, 'none');
  for (const { rule } of decision.because) countRule(kind, outcome, rule);
}

function countRule(decision: DecisionKind, outcome: 'allow' | 'deny', rule: string): void {
  // Nested maps: no key string is built (and hashed) per call.
  const byRule = decisionsBy[decision][outcome];
  const entry = byRule.get(rule);
  if (entry) entry.n++;
  else {
    const created = { labels: { decision, outcome, rule }, n: 1 };
    byRule.set(rule, created);
    pendingDecisions.push(created);
  }
}

export function countAuditAppend(action: string, outcome: string): void {
  const key = `${action}|${outcome}`;
  const entry = pendingAudits.get(key);
  if (entry) entry.n++;
  else pendingAudits.set(key, { labels: { action, outcome }, n: 1 });
}

export function observePoolWait(seconds: number): void {
  poolWait.observe(seconds);
}

export function countPoolError(): void {
  poolErrors.inc();
}

let defaultsCollected = false;

/**
 * Counts every answered request of the app, and reports the pool's connections at scrape time.
 * Called once per server; process metrics are collected once per process.
 */
export function instrument(app: FastifyInstance, pool: pg.Pool, auditGroup: () => { readonly records: number; readonly batches: number } | undefined = () => undefined): void {
  if (!defaultsCollected) {
    // Unprefixed (process_resident_memory_bytes, nodejs_eventloop_lag_seconds), as dashboards expect.
    client.collectDefaultMetrics({ register: registry });
    defaultsCollected = true;
  }
  registry.removeSingleMetric('kansio_db_pool_connections');
  new client.Gauge({
    name: 'kansio_db_pool_connections', help: 'Pooled database connections: total open, idle, and requests waiting for one',
    labelNames: ['state'] as const, registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  // Group commit (decision 0023): records over batches is how many reads share a commit.
  registry.removeSingleMetric('kansio_audit_group_records_total');
  registry.removeSingleMetric('kansio_audit_group_batches_total');
  const groupCounter = (name: string, help: string, pick: (s: { records: number; batches: number }) => number): void => {
    new client.Counter({
      name, help, registers: [registry],
      collect() {
        const stats = auditGroup();
        if (stats) { this.reset(); this.inc(pick(stats)); }
      },
    });
  };
  groupCounter('kansio_audit_group_records_total', 'Audit records of reads written by group commit', (s) => s.records);
  groupCounter('kansio_audit_group_batches_total', 'Group-commit batches (one statement and one commit each)', (s) => s.batches);
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern (`/fhir/DocumentReference/:id`), never the URL; unmatched paths share one label.
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });
}

/** The metrics listener: GET /metrics and nothing else. */
export async function listenForMetrics(port: number, host: string): Promise<{ readonly port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics is served here\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${(error as Error).message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

// `npm run bench`: the archive's throughput and latency against the targets of
// docs/architecture (Targets), as ratios to the raw PostgreSQL ceiling measured in the same run.
//
//   npm run bench -- [--duration 20] [--connections 16] [--database-url postgres://...] [--scale 10000000]
//
// With --scale N, N documents of N/10 clients and their audit history are loaded first
// (bench/scale.ts), and the phases measure against an archive of that size (bench/scale-report.ts
// records the disk it takes and the search statements' plans).
//
// The server runs as a child process (`node src/cli/main.ts start`, demo data off, a fresh data
// folder) so that the load generator does not share its event loop. Phases, each after a short
// unmeasured warm-up:
//   store       ITI-65, one 2.4 KB phase 2 JSON document per bundle, bytes differing per request,
//               for clients with a client relationship (spread over --clients clients);
//   search      ITI-67, POST /fhir/DocumentReference/_search for a person with 10 documents,
//               rotating over --search-persons persons;
//   portal      the citizen portal's document list, GET /documents (server-rendered HTML), for
//               --portal-persons persons with --portal-documents documents each, one logged-in
//               session per person (logged in through the demo OpenID provider as a browser
//               would), each connection with its own session; right after search, so that the two
//               are compared in the same run;
//   search-x    ITI-67 cross-register: area B's professional searches persons whose 10
//               documents area A stored, who have a client relationship in B too and whose
//               informing and social welfare consent were recorded through POST /fhir/Consent,
//               rotating over --cross-persons persons; every answer is a disclosure (D4, S9);
//   raw-same    plain pg: the rows of one store (blob, document, audit_event + audit lane) per
//               transaction, prepared statements, --connections clients;
//   raw-one     plain pg: one-row insert transactions, --connections clients;
//   raw-search  plain pg: the statements of one search (person with relationships and consent
//               facts, documents, audit append), no transaction, as area A for the search persons;
//   raw-search-x  the same as area B for the cross-register persons (the audit record with its
//               disclosure).
// Any error or non-2xx answer fails the run (exit code 1). Results: bench/results/latest.json.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import autocannon, { type AutocannonOptions, type AutocannonResult } from 'autocannon';
import { startServerProcess, type ServerProcess } from './server.ts';
import {
  AREA_A, AREA_B, createCredentials, registerWorld, TokenKeeper, syntheticCodes, documentBundleJson, relationshipBundleJson, store, searchForm,
  searchTotal, searchCustodians, consentJson, recordConsent, inParallel,
} from './world.ts';
import { checkDocumentList, fhirIdsOf, namePersons, portalLogin } from './portal.ts';
import { rawSameRows, rawOneRow, rawSearch, dropOneRowTable, personKeysOf, type RawResult } from './raw-postgres.ts';
import { explainScaleSearch, loadScalePopulation, sampleScaleClient } from './scale-report.ts';
import { DEFAULT_SCALE_BATCH } from './scale.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Targets from docs/architecture.md (Targets). */
const TARGETS = {
  storePerSecond: 3300,
  storeShareOfSameRowsCeiling: 0.35,
  searchPerSecond: 4000,
  searchP99Ms: 20,
  /** The cross-register search is held to the search targets. */
  crossSearchPerSecond: 4000,
  crossSearchP99Ms: 20,
  /** architecture.md: the portal list for a person with 200 documents. */
  portalP99Ms: 50,
  portalShareOfSearch: 0.5,
  serverMemoryMiB: 250,
  /** Issue 11: shares of the raw one-row-transaction ceiling measured in the same run. */
  storeShareOfOneRowCeiling: 0.09,
  searchShareOfOneRowCeiling: 0.10,
  /** Issue 11: tails stay tight, p99 at most this many times p50 in every HTTP phase. */
  p99OverP50: 2.5,
} as const;

/** PostgreSQL flushes a backend's statistics at most once a second, and an idle one's after 10 s. */
const STATS_SETTLE_MS = 11_000;

interface Options {
  duration: number;
  warmup: number;
  connections: number;
  databaseUrl: string | undefined;
  clients: number;
  searchPersons: number;
  crossPersons: number;
  portalPersons: number;
  portalDocuments: number;
  documentsPerPerson: number;
  logLevel: string;
  out: string;
  keep: boolean;
  cpuProf: string | undefined;
  /** Documents loaded before the phases (bench/scale.ts); 0: none. */
  scale: number;
  scaleBatch: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '16' },
      'database-url': { type: 'string' },
      clients: { type: 'string', default: '200' },
      'search-persons': { type: 'string', default: '50' },
      'cross-persons': { type: 'string', default: '50' },
      'portal-persons': { type: 'string', default: '16' },
      'portal-documents': { type: 'string', default: '200' },
      'log-level': { type: 'string', default: 'info' },
      out: { type: 'string', default: path.join(HERE, 'results', 'latest.json') },
      keep: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      scale: { type: 'string', default: '0' },
      'scale-batch': { type: 'string', default: String(DEFAULT_SCALE_BATCH) },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(`npm run bench -- [options]
  --duration <s>          measured seconds per phase (20)
  --warmup <s>            unmeasured warm-up seconds before each HTTP phase (3)
  --connections <n>       concurrent clients (16)
  --database-url <url>    use this PostgreSQL instead of an embedded one (use a throwaway database:
                          the run leaves its synthetic clients, documents and audit records there)
  --clients <n>           clients the store phase spreads over (200)
  --search-persons <n>    persons with 10 documents the search phase rotates over (50)
  --cross-persons <n>     persons with 10 documents in area A's register, a relationship in B and
                          a consent, the cross-register search phase rotates over (50)
  --portal-persons <n>    persons logged in to the portal, one session each; connection i uses
                          session i mod n (16); 0 leaves the portal phase and the demo login out
  --portal-documents <n>  documents each portal person's list shows (200)
  --log-level <level>     the server's LOG_LEVEL (info, as shipped)
  --out <file>            results JSON (bench/results/latest.json)
  --keep                  keep the server's temporary data folder
  --cpu-prof <dir>        write a CPU profile of the server (node --cpu-prof) into <dir> when it
                          stops; node bench/profile-top.ts <file> prints where its time went
  --scale <n>             before the phases, load n documents of n/10 clients of area A with their
                          audit history by binary COPY, then vacuum and analyse; report the load's
                          rate, the disk per table and per document, and the search statements'
                          plans at that size (0: off)
  --scale-batch <n>       documents and audit records per COPY transaction of the scale load (${DEFAULT_SCALE_BATCH})`);
    process.exit(0);
  }
  const int = (name: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min}, got '${v}'`);
    return n;
  };
  return {
    duration: int('duration', values.duration, 1),
    warmup: int('warmup', values.warmup, 0),
    connections: int('connections', values.connections, 1),
    databaseUrl: values['database-url'],
    clients: int('clients', values.clients, 1),
    searchPersons: int('search-persons', values['search-persons'], 1),
    crossPersons: int('cross-persons', values['cross-persons'], 1),
    portalPersons: int('portal-persons', values['portal-persons'], 0),
    portalDocuments: int('portal-documents', values['portal-documents'], 1),
    documentsPerPerson: 10,
    logLevel: values['log-level']!,
    out: path.resolve(values.out!),
    keep: values.keep!,
    cpuProf: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : undefined,
    scale: int('scale', values.scale, 0),
    scaleBatch: int('scale-batch', values['scale-batch'], 1),
  };
}

interface PhaseResult {
  readonly phase: string;
  readonly what: string;
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Errors, timeouts and non-2xx answers (HTTP), or failed transactions (raw). */
  readonly failures: number;
  readonly failureDetail?: string;
  /** The server process at the end of the phase; absent for raw phases (the server is idle). */
  readonly serverRssMiB?: number;
  readonly serverPeakRssMiB?: number;
  /** Server process CPU during the measured phase, in cores (1.0 = one core busy all the time). */
  readonly serverCpuCores?: number;
  /**
   * Transactions committed in the database per request sent, warm-up included (pg_stat_database,
   * read once the statistics have settled). 1.0 is one commit per request; below 1, group commit.
   */
  readonly commitsPerRequest?: number;
}

/** Fails the run with the server's own account when its process has ended. */
async function checkServerAlive(server: ServerProcess, when: string): Promise<void> {
  const how = server.exited();
  if (how !== undefined) {
    throw new Error(`the server process ended ${when} (${how}); the figures of this run are not valid. Its log ends:\n${await server.tail()}`);
  }
}

function log(line: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

/** Requests of a phase, warm-up included: answered 2xx, and sent (answered or cut off at the end). */
interface Traffic { readonly answered: number; readonly sent: number }

async function httpPhase(
  server: ServerProcess, o: Options, phase: string, what: string,
  request: () => { method: string; path: string; contentType: string; body: string },
  token: () => string,
): Promise<{ result: PhaseResult; traffic: Traffic }> {
  return loadPhase(server, o, phase, what, {
    requests: [{
      setupRequest: (req) => {
        const r = request();
        return { ...req, method: r.method, path: r.path, body: r.body, headers: { 'content-type': r.contentType, authorization: `Bearer ${token()}`, accept: 'application/fhir+json' } };
      },
    }],
  }, async () => {
    const r = request();
    return fetch(`${server.baseUrl}${r.path}`, { method: r.method, body: r.body, headers: { 'content-type': r.contentType, authorization: `Bearer ${token()}` } })
      .then(async (res) => `a sample request now answers ${res.status}: ${(await res.text()).slice(0, 400)}`, (e: unknown) => `a sample request fails: ${(e as Error).message}`);
  });
}

/**
 * A phase of HTTP load: autocannon with `load` (the requests, or a per-connection setup) at
 * --connections, a warm-up first; `sample` describes what a request answers now, for a failure.
 */
async function loadPhase(
  server: ServerProcess, o: Options, phase: string, what: string,
  load: Pick<AutocannonOptions, 'requests' | 'setupClient'>,
  sample: () => Promise<string>,
): Promise<{ result: PhaseResult; traffic: Traffic }> {
  let answered = 0;
  let sent = 0;
  const commitsBefore = await committedTransactions(server.databaseUrl);
  const run = (duration: number): Promise<AutocannonResult> => autocannon({
    url: server.baseUrl,
    connections: o.connections,
    duration,
    timeout: 30,
    ...load,
  });
  if (o.warmup > 0) {
    log(`${phase}: warm-up ${o.warmup} s`);
    const warm = await run(o.warmup);
    answered += warm['2xx'];
    sent += warm.requests.sent;
    if (warm.errors + warm.timeouts + warm.non2xx > 0) log(`${phase}: warm-up saw ${warm.errors} errors, ${warm.timeouts} timeouts, ${warm.non2xx} non-2xx`);
  }
  log(`${phase}: measuring ${o.duration} s at ${o.connections} connections`);
  await checkServerAlive(server, `before the ${phase} phase`);
  const cpuBefore = await server.cpuSeconds();
  const result = await run(o.duration);
  answered += result['2xx'];
  sent += result.requests.sent;
  await checkServerAlive(server, `during the ${phase} phase`);
  const cpu = (await server.cpuSeconds()) - cpuBefore;
  const memory = await server.memory();
  // The idle server's backends flush their statistics within STATS_SETTLE_MS; the reading
  // connections add one or two commits each, which is noise against thousands of requests.
  await new Promise((r) => setTimeout(r, STATS_SETTLE_MS));
  const commits = (await committedTransactions(server.databaseUrl)) - commitsBefore;
  const failures = result.errors + result.timeouts + result.non2xx;
  let failureDetail: string | undefined;
  if (failures > 0) {
    const codes = Object.entries(result.statusCodeStats).map(([code, s]) => `${code}: ${s.count}`).join(', ');
    failureDetail = `${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx (status codes ${codes}); ${await sample()}`;
  }
  return {
    result: {
      phase, what,
      requests: result['2xx'],
      seconds: result.duration,
      perSecond: result['2xx'] / result.duration,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      failures,
      ...(failureDetail ? { failureDetail } : {}),
      serverRssMiB: memory.rssMiB,
      serverPeakRssMiB: memory.peakRssMiB,
      serverCpuCores: cpu / result.duration,
      commitsPerRequest: commits / sent,
    },
    traffic: { answered, sent },
  };
}

/** Transactions committed in the server's database so far (pg_stat_database). */
async function committedTransactions(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>('select xact_commit as n from pg_stat_database where datname = current_database()');
    return Number(r.rows[0]!.n);
  } finally {
    await client.end();
  }
}

/**
 * Records from an hour before the run on (a margin for another server's clock): only this run's
 * months' partitions are counted, not the years of history a --scale load writes.
 */
const AUDIT_COUNTED_FROM = new Date(Date.now() - 3_600_000).toISOString();

/** Search audit records written by a controller, and how many of them are disclosures of `discloser`'s data (S9). */
async function searchAuditCounts(databaseUrl: string, controllerOid: string, discloser: string): Promise<{ all: number; disclosures: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ all: string; disclosures: string }>(
      `select count(*) as all, count(*) filter (where related_oids @> array[$2]::text[]) as disclosures
       from audit_event where action = 'search' and organisation_oid = $1 and recorded_at >= $3`, [controllerOid, discloser, AUDIT_COUNTED_FROM]);
    return { all: Number(r.rows[0]!.all), disclosures: Number(r.rows[0]!.disclosures) };
  } finally {
    await client.end();
  }
}

/** The counts once requests still in the server when the load generator stopped have been audited. */
async function settledSearchAuditCounts(databaseUrl: string, controllerOid: string, discloser: string): Promise<{ all: number; disclosures: number }> {
  let last = await searchAuditCounts(databaseUrl, controllerOid, discloser);
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await searchAuditCounts(databaseUrl, controllerOid, discloser);
    if (now.all === last.all) return now;
    last = now;
  }
  return last;
}

function rawPhase(phase: string, what: string, r: RawResult): PhaseResult {
  return {
    phase, what, requests: r.operations, seconds: r.seconds, perSecond: r.perSecond, p50Ms: r.p50, p99Ms: r.p99, failures: r.errors,
    ...(r.firstError ? { failureDetail: `${r.errors} failed transactions; first: ${r.firstError}` } : {}),
  };
}

const loadAverageAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);

async function machine(databaseUrl: string): Promise<Record<string, unknown>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const settings = await client.query<{ name: string; setting: string }>(
    "select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections', 'wal_level')");
  const version = (await client.query<{ v: string }>('select version() as v')).rows[0]!.v;
  await client.end();
  return {
    date: new Date().toISOString(),
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    loadAverageAtStart,
    loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    postgres: version,
    postgresSettings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
  };
}

const fmt = (n: number | undefined, digits = 0): string => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));

function table(results: readonly PhaseResult[]): string {
  const head = ['phase', 'per s', 'p50 ms', 'p99 ms', 'failures', 'server RSS MiB', 'peak RSS MiB', 'server CPU', 'commits/req', 'what'];
  const rows = results.map((r) => [r.phase, fmt(r.perSecond), fmt(r.p50Ms, 1), fmt(r.p99Ms, 1), String(r.failures), fmt(r.serverRssMiB), fmt(r.serverPeakRssMiB), fmt(r.serverCpuCores, 2), fmt(r.commitsPerRequest, 2), r.what]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<number> {
  const o = options();
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) log(`warning: running on Node ${process.version}; run with npm run bench for the project's Node 24`);

  const credentials = await createCredentials();
  log(o.databaseUrl ? 'starting the server on --database-url' : 'starting the server with an embedded PostgreSQL');
  const server = await startServerProcess({ trustedCardCaPem: credentials.ca.certPem, logLevel: o.logLevel, keep: o.keep, demoLogin: o.portalPersons > 0, ...(o.cpuProf ? { cpuProfDir: o.cpuProf } : {}), ...(o.databaseUrl ? { databaseUrl: o.databaseUrl } : {}) });
  const tokens = new TokenKeeper(server.baseUrl, credentials.a);
  const tokensB = new TokenKeeper(server.baseUrl, credentials.b);
  try {
    log(`server pid ${server.pid} at ${server.baseUrl}, data folder ${server.dataDir}`);
    await registerWorld(server.databaseUrl, credentials);
    const scale = o.scale > 0 ? await loadScalePopulation(server.databaseUrl, { documents: o.scale, batchSize: o.scaleBatch }, log) : undefined;
    await tokens.start();
    await tokensB.start();

    const codes = syntheticCodes(o.clients + o.searchPersons + o.crossPersons + o.portalPersons);
    const storeClients = codes.slice(0, o.clients);
    const searchPersons = codes.slice(o.clients, o.clients + o.searchPersons);
    const crossPersons = codes.slice(o.clients + o.searchPersons, o.clients + o.searchPersons + o.crossPersons);
    const portalPersons = codes.slice(o.clients + o.searchPersons + o.crossPersons);
    // The demo login lists only people with a name: the population register gives it (as in a deployment).
    if (portalPersons.length) await namePersons(server.databaseUrl, portalPersons);
    log(`setup: client relationships for ${codes.length} clients, ${o.documentsPerPerson} documents each for ${searchPersons.length} search persons and ${crossPersons.length} cross-register persons`);
    await inParallel(codes, 8, (code) => store(server.baseUrl, tokens.current, relationshipBundleJson(code)));
    // The client relationship document is one of the person's 10 documents.
    const extra = [...searchPersons, ...crossPersons].flatMap((code) => Array.from({ length: o.documentsPerPerson - 1 }, (_, i) => ({ code, i })));
    await inParallel(extra, 8, ({ code, i }) => store(server.baseUrl, tokens.current, documentBundleJson(code, i)));
    for (const code of searchPersons.slice(0, 3)) {
      const n = await searchTotal(server.baseUrl, tokens.current, code);
      if (n !== o.documentsPerPerson) throw new Error(`setup: a search person has ${n} documents, expected ${o.documentsPerPerson}`);
    }
    // Area B: a client relationship of its own (D1), then the informing (D5) and the social
    // welfare consent (S2) recorded by B's professional through the real Consent API.
    log(`setup: area B's client relationships, informing and consent for ${crossPersons.length} cross-register persons`);
    await inParallel(crossPersons, 8, async (code) => {
      await store(server.baseUrl, tokensB.current, relationshipBundleJson(code, AREA_B.unitOid));
      await recordConsent(server.baseUrl, tokensB.current, consentJson(code, 'informing'));
      await recordConsent(server.baseUrl, tokensB.current, consentJson(code, 'social-welfare-consent'));
    });
    // Sanity, not timed: B's search answers all 10 of area A's documents (and its own relationship document).
    const checkCross = async (code: string, when: string): Promise<void> => {
      const custodians = await searchCustodians(server.baseUrl, tokensB.current, code);
      const fromA = custodians.filter((c) => c === AREA_A.controllerOid).length;
      const fromB = custodians.filter((c) => c === AREA_B.controllerOid).length;
      if (fromA !== o.documentsPerPerson || fromB !== 1 || custodians.length !== o.documentsPerPerson + 1) {
        throw new Error(`${when}: area B's search for a cross-register person answers ${custodians.length} entries, ${fromA} of area A's register and ${fromB} of B's; expected ${o.documentsPerPerson} of A's and B's own relationship document`);
      }
    };
    await inParallel(crossPersons, 8, (code) => checkCross(code, 'setup'));

    // The portal persons: after the client relationship document (above; the portal does not
    // list it, V4: the deployment has not switched that category on), --portal-documents phase 2
    // service need assessments each, which the list shows (V2, V7). Then one session per person.
    const sessions: string[] = [];
    if (portalPersons.length) {
      log(`setup: ${o.portalDocuments} documents each for ${portalPersons.length} portal persons, and a portal login for each`);
      const portalDocs = portalPersons.flatMap((code) => Array.from({ length: o.portalDocuments }, (_, i) => ({ code, i })));
      const portalStart = Date.now();
      await inParallel(portalDocs, 8, ({ code, i }) => store(server.baseUrl, tokens.current, documentBundleJson(code, i)));
      log(`setup: ${portalDocs.length} portal documents stored in ${((Date.now() - portalStart) / 1000).toFixed(1)} s`);
      for (const id of await fhirIdsOf(server.databaseUrl, portalPersons)) sessions.push(await portalLogin(server.baseUrl, id));
      await inParallel(sessions, 4, (cookie) => checkDocumentList(server.baseUrl, cookie, o.portalDocuments, 'setup'));
      log(`setup: ${sessions.length} portal sessions, each answering its list of ${o.portalDocuments} documents`);
    }

    const results: PhaseResult[] = [];
    let seq = 1_000_000;
    let storeIndex = 0;
    results.push((await httpPhase(server, o, 'store', `ITI-65, one 2.4 KB phase 2 JSON document, ${storeClients.length} clients`, () => ({
      method: 'POST', path: '/fhir', contentType: 'application/fhir+json', body: documentBundleJson(storeClients[storeIndex++ % storeClients.length]!, seq++),
    }), () => tokens.current)).result);

    let searchIndex = 0;
    const forms = searchPersons.map(searchForm);
    results.push((await httpPhase(server, o, 'search', `ITI-67 POST _search, person with ${o.documentsPerPerson} documents, ${forms.length} persons`, () => ({
      method: 'POST', path: '/fhir/DocumentReference/_search', contentType: 'application/x-www-form-urlencoded', body: forms[searchIndex++ % forms.length]!,
    }), () => tokens.current)).result);
    const after = await searchTotal(server.baseUrl, tokens.current, searchPersons[0]!);
    if (after !== o.documentsPerPerson) throw new Error(`after the search phase a search person has ${after} documents, expected ${o.documentsPerPerson}`);

    // Each connection sends its own session's cookie on every request (autocannon's per-connection
    // setup), so that --connections sessions view their lists side by side, as browsers would.
    if (sessions.length) {
      let sessionIndex = 0;
      const used = new Set<number>();
      results.push((await loadPhase(server, o, 'portal', `portal GET /documents (HTML), person with ${o.portalDocuments} documents, ${sessions.length} sessions`, {
        requests: [{ method: 'GET', path: '/documents' }],
        setupClient: (client) => {
          const i = sessionIndex++ % sessions.length;
          used.add(i);
          client.setHeaders({ cookie: sessions[i]!, accept: 'text/html' });
        },
      }, async () => fetch(`${server.baseUrl}/documents`, { headers: { cookie: sessions[0]!, accept: 'text/html' }, redirect: 'manual' })
        .then(async (res) => `a sample request now answers ${res.status}: ${(await res.text()).slice(0, 400)}`, (e: unknown) => `a sample request fails: ${(e as Error).message}`))).result);
      if (used.size < Math.min(o.connections, sessions.length)) throw new Error(`portal: only ${used.size} of the ${sessions.length} sessions were given to a connection`);
      await inParallel(sessions, 4, (cookie) => checkDocumentList(server.baseUrl, cookie, o.portalDocuments, 'after the portal phase'));
    }

    let crossIndex = 0;
    const crossForms = crossPersons.map(searchForm);
    const auditBefore = await settledSearchAuditCounts(server.databaseUrl, AREA_B.controllerOid, AREA_A.controllerOid);
    const cross = await httpPhase(server, o, 'search-x',
      `ITI-67 POST _search by area B, ${o.documentsPerPerson} of area A's documents disclosed under consent (+ B's own relationship document), ${crossForms.length} persons`, () => ({
        method: 'POST', path: '/fhir/DocumentReference/_search', contentType: 'application/x-www-form-urlencoded', body: crossForms[crossIndex++ % crossForms.length]!,
      }), () => tokensB.current);
    results.push(cross.result);
    // S9, D10: one audit record per search, each a disclosure record naming area A. Requests
    // still in flight when the load generator stopped may have been audited without an answer.
    const auditAfter = await settledSearchAuditCounts(server.databaseUrl, AREA_B.controllerOid, AREA_A.controllerOid);
    const audited = auditAfter.all - auditBefore.all;
    const disclosures = auditAfter.disclosures - auditBefore.disclosures;
    const auditCheck = { answered: cross.traffic.answered, sent: cross.traffic.sent, auditRecords: audited, disclosureRecords: disclosures };
    log(`search-x audit: ${audited} search records (${disclosures} disclosures of area A's data) for ${cross.traffic.answered} answered and ${cross.traffic.sent} sent requests, warm-up included`);
    if (disclosures !== audited || audited < cross.traffic.answered || audited > cross.traffic.sent) {
      throw new Error(`search-x: the audit table gained ${audited} search records, ${disclosures} of them disclosures, for ${cross.traffic.answered} answered and ${cross.traffic.sent} sent requests; expected one disclosure record per request`);
    }
    await checkCross(crossPersons[0]!, 'after the search-x phase');

    const personKeys = await personKeysOf(server.databaseUrl, storeClients);
    log(`raw-same: measuring ${o.duration} s, plain pg, ${o.connections} clients`);
    results.push(rawPhase('raw-same', 'plain pg: blob + document + audit_event/lane rows of one store, one transaction', await rawSameRows(server.databaseUrl, personKeys, o.connections, o.duration)));
    log(`raw-one: measuring ${o.duration} s, plain pg, ${o.connections} clients`);
    results.push(rawPhase('raw-one', 'plain pg: one-row insert transactions', await rawOneRow(server.databaseUrl, o.connections, o.duration)));
    log(`raw-search: measuring ${o.duration} s, plain pg, ${o.connections} clients`);
    results.push(rawPhase('raw-search', 'plain pg: person + relationships + consent facts, documents, audit append (search statements)', await rawSearch(server.databaseUrl, AREA_A, searchPersons, o.connections, o.duration)));
    log(`raw-search-x: measuring ${o.duration} s, plain pg, ${o.connections} clients`);
    results.push(rawPhase('raw-search-x', 'plain pg: the search statements as area B, 11 documents, audit append with disclosure', await rawSearch(server.databaseUrl, AREA_B, crossPersons, o.connections, o.duration)));
    await checkServerAlive(server, 'during the raw PostgreSQL phases');
    await dropOneRowTable(server.databaseUrl);

    const byPhase = (p: string): PhaseResult => results.find((r) => r.phase === p)!;
    const portalR = results.find((r) => r.phase === 'portal');
    const storeR = byPhase('store');
    const searchR = byPhase('search');
    const crossR = byPhase('search-x');
    const ratios = {
      storeVsRawSameRows: storeR.perSecond / byPhase('raw-same').perSecond,
      storeVsRawOneRow: storeR.perSecond / byPhase('raw-one').perSecond,
      searchVsRawOneRow: searchR.perSecond / byPhase('raw-one').perSecond,
      searchVsRawSearch: searchR.perSecond / byPhase('raw-search').perSecond,
      crossSearchVsRawSearchX: crossR.perSecond / byPhase('raw-search-x').perSecond,
      crossSearchVsSearch: crossR.perSecond / searchR.perSecond,
      ...(portalR ? { portalVsSearch: portalR.perSecond / searchR.perSecond } : {}),
    };
    const peak = Math.max(...results.map((r) => r.serverPeakRssMiB ?? 0));
    const targets = [
      { target: `ITI-65 store >= ${TARGETS.storePerSecond}/s`, measured: `${fmt(storeR.perSecond)}/s`, met: storeR.perSecond >= TARGETS.storePerSecond },
      { target: `ITI-65 store >= ${TARGETS.storeShareOfSameRowsCeiling * 100}% of the raw same-rows ceiling`, measured: `${fmt(ratios.storeVsRawSameRows * 100, 1)}%`, met: ratios.storeVsRawSameRows >= TARGETS.storeShareOfSameRowsCeiling },
      { target: `ITI-65 store >= ${TARGETS.storeShareOfOneRowCeiling * 100}% of the raw one-row ceiling`, measured: `${fmt(ratios.storeVsRawOneRow * 100, 1)}%`, met: ratios.storeVsRawOneRow >= TARGETS.storeShareOfOneRowCeiling },
      { target: `ITI-67 search >= ${TARGETS.searchShareOfOneRowCeiling * 100}% of the raw one-row ceiling`, measured: `${fmt(ratios.searchVsRawOneRow * 100, 1)}%`, met: ratios.searchVsRawOneRow >= TARGETS.searchShareOfOneRowCeiling },
      ...results.filter((r) => r.serverCpuCores !== undefined).map((r) => ({
        target: `${r.phase}: p99 <= ${TARGETS.p99OverP50} x p50`, measured: `${fmt(r.p99Ms / r.p50Ms, 1)} x (${fmt(r.p50Ms, 1)} / ${fmt(r.p99Ms, 1)} ms)`, met: r.p99Ms <= TARGETS.p99OverP50 * r.p50Ms,
      })),
      { target: `ITI-67 search >= ${TARGETS.searchPerSecond}/s`, measured: `${fmt(searchR.perSecond)}/s`, met: searchR.perSecond >= TARGETS.searchPerSecond },
      { target: `ITI-67 search p99 < ${TARGETS.searchP99Ms} ms`, measured: `${fmt(searchR.p99Ms, 1)} ms`, met: searchR.p99Ms < TARGETS.searchP99Ms },
      { target: `ITI-67 cross-register search >= ${TARGETS.crossSearchPerSecond}/s`, measured: `${fmt(crossR.perSecond)}/s`, met: crossR.perSecond >= TARGETS.crossSearchPerSecond },
      { target: `ITI-67 cross-register search p99 < ${TARGETS.crossSearchP99Ms} ms`, measured: `${fmt(crossR.p99Ms, 1)} ms`, met: crossR.p99Ms < TARGETS.crossSearchP99Ms },
      ...(portalR && ratios.portalVsSearch !== undefined ? [
        { target: `portal document list (${o.portalDocuments} documents) p99 < ${TARGETS.portalP99Ms} ms`, measured: `${fmt(portalR.p99Ms, 1)} ms`, met: portalR.p99Ms < TARGETS.portalP99Ms },
        { target: `portal document list >= ${TARGETS.portalShareOfSearch * 100}% of the ITI-67 search's throughput`, measured: `${fmt(ratios.portalVsSearch * 100, 1)}% (${fmt(portalR.perSecond)}/s against ${fmt(searchR.perSecond)}/s)`, met: ratios.portalVsSearch >= TARGETS.portalShareOfSearch },
      ] : []),
      { target: `server memory under load < ${TARGETS.serverMemoryMiB} MiB`, measured: `${fmt(peak)} MiB peak RSS`, met: peak < TARGETS.serverMemoryMiB },
    ];

    // The plans at the loaded size: the search phase's first person, and a client from the middle of the load.
    const explained = scale ? await explainScaleSearch(server.databaseUrl, [
      { label: 'search person', identityCode: searchPersons[0]! }, { label: 'loaded client', identityCode: sampleScaleClient(o.scale) },
    ], log) : undefined;
    const info = await machine(server.databaseUrl);
    console.log('');
    console.log(table(results));
    console.log('');
    console.log(`store / raw same-rows ceiling: ${fmt(ratios.storeVsRawSameRows * 100, 1)}%    store / raw one-row ceiling: ${fmt(ratios.storeVsRawOneRow * 100, 1)}%`);
    console.log(`search / raw one-row ceiling: ${fmt(ratios.searchVsRawOneRow * 100, 1)}%`);
    console.log(`search / raw search ceiling: ${fmt(ratios.searchVsRawSearch * 100, 1)}%    search-x / raw search-x ceiling: ${fmt(ratios.crossSearchVsRawSearchX * 100, 1)}%    search-x / search: ${fmt(ratios.crossSearchVsSearch * 100, 1)}%`);
    if (ratios.portalVsSearch !== undefined) console.log(`portal / search: ${fmt(ratios.portalVsSearch * 100, 1)}%`);
    console.log(`search-x audit: ${auditCheck.auditRecords} search records, all disclosures, for ${auditCheck.answered} answered and ${auditCheck.sent} sent requests (warm-up included)`);
    for (const t of targets) console.log(`${t.met ? 'meets ' : 'MISSES'}  ${t.target}: ${t.measured}`);
    console.log(`machine: ${info.cpus} CPUs (${info.cpuModel}), ${info.memoryGiB} GiB, Node ${info.node}, load average ${loadAverageAtStart.join(' ')} at start, ${(info.loadAverageAtEnd as number[]).join(' ')} at end`);

    const report = {
      options: { duration: o.duration, warmup: o.warmup, connections: o.connections, clients: o.clients, searchPersons: o.searchPersons, crossPersons: o.crossPersons, portalPersons: o.portalPersons, portalDocuments: o.portalDocuments, documentsPerPerson: o.documentsPerPerson, logLevel: o.logLevel, scale: o.scale, scaleBatch: o.scaleBatch, database: o.databaseUrl ? 'DATABASE_URL' : 'embedded' },
      machine: info,
      results,
      ratios,
      targets,
      crossSearchAudit: auditCheck,
      ...(scale ? { scale: { ...scale, explain: explained } } : {}),
    };
    await mkdir(path.dirname(o.out), { recursive: true });
    await writeFile(o.out, JSON.stringify(report, null, 2) + '\n');
    log(`results written to ${path.relative(process.cwd(), o.out) || o.out}`);

    const failed = results.filter((r) => r.failures > 0);
    if (failed.length) {
      for (const r of failed) console.error(`FAILED ${r.phase}: ${r.failureDetail}`);
      console.error(`the server log ends:\n${await server.tail()}`);
      console.error(`the benchmark saw failures in ${failed.map((r) => r.phase).join(', ')}; its figures are not valid`);
      return 1;
    }
    return 0;
  } finally {
    tokens.stop();
    tokensB.stop();
    await server.stop();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error).stack ?? error}`);
  return 1;
});

// The scale mode's measurements around the load (bench/scale.ts): the tables vacuumed and
// analysed after it, their disk size, and at the end of the run the query plans of the search's,
// the portal list's and the audit trail's statements at that size, as EXPLAIN (ANALYZE, BUFFERS)
// of the very SQL the store functions send (src/store/people.ts, documents.ts, portal.ts, audit.ts).
import pg from 'pg';
import type { Queryable } from '../src/store/queryable.ts';
import type { PersonKey } from '../src/domain/types.ts';
import { findPersonByIdentityCode } from '../src/store/people.ts';
import { findClientWithDocuments } from '../src/store/documents.ts';
import { portalListOf } from '../src/store/portal.ts';
import { auditEventsForPerson } from '../src/store/audit.ts';
import { MAX_CANDIDATES } from '../src/usecases/find-documents.ts';
import { loadScale, sampleScaleClient, type ScaleLoad } from './scale.ts';
import { AREA_A } from './world.ts';

const TABLES = ['person', 'client_relationship', 'blob', 'document', 'submission_set', 'audit_event'] as const;
/** GET /fhir/AuditEvent's default _count (src/fhir/audit-routes.ts). */
const AUDIT_PAGE = 100;

/** pg_total_relation_size (heap, TOAST and indexes) and pg_indexes_size; the audit trail's summed over its partitions. */
export interface TableSize { readonly bytes: number; readonly indexBytes: number }

export interface ScaleDisk {
  readonly tables: Record<(typeof TABLES)[number], TableSize>;
  readonly tablesTotal: number;
  readonly auditPartitions: number;
  readonly database: number;
  readonly tableBytesPerDocument: number;
  /** architecture.md's target (at most 1,000): the tables' bytes less the contents, per document. */
  readonly beyondContentBytesPerDocument: number;
  readonly databaseBytesPerDocument: number;
}

export interface ScaleReport {
  readonly load: ScaleLoad;
  /** VACUUM (ANALYZE) of the loaded tables, and the checkpoint after it. */
  readonly vacuumAnalyzeSeconds: number;
  readonly disk: ScaleDisk;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toLocaleString('en', { maximumFractionDigits: 1 })} MiB`;

async function withClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'kansio-bench-scale' });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function diskSizes(client: pg.Client, load: ScaleLoad): Promise<ScaleDisk> {
  const tables = {} as Record<(typeof TABLES)[number], TableSize>;
  for (const t of TABLES) {
    // The partitioned audit trail has no storage of its own: its partitions have (a plain table
    // has no partition tree).
    const r = await client.query<{ bytes: string; index_bytes: string }>(
      `select coalesce(sum(pg_total_relation_size(relid)), 0) as bytes, coalesce(sum(pg_indexes_size(relid)), 0) as index_bytes
       from (select relid from pg_partition_tree($1::regclass) where isleaf union select $1::regclass where $1::regclass::oid not in (select inhparent from pg_inherits)) r`, [t]);
    tables[t] = { bytes: Number(r.rows[0]!.bytes), indexBytes: Number(r.rows[0]!.index_bytes) };
  }
  const parts = await client.query<{ n: string }>("select count(*) as n from pg_partition_tree('audit_event'::regclass) where isleaf");
  const database = Number((await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes')).rows[0]!.bytes);
  const tablesTotal = Object.values(tables).reduce((a, b) => a + b.bytes, 0);
  return {
    tables, tablesTotal, auditPartitions: Number(parts.rows[0]!.n), database, tableBytesPerDocument: tablesTotal / load.documents,
    beyondContentBytesPerDocument: (tablesTotal - load.contentBytesTotal) / load.documents, databaseBytesPerDocument: database / load.documents,
  };
}

/**
 * The load, then VACUUM (ANALYZE) and a checkpoint: the planner's statistics at the new size,
 * the visibility map and hint bits set as on an archive in use, and no autovacuum of millions of
 * fresh rows starting during the measured phases. Prints the figures.
 */
export async function loadScalePopulation(databaseUrl: string, options: { documents: number; batchSize: number }, log: (line: string) => void): Promise<ScaleReport> {
  const load = await loadScale(databaseUrl, { ...options, progress: true, log });
  log(`scale: loaded ${load.documents.toLocaleString('en')} documents of ${load.clients.toLocaleString('en')} clients and ${load.auditRecords.toLocaleString('en')} audit records `
    + `(${load.rows.toLocaleString('en')} rows) in ${load.seconds.toFixed(1)} s: ${Math.round(load.documentsPerSecond).toLocaleString('en')} documents/s, `
    + `${Math.round(load.rowsPerSecond).toLocaleString('en')} rows/s${load.rechained ? `; ${load.rechained} batches chained again onto records appended meanwhile` : ''}`);
  return withClient(databaseUrl, async (client) => {
    const started = performance.now();
    await client.query(`vacuum (analyze) ${TABLES.join(', ')}`);
    await client.query('checkpoint').catch(() => {});
    const vacuumAnalyzeSeconds = (performance.now() - started) / 1000;
    log(`scale: vacuum (analyze) and checkpoint in ${vacuumAnalyzeSeconds.toFixed(1)} s`);
    const disk = await diskSizes(client, load);
    const perDocument = (bytes: number): string => `${Math.round(bytes / load.documents).toLocaleString('en').padStart(6)} bytes per document`;
    console.log(`  ${'table'.padEnd(20)} ${'all'.padStart(14)} ${'indexes'.padStart(14)}`);
    for (const t of TABLES) {
      const size = disk.tables[t];
      console.log(`  ${t.padEnd(20)} ${mib(size.bytes).padStart(14)} ${mib(size.indexBytes).padStart(14)}  ${perDocument(size.bytes)}${t === 'audit_event' ? ` (${disk.auditPartitions} partitions)` : ''}`);
    }
    console.log(`  ${'these tables'.padEnd(20)} ${mib(disk.tablesTotal).padStart(14)} ${''.padStart(14)}  ${perDocument(disk.tablesTotal)}; `
      + `${Math.round(disk.beyondContentBytesPerDocument).toLocaleString('en')} beyond the contents (${(load.contentBytesTotal / load.documents).toFixed(0)} bytes on average; target at most 1,000)`);
    console.log(`  ${'database'.padEnd(20)} ${mib(disk.database).padStart(14)} ${''.padStart(14)}  ${perDocument(disk.database)} (WAL not included)`);
    return { load, vacuumAnalyzeSeconds, disk };
  });
}

export interface ExplainedStatement {
  /** Whose data: 'search person' (the search phase's) or 'loaded client'. */
  readonly person: string;
  /** The prepared statement's name, as the store function names it. */
  readonly statement: string;
  /** custom: planned for the values, as the first executions of a prepared statement are; generic: as later ones may be. */
  readonly plan: 'custom' | 'generic';
  readonly executionMs: number;
  readonly seqScans: readonly string[];
  readonly lines: readonly string[];
}

function literal(client: pg.Client, v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return client.escapeLiteral(`{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return client.escapeLiteral(String(v));
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a statement before it runs for real, so that the first plan's
 * buffers show what a cold read of this person costs: once planned for the values (custom), and
 * once as a generic plan, which PostgreSQL may switch a prepared statement to after five runs.
 */
async function explain(client: pg.Client, person: string, config: pg.QueryConfig, hide: string): Promise<ExplainedStatement[]> {
  const values = config.values ?? [];
  const run = async (plan: 'custom' | 'generic'): Promise<ExplainedStatement> => {
    let rows: { 'QUERY PLAN': string }[];
    if (plan === 'custom') {
      rows = (await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${config.text}`, values)).rows;
    } else {
      await client.query(`prepare kansio_scale_explain as ${config.text}`);
      try {
        await client.query('set plan_cache_mode = force_generic_plan');
        rows = (await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) execute kansio_scale_explain(${values.map((v) => literal(client, v)).join(', ')})`)).rows;
      } finally {
        await client.query('reset plan_cache_mode');
        await client.query('deallocate kansio_scale_explain');
      }
    }
    // Synthetic codes, yet never an identity code in output that goes into reports.
    const lines = rows.map((r) => r['QUERY PLAN'].replaceAll(hide, '<identity code>'));
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(lines.at(-1) ?? '')?.[1] ?? NaN);
    // With the rows each read: a sequential scan of an empty partition or a small table is no finding.
    const seqScans = lines.flatMap((l) => {
      const m = /Seq Scan on (\S+).*actual time=\S+ rows=([\d.]+) loops=(\d+)/.exec(l) ?? /Seq Scan on (\S+)/.exec(l);
      if (!m) return [];
      return [`${m[1]} (${m[2] ? `${Math.round(Number(m[2]) * Number(m[3]))} rows` : l.includes('(never executed)') ? 'never executed' : '?'})`];
    });
    return { person, statement: config.name ?? '(unnamed)', plan, executionMs, seqScans, lines };
  };
  return [await run('custom'), await run('generic')];
}

/**
 * The statements of a search (the person with their facts, the documents), the portal's list and
 * a page of the audit trail (as GET /fhir/AuditEvent?patient=...), for each person, explained as
 * the store functions send them. Prints them and returns them for the results.
 */
export async function explainScaleSearch(databaseUrl: string, persons: readonly { label: string; identityCode: string }[], log: (line: string) => void): Promise<ExplainedStatement[]> {
  return withClient(databaseUrl, async (client) => {
    await client.query("set time zone 'UTC'");
    const explained: ExplainedStatement[] = [];
    for (const { label, identityCode } of persons) {
      const q = {
        query: async (config: pg.QueryConfig) => {
          explained.push(...(await explain(client, label, config, identityCode)));
          return client.query(config);
        },
      } as unknown as Queryable;
      // The search's one statement (the client with its documents), and the person alone, which
      // the other reads (retrieve, consent, audit search) still look up by identity code.
      const found = await findClientWithDocuments(q, { identityCode }, { statuses: ['current'], count: MAX_CANDIDATES + 1, offset: 0 });
      const person = await findPersonByIdentityCode(q, identityCode);
      if (!found || !person) throw new Error(`scale: the ${label} is not in the person table`);
      await portalListOf(q, person.personKey);
      await auditEventsForPerson(q, person.personKey, AREA_A.controllerOid, AUDIT_PAGE);
      log(`scale: explained the statements for the ${label} (${found.rows.length} documents)`);
    }
    console.log('');
    for (const e of explained) {
      console.log(`EXPLAIN (ANALYZE, BUFFERS) ${e.statement}, ${e.person}, ${e.plan} plan: ${e.executionMs} ms${e.seqScans.length ? `, SEQ SCAN on ${e.seqScans.join(', ')}` : ''}`);
      console.log(e.lines.map((l) => `  ${l}`).join('\n'));
    }
    const scans = explained.filter((e) => e.seqScans.length);
    log(scans.length ? `scale: sequential scans in ${scans.map((e) => `${e.statement} (${e.person}, ${e.plan}): ${e.seqScans.join(', ')}`).join('; ')}` : 'scale: no sequential scan in any plan');
    return explained;
  });
}

export { sampleScaleClient };

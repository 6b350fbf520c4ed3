// The scale mode's measurements around the load (bench/scale.ts): the tables vacuumed and
// analysed after it, their disk size, and at the end of the run the query plans of the search's,
// the portal list's and the audit trail's statements at that size, as EXPLAIN (ANALYZE, BUFFERS)
// of the very SQL the store functions send (src/store/people.ts, documents.ts, portal.ts, audit.ts).
import pg from 'pg';
import type { Queryable } from '../src/store/queryable.ts';
import type { PersonKey } from '../src/domain/types.ts';
import { findPersonByIdentityCode } from '../src/store/people.ts';
import { findDocuments } from '../src/store/documents.ts';
import { portalListOf } from '../src/store/portal.ts';
import { auditEventsForPerson } from '../src/store/audit.ts';
import { MAX_CANDIDATES } from '../src/usecases/find-documents.ts';
import { loadScale, sampleScaleClient, type ScaleLoad } from './scale.ts';
import { AREA_A } from './world.ts';

const TABLES = ['person', 'client_relationship', 'blob', 'document', 'submission_set', 'audit_event'] as const;
/** GET /fhir/AuditEvent's default _count (src/fhir/audit-routes.ts). */
const AUDIT_PAGE = 100;

export interface ScaleDisk {
  /** pg_total_relation_size: heap, TOAST and indexes; audit_event summed over its partitions. */
  readonly tables: Record<(typeof TABLES)[number], number>;
  readonly tablesTotal: number;
  readonly auditPartitions: number;
  readonly database: number;
  readonly tableBytesPerDocument: number;
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
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function diskSizes(client: pg.Client, documents: number): Promise<ScaleDisk> {
  const tables = {} as Record<(typeof TABLES)[number], number>;
  for (const t of TABLES) {
    // The partitioned audit trail has no storage of its own: its partitions have.
    const r = await client.query<{ bytes: string }>(t === 'audit_event'
      ? 'select coalesce(sum(pg_total_relation_size(relid)), 0) as bytes from pg_partition_tree($1::regclass) where isleaf'
      : 'select pg_total_relation_size($1::regclass) as bytes', [t]);
    tables[t] = Number(r.rows[0]!.bytes);
  }
  const parts = await client.query<{ n: string }>("select count(*) as n from pg_partition_tree('audit_event'::regclass) where isleaf");
  const database = Number((await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes')).rows[0]!.bytes);
  const tablesTotal = Object.values(tables).reduce((a, b) => a + b, 0);
  return { tables, tablesTotal, auditPartitions: Number(parts.rows[0]!.n), database, tableBytesPerDocument: tablesTotal / documents, databaseBytesPerDocument: database / documents };
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
    const disk = await diskSizes(client, load.documents);
    console.log(TABLES.map((t) => `  ${t.padEnd(20)} ${mib(disk.tables[t]).padStart(14)}${t === 'audit_event' ? ` (${disk.auditPartitions} partitions)` : ''}`).join('\n'));
    console.log(`  ${'these tables'.padEnd(20)} ${mib(disk.tablesTotal).padStart(14)}  ${Math.round(disk.tableBytesPerDocument).toLocaleString('en')} bytes per document`);
    console.log(`  ${'database'.padEnd(20)} ${mib(disk.database).padStart(14)}  ${Math.round(disk.databaseBytesPerDocument).toLocaleString('en')} bytes per document (WAL not included)`);
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
      return m ? [`${m[1]}${m[2] ? ` (${Math.round(Number(m[2]) * Number(m[3]))} rows)` : ''}`] : [];
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
      const person = await findPersonByIdentityCode(q, identityCode);
      if (!person) throw new Error(`scale: the ${label} is not in the person table`);
      const found = await findDocuments(q, { personKey: person.personKey as PersonKey, statuses: ['current'], count: MAX_CANDIDATES + 1, offset: 0 });
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

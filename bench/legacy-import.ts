// `node bench/legacy-import.ts [--rows 50000] [--batch-size 5000] [--database-url postgres://...]`:
// L4 legacy import throughput (architecture.md target: at least 20,000 documents per second with
// 2 KB files), and in the same run its raw ceiling: the very rows that the import wrote (people,
// blobs, documents, submission sets, audit records), dumped with COPY TO, then written back with
// binary COPY FROM, batch by batch in one transaction each, into index-equal copies of those
// tables: no manifest, files, checks, hashing or look-ups. Once without foreign keys (the fastest
// raw way: the ceiling), once with the foreign keys the real tables have (what of the gap the
// constraints take). Each phase reports its documents per second and the CPU it cost per
// document, in Node and in this run's PostgreSQL backends, since on a shared machine the CPU
// per document is steadier than the wall clock.
import { mkdtemp, mkdir, rm, writeFile, chmod } from 'node:fs/promises';
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/app.ts';
import { makeIdentityCode } from '../src/domain/identity-code.ts';
import { importLegacy } from '../src/usecases/import-legacy.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '50000' }, 'batch-size': { type: 'string', default: '5000' }, 'database-url': { type: 'string' } } });
const ROWS = Number(values.rows);
const BATCH = Number(values['batch-size']);
const PER_PERSON = 10;
const FILE_BYTES = 2048;
const CONTROLLER = '1.2.246.10.77777.1';
/** The tables the import writes, in the order a batch writes them (foreign keys point backwards). */
const TABLES = ['person', 'blob', 'document', 'submission_set', 'audit_event'] as const;
type Table = (typeof TABLES)[number];

/** The CPU clock ticks (user and system) each backend of this run has used, as last seen. */
const backendTicks = new Map<number, number>();

/**
 * CPU seconds of this run's PostgreSQL backends, from /proc when the server runs on this
 * machine (undefined when it does not). A backend that has ended counts as last seen.
 */
function backendCpuSeconds(): number | undefined {
  let ticks = 0;
  for (const [pid, last] of backendTicks) {
    let now = last;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (fields[0] !== undefined) now = Number(fields[11]) + Number(fields[12]);
    } catch {
      if (last < 0) return undefined;
    }
    backendTicks.set(pid, now);
    ticks += Math.max(now, 0);
  }
  return ticks / 100;
}

interface Phase { readonly seconds: number; readonly nodeCpu: number; readonly pgCpu: number | undefined }

async function measure(run: () => Promise<void>): Promise<Phase> {
  const pg0 = backendCpuSeconds();
  const node0 = process.cpuUsage();
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const node = process.cpuUsage(node0);
  const pg1 = backendCpuSeconds();
  return { seconds, nodeCpu: (node.user + node.system) / 1e6, pgCpu: pg0 === undefined || pg1 === undefined ? undefined : pg1 - pg0 };
}

const dir = await mkdtemp(path.join(tmpdir(), 'kansio-bench-legacy-'));
await chmod(dir, 0o755);
const config = loadConfig({ ...process.env, KANSIO_DATA_DIR: path.join(dir, 'data'), KANSIO_DEMO: 'false', LOG_LEVEL: 'warn', ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}) });
const database = await openDatabase(config);
const pool = database.db.pool;
pool.on('connect', (client) => {
  const pid = (client as pg.PoolClient & { processID?: number }).processID;
  // -1: not read yet (a backend that is gone before its first reading makes the figure unknown).
  if (pid) backendTicks.set(pid, -1);
});
const loadBefore = loadavg();
try {
  await pool.query("insert into organisation (oid, name, kind) values ($1, 'Bench legacy area', 'welfare-area') on conflict do nothing", [CONTROLLER]);
  await mkdir(path.join(dir, 'files'));
  const lines = ['person,serviceTask,type,date,file,oldClientRelationship,title'];
  for (let i = 0; i < ROWS; i++) {
    const p = Math.floor(i / PER_PERSON);
    const code = makeIdentityCode(new Date(Date.UTC(1930, 0, 1) + Math.floor(p / 100) * 86_400_000).toISOString().slice(0, 10), 900 + (p % 100));
    // 2 KB of text that differs per file (content addressing would fold equal files into one blob).
    await writeFile(path.join(dir, 'files', `${i}.txt`), Buffer.from(randomBytes((FILE_BYTES / 4) * 3).toString('base64')));
    lines.push(`${code},older-people,${i % 2 ? '11000' : '1000'},2019-05-${10 + (i % 19)},files/${i}.txt,${i % 3 === 0},Vanha asiakirja ${i}`);
  }
  const manifest = path.join(dir, 'manifest.csv');
  await writeFile(manifest, lines.join('\n') + '\n');
  await pool.query('checkpoint').catch(() => {});

  let stored = 0;
  let batches = 0;
  const imported = await measure(async () => {
    const summary = await importLegacy({
      lines: createInterface({ input: createReadStream(manifest, { encoding: 'utf8' }), crlfDelay: Infinity }), format: 'csv', baseDir: dir, manifestName: 'manifest.csv',
      transaction: (fn) => database.db.withTransaction(fn), controllerOid: CONTROLLER, by: { id: 'bench', name: 'bench' }, now: () => new Date().toISOString(),
      batchSize: BATCH, reject: (line, reason) => { throw new Error(`line ${line}: ${reason}`); },
    });
    stored = summary.stored;
    batches = summary.batches;
  });
  if (stored !== ROWS) throw new Error(`stored ${stored} of ${ROWS}`);

  // The import's own rows, batch by batch (a batch's rows share their stored_at), as binary COPY data.
  const times = (await pool.query<{ at: string }>("select distinct stored_at::text as at from document where phase = 'legacy' order by 1")).rows.map((r) => r.at);
  const selects: Record<Table, string> = {
    person: `select * from person where person_key in (select person_key from document where stored_at = $1 and phase = 'legacy')
             and person_key not in (select person_key from document where stored_at < $1 and phase = 'legacy')`,
    blob: "select * from blob where sha256 in (select content_sha256 from document where stored_at = $1 and phase = 'legacy')",
    document: "select * from document where stored_at = $1 and phase = 'legacy'",
    submission_set: "select * from submission_set where stored_at = $1 and system_id = 'kansio-import-legacy'",
    audit_event: "select * from audit_event where recorded_at = $1 and action = 'legacy-import'",
  };
  const dumps: Record<Table, Buffer>[] = [];
  const client = await pool.connect();
  try {
    for (const at of times) {
      const dump = {} as Record<Table, Buffer>;
      for (const table of TABLES) {
        const chunks: Buffer[] = [];
        // COPY takes no parameters; `at` is PostgreSQL's own text for a timestamptz.
        const stream = client.query(copyStreams.to(`copy (${selects[table].replaceAll('$1', `'${at}'::timestamptz`)}) to stdout (format binary)`));
        for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
        dump[table] = Buffer.concat(chunks);
      }
      dumps.push(dump);
    }
  } finally {
    client.release();
  }

  /** Index-equal copies of the tables (storage parameters included), optionally with the real tables' foreign keys. */
  async function copiesOf(prefix: string, foreignKeys: boolean): Promise<void> {
    for (const table of TABLES) {
      await pool.query(`create table ${prefix}_${table} (like ${table} including all)`);
      const opts = (await pool.query<{ o: string[] | null }>('select reloptions as o from pg_class where oid = $1::regclass', [table])).rows[0]!.o;
      if (opts?.length) await pool.query(`alter table ${prefix}_${table} set (${opts.join(', ')})`);
    }
    if (!foreignKeys) return;
    await pool.query(`alter table ${prefix}_document add foreign key (person_key) references ${prefix}_person (person_key),
                      add foreign key (content_sha256) references ${prefix}_blob (sha256)`);
    await pool.query(`alter table ${prefix}_submission_set add foreign key (person_key) references ${prefix}_person (person_key)`);
  }
  async function raw(prefix: string): Promise<Phase> {
    return measure(async () => {
      for (const dump of dumps) {
        await database.db.withTransaction(async (tx) => {
          for (const table of TABLES) {
            const stream = tx.query(copyStreams.from(`copy ${prefix}_${table} from stdin (format binary)`));
            await new Promise<void>((resolve, reject) => { stream.on('error', reject); stream.on('finish', resolve); stream.end(dump[table]); });
          }
        });
      }
    });
  }
  await copiesOf('bench_raw', false);
  await copiesOf('bench_rawfk', true);
  await pool.query('checkpoint').catch(() => {});
  const ceiling = await raw('bench_raw');
  const withKeys = await raw('bench_rawfk');

  const rate = (p: Phase): number => Math.round(ROWS / p.seconds);
  const perDoc = (s: number | undefined): number | null => (s === undefined ? null : Math.round((s * 1e6) / ROWS));
  const show = (name: string, p: Phase): string =>
    `${name}: ${rate(p).toLocaleString('en')} documents/s (${p.seconds.toFixed(2)} s; CPU per document: Node ${perDoc(p.nodeCpu)} µs, PostgreSQL backend ${perDoc(p.pgCpu) ?? '?'} µs)`;
  console.log(show('import', imported));
  console.log(show('raw COPY ceiling', ceiling));
  console.log(show('raw COPY with the foreign keys', withKeys));
  console.log(`import / raw COPY ceiling: ${Math.round((100 * rate(imported)) / rate(ceiling))}%`);
  const result = {
    rows: ROWS, batchSize: BATCH, fileBytes: FILE_BYTES, batches, loadAverageBefore: +loadBefore[0]!.toFixed(2), loadAverageAfter: +loadavg()[0]!.toFixed(2),
    import: { seconds: +imported.seconds.toFixed(2), perSecond: rate(imported), nodeCpuMicrosPerDocument: perDoc(imported.nodeCpu), pgBackendCpuMicrosPerDocument: perDoc(imported.pgCpu) },
    rawCopyCeiling: { seconds: +ceiling.seconds.toFixed(2), perSecond: rate(ceiling), nodeCpuMicrosPerDocument: perDoc(ceiling.nodeCpu), pgBackendCpuMicrosPerDocument: perDoc(ceiling.pgCpu) },
    rawCopyWithForeignKeys: { seconds: +withKeys.seconds.toFixed(2), perSecond: rate(withKeys), nodeCpuMicrosPerDocument: perDoc(withKeys.nodeCpu), pgBackendCpuMicrosPerDocument: perDoc(withKeys.pgCpu) },
    importOfCeiling: +(rate(imported) / rate(ceiling)).toFixed(2),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await database.close();
  await rm(dir, { recursive: true, force: true });
}

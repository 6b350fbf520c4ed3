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

const TEMPLATE = 'kansio_test_template';

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
  try {
    await prepareTemplate(serverUrl);
    const args = process.argv.slice(2);
    const files = args.length ? args : ['test/**/*.test.ts'];
    return await runNodeTests(files, { ...process.env, KANSIO_TEST_SERVER_URL: serverUrl, KANSIO_TEST_TEMPLATE: TEMPLATE });
  } finally {
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

async function prepareTemplate(serverUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // Leftovers of an earlier interrupted run.
    const stale = await admin.query<{ datname: string }>("select datname from pg_database where datname like 'kansio_t_%' or datname = $1", [TEMPLATE]);
    for (const { datname } of stale.rows) {
      await admin.query(`drop database if exists "${datname}" with (force)`);
    }
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
  process.exitCode = await main();
}

// Issue 11, past one machine: N processes that start together on one database each migrate it
// and make sure of the audit partitions (src/app.ts, openDatabase). Each migration must run once,
// in order, and no start may fail because another one got there first: before, two processes
// creating the same month's partition made one of them exit with `relation "audit_event_202612"
// already exists` (4 of 5 rounds of two `kansio migrate` on a fresh database, docs/scaling.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../src/store/db.ts';
import { migrate, migrationFiles } from '../../src/store/migrate.ts';
import { ensureAuditPartitions } from '../../src/store/audit.ts';

const PROCESSES = 4;

/** An empty database (not the migrated template), named so that test/run.ts drops it. */
async function anEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.KANSIO_TEST_SERVER_URL;
  if (!server) throw new Error('run the tests with test/run.ts');
  const name = `kansio_t_${process.env.KANSIO_TEST_RUN_ID ?? '0'}_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try { await client.query(sql); } finally { await client.end(); }
  };
  await admin(`create database "${name}"`);
  const url = new URL(server);
  url.pathname = '/' + name;
  return { url: url.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

test('issue 11: processes starting together on a fresh database apply each migration once, in order, and make each audit partition once', { timeout: 60_000 }, async () => {
  const database = await anEmptyDatabase();
  const dbs: Db[] = Array.from({ length: PROCESSES }, () => openDb(database.url, 1));
  try {
    const applied = await Promise.all(dbs.map((db) => migrate(db)));
    const files = await migrationFiles();
    assert.deepEqual(applied.flat().sort(), files, 'between them the processes applied every file, each once');
    for (const mine of applied) assert.deepEqual(mine, [...mine].sort(), 'each process applied its share in order');
    const recorded = (await dbs[0]!.pool.query<{ name: string }>('select name from schema_migration order by applied_at, name')).rows.map((r) => r.name);
    assert.deepEqual(recorded, files, 'the database recorded each file once, in order');

    // Months that do not exist yet, so that every round creates partitions while all processes ask.
    for (let year = 2090; year < 2095; year++) {
      await Promise.all(dbs.map((db) => ensureAuditPartitions(db, new Date(Date.UTC(year, 10, 1)))));
    }
    const partitions = (await dbs[0]!.pool.query<{ name: string }>(
      "select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'audit_event'::regclass and c.relname like 'audit_event_209%' order by 1")).rows.map((r) => r.name);
    assert.equal(partitions.length, 5 * 3, `November to January of five years: ${partitions.join(', ')}`);
    // A lock that outlived its transaction would stay on a pooler's server session (docs/scaling.md).
    const held = await dbs[0]!.pool.query("select 1 from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())");
    assert.equal(held.rowCount, 0, 'no advisory lock is left behind');
  } finally {
    await Promise.all(dbs.map((db) => db.close()));
    await database.drop();
  }
});

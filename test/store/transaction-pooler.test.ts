// Issue 11, past one machine: KANSIO_PG_TRANSACTION_POOLER, for a DATABASE_URL that leads to a
// transaction-mode pooler without prepared statements (PgBouncer 1.18). CI has no PgBouncer, so
// these tests reproduce on PostgreSQL itself what such a pooler does to a client: its next
// transaction runs on a server session that lacks the statements it prepared (simulated by
// DEALLOCATE ALL on the session), and the pooler refuses the startup `options` that set the zone
// (the database's own zone is set to another one here). docs/scaling.md has the run through PgBouncer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { openDb, type Db } from '../../src/store/db.ts';
import { BinaryCopy, copyBinary } from '../../src/store/copy-binary.ts';
import { loadConfig } from '../../src/config.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  // A server whose zone is not UTC: the sessions Kansio opens from now on must still work in UTC.
  await database.db.pool.query(`alter database "${new URL(database.url).pathname.slice(1)}" set timezone to 'Pacific/Auckland'`);
});
after(async () => { await database.drop(); });

async function withDb<T>(transactionPooler: boolean, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openDb(database.url, 1, { transactionPooler });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** A named query, then the server session loses its prepared statements, then the query again. */
const namedQueryOnAnotherSession = (db: Db) => db.withConnection(async (connection) => {
  const probe = { name: 'pooler-probe', text: 'select $1::int + 1 as n', values: [41] };
  await connection.query(probe);
  const prepared = (await connection.query<{ name: string }>('select name from pg_prepared_statements')).rows.map((r) => r.name);
  await connection.query('deallocate all');
  return { prepared, again: (await connection.query<{ n: number }>(probe)).rows[0]!.n };
});

test('issue 11: without the switch a named statement fails on a server session that lacks it, as through PgBouncer 1.18', async () => {
  await assert.rejects(withDb(false, namedQueryOnAnotherSession), /prepared statement "pooler-probe" does not exist/);
});

test('issue 11: KANSIO_PG_TRANSACTION_POOLER drops statement names, so a query runs on any server session and none is left prepared', async () => {
  assert.deepEqual(await withDb(true, namedQueryOnAnotherSession), { prepared: [], again: 42 });
});

test('issue 11: every Kansio session works in UTC, with the startup option or, for a pooler, set on connect', async () => {
  const plain = new pg.Client({ connectionString: database.url });
  await plain.connect();
  try {
    assert.equal((await plain.query<{ TimeZone: string }>('show timezone')).rows[0]!.TimeZone, 'Pacific/Auckland', 'the server zone this test sets is not UTC');
  } finally {
    await plain.end();
  }
  for (const transactionPooler of [false, true]) {
    const zones = await withDb(transactionPooler, async (db) => [
      (await db.pool.query<{ TimeZone: string }>('show timezone')).rows[0]!.TimeZone,
      await db.withTransaction(async (tx) => (await tx.query<{ TimeZone: string }>({ name: 'zone', text: 'show timezone' })).rows[0]!.TimeZone),
      await db.withTransaction(async (tx) => (await tx.query<{ day: string }>("select to_char('2026-06-30T22:30:00Z'::timestamptz, 'YYYY-MM-DD') as day")).rows[0]!.day),
    ]);
    assert.deepEqual(zones, ['UTC', 'UTC', '2026-06-30'], `transactionPooler: ${transactionPooler}`);
  }
});

test('issue 11: the legacy import\'s COPY passes through the switch untouched', async () => {
  const rows = await withDb(true, (db) => db.withTransaction(async (tx) => {
    await tx.query('create temp table pooler_copy (k integer) on commit drop');
    const data = new BinaryCopy();
    for (const k of [1, 2, 3]) data.row(1).int4(k);
    assert.equal(await copyBinary(tx, 'pooler_copy', data), 3);
    return (await tx.query<{ k: number }>('select k from pooler_copy order by k')).rows.map((r) => r.k);
  }));
  assert.deepEqual(rows, [1, 2, 3]);
});

test('issue 11: KANSIO_PG_TRANSACTION_POOLER is read once at start, and needs a DATABASE_URL', () => {
  assert.equal(loadConfig({}).transactionPooler, false);
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://kansio@pgbouncer:6432/kansio', KANSIO_PG_TRANSACTION_POOLER: 'true' }).transactionPooler, true);
  assert.throws(() => loadConfig({ KANSIO_PG_TRANSACTION_POOLER: 'true' }), /KANSIO_PG_TRANSACTION_POOLER=true describes the pooler DATABASE_URL leads to/);
  assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://x/y', KANSIO_PG_TRANSACTION_POOLER: 'maybe' }), /KANSIO_PG_TRANSACTION_POOLER must be true or false/);
});

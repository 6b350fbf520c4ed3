// D10, issue 11: the audit records of reads go by group commit (src/store/audit-appender.ts).
// Concurrent reads share one statement and one commit, each read's append settles only once its
// own record has committed, the chains verify as before, and a record that cannot be written
// fails its own read alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { openDb } from '../../src/store/db.ts';
import { appendAudit, type AuditRecord } from '../../src/store/audit.ts';
import { verifyAuditChain } from '../../src/usecases/verify-audit-chain.ts';

let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
  await database.db.pool.query(`insert into organisation (oid, name, kind, parent_oid) values ('1.2.246.10.55501', 'Group commit area', 'welfare-area', null)`);
});
after(async () => database?.drop());

function aRecord(n: number, extra: Partial<AuditRecord> = {}): AuditRecord {
  return {
    eventId: randomUUID(), recordedAt: new Date().toISOString(), action: 'search', outcome: 'success',
    organisationOid: '1.2.246.10.55501', system: { clientId: 'group-commit-test', name: 'Test system' },
    query: `request ${n}`, because: [{ rule: 'D2', detail: 'own register' }], documents: [], ...extra,
  } as AuditRecord;
}

async function countRecords(where: string, values: unknown[]): Promise<number> {
  // Read on a connection of its own: what is counted here has committed.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(`select count(*) as n from audit_event where ${where}`, values)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

test('D10, issue 11: 64 concurrent reads commit their records in fewer statements than records, each committed before its read goes on, and every lane verifies', async () => {
  const db = openDb(database.url, 16, { auditWriters: 2 });
  try {
    const marker = randomUUID();
    const seenAtResolve: number[] = [];
    await Promise.all(Array.from({ length: 64 }, (_, i) => db.withConnection(async (connection) => {
      await appendAudit(connection, aRecord(i, { query: `${marker} ${i}` }));
      // D10: once the append has settled, the record is visible to anyone: it has committed.
      seenAtResolve.push(await countRecords('body::jsonb ->> \'query\' = $1', [`${marker} ${i}`]));
    })));
    assert.deepEqual(seenAtResolve, Array(64).fill(1), 'every read found its own record committed when its append settled');
    const stats = db.auditGroupStats()!;
    assert.equal(stats.records, 64);
    assert.ok(stats.batches < 64, `64 records went in ${stats.batches} batches: concurrent records must share commits`);
    // Two writers: at most two lanes of this process received the records.
    const lanes = await database.db.pool.query<{ lane: number }>('select distinct lane from audit_event where body::jsonb ->> \'query\' like $1', [`${marker} %`]);
    assert.ok(lanes.rows.length <= 2, `records went to ${lanes.rows.length} lanes`);
    const report = await database.db.withSnapshot((s) => verifyAuditChain(s));
    assert.deepEqual(report.broken, []);
    assert.ok(report.records >= 64);
  } finally {
    await db.close();
  }
});

test('D10, issue 11: a record that cannot be written fails its own read alone; the others in its batch commit', async () => {
  const db = openDb(database.url, 16, { auditWriters: 1 });
  try {
    const marker = randomUUID();
    // One writer: while the first record is being written, the rest queue and go as one batch,
    // the bad one among them. Its event id is not a uuid, so the batch's statement fails.
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => db.withConnection((connection) =>
      appendAudit(connection, aRecord(i, { query: `${marker} ${i}`, ...(i === 6 ? { eventId: 'not-a-uuid' } : {}) })))));
    assert.equal(results[6]!.status, 'rejected');
    assert.match(String((results[6] as PromiseRejectedResult).reason), /uuid/);
    assert.deepEqual(results.filter((r) => r.status === 'rejected').length, 1, 'only the bad record failed');
    assert.equal(await countRecords('body::jsonb ->> \'query\' like $1', [`${marker} %`]), 11);
    assert.ok(db.auditGroupStats()!.retriedAlone >= 2, 'the bad record failed in a batch with others, which were then written alone');
    const report = await database.db.withSnapshot((s) => verifyAuditChain(s));
    assert.deepEqual(report.broken, []);
  } finally {
    await db.close();
  }
});

/** Waits until a group-commit writer of this database waits on a lock, and ends its session. */
const terminated: number[] = [];
async function terminateBlockedWriter(admin: pg.Client): Promise<void> {
  for (let i = 0; i < 200; i++) {
    // A session just told to end may still be listed for a moment: never the same one twice.
    const r = await admin.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = current_database() and application_name = 'kansio-audit' and wait_event_type = 'Lock' and not (pid = any($1::int[]))", [terminated]);
    if (r.rows[0]) {
      terminated.push(r.rows[0].pid);
      await admin.query('select pg_terminate_backend($1)', [r.rows[0].pid]);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no group-commit writer came to wait on the lane lock');
}

test('D10, issue 11: when a batch\'s session ends (FATAL, a lost connection), its reads fail and nothing is written twice: the batch is not retried', async () => {
  const db = openDb(database.url, 16, { auditWriters: 1 });
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  try {
    const marker = randomUUID();
    // Hold every lane head, so that the writer's batches wait on the lock.
    await admin.query('begin');
    await admin.query('select lane from audit_lane for update');
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    const reads = Array.from({ length: 6 }, (_, i) => db.withConnection((c) => appendAudit(c, aRecord(i, { query: `${marker} ${i}` }))));
    const settled = Promise.allSettled(reads);
    // The first record goes alone; the other five queue and then go as one batch.
    for (let i = 0; db.auditGroupStats()!.queued < 5; i++) {
      assert.ok(i < 400, 'the five other reads queue behind the blocked writer');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await terminateBlockedWriter(locker);
    await terminateBlockedWriter(locker);
    await admin.query('rollback');
    await locker.end();
    const results = await settled;
    assert.deepEqual(results.map((r) => r.status), Array(6).fill('rejected'), 'every read whose batch lost its session failed');
    assert.equal(db.auditGroupStats()!.retriedAlone, 0, 'a batch whose session ended is not written again');
    assert.equal(await countRecords('body::jsonb ->> \'query\' like $1', [`${marker} %`]), 0);
    // The appender goes on with a new connection.
    await db.withConnection((c) => appendAudit(c, aRecord(99, { query: `${marker} after` })));
    assert.equal(await countRecords('body::jsonb ->> \'query\' = $1', [`${marker} after`]), 1);
  } finally {
    await admin.end().catch(() => {});
    await db.close();
  }
});

test('D10, issue 11: a change\'s record still commits inside its own transaction, and rolls back with it', async () => {
  const db = openDb(database.url, 4, { auditWriters: 2 });
  try {
    const marker = randomUUID();
    await assert.rejects(db.withTransaction(async (tx) => {
      await appendAudit(tx, aRecord(1, { action: 'store', query: marker }));
      // Not committed yet: the record is part of the transaction, not of a group batch.
      assert.equal(await countRecords('body::jsonb ->> \'query\' = $1', [marker]), 0);
      throw new Error('the change fails');
    }), /the change fails/);
    assert.equal(await countRecords('body::jsonb ->> \'query\' = $1', [marker]), 0, 'the record rolled back with its change');
    assert.equal(db.auditGroupStats()!.records, 0);
  } finally {
    await db.close();
  }
});

test('issue 11: KANSIO_AUDIT_WRITERS=0 commits each read\'s record on its own, on the read\'s connection', async () => {
  const db = openDb(database.url, 4, { auditWriters: 0 });
  try {
    const marker = randomUUID();
    await Promise.all(Array.from({ length: 8 }, (_, i) => db.withConnection((c) => appendAudit(c, aRecord(i, { query: `${marker} ${i}` })))));
    assert.equal(db.auditGroupStats(), undefined);
    assert.equal(await countRecords('body::jsonb ->> \'query\' like $1', [`${marker} %`]), 8);
  } finally {
    await db.close();
  }
});

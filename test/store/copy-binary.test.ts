// L4: the binary COPY encoder of the legacy import. Every kind of value it writes comes back from
// PostgreSQL as written, and the same COPY data can be sent again after a failed attempt (the
// import retries a batch that met a unique violation).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { BinaryCopy, copyBinary, encoded, encodedTimestamptz } from '../../src/store/copy-binary.ts';

let database: TestDatabase;
before(async () => { database = await createTestDatabase(); });
after(async () => { await database.drop(); });

test('L4: bytea, text (UTF-8 and null), int4, int8, bool, uuid, raw text and timestamptz arrive as written', async () => {
  const client = await database.db.pool.connect();
  try {
    await client.query('create temp table copy_check (b bytea, t text, n text, i4 integer, i8 bigint, bo boolean, u uuid, r text, ts timestamptz)');
    const bytes = Buffer.from([0, 1, 2, 255, 0x5c, 0x0a]);
    const data = new BinaryCopy(16);
    const view = data.row(9).byteaView(bytes);
    data.text('Palvelupäätös — 𝄞').null().int4(-7).int8('9007199254740993').bool(true).uuid('01931a2b-3c4d-7e5f-8a9b-0c1d2e3f4a5b').raw(encoded('legacy')).raw(encodedTimestamptz('2016-06-01T12:34:56.789Z'));
    data.row(9).bytea(Buffer.alloc(0)).text('').null().int4(0).int8(0n).bool(false).uuid('00000000-0000-0000-0000-000000000000').raw(encoded('')).raw(encodedTimestamptz('1999-12-31T23:59:59.999Z'));
    assert.deepEqual(view, bytes, 'the view shows the bytes where they sit');
    assert.equal(await copyBinary(client, 'copy_check', data), 2);
    const rows = (await client.query<{ b: Buffer; t: string; n: null; i4: number; i8: string; bo: boolean; u: string; r: string; ts: string }>(
      `select b, t, n, i4, i8::text, bo, u::text, r, to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as ts from copy_check order by i4`)).rows;
    assert.deepEqual(rows[0], { b: bytes, t: 'Palvelupäätös — 𝄞', n: null, i4: -7, i8: '9007199254740993', bo: true, u: '01931a2b-3c4d-7e5f-8a9b-0c1d2e3f4a5b', r: 'legacy', ts: '2016-06-01T12:34:56.789' });
    assert.deepEqual(rows[1], { b: Buffer.alloc(0), t: '', n: null, i4: 0, i8: '0', bo: false, u: '00000000-0000-0000-0000-000000000000', r: '', ts: '1999-12-31T23:59:59.999' });
  } finally {
    client.release();
  }
});

test('L4: COPY data that failed on a unique key is sent again as it was, and a finished COPY takes no more rows', async () => {
  const client = await database.db.pool.connect();
  try {
    await client.query('create temp table copy_unique (k integer primary key)');
    await client.query('insert into copy_unique values (2)');
    const data = new BinaryCopy();
    for (const k of [1, 2, 3]) data.row(1).int4(k);
    await assert.rejects(copyBinary(client, 'copy_unique', data), (error: { code?: string }) => error.code === '23505');
    await client.query('delete from copy_unique');
    assert.equal(await copyBinary(client, 'copy_unique', data), 3);
    assert.deepEqual((await client.query<{ k: number }>('select k from copy_unique order by k')).rows.map((r) => r.k), [1, 2, 3]);
    assert.throws(() => data.row(1), /finished/);
  } finally {
    client.release();
  }
});

// L4: the legacy import's ids are RFC 9562 version 7 UUIDs, increasing within a batch and from
// one batch to the next, so that its index inserts land at the right edge of each B-tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MAX_UUID_V7_BATCH, uuidV7s } from '../../src/domain/uuid-v7.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('L4: version 7 ids carry the millisecond and increase within a call and across calls', () => {
  const ms = Date.UTC(2026, 11, 1, 12, 0, 0, 123);
  const first = uuidV7s(70_000, ms, randomBytes(70_000 * 6));
  const second = uuidV7s(3, ms + 1, randomBytes(18));
  for (const id of [...first, ...second]) assert.match(id, UUID_V7);
  assert.equal(parseInt(first[0]!.replaceAll('-', '').slice(0, 12), 16), ms, 'the first 48 bits are the millisecond');
  const all = [...first, ...second];
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]! < all[i]!, `${all[i - 1]} < ${all[i]}`);
  assert.equal(new Set(all).size, all.length);
});

test('L4: the random bits come from the caller, and bad arguments are refused', () => {
  const random = Buffer.alloc(12, 0xab);
  const ids = uuidV7s(2, 1, random);
  assert.ok(ids.every((id) => id.endsWith('-abababababab')));
  assert.throws(() => uuidV7s(2, 1, Buffer.alloc(11)), /12 random bytes needed/);
  assert.throws(() => uuidV7s(MAX_UUID_V7_BATCH + 1, 1, Buffer.alloc(0)), /count must be/);
  assert.throws(() => uuidV7s(1, 2 ** 48, Buffer.alloc(6)), /48-bit/);
});

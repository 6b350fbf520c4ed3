// Time-ordered UUIDs (RFC 9562 version 7) for ids made in bulk: the legacy import (L4) names
// thousands of documents a batch. Ids that grow with time land at the right edge of each B-tree
// index (version id, set id, submission set id) instead of on a random leaf of it, which cuts
// the server's work per document by about a third (docs/benchmarks.md). Pure: the instant and
// the random bytes are arguments.

/** Ids per call at most: the counter's 26 bits (RFC 9562 6.2, method 1, fixed-length counter). */
export const MAX_UUID_V7_BATCH = 1 << 26;

/**
 * `count` version 7 UUIDs sharing the millisecond `unixMs`, in increasing order: a 26-bit
 * counter after the timestamp keeps them ordered, and 48 random bits from `random` (6 bytes an
 * id) keep two processes' ids of the same millisecond apart.
 */
export function uuidV7s(count: number, unixMs: number, random: Uint8Array): string[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_UUID_V7_BATCH) throw new RangeError(`count must be 0..${MAX_UUID_V7_BATCH}`);
  if (!Number.isInteger(unixMs) || unixMs < 0 || unixMs >= 2 ** 48) throw new RangeError('unixMs must be a 48-bit millisecond count');
  if (random.length < count * 6) throw new RangeError(`${count * 6} random bytes needed`);
  const ids: string[] = [];
  const b = Buffer.alloc(16);
  b.writeUIntBE(unixMs, 0, 6);
  for (let i = 0; i < count; i++) {
    b[6] = 0x70 | (i >>> 22);
    b[7] = (i >>> 14) & 0xff;
    b[8] = 0x80 | ((i >>> 8) & 0x3f);
    b[9] = i & 0xff;
    b.set(random.subarray(i * 6, i * 6 + 6), 10);
    const x = b.toString('hex');
    ids.push(`${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`);
  }
  return ids;
}

// PostgreSQL's binary COPY format (the "COPY ... FROM STDIN (FORMAT binary)" wire data), for the
// bulk writes of the legacy import (L4). Binary rather than text: bytea and hashes go as they are
// (text COPY would double them into hex for the server to parse back), uuids are 16 bytes, and
// nothing needs escaping. The layout is PostgreSQL's (docs: COPY, "Binary Format"): a header, then
// per row a 16-bit field count and per field a 32-bit length (-1 for null) and the value in the
// type's send format, then a trailer of -1.
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from 'pg';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** PostgreSQL's epoch (2000-01-01) in Unix milliseconds. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

/** One COPY's rows, encoded into one growing buffer. */
export class BinaryCopy {
  private buffer: Buffer;
  private at = 0;
  private finished = false;
  rows = 0;

  /** `reuse`: a buffer of an earlier COPY (see CopyBuffers), written over if it is large enough. */
  constructor(expectedBytes = 1 << 16, reuse?: Buffer) {
    this.buffer = reuse && reuse.length >= expectedBytes ? reuse : Buffer.allocUnsafe(Math.max(expectedBytes, 64));
    SIGNATURE.copy(this.buffer, 0);
    this.buffer.writeInt32BE(0, 11); // flags: no OIDs
    this.buffer.writeInt32BE(0, 15); // header extension length
    this.at = 19;
  }

  private room(n: number): void {
    if (this.at + n <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + n));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }

  /** Starts a row of `fields` values; each value is then written in the table's column order. */
  row(fields: number): this {
    if (this.finished) throw new Error('this COPY data is finished');
    this.room(2);
    this.at = this.buffer.writeInt16BE(fields, this.at);
    this.rows++;
    return this;
  }

  null(): this {
    this.room(4);
    this.at = this.buffer.writeInt32BE(-1, this.at);
    return this;
  }

  bytea(value: Buffer): this {
    this.room(4 + value.length);
    this.at = this.buffer.writeInt32BE(value.length, this.at);
    this.at += value.copy(this.buffer, this.at);
    return this;
  }

  /**
   * Appends a bytea value and returns its bytes as they sit in this COPY's data: a view that
   * stays valid (when the buffer grows, the old one is copied, not overwritten).
   */
  byteaView(value: Buffer): Buffer {
    this.bytea(value);
    return this.buffer.subarray(this.at - value.length, this.at);
  }

  text(value: string | null): this {
    if (value === null) return this.null();
    const max = value.length * 3;
    this.room(4 + max);
    const n = this.buffer.write(value, this.at + 4, 'utf8');
    this.buffer.writeInt32BE(n, this.at);
    this.at += 4 + n;
    return this;
  }

  int4(value: number): this {
    this.room(8);
    this.at = this.buffer.writeInt32BE(4, this.at);
    this.at = this.buffer.writeInt32BE(value, this.at);
    return this;
  }

  /** bigint, given as node-postgres returns it (a decimal string) or as a bigint. */
  int8(value: string | bigint): this {
    this.room(12);
    this.at = this.buffer.writeInt32BE(8, this.at);
    this.at = this.buffer.writeBigInt64BE(BigInt(value), this.at);
    return this;
  }

  bool(value: boolean): this {
    this.room(5);
    this.at = this.buffer.writeInt32BE(1, this.at);
    this.at = this.buffer.writeUInt8(value ? 1 : 0, this.at);
    return this;
  }

  /**
   * A value already in its binary send format, such as a text's UTF-8 bytes: for values that
   * every row repeats, encoded once (see encoded()).
   */
  raw(value: Buffer): this {
    return this.bytea(value);
  }

  /** A uuid in its usual 8-4-4-4-12 hex form. */
  uuid(value: string): this {
    this.room(20);
    this.at = this.buffer.writeInt32BE(16, this.at);
    const hex = value.replaceAll('-', '');
    if (hex.length !== 32) throw new TypeError(`not a uuid: ${value}`);
    this.at += this.buffer.write(hex, this.at, 'hex');
    return this;
  }

  /** The memory this COPY wrote into, to be reused once the COPY and every view of it are done. */
  get storage(): Buffer {
    return this.buffer;
  }

  /** The whole COPY data: header, rows and trailer. The same bytes again when a COPY is retried. */
  finish(): Buffer {
    if (!this.finished) {
      this.room(2);
      this.at = this.buffer.writeInt16BE(-1, this.at);
      this.finished = true;
    }
    return this.buffer.subarray(0, this.at);
  }
}

/** A text value's UTF-8 bytes, for BinaryCopy.raw. */
export function encoded(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** A timestamptz's send format (microseconds since 2000-01-01), for BinaryCopy.raw. */
export function encodedTimestamptz(iso: string): Buffer {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new TypeError(`not an instant: ${iso}`);
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64BE(BigInt(ms - PG_EPOCH_MS) * 1000n);
  return b;
}

/**
 * Buffers handed from one batch's COPY to a later one's. A fresh buffer of megabytes costs a page
 * fault per 4 KB when first written (3-10 µs per 2 KB document here); written over, it costs
 * nothing more than the copy.
 */
export class CopyBuffers {
  private readonly free: Buffer[] = [];

  /** A COPY writing into the smallest free buffer of at least `expectedBytes`, or into a new one. */
  take(expectedBytes: number): BinaryCopy {
    let best = -1;
    this.free.forEach((b, i) => { if (b.length >= expectedBytes && (best === -1 || b.length < this.free[best]!.length)) best = i; });
    return new BinaryCopy(expectedBytes, best === -1 ? undefined : this.free.splice(best, 1)[0]);
  }

  /** Gives back a COPY's memory: call when the COPY has run and no view of it is kept. */
  give(copy: BinaryCopy): void {
    if (this.free.length < 4) this.free.push(copy.storage);
  }
}

/**
 * Runs `copy <target> from stdin (format binary)` on a client with the encoded rows, and
 * resolves with the number of rows PostgreSQL took. `target` is a table with its column list.
 */
export async function copyBinary(client: PoolClient, target: string, data: BinaryCopy): Promise<number> {
  const stream = client.query(copyFrom(`copy ${target} from stdin (format binary)`));
  const bytes = data.finish();
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(bytes);
  });
  return stream.rowCount;
}

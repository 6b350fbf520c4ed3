// Content-addressed document bytes. A small interface, so that an object store can replace the
// bytea table for large deployments without touching the use cases.
import type { Queryable } from './queryable.ts';

export interface BlobStore {
  /** Stores bytes under their SHA-256 (idempotent). */
  put(tx: Queryable, sha256: Buffer, bytes: Buffer): Promise<void>;
  get(db: Queryable, sha256: Buffer): Promise<Buffer | undefined>;
}

export const postgresBlobStore: BlobStore = {
  async put(tx, sha256, bytes) {
    await tx.query({ name: 'blob-put', text: 'insert into blob (sha256, bytes) values ($1, $2) on conflict do nothing', values: [sha256, bytes] });
  },
  async get(db, sha256) {
    const r = await db.query<{ bytes: Buffer }>({ name: 'blob-get', text: 'select bytes from blob where sha256 = $1', values: [sha256] });
    return r.rows[0]?.bytes;
  },
};

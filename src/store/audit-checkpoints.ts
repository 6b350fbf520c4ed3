// D10 (issue 12): the table of signed audit checkpoints (migrations/0016_audit_checkpoint.sql).
import type { Queryable } from './queryable.ts';
import type { Tx } from './db.ts';

export interface StoredCheckpoint {
  readonly size: bigint;
  readonly createdAt: string;
  readonly note: string;
}

type Row = { size: string; created_at: Date; note: string };
const fromRow = (r: Row): StoredCheckpoint => ({ size: BigInt(r.size), createdAt: r.created_at.toISOString(), note: r.note });

/**
 * Takes checkpoints one at a time across every process on the database, until the transaction
 * ends: each then reads lane heads at least as new as the previous checkpoint's.
 */
export async function lockCheckpoints(tx: Tx): Promise<void> {
  await tx.query({ name: 'audit-checkpoint-lock', text: "select pg_advisory_xact_lock(hashtext('kansio-audit-checkpoint'))" });
}

export async function latestCheckpoint(db: Queryable): Promise<StoredCheckpoint | undefined> {
  const result = await db.query<Row>({ name: 'audit-checkpoint-latest', text: 'select size, created_at, note from audit_checkpoint order by size desc limit 1' });
  return result.rows[0] ? fromRow(result.rows[0]) : undefined;
}

export async function checkpointOfSize(db: Queryable, size: bigint): Promise<StoredCheckpoint | undefined> {
  const result = await db.query<Row>({ name: 'audit-checkpoint-of-size', text: 'select size, created_at, note from audit_checkpoint where size = $1', values: [String(size)] });
  return result.rows[0] ? fromRow(result.rows[0]) : undefined;
}

export async function insertCheckpoint(tx: Tx, checkpoint: { readonly size: bigint; readonly createdAt: string; readonly root: Buffer; readonly note: string }): Promise<void> {
  await tx.query({
    name: 'audit-checkpoint-insert',
    text: 'insert into audit_checkpoint (size, created_at, root_hash, note) values ($1, $2, $3, $4)',
    values: [String(checkpoint.size), checkpoint.createdAt, checkpoint.root, checkpoint.note],
  });
}

/**
 * The stored hash of each record at (lane, seq): how a new checkpoint checks that the lanes
 * still pass through the previous checkpoint's records.
 */
export async function auditHashesAt(db: Queryable, positions: readonly { readonly lane: number; readonly seq: bigint }[]): Promise<Map<string, Buffer>> {
  // One index probe per position (the primary key starts with lane, seq), never a scan of the trail.
  const result = await db.query<{ lane: number; seq: string; hash: Buffer | null }>({
    name: 'audit-hashes-at',
    text: `select p.lane, p.seq, (select e.hash from audit_event e where e.lane = p.lane and e.seq = p.seq limit 1) as hash
           from unnest($1::smallint[], $2::bigint[]) as p(lane, seq)`,
    values: [positions.map((p) => p.lane), positions.map((p) => String(p.seq))],
  });
  return new Map(result.rows.flatMap((r) => (r.hash ? [[`${r.lane}/${r.seq}`, r.hash] as const] : [])));
}

// `kansio audit verify`: walks every lane of the audit chain from its genesis, recomputes each
// record's hash from its predecessor's and its body, checks that the indexed columns say what
// the body says, that sequence numbers have no gaps, and that the lane head matches the last
// record. Reports the first broken record of each lane.
//
// The lane heads and the records are read in one snapshot (the caller's REPEATABLE READ
// transaction): on a server in use, heads read before the records would lag behind the
// records appended meanwhile, and verify would report a removed tail that is not (issue 8).
// An append writes its record and its lane head in one statement, so a snapshot holds both
// or neither.
//
// Given signed checkpoints (issue 12), it also checks that the chains extend every one of them:
// the hash recomputed from the genesis up to each checkpointed position must be the hash the
// checkpoint signed. An insider who edits a record and recomputes every later hash and the lane
// heads passes the chain check, but not this one: the edited lane no longer runs through the
// checkpoint's hash, and only the signing key could make a checkpoint that says otherwise.
import { createHash } from 'node:crypto';
import type { Snapshot } from '../store/db.ts';
import { AUDIT_LANES, auditLaneHeads, auditLanePage, type AuditRecord, type StoredAuditEvent } from '../store/audit.ts';
import type { Checkpoint } from '../domain/audit-checkpoint.ts';

export interface BrokenRecord {
  readonly lane: number;
  readonly seq: string;
  readonly eventId: string;
  readonly problem: string;
}

/** A lane that no longer runs through what a checkpoint signed. */
export interface CheckpointMismatch {
  /** Index into the checkpoints given: the first one, in their order, that this lane no longer matches. */
  readonly checkpoint: number;
  readonly lane: number;
  readonly seq: string;
  readonly problem: string;
}

export interface VerifyReport {
  readonly records: number;
  readonly lanes: number;
  readonly broken: readonly BrokenRecord[];
  /** Checkpoints given (ordered by size, oldest first) that the database no longer extends, a lane each. */
  readonly checkpointMismatches: readonly CheckpointMismatch[];
}

interface Expected {
  readonly seq: bigint;
  readonly hash: Buffer;
  readonly checkpoint: number;
}

/** Per lane, every position a checkpoint signed, by sequence number (a position signed alike twice once). */
function expectedPositions(checkpoints: readonly Checkpoint[]): Map<number, Expected[]> {
  const byLane = new Map<number, Expected[]>();
  checkpoints.forEach((c, checkpoint) => {
    for (const h of c.lanes) {
      if (h.seq === 0n) continue;
      const list = byLane.get(h.lane) ?? [];
      const last = list[list.length - 1];
      if (!(last && last.seq === h.seq && last.hash.equals(h.hash))) list.push({ seq: h.seq, hash: h.hash, checkpoint });
      byLane.set(h.lane, list);
    }
  });
  for (const list of byLane.values()) list.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : a.checkpoint - b.checkpoint));
  return byLane;
}

/** Keeps, per lane, the mismatch of the earliest checkpoint. */
function noteMismatch(found: Map<number, CheckpointMismatch>, m: CheckpointMismatch): void {
  const known = found.get(m.lane);
  if (!known || m.checkpoint < known.checkpoint) found.set(m.lane, m);
}

export function genesisHash(lane: number): Buffer {
  return createHash('sha256').update(`kansio-audit-genesis-${lane}`, 'utf8').digest();
}

function columnMismatch(e: StoredAuditEvent): string | undefined {
  let body: AuditRecord;
  try {
    body = JSON.parse(e.body) as AuditRecord;
  } catch {
    return 'the body is not JSON';
  }
  if (body.eventId !== e.eventId) return 'event_id differs from the body';
  if (body.action !== e.action) return 'action differs from the body';
  if (body.outcome !== e.outcome) return 'outcome differs from the body';
  if ((body.personKey ?? null) !== e.personKey) return 'person_key differs from the body';
  if (body.organisationOid !== e.organisationOid) return 'organisation_oid differs from the body';
  if (new Date(body.recordedAt).getTime() !== new Date(e.recordedAt).getTime()) return 'recorded_at differs from the body';
  return undefined;
}

/**
 * Walks every lane in the snapshot. `checkpoints` (opened and parsed, ordered by size) are the
 * positions the chains must still run through.
 */
export async function verifyAuditChain(db: Snapshot, onProgress: (done: number, total: number) => void = () => {}, pageSize = 5000, checkpoints: readonly Checkpoint[] = []): Promise<VerifyReport> {
  const heads = await auditLaneHeads(db);
  const total = heads.reduce((n, h) => n + Number(h.lastSeq), 0);
  const broken: BrokenRecord[] = [];
  const expected = expectedPositions(checkpoints);
  const mismatches = new Map<number, CheckpointMismatch>();
  let records = 0;
  for (const head of heads) {
    let prev = genesisHash(head.lane);
    // The hash recomputed from the genesis over every body read, whatever the stored hashes say.
    let chain = prev;
    const positions = expected.get(head.lane) ?? [];
    expected.delete(head.lane);
    let k = 0;
    let expectedSeq = 1n;
    let after = '0';
    let laneBroken = false;
    for (;;) {
      const page = await auditLanePage(db, head.lane, after, pageSize);
      for (const e of page) {
        records++;
        const seq = BigInt(e.seq);
        if (k < positions.length) {
          chain = createHash('sha256').update(chain).update(e.body, 'utf8').digest();
          for (; k < positions.length && positions[k]!.seq <= seq; k++) {
            const p = positions[k]!;
            if (p.seq < seq) noteMismatch(mismatches, { checkpoint: p.checkpoint, lane: head.lane, seq: String(p.seq), problem: `record ${p.seq} is missing (a record was removed)` });
            else if (!chain.equals(p.hash)) noteMismatch(mismatches, { checkpoint: p.checkpoint, lane: head.lane, seq: String(p.seq), problem: `the hash of record ${p.seq} is not the one the checkpoint signed (a record up to it was changed, and the later hashes recomputed)` });
          }
        }
        if (laneBroken) continue;
        const recomputed = createHash('sha256').update(prev).update(e.body, 'utf8').digest();
        const problem =
          BigInt(e.seq) !== expectedSeq ? `sequence gap: expected ${expectedSeq}, found ${e.seq} (a record was removed)`
          : !e.prevHash.equals(prev) ? 'prev_hash does not match the previous record\'s hash'
          : !e.hash.equals(recomputed) ? 'hash does not match the body (the record was changed)'
          : columnMismatch(e);
        if (problem) {
          broken.push({ lane: e.lane, seq: e.seq, eventId: e.eventId, problem });
          laneBroken = true;
        }
        prev = e.hash;
        expectedSeq++;
      }
      onProgress(records, total);
      if (page.length < pageSize) break;
      after = page[page.length - 1]!.seq;
    }
    if (!laneBroken && (BigInt(head.lastSeq) !== expectedSeq - 1n || !head.lastHash.equals(prev))) {
      broken.push({ lane: head.lane, seq: String(expectedSeq - 1n), eventId: '', problem: `the lane head says ${head.lastSeq} records but the chain ends at ${expectedSeq - 1n} (records were removed from the end)` });
    }
    for (const p of positions.slice(k)) {
      noteMismatch(mismatches, { checkpoint: p.checkpoint, lane: head.lane, seq: String(p.seq), problem: `the lane ends at record ${expectedSeq - 1n}, the checkpoint signed record ${p.seq} (records were removed from the end)` });
    }
  }
  for (const [lane, positions] of expected) {
    noteMismatch(mismatches, { checkpoint: positions[0]!.checkpoint, lane, seq: String(positions[0]!.seq), problem: `the database has no lane ${lane}` });
  }
  const checkpointMismatches = [...mismatches.values()].sort((a, b) => a.checkpoint - b.checkpoint || a.lane - b.lane);
  return { records, lanes: AUDIT_LANES, broken, checkpointMismatches };
}

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
import { CheckpointPositions } from '../domain/audit-checkpoint.ts';

export interface BrokenRecord {
  readonly lane: number;
  readonly seq: string;
  readonly eventId: string;
  readonly problem: string;
}

/** A lane that no longer runs through what a checkpoint signed. */
export interface CheckpointMismatch {
  /** The index (CheckpointPositions) of the earliest checkpoint that this lane no longer matches. */
  readonly checkpoint: number;
  readonly lane: number;
  readonly seq: string;
  readonly problem: string;
}

export interface VerifyReport {
  readonly records: number;
  readonly lanes: number;
  readonly broken: readonly BrokenRecord[];
  /** Checkpoints given that the database no longer extends, a lane each, the earliest first. */
  readonly checkpointMismatches: readonly CheckpointMismatch[];
}

/** Keeps, per lane, the mismatch of the earliest checkpoint (the smallest size). */
function noteMismatch(found: Map<number, CheckpointMismatch>, sizes: readonly bigint[], m: CheckpointMismatch): void {
  const known = found.get(m.lane);
  if (!known || sizes[m.checkpoint]! < sizes[known.checkpoint]!) found.set(m.lane, m);
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
 * Walks every lane in the snapshot. `signed` holds the positions of the checkpoints given (opened
 * with a trusted key): the chains must still run through every one.
 */
export async function verifyAuditChain(db: Snapshot, onProgress: (done: number, total: number) => void = () => {}, pageSize = 5000, signed: CheckpointPositions = new CheckpointPositions()): Promise<VerifyReport> {
  const heads = await auditLaneHeads(db);
  const total = heads.reduce((n, h) => n + Number(h.lastSeq), 0);
  const broken: BrokenRecord[] = [];
  const mismatches = new Map<number, CheckpointMismatch>();
  const mismatch = (m: CheckpointMismatch): void => noteMismatch(mismatches, signed.sizes, m);
  const unvisited = new Set(signed.lanes());
  let records = 0;
  for (const head of heads) {
    let prev = genesisHash(head.lane);
    // The hash recomputed from the genesis over every body read, whatever the stored hashes say.
    let chain = prev;
    const positions = signed.of(head.lane);
    unvisited.delete(head.lane);
    let next = positions.next();
    let expectedSeq = 1n;
    let lastSeq = 0n;
    let after = '0';
    let laneBroken = false;
    for (;;) {
      const page = await auditLanePage(db, head.lane, after, pageSize);
      for (const e of page) {
        records++;
        const seq = BigInt(e.seq);
        lastSeq = seq;
        if (!next.done) {
          chain = createHash('sha256').update(chain).update(e.body, 'utf8').digest();
          for (; !next.done && next.value.seq <= seq; next = positions.next()) {
            const p = next.value;
            if (p.seq < seq) mismatch({ checkpoint: p.checkpoint, lane: head.lane, seq: String(p.seq), problem: `record ${p.seq} is missing (a record was removed)` });
            else if (!chain.equals(p.hash)) mismatch({ checkpoint: p.checkpoint, lane: head.lane, seq: String(p.seq), problem: `the hash of record ${p.seq} is not the one the checkpoint signed (a record up to it was changed, and the later hashes recomputed)` });
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
    for (; !next.done; next = positions.next()) {
      const p = next.value;
      mismatch({ checkpoint: p.checkpoint, lane: head.lane, seq: String(p.seq), problem: `the lane ends at record ${lastSeq}, the checkpoint signed record ${p.seq} (records were removed from the end)` });
    }
  }
  for (const lane of unvisited) {
    for (const p of signed.of(lane)) mismatch({ checkpoint: p.checkpoint, lane, seq: String(p.seq), problem: `the database has no lane ${lane}` });
  }
  const bySize = (a: CheckpointMismatch, b: CheckpointMismatch): number => (signed.sizes[a.checkpoint]! < signed.sizes[b.checkpoint]! ? -1 : signed.sizes[a.checkpoint]! > signed.sizes[b.checkpoint]! ? 1 : a.lane - b.lane);
  const checkpointMismatches = [...mismatches.values()].sort(bySize);
  return { records, lanes: AUDIT_LANES, broken, checkpointMismatches };
}

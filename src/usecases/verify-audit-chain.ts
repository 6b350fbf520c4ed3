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
import { createHash } from 'node:crypto';
import type { Snapshot } from '../store/db.ts';
import { AUDIT_LANES, auditLaneHeads, auditLanePage, type AuditRecord, type StoredAuditEvent } from '../store/audit.ts';

export interface BrokenRecord {
  readonly lane: number;
  readonly seq: string;
  readonly eventId: string;
  readonly problem: string;
}

export interface VerifyReport {
  readonly records: number;
  readonly lanes: number;
  readonly broken: readonly BrokenRecord[];
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

export async function verifyAuditChain(db: Snapshot, onProgress: (done: number, total: number) => void = () => {}, pageSize = 5000): Promise<VerifyReport> {
  const heads = await auditLaneHeads(db);
  const total = heads.reduce((n, h) => n + Number(h.lastSeq), 0);
  const broken: BrokenRecord[] = [];
  let records = 0;
  for (const head of heads) {
    let prev = genesisHash(head.lane);
    let expectedSeq = 1n;
    let after = '0';
    let laneBroken = false;
    for (;;) {
      const page = await auditLanePage(db, head.lane, after, pageSize);
      for (const e of page) {
        records++;
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
  }
  return { records, lanes: AUDIT_LANES, broken };
}

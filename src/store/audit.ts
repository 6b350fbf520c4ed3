// D10 audit trail: append a record inside the caller's transaction, so that the record commits
// if and only if the data it describes is returned or changed. See migrations/0002_audit.sql
// for the lanes and the hash chain.
import { randomInt } from 'node:crypto';
import type { Queryable } from './queryable.ts';
import type { Connection } from './db.ts';
import { countAuditAppend } from '../ops/metrics.ts';

export const AUDIT_LANES = 64;

// Each pooled connection gets a lane of its own, round robin from a random start, so that the
// connections of one process never queue on each other's lane head (that wait would last until
// the other transaction's commit has reached the disk). Processes sharing a database may meet
// on a lane now and then; the row lock keeps each chain correct regardless.
const laneOfConnection = new WeakMap<object, number>();
let nextLane = randomInt(AUDIT_LANES);

function laneFor(tx: Connection): number {
  let lane = laneOfConnection.get(tx);
  if (lane === undefined) {
    lane = nextLane;
    nextLane = (nextLane + 1) % AUDIT_LANES;
    laneOfConnection.set(tx, lane);
  }
  return lane;
}

export type AuditAction = 'store' | 'search' | 'read' | 'invalidate' | 'audit-search' | 'explain' | 'consent-record' | 'consent-revoke' | 'consent-read';

/** S9: the ground on which a document was given (see AccessBasis). */
export type AuditBasis =
  | { readonly kind: 'own-register' }
  | { readonly kind: 'authorisation'; readonly producerUnitOid: string; readonly startDate: string; readonly endDate: string | null }
  | { readonly kind: 'consent'; readonly consentId: string }
  | { readonly kind: 'statutory'; readonly justification: string };

export interface AuditDocument {
  readonly versionId: string;
  readonly setId: string;
  readonly typeCode: string;
  readonly controllerOid: string;
  readonly serviceTask?: string;
  readonly basis?: AuditBasis;
}
export type AuditOutcome = 'success' | 'denied' | 'failed';

export interface AuditRecord {
  readonly eventId: string;
  readonly recordedAt: string;
  readonly action: AuditAction;
  /** IHE transaction, e.g. ITI-65. */
  readonly transaction: string;
  readonly outcome: AuditOutcome;
  readonly system: { readonly id: string; readonly name: string };
  readonly professional?: { readonly id: string; readonly name: string; readonly title: string; readonly organisationOid: string };
  /** The controller the requester works for. */
  readonly organisationOid: string;
  readonly personKey?: string;
  readonly personFhirId?: string;
  readonly documents?: readonly AuditDocument[];
  /**
   * S9: present when documents of another register were given: the controllers that disclosed
   * them and the purpose. Each document carries its own basis; the recipient is the record's
   * professional and organisation.
   */
  readonly disclosure?: { readonly disclosers: readonly string[]; readonly purpose: string };
  /** Consent service records the event wrote or read (D11). */
  readonly consents?: readonly { readonly consentId: string; readonly version: number; readonly kind: string }[];
  /** The search as received (for search records), identity codes included: audit is protected data. */
  readonly query?: string;
  /** Rule ids and details of the decision that allowed or denied the access. */
  readonly because?: readonly { readonly rule: string; readonly detail: string }[];
  readonly detail?: string;
}

/** JSON with sorted keys and no whitespace: the exact text that the chain hashes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonicalJson(v)).join(',') + '}';
}

/**
 * Appends one record in one statement: inside the caller's transaction when it has one (so the
 * record commits with the change it describes), or as its own atomic transaction otherwise.
 */
export async function appendAudit(tx: Connection, record: AuditRecord): Promise<void> {
  const body = canonicalJson(record);
  await tx.query({
    name: 'audit-append',
    text: `with head as (
             select lane, last_seq, last_hash from audit_lane where lane = $8 for update
           ), ins as (
             insert into audit_event (lane, seq, recorded_at, event_id, action, outcome, person_key, organisation_oid, body, prev_hash, hash, related_oids)
             select lane, last_seq + 1, $1, $2, $3, $4, $5, $6, $7, last_hash, sha256(last_hash || convert_to($7, 'UTF8')), $9 from head
             returning lane, seq, hash
           )
           update audit_lane l set last_seq = ins.seq, last_hash = ins.hash from ins where l.lane = ins.lane`,
    values: [record.recordedAt, record.eventId, record.action, record.outcome, record.personKey ?? null, record.organisationOid, body, laneFor(tx), record.disclosure?.disclosers ?? null],
  });
  countAuditAppend(record.action, record.outcome);
}

/** Creates this month's and the next two months' partitions (idempotent). */
export async function ensureAuditPartitions(db: Queryable, now: Date): Promise<void> {
  for (let i = 0; i <= 2; i++) {
    const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
    await db.query('select audit_ensure_partition($1)', [at.toISOString()]);
  }
}

export interface StoredAuditEvent {
  readonly lane: number;
  readonly seq: string;
  readonly recordedAt: string;
  readonly eventId: string;
  readonly action: string;
  readonly outcome: string;
  readonly personKey: string | null;
  readonly organisationOid: string | null;
  readonly body: string;
  readonly prevHash: Buffer;
  readonly hash: Buffer;
}

/** The client's records written by, or disclosing the data of, one organisation (all when undefined). */
export async function auditEventsForPerson(db: Queryable, personKey: string, organisationOid: string | undefined, limit: number): Promise<AuditRecord[]> {
  const result = await db.query<{ body: string }>({
    name: 'audit-for-person',
    text: `select body from audit_event where person_key = $1 and ($2::text is null or organisation_oid = $2 or $2 = any(related_oids))
           order by recorded_at desc, lane, seq desc limit $3`,
    values: [personKey, organisationOid ?? null, limit],
  });
  return result.rows.map((r) => JSON.parse(r.body) as AuditRecord);
}

/** Streams one lane in chain order, a page at a time. */
export async function auditLanePage(db: Queryable, lane: number, afterSeq: string, limit: number): Promise<StoredAuditEvent[]> {
  const result = await db.query<{ lane: number; seq: string; recorded_at: Date; event_id: string; action: string; outcome: string; person_key: string | null; organisation_oid: string | null; body: string; prev_hash: Buffer; hash: Buffer }>({
    name: 'audit-lane-page',
    text: `select lane, seq, recorded_at, event_id, action, outcome, person_key, organisation_oid, body, prev_hash, hash
           from audit_event where lane = $1 and seq > $2 order by seq limit $3`,
    values: [lane, afterSeq, limit],
  });
  return result.rows.map((r) => ({
    lane: r.lane, seq: r.seq, recordedAt: r.recorded_at.toISOString(), eventId: r.event_id, action: r.action, outcome: r.outcome,
    personKey: r.person_key, organisationOid: r.organisation_oid, body: r.body, prevHash: r.prev_hash, hash: r.hash,
  }));
}

export async function auditLaneHeads(db: Queryable): Promise<{ lane: number; lastSeq: string; lastHash: Buffer }[]> {
  const result = await db.query<{ lane: number; last_seq: string; last_hash: Buffer }>('select lane, last_seq, last_hash from audit_lane order by lane');
  return result.rows.map((r) => ({ lane: r.lane, lastSeq: r.last_seq, lastHash: r.last_hash }));
}

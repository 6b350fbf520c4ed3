// D10 audit trail: append a record inside the caller's transaction, so that the record commits
// if and only if the data it describes is returned or changed. See migrations/0002_audit.sql
// for the lanes and the hash chain.
import type { Queryable } from './queryable.ts';
import type { Connection, Db } from './db.ts';
import type { AuditRecord } from '../domain/audit-record.ts';
import { canonicalJson } from '../domain/canonical-json.ts';
import { countAuditAppend } from '../ops/metrics.ts';
import { takeAuditLane } from './audit-lanes.ts';

export { AUDIT_LANES } from './audit-lanes.ts';
export { canonicalJson } from '../domain/canonical-json.ts';

const laneOfConnection = new WeakMap<object, number>();

function laneFor(tx: Connection): number {
  let lane = laneOfConnection.get(tx);
  if (lane === undefined) {
    lane = takeAuditLane();
    laneOfConnection.set(tx, lane);
  }
  return lane;
}

/** What appends a read's record by group commit (src/store/audit-appender.ts). */
export interface GroupAppender {
  append(record: AuditRecord): Promise<void>;
}

// A connection held in autocommit mode for a read (Db.withConnection) is routed to its process's
// group appender for as long as it is held; a transaction's connection is never routed, so a
// change's record still commits in the change's own transaction.
const groupOf = new WeakMap<object, GroupAppender>();

/** Routes the records appended on this connection to group commit, until unrouted. */
export function routeAuditThroughGroup(connection: Connection, appender: GroupAppender): void {
  groupOf.set(connection, appender);
}

export function unrouteAudit(connection: Connection): void {
  groupOf.delete(connection);
}

// The record's shape is the domain's (src/domain/audit-record.ts): the visibility policy
// (src/domain/policy/audit-visibility.ts) decides on it without touching the store.
export type { AuditAction, AuditBasis, AuditDocument, AuditOutcome, AuditRecord } from '../domain/audit-record.ts';

/**
 * Appends one record. Inside the caller's transaction, in one statement, so the record commits
 * with the change it describes. On a read's connection, by group commit: the promise resolves
 * once the batch holding the record has committed, and the read must not return data before.
 */
export async function appendAudit(tx: Connection, record: AuditRecord): Promise<void> {
  const group = groupOf.get(tx);
  if (group) await group.append(record);
  else await appendOne(tx, record);
  countAuditAppend(record.action, record.outcome);
}

async function appendOne(tx: Connection, record: AuditRecord): Promise<void> {
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
}

/**
 * Creates this month's and the next two months' partitions (idempotent). Processes that start
 * together take turns (a transaction-level advisory lock): audit_ensure_partition looks before it
 * creates, so two processes that looked at once both created the table, and one start failed with
 * `relation "audit_event_202612" already exists` (docs/scaling.md).
 */
export async function ensureAuditPartitions(db: Db, now: Date): Promise<void> {
  await db.withTransaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(hashtext('kansio-audit-partitions'))");
    for (let i = 0; i <= 2; i++) {
      const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
      await tx.query('select audit_ensure_partition($1)', [at.toISOString()]);
    }
  });
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

/** Where a record stands in the newest-first order of a client's trail: a page cursor. */
export interface AuditPosition {
  /** recorded_at to the microsecond, ISO 8601 in UTC. */
  readonly recordedAt: string;
  readonly lane: number;
  readonly seq: string;
}

// A controller's slice of a client's trail: records it wrote, or that disclose its data (S9).
// The same test as decideAuditVisibility's, so that pages and totals agree with what is shown.
const READABLE_BY = 'person_key = $1 and (organisation_oid = $2 or $2 = any(related_oids))';

/**
 * One page of the client's records readable by one controller, newest first, after a cursor.
 * The order is total (time, lane, seq), so that pages neither repeat nor skip a record while
 * new ones are appended (reading the trail appends one itself).
 */
export async function auditEventsForPerson(db: Queryable, personKey: string, controllerOid: string, limit: number, after?: AuditPosition): Promise<{ record: AuditRecord; position: AuditPosition }[]> {
  const result = await db.query<{ body: string; at: string; lane: number; seq: string }>({
    name: 'audit-for-person',
    text: `select body, to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, lane, seq
           from audit_event where ${READABLE_BY}
             and ($4::timestamptz is null or (recorded_at, lane, seq) < ($4::timestamptz, $5::smallint, $6::bigint))
           order by recorded_at desc, lane desc, seq desc limit $3`,
    values: [personKey, controllerOid, limit, after?.recordedAt ?? null, after?.lane ?? null, after?.seq ?? null],
  });
  return result.rows.map((r) => ({ record: JSON.parse(r.body) as AuditRecord, position: { recordedAt: r.at, lane: r.lane, seq: r.seq } }));
}

/** How many of the client's records one controller may read: the searchset's total. */
export async function countAuditEventsForPerson(db: Queryable, personKey: string, controllerOid: string): Promise<number> {
  const result = await db.query<{ n: string }>({ name: 'audit-count-for-person', text: `select count(*) as n from audit_event where ${READABLE_BY}`, values: [personKey, controllerOid] });
  return Number(result.rows[0]!.n);
}

/** One record by its event id (the AuditEvent id), if it exists. */
export async function auditEventById(db: Queryable, eventId: string): Promise<AuditRecord | undefined> {
  const result = await db.query<{ body: string }>({ name: 'audit-by-id', text: 'select body from audit_event where event_id = $1', values: [eventId] });
  return result.rows[0] ? (JSON.parse(result.rows[0].body) as AuditRecord) : undefined;
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

/**
 * V11: one page of the records about one person, newest first, after a cursor, optionally
 * within [from, to) (ISO instants). Every controller's records: the citizen's view is decided
 * per record by decideCitizenAuditView.
 */
export async function auditEventsAboutPerson(db: Queryable, personKey: string, limit: number, window: { readonly from?: string; readonly to?: string }, after?: AuditPosition): Promise<{ record: AuditRecord; position: AuditPosition }[]> {
  const result = await db.query<{ body: string; at: string; lane: number; seq: string }>({
    name: 'audit-about-person',
    text: `select body, to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, lane, seq
           from audit_event where person_key = $1
             and ($3::timestamptz is null or recorded_at >= $3::timestamptz)
             and ($4::timestamptz is null or recorded_at < $4::timestamptz)
             and ($5::timestamptz is null or (recorded_at, lane, seq) < ($5::timestamptz, $6::smallint, $7::bigint))
           order by recorded_at desc, lane desc, seq desc limit $2`,
    values: [personKey, limit, window.from ?? null, window.to ?? null, after?.recordedAt ?? null, after?.lane ?? null, after?.seq ?? null],
  });
  return result.rows.map((r) => ({ record: JSON.parse(r.body) as AuditRecord, position: { recordedAt: r.at, lane: r.lane, seq: r.seq } }));
}

/**
 * One page of a controller's trail, newest first: the records its organisation wrote and those
 * disclosing its documents (the READABLE_BY test without the person), within [from, to) and of
 * one action when asked. The archivist interface reads it; every record then passes
 * decideAuditVisibility.
 */
export interface ControllerAuditFilter {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly action?: string | undefined;
  /** Part of the professional's or the system's name, or a professional's id exactly. */
  readonly who?: string | undefined;
  /** A basis kind (own-register, authorisation, consent, statutory) of a document the reader may see in the record. */
  readonly basis?: string | undefined;
}

export async function auditEventsOfController(db: Queryable, controllerOid: string, limit: number, filter: ControllerAuditFilter, after?: AuditPosition): Promise<{ record: AuditRecord; position: AuditPosition }[]> {
  const result = await db.query<{ body: string; at: string; lane: number; seq: string }>({
    name: 'audit-of-controller',
    text: `select body, to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, lane, seq
           from audit_event where (organisation_oid = $1 or $1 = any(related_oids))
             and ($3::timestamptz is null or recorded_at >= $3::timestamptz)
             and ($4::timestamptz is null or recorded_at < $4::timestamptz)
             and ($5::text is null or action = $5::text)
             and ($6::timestamptz is null or (recorded_at, lane, seq) < ($6::timestamptz, $7::smallint, $8::bigint))
             and ($9::text is null or strpos(lower(coalesce(body::jsonb #>> '{professional,name}', '')), lower($9::text)) > 0
                  or body::jsonb #>> '{professional,id}' = $9::text or strpos(lower(body::jsonb #>> '{system,name}'), lower($9::text)) > 0)
             -- A basis counts only on a document the reader may see: any given one in its own
             -- organisation's record, only its own documents in another's (decideAuditVisibility).
             and ($10::text is null or exists (
                   select 1 from jsonb_array_elements(coalesce(body::jsonb -> 'documents', '[]'::jsonb)) d
                   where d #>> '{basis,kind}' = $10::text and (organisation_oid = $1 or d ->> 'controllerOid' = $1)))
           order by recorded_at desc, lane desc, seq desc limit $2`,
    values: [controllerOid, limit, filter.from ?? null, filter.to ?? null, filter.action ?? null, after?.recordedAt ?? null, after?.lane ?? null, after?.seq ?? null, filter.who ?? null, filter.basis ?? null],
  });
  return result.rows.map((r) => ({ record: JSON.parse(r.body) as AuditRecord, position: { recordedAt: r.at, lane: r.lane, seq: r.seq } }));
}

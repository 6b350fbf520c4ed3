// The consent service's records (D11): each change a new version, the previous one kept.
import type { Queryable } from './queryable.ts';
import type { ConsentChannel, ConsentFact, ConsentKind, ProhibitionScope, RepresentativeRole } from '../domain/consent.ts';
import type { PersonKey } from '../domain/types.ts';

/** Who gave or revoked a record, with the representative's identity for presentation. */
export type StoredActor =
  | { readonly kind: 'client' }
  | { readonly kind: 'representative'; readonly role: RepresentativeRole; readonly personKey: string; readonly identityCode: string; readonly givenName: string | null; readonly familyName: string | null };

/** Who wrote a version. */
export interface RecordedBy {
  readonly system: { readonly id: string; readonly name: string };
  readonly professional?: { readonly id: string; readonly name: string; readonly title: string; readonly organisationOid: string };
  readonly organisationOid: string;
}

export interface StoredConsent {
  readonly personKey: PersonKey;
  readonly personFhirId: string;
  readonly identityCode: string;
  readonly consentId: string;
  readonly version: number;
  readonly isCurrent: boolean;
  readonly kind: ConsentKind;
  readonly scope: ProhibitionScope | null;
  readonly target: string | null;
  readonly informingVersion: string | null;
  /** ISO instant. */
  readonly givenAt: string;
  readonly validFrom: string;
  readonly revokedAt: string | null;
  readonly actor: StoredActor;
  readonly revokedBy: StoredActor | null;
  readonly channel: ConsentChannel;
  readonly recordedAt: string;
  readonly recordedBy: RecordedBy;
}

export interface NewConsentVersion {
  readonly personKey: string;
  readonly consentId: string;
  readonly version: number;
  readonly kind: ConsentKind;
  readonly scope: ProhibitionScope | null;
  readonly target: string | null;
  readonly informingVersion: string | null;
  readonly givenAt: string;
  readonly validFrom: string;
  readonly revokedAt: string | null;
  /** As stored: representatives by person key only. */
  readonly actor: { readonly kind: 'client' } | { readonly kind: 'representative'; readonly role: RepresentativeRole; readonly personKey: string };
  readonly revokedBy: NewConsentVersion['actor'] | null;
  readonly channel: ConsentChannel;
  readonly recordedAt: string;
  readonly recordedBy: RecordedBy;
}

/** ISO instants in UTC with milliseconds, so that they compare as strings with new Date().toISOString(). */
const ISO = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The current consent facts of the row's person, as JSON in ConsentFact's shape (for the
 * decision). A record dated a moment ahead of the server clock (a client system's clock runs
 * fast; recording allows a few minutes) counts from when it was recorded: a prohibition must
 * bind at once.
 */
export const CONSENTS_JSON = `(select coalesce(json_agg(json_build_object('id', c.consent_id, 'kind', c.kind, 'scope', c.scope, 'target', c.target,
  'informingVersion', c.informing_version, 'givenAt', ${ISO('least(c.given_at, c.recorded_at)')}, 'validFrom', to_char(c.valid_from, 'YYYY-MM-DD'),
  'revokedAt', ${ISO('c.revoked_at')})), '[]'::json) from consent_record c where c.person_key = person.person_key and c.is_current)`;

/** The producer authorisations on the row's person's relationship records (S7). */
export const AUTHORISATIONS_JSON = `(select coalesce(json_agg(json_build_object('controllerOid', a.controller_oid, 'serviceTask', a.service_task,
  'producerUnitOid', a.producer_unit_oid, 'startDate', to_char(a.start_date, 'YYYY-MM-DD'), 'endDate', to_char(a.end_date, 'YYYY-MM-DD'))), '[]'::json)
  from client_relationship_producer a where a.person_key = person.person_key)`;

/** JSON null fields come back as null; a ConsentFact leaves scope, target and version out instead. */
export function toFacts(raw: readonly Record<string, unknown>[]): ConsentFact[] {
  return raw.map((r) => ({
    id: String(r.id),
    kind: r.kind as ConsentKind,
    ...(r.scope ? { scope: r.scope as ProhibitionScope, target: String(r.target) } : {}),
    ...(r.informingVersion ? { informingVersion: String(r.informingVersion) } : {}),
    givenAt: String(r.givenAt),
    validFrom: String(r.validFrom),
    revokedAt: (r.revokedAt as string | null) ?? null,
  }));
}

const ACTOR_JSON = (column: string): string => `case when ${column} ->> 'kind' = 'representative' then (
    select jsonb_build_object('kind', 'representative', 'role', ${column} ->> 'role', 'personKey', rp.person_key::text,
      'identityCode', rp.identity_code, 'givenName', rp.given_name, 'familyName', rp.family_name)
    from person rp where rp.person_key = (${column} ->> 'personKey')::bigint) else ${column} end`;

const SELECT = `select c.person_key, p.fhir_id, p.identity_code, c.consent_id, c.version, c.is_current, c.kind, c.scope, c.target,
  c.informing_version, ${ISO('c.given_at')} as given_at, to_char(c.valid_from, 'YYYY-MM-DD') as valid_from, ${ISO('c.revoked_at')} as revoked_at,
  ${ACTOR_JSON('c.actor')} as actor, ${ACTOR_JSON('c.revoked_by')} as revoked_by, c.channel, ${ISO('c.recorded_at')} as recorded_at, c.recorded_by
  from consent_record c join person p on p.person_key = c.person_key`;

interface Row {
  person_key: string; fhir_id: string; identity_code: string; consent_id: string; version: number; is_current: boolean; kind: ConsentKind;
  scope: ProhibitionScope | null; target: string | null; informing_version: string | null; given_at: string; valid_from: string;
  revoked_at: string | null; actor: StoredActor; revoked_by: StoredActor | null; channel: ConsentChannel; recorded_at: string; recorded_by: RecordedBy;
}

function toStored(r: Row): StoredConsent {
  return {
    personKey: r.person_key as PersonKey, personFhirId: r.fhir_id, identityCode: r.identity_code, consentId: r.consent_id, version: r.version,
    isCurrent: r.is_current, kind: r.kind, scope: r.scope, target: r.target, informingVersion: r.informing_version, givenAt: r.given_at,
    validFrom: r.valid_from, revokedAt: r.revoked_at, actor: r.actor, revokedBy: r.revoked_by, channel: r.channel, recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One version, or the current one when version is undefined. */
export async function getConsent(db: Queryable, consentId: string, version?: number): Promise<StoredConsent | undefined> {
  if (!UUID.test(consentId)) return undefined;
  const r = version === undefined
    ? await db.query<Row>({ name: 'consent-get-current', text: `${SELECT} where c.consent_id = $1 and c.is_current`, values: [consentId] })
    : await db.query<Row>({ name: 'consent-get-version', text: `${SELECT} where c.consent_id = $1 and c.version = $2`, values: [consentId, version] });
  return r.rows[0] ? toStored(r.rows[0]) : undefined;
}

export async function consentHistory(db: Queryable, consentId: string): Promise<StoredConsent[]> {
  if (!UUID.test(consentId)) return [];
  const r = await db.query<Row>({ name: 'consent-history', text: `${SELECT} where c.consent_id = $1 order by c.version desc`, values: [consentId] });
  return r.rows.map(toStored);
}

export interface ConsentQuery {
  readonly personKey: string;
  readonly kinds?: readonly ConsentKind[];
  /** 'active' = not revoked, 'inactive' = revoked. */
  readonly status?: 'active' | 'inactive';
  readonly count: number;
  readonly offset: number;
}

/** A page of the client's records, current versions, newest first, and how many match in all. */
export async function findConsents(db: Queryable, q: ConsentQuery): Promise<{ records: StoredConsent[]; total: number }> {
  const where = `c.person_key = $1 and c.is_current and ($2::text[] is null or c.kind = any($2::text[]))
           and ($3::text is null or ($3 = 'active') = (c.revoked_at is null))`;
  const values = [q.personKey, q.kinds?.length ? q.kinds : null, q.status ?? null];
  const r = await db.query<Row>({
    name: 'consent-find',
    text: `${SELECT} where ${where} order by c.given_at desc, c.consent_id limit $4 offset $5`,
    values: [...values, q.count, q.offset],
  });
  const records = r.rows.map(toStored);
  // The total is only counted when the page does not tell it.
  if ((records.length > 0 || q.offset === 0) && records.length < q.count) return { records, total: q.offset + records.length };
  const c = await db.query<{ n: number }>({ name: 'consent-count', text: `select count(*)::int as n from consent_record c where ${where}`, values });
  return { records, total: c.rows[0]?.n ?? 0 };
}

/**
 * Serialises the consent service writes of one client on the client's person row: two
 * concurrent recordings see each other (no duplicate consent), and a revocation that waited
 * sees the version the other one wrote.
 */
export async function lockClientConsents(tx: Queryable, personKey: string): Promise<void> {
  await tx.query({ name: 'person-lock', text: 'select 1 from person where person_key = $1 for update', values: [personKey] });
}

/** Current facts of one client, for recording decisions (inside the writing transaction, after locking them). */
export async function consentFactsForUpdate(tx: Queryable, personKey: string): Promise<ConsentFact[]> {
  await lockClientConsents(tx, personKey);
  const r = await tx.query<{ facts: Record<string, unknown>[] }>({ name: 'consent-facts', text: `select ${CONSENTS_JSON} as facts from person where person_key = $1`, values: [personKey] });
  return toFacts(r.rows[0]?.facts ?? []);
}

export async function insertConsentVersion(tx: Queryable, v: NewConsentVersion): Promise<void> {
  if (v.version > 1) {
    const r = await tx.query({ name: 'consent-retire', text: 'update consent_record set is_current = false where consent_id = $1 and version = $2 and is_current', values: [v.consentId, v.version - 1] });
    if (r.rowCount !== 1) throw new Error(`consent ${v.consentId} version ${v.version - 1} is not the current version`);
  }
  await tx.query({
    name: 'consent-insert',
    text: `insert into consent_record (person_key, consent_id, version, is_current, kind, scope, target, informing_version, given_at, valid_from,
             revoked_at, actor, revoked_by, channel, recorded_at, recorded_by)
           values ($1, $2, $3, true, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    values: [v.personKey, v.consentId, v.version, v.kind, v.scope, v.target, v.informingVersion, v.givenAt, v.validFrom, v.revokedAt,
      JSON.stringify(v.actor), v.revokedBy ? JSON.stringify(v.revokedBy) : null, v.channel, v.recordedAt, JSON.stringify(v.recordedBy)],
  });
}

// Document versions: insert, supersede (L1), invalidate (L2), read and search (ITI-67).
import { createHash } from 'node:crypto';
import type { Queryable } from './queryable.ts';
import type { ClientRelationship, DocumentMeta, DocumentStatus, PersonKey, SetId, VersionId, ControllerOid, Phase } from '../domain/types.ts';
import { PERSON_COLUMNS, RELATIONSHIPS_JSON, toPerson, type ClientRef, type PersonDbRow, type PersonRow } from './people.ts';

export type { ClientRef } from './people.ts';
import { AUTHORISATIONS_JSON, CONSENTS_JSON, toFacts } from './consents.ts';
import type { ConsentFact, ProducerAuthorisation } from '../domain/consent.ts';
import type { IdentityCode } from '../domain/identity-code.ts';
import { coClientProhibitions, documentOfClient, documentsOfClient, MATTER_MEMBERS_JSON } from './shared-matter.ts';

/** A version to insert: the metadata less what the archive derives (status, links, the person's ids). */
export type NewDocument = Omit<DocumentMeta,
  'personFhirId' | 'identityCode' | 'status' | 'contentSha256' | 'replacedByVersionId' | 'invalidatedAt' | 'invalidationReason'
> & {
  readonly contentSha256: Buffer;
  readonly contentSha1: Buffer;
};

const INSERT_COLUMNS = [
  'person_key', 'version_id', 'set_id', 'version_number', 'controller_oid', 'unit_oid', 'service_task', 'type_system', 'type_code',
  'phase', 'status', 'title', 'display_delayed_until', 'special_content', 'hidden_from_guardians', 'restriction_reason', 'portal_opt_in',
  'author_professional_id', 'author_given', 'author_family', 'author_organisation_oid', 'created_at', 'stored_at', 'period_start',
  'period_end', 'content_type', 'format_system', 'format_code', 'content_sha256', 'content_sha1', 'content_size', 'language', 'matter_set_id',
  'replaces_version_id', 'submission_set_id', 'master_identifier',
] as const;

const INSERT_SQL = `insert into document (${INSERT_COLUMNS.join(', ')}) values (${INSERT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

export async function insertDocument(tx: Queryable, d: NewDocument): Promise<void> {
  await tx.query({
    name: 'document-insert',
    text: INSERT_SQL,
    values: [
      d.personKey, d.versionId, d.setId, d.versionNumber, d.controllerOid, d.unitOid, d.serviceTask, d.typeSystem, d.typeCode,
      d.phase, 'current', d.title, d.displayDelayedUntil, d.specialContent, d.hiddenFromGuardians, d.restrictionReason, d.portalOptIn,
      d.authorProfessionalId, d.authorGiven, d.authorFamily, d.authorOrganisationOid, d.createdAt, d.storedAt, d.periodStart,
      d.periodEnd, d.contentType, d.formatSystem, d.formatCode, d.contentSha256, d.contentSha1, d.contentSize, d.language, d.matterSetId,
      d.replacesVersionId, d.submissionSetId, d.masterIdentifier,
    ],
  });
}

/** L1: the replaced version becomes superseded in the transaction that stores its replacement. */
export async function supersede(tx: Queryable, oldVersionId: string, newVersionId: string): Promise<boolean> {
  const r = await tx.query({
    name: 'document-supersede',
    text: `update document set status = 'superseded', replaced_by_version_id = $2 where version_id = $1 and status = 'current'`,
    values: [oldVersionId, newVersionId],
  });
  return r.rowCount === 1;
}

/** L2: the document is kept, marked entered-in-error with who, when and why. */
export async function invalidate(tx: Queryable, versionId: string, at: string, by: string, reason: string): Promise<boolean> {
  const r = await tx.query({
    name: 'document-invalidate',
    text: `update document set status = 'entered-in-error', invalidated_at = $2, invalidated_by = $3, invalidation_reason = $4
           where version_id = $1 and status = 'current'`,
    values: [versionId, at, by, reason],
  });
  return r.rowCount === 1;
}

const SELECT = `select d.*, p.fhir_id as person_fhir_id, p.identity_code,
  encode(d.content_sha256, 'hex') as sha256_hex, encode(d.content_sha1, 'base64') as sha1_base64
  from document d join person p on p.person_key = d.person_key`;

interface DocumentRowRaw { [column: string]: unknown }

function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  // From JSON (findClientWithDocuments): '2026-12-01T10:00:00.123456+00:00', the same instant
  // written as the driver's Date would give it. A date ('2026-12-01') stays as it is.
  return typeof v === 'string' && v.length > 10 ? new Date(v).toISOString() : String(v);
}

function toMeta(r: DocumentRowRaw): DocumentMeta & { readonly sha1Base64: string } {
  return {
    personKey: String(r.person_key) as PersonKey,
    personFhirId: String(r.person_fhir_id),
    identityCode: String(r.identity_code) as IdentityCode,
    versionId: String(r.version_id) as VersionId,
    setId: String(r.set_id) as SetId,
    versionNumber: Number(r.version_number),
    controllerOid: String(r.controller_oid) as ControllerOid,
    unitOid: (r.unit_oid as string | null) ?? null,
    serviceTask: String(r.service_task),
    typeSystem: String(r.type_system),
    typeCode: String(r.type_code),
    phase: r.phase as Phase,
    status: r.status as DocumentStatus,
    title: (r.title as string | null) ?? null,
    displayDelayedUntil: (r.display_delayed_until as string | null) ?? null,
    specialContent: Boolean(r.special_content),
    hiddenFromGuardians: Boolean(r.hidden_from_guardians),
    restrictionReason: (r.restriction_reason as string | null) ?? null,
    portalOptIn: Boolean(r.portal_opt_in),
    authorProfessionalId: (r.author_professional_id as string | null) ?? null,
    authorGiven: (r.author_given as string | null) ?? null,
    authorFamily: (r.author_family as string | null) ?? null,
    authorOrganisationOid: (r.author_organisation_oid as string | null) ?? null,
    createdAt: iso(r.created_at)!,
    storedAt: iso(r.stored_at)!,
    periodStart: iso(r.period_start),
    periodEnd: iso(r.period_end),
    contentType: String(r.content_type),
    formatSystem: String(r.format_system),
    formatCode: String(r.format_code),
    contentSha256: String(r.sha256_hex),
    sha1Base64: String(r.sha1_base64),
    contentSize: Number(r.content_size),
    language: (r.language as string | null) ?? null,
    matterSetId: (r.matter_set_id as string | null) ?? null,
    replacesVersionId: (r.replaces_version_id as string | null) ?? null,
    replacedByVersionId: (r.replaced_by_version_id as string | null) ?? null,
    submissionSetId: String(r.submission_set_id),
    masterIdentifier: (r.master_identifier as string | null) ?? null,
    invalidatedAt: iso(r.invalidated_at),
    invalidationReason: (r.invalidation_reason as string | null) ?? null,
  };
}

export type StoredDocument = ReturnType<typeof toMeta>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getDocument(db: Queryable, versionId: string, forUpdate = false): Promise<StoredDocument | undefined> {
  if (!UUID.test(versionId)) return undefined;
  const r = await db.query({
    name: forUpdate ? 'document-get-for-update' : 'document-get',
    text: `${SELECT} where d.version_id = $1${forUpdate ? ' for update of d' : ''}`,
    values: [versionId],
  });
  return r.rows[0] ? toMeta(r.rows[0]) : undefined;
}

/** What the access decision needs besides the document: the client's relationships, authorisations and consents. */
export interface ClientFacts {
  readonly relationships: ClientRelationship[];
  readonly authorisations: ProducerAuthorisation[];
  readonly consents: ConsentFact[];
}

const FACTS_SELECT = `, ${[['relationships', RELATIONSHIPS_JSON], ['authorisations', AUTHORISATIONS_JSON], ['consents', CONSENTS_JSON]]
  .map(([name, json]) => `${json!.replaceAll('person.person_key', 'd.person_key')} as ${name}`).join(', ')}`;

/** S8: another client of a shared matter's document, whose membership covers the document. */
export interface MatterMember extends ClientFacts {
  readonly personKey: PersonKey;
  readonly personFhirId: string;
}

/**
 * A version with the facts about its client that the access decision needs, and (S8) the
 * other clients of its shared matter with theirs (one round trip).
 */
export async function getDocumentForDecision(db: Queryable, versionId: string): Promise<({ document: StoredDocument; members: MatterMember[] } & ClientFacts) | undefined> {
  if (!UUID.test(versionId)) return undefined;
  const r = await db.query({
    name: 'document-get-for-decision',
    text: `${SELECT.replace(' from document d', `${FACTS_SELECT}, ${MATTER_MEMBERS_JSON} as members from document d`)} where d.version_id = $1`,
    values: [versionId],
  });
  const row = r.rows[0];
  if (!row) return undefined;
  const members = (row.members as (Omit<MatterMember, 'consents'> & { consents: Record<string, unknown>[] })[]).map((m) => ({ ...m, consents: toFacts(m.consents) }));
  return { document: toMeta(row), relationships: row.relationships, authorisations: row.authorisations, consents: toFacts(row.consents), members };
}

export async function masterIdentifierTaken(db: Queryable, masterIdentifier: string): Promise<boolean> {
  const r = await db.query({ name: 'document-master-id', text: 'select 1 from document where master_identifier = $1', values: [masterIdentifier] });
  return (r.rowCount ?? 0) > 0;
}

/** S8: the prohibitions of a found document's other clients (a shared matter), which bind its disclosure too. */
export interface CoClientFacts {
  readonly coClientConsents: readonly ConsentFact[];
}

/** A date comparison: FHIR prefix and the two ends of the value's precision. */
export interface DateFilter {
  readonly prefix: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'sa' | 'eb';
  readonly start: string;
  /** Exclusive end of the value's precision (a day, a month...). */
  readonly end: string;
}

/** FHIR string matching: from the start (the default), the whole string, or anywhere. */
export interface StringMatch {
  readonly mode: 'starts' | 'exact' | 'contains';
  readonly value: string;
}

/**
 * One ITI-67 criterion: one search parameter's values, ORed. Criteria are ANDed. A criterion
 * with no values matches nothing (a token of a system Kansio never stores, say).
 */
export type SearchFilter =
  | { readonly kind: 'version-id'; readonly values: readonly string[] }
  /** DocumentReference.masterIdentifier, .identifier (urn:uuid:<version id>) and the set id (S1), all urn:ietf:rfc:3986 values. */
  | { readonly kind: 'identifier'; readonly values: readonly string[] }
  /** type codes; system is the stored bare OID, absent for any system. */
  | { readonly kind: 'type'; readonly codings: readonly { readonly system?: string; readonly code?: string }[] }
  | { readonly kind: 'service-task'; readonly values: readonly string[] }
  | { readonly kind: 'phase'; readonly values: readonly string[] }
  /** content.format: Kansio stores the code only, so a token that names a system never matches (system null = no system). */
  | { readonly kind: 'format'; readonly tokens: readonly { readonly system: string | null | undefined; readonly code: string | undefined }[] }
  | { readonly kind: 'content-type'; readonly values: readonly string[] }
  /** security-label: V means special content (V5b), R the rest. */
  | { readonly kind: 'special-content'; readonly values: readonly boolean[] }
  | { readonly kind: 'author-given' | 'author-family'; readonly matches: readonly StringMatch[] }
  /** Ids that a version replaces, is replaced by, or whose matter it belongs to. */
  | { readonly kind: 'related'; readonly ids: readonly string[]; readonly matters: readonly string[]; readonly anyMatter: boolean }
  | { readonly kind: 'created' | 'stored'; readonly dates: readonly DateFilter[] }
  | { readonly kind: 'period'; readonly dates: readonly DateFilter[] }
  /** A criterion no stored document can meet (facility, event: Kansio stores neither). */
  | { readonly kind: 'nothing' };

export interface DocumentQuery {
  readonly personKey: string;
  readonly statuses: readonly DocumentStatus[];
  /** Only this controller's documents; every register's when undefined (the decision then filters each one). */
  readonly controllerOid?: string;
  /** Criteria, ANDed. */
  readonly filters?: readonly SearchFilter[];
  readonly count: number;
  readonly offset: number;
}

type Param = (v: unknown) => string;

function dateCondition(column: string, f: DateFilter, param: Param): string {
  // Only the bounds a prefix needs become parameters: an unused one has no type to infer.
  const start = (): string => `${param(f.start)}::timestamptz`;
  const end = (): string => `${param(f.end)}::timestamptz`;
  switch (f.prefix) {
    case 'eq': return `(${column} >= ${start()} and ${column} < ${end()})`;
    case 'ne': return `(${column} < ${start()} or ${column} >= ${end()})`;
    case 'lt': case 'eb': return `${column} < ${start()}`;
    case 'le': return `${column} < ${end()}`;
    case 'gt': case 'sa': return `${column} >= ${end()}`;
    case 'ge': return `${column} >= ${start()}`;
  }
}

/**
 * FHIR date search against a Period (context.period): the target is the range [start, end], an
 * absent end open (infinity), an absent start open (-infinity); a document with neither has no
 * period and never matches. R4 search.html: eq = the search range contains the period; gt/lt =
 * the range above/below the search value overlaps it; ge/le = gt/lt or eq; sa/eb = starts
 * after / ends before the search range.
 */
function periodCondition(f: DateFilter, param: Param): string {
  const ps = `coalesce(d.period_start, '-infinity'::timestamptz)`;
  const pe = `coalesce(d.period_end, 'infinity'::timestamptz)`;
  const start = (): string => `${param(f.start)}::timestamptz`;
  const end = (): string => `${param(f.end)}::timestamptz`;
  const has = '(d.period_start is not null or d.period_end is not null)';
  const eq = (): string => `(${ps} >= ${start()} and ${pe} < ${end()})`;
  switch (f.prefix) {
    case 'eq': return `(${has} and ${eq()})`;
    case 'ne': return `(${has} and not ${eq()})`;
    case 'gt': return `(${has} and ${pe} >= ${end()})`;
    case 'lt': return `(${has} and ${ps} < ${start()})`;
    case 'ge': return `(${has} and (${pe} >= ${end()} or ${ps} >= ${start()}))`;
    case 'le': return `(${has} and (${ps} < ${start()} or ${pe} < ${end()}))`;
    case 'sa': return `(${has} and ${ps} >= ${end()})`;
    case 'eb': return `(${has} and ${pe} < ${start()})`;
  }
}

/** FHIR string search, case- and accent-insensitive through kansio_fold (migration 0005). */
function stringCondition(column: string, m: StringMatch, param: Param, words: boolean): string {
  if (m.mode === 'exact') return `${column} = ${param(m.value)}`;
  const folded = `kansio_fold(${column})`;
  const value = `kansio_fold(${param(m.value)}::text)`;
  if (m.mode === 'contains') return `strpos(${folded}, ${value}) > 0`;
  // A given name matches from the start of any of the given names ("Maria" finds "Anna Maria").
  return words ? `(starts_with(${folded}, ${value}) or strpos(${folded}, ' ' || ${value}) > 0)` : `starts_with(${folded}, ${value})`;
}

/** The SQL condition of one criterion. */
function filterCondition(f: SearchFilter, param: Param): string {
  const anyOf = (column: string, list: readonly unknown[], cast: string): string => (list.length ? `${column} = any(${param(list)}::${cast}[])` : 'false');
  const ors = (parts: readonly string[]): string => (parts.length ? `(${parts.join(' or ')})` : 'false');
  switch (f.kind) {
    case 'version-id': return anyOf('d.version_id', f.values, 'uuid');
    case 'identifier': {
      if (!f.values.length) return 'false';
      const p = param(f.values);
      return `(d.master_identifier = any(${p}::text[]) or 'urn:uuid:' || d.set_id = any(${p}::text[]) or 'urn:uuid:' || d.version_id = any(${p}::text[]))`;
    }
    case 'type':
      return ors(f.codings.map((t) => [
        ...(t.system !== undefined ? [`d.type_system = ${param(t.system)}`] : []),
        ...(t.code !== undefined ? [`d.type_code = ${param(t.code)}`] : []),
      ].join(' and ') || 'true').map((c) => `(${c})`));
    case 'service-task': return anyOf('d.service_task', f.values, 'text');
    case 'phase': return anyOf('d.phase', f.values, 'text');
    case 'format':
      // content.format always has a system (ITI-65 defaults it), so |code matches nothing.
      return ors(f.tokens.map((t) => [
        ...(t.system === null ? ['false'] : typeof t.system === 'string' ? [`d.format_system = ${param(t.system)}`] : []),
        ...(t.code !== undefined ? [`d.format_code = ${param(t.code)}`] : []),
      ].join(' and ') || 'true').map((c) => `(${c})`));
    case 'content-type': return anyOf('d.content_type', f.values, 'text');
    case 'special-content': return anyOf('d.special_content', f.values, 'boolean');
    case 'author-given': case 'author-family': {
      const column = f.kind === 'author-given' ? 'd.author_given' : 'd.author_family';
      return ors(f.matches.map((m) => stringCondition(column, m, param, f.kind === 'author-given')));
    }
    case 'related': {
      const parts: string[] = [];
      if (f.ids.length) {
        const p = param(f.ids);
        parts.push(`d.replaces_version_id = any(${p}::uuid[]) or d.replaced_by_version_id = any(${p}::uuid[]) or d.matter_set_id = any(${p}::uuid[])`);
      }
      if (f.matters.length) parts.push(`d.matter_set_id = any(${param(f.matters)}::uuid[])`);
      if (f.anyMatter) parts.push('d.matter_set_id is not null');
      return ors(parts);
    }
    case 'created': case 'stored': {
      const column = f.kind === 'created' ? 'd.created_at' : 'd.stored_at';
      return ors(f.dates.map((x) => dateCondition(column, x, param)));
    }
    case 'period': return ors(f.dates.map((x) => periodCondition(x, param)));
    case 'nothing': return 'false';
  }
}

/** A prepared statement's name from its conditions: one name per SQL text, never two texts per name. */
function statementName(where: readonly string[]): string {
  return createHash('sha1').update(where.join(' and ')).digest('base64url').slice(0, 20);
}

/**
 * ITI-67 search. The SQL text depends only on which parameters are present and how many
 * values each has (lists travel as one array parameter), so the statement is named by a hash of
 * that shape and prepared once per connection.
 */
export async function findDocuments(db: Queryable, q: DocumentQuery): Promise<{ rows: (StoredDocument & CoClientFacts)[]; total: number }> {
  const values: unknown[] = [];
  const param = (v: unknown): string => { values.push(v); return `$${values.length}`; };
  const search = documentSearch(param(q.personKey), q, param);
  const r = await db.query({ name: `document-find:${search.shape}`, text: search.text, values });
  const rows = r.rows.map(toFound);
  // The total is only counted when the page is full; otherwise it is known.
  let total = q.offset + rows.length;
  if (rows.length === q.count) {
    const countText = `select count(*)::int as n ${search.from} where ${search.where}`;
    const c = await db.query<{ n: number }>({ name: `document-count:${search.shape}`, text: countText, values: values.slice(0, values.length - 2) });
    total = c.rows[0]?.n ?? total;
  }
  return { rows, total };
}

/**
 * ITI-67 in one round trip (issue 11): the client, with everything the access decisions need
 * (relationships, authorisations, consent facts), and the client's matching documents, at most
 * `q.count` of them from `q.offset`, in one statement. The documents travel as one JSON array in
 * the person's row. No person: undefined, and nothing else was read.
 */
export async function findClientWithDocuments(db: Queryable, client: ClientRef, q: Omit<DocumentQuery, 'personKey'>): Promise<{ person: PersonRow; rows: (StoredDocument & CoClientFacts)[] } | undefined> {
  if ('fhirId' in client && !UUID.test(client.fhirId)) return undefined;
  const values: unknown[] = [];
  const param = (v: unknown): string => { values.push(v); return `$${values.length}`; };
  const key = 'fhirId' in client ? param(client.fhirId) : param(client.identityCode);
  const search = documentSearch('person.person_key', q, param);
  const text = `select ${PERSON_COLUMNS}, (select coalesce(json_agg(x), '[]'::json) from (${search.text}) x) as documents
    from person where ${'fhirId' in client ? 'fhir_id' : 'identity_code'} = ${key}`;
  const r = await db.query<PersonDbRow & { documents: DocumentRowRaw[] }>({ name: `client-documents:${'fhirId' in client ? 'f' : 'i'}:${search.shape}`, text, values });
  const row = r.rows[0];
  return row ? { person: toPerson(row), rows: row.documents.map(toFound) } : undefined;
}

function toFound(row: DocumentRowRaw): StoredDocument & CoClientFacts {
  return { ...toMeta(row), coClientConsents: toFacts(row.co_prohibitions as Record<string, unknown>[]) };
}

/**
 * The SQL of one search for the client `person` (a placeholder, or the outer person row's
 * column): the page's statement, its FROM and WHERE for the count, and a name for its shape.
 */
function documentSearch(person: string, q: Omit<DocumentQuery, 'personKey'>, param: Param): { text: string; from: string; where: string; shape: string } {
  // S8: the client's own documents and those of the shared matters they were a member of.
  const from = `from ${documentsOfClient(person)} d`;
  const where: string[] = [`d.status = any(${param(q.statuses)}::text[])`];
  if (q.controllerOid !== undefined) where.push(`d.controller_oid = ${param(q.controllerOid)}`);
  for (const f of q.filters ?? []) where.push(filterCondition(f, param));
  const limit = param(q.count);
  const offset = param(q.offset);
  const select = SELECT.replace(' from document d', `, ${coClientProhibitions(person)} as co_prohibitions ${from}`);
  const text = `${select} where ${where.join(' and ')} order by d.created_at desc, d.version_id limit ${limit} offset ${offset}`;
  return { text, from, where: where.join(' and '), shape: statementName([from, ...where]) };
}

export async function nextVersionNumber(db: Queryable, setId: string): Promise<number> {
  const r = await db.query<{ n: number }>({ name: 'document-next-version', text: 'select coalesce(max(version_number), 0) + 1 as n from document where set_id = $1', values: [setId] });
  return r.rows[0]?.n ?? 1;
}

/**
 * The current version of a set among one client's documents (S3(c): what a prohibition names),
 * those of the shared matters the client was a member of included (S8).
 */
export async function currentVersionOfSet(db: Queryable, personKey: string, setId: string): Promise<StoredDocument | undefined> {
  if (!UUID.test(setId)) return undefined;
  const r = await db.query({ name: 'document-current-of-set', text: `${SELECT} where d.set_id = $1 and ${documentOfClient('$2')} and d.status = 'current'`, values: [setId, personKey] });
  return r.rows[0] ? toMeta(r.rows[0]) : undefined;
}

/** A version, if it is one of this client's documents (S8: a shared matter's included). */
export async function getDocumentOfClient(db: Queryable, versionId: string, personKey: string): Promise<StoredDocument | undefined> {
  if (!UUID.test(versionId)) return undefined;
  const r = await db.query({ name: 'document-get-of-client', text: `${SELECT} where d.version_id = $1 and ${documentOfClient('$2')}`, values: [versionId, personKey] });
  return r.rows[0] ? toMeta(r.rows[0]) : undefined;
}

/** L1: every version of one document (its set), oldest first: the archivist's version history. */
export async function versionsOfSet(db: Queryable, setId: string): Promise<StoredDocument[]> {
  if (!UUID.test(setId)) return [];
  const r = await db.query({ name: 'document-versions-of-set', text: `${SELECT} where d.set_id = $1 order by d.version_number`, values: [setId] });
  return r.rows.map(toMeta);
}

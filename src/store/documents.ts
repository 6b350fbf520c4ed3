// Document versions: insert, supersede (L1), invalidate (L2), read and search (ITI-67).
import type { Queryable } from './queryable.ts';
import type { ClientRelationship, DocumentMeta, DocumentStatus, PersonKey, SetId, VersionId, ControllerOid, Phase } from '../domain/types.ts';
import { RELATIONSHIPS_JSON } from './people.ts';
import { AUTHORISATIONS_JSON, CONSENTS_JSON, toFacts } from './consents.ts';
import type { ConsentFact, ProducerAuthorisation } from '../domain/consent.ts';
import type { IdentityCode } from '../domain/identity-code.ts';

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
  return v instanceof Date ? v.toISOString() : String(v);
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
  .map(([name, json]) => `${json!.replaceAll('person.person_key', 'd.person_key')} as ${name}`).join(', ')} from document d`;

/** A version with the facts about its client that the access decision needs (one round trip). */
export async function getDocumentForDecision(db: Queryable, versionId: string): Promise<({ document: StoredDocument } & ClientFacts) | undefined> {
  if (!UUID.test(versionId)) return undefined;
  const r = await db.query({
    name: 'document-get-for-decision',
    text: `${SELECT.replace(' from document d', FACTS_SELECT)} where d.version_id = $1`,
    values: [versionId],
  });
  const row = r.rows[0];
  return row ? { document: toMeta(row), relationships: row.relationships, authorisations: row.authorisations, consents: toFacts(row.consents) } : undefined;
}

export async function masterIdentifierTaken(db: Queryable, masterIdentifier: string): Promise<boolean> {
  const r = await db.query({ name: 'document-master-id', text: 'select 1 from document where master_identifier = $1', values: [masterIdentifier] });
  return (r.rowCount ?? 0) > 0;
}

/** A date comparison: FHIR prefix and the two ends of the value's precision. */
export interface DateFilter {
  readonly prefix: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'sa' | 'eb';
  readonly start: string;
  /** Exclusive end of the value's precision (a day, a month...). */
  readonly end: string;
}

export interface DocumentQuery {
  readonly personKey: string;
  readonly statuses: readonly DocumentStatus[];
  /** Only this controller's documents; every register's when undefined (the decision then filters each one). */
  readonly controllerOid?: string;
  readonly ids?: readonly string[];
  readonly identifiers?: readonly string[];
  readonly typeCodes?: readonly { readonly system?: string; readonly code: string }[];
  readonly serviceTasks?: readonly string[];
  readonly phases?: readonly Phase[];
  readonly formats?: readonly string[];
  readonly contentTypes?: readonly string[];
  /** security-label: V means special content (V5b), R the rest. */
  readonly specialContent?: readonly boolean[];
  readonly authorGiven?: readonly string[];
  readonly authorFamily?: readonly string[];
  readonly related?: readonly string[];
  readonly created?: readonly DateFilter[];
  readonly period?: readonly DateFilter[];
  readonly lastUpdated?: readonly DateFilter[];
  readonly count: number;
  readonly offset: number;
}

function dateCondition(column: string, f: DateFilter, param: (v: unknown) => string): string {
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
 * ITI-67 search. The SQL text depends only on which parameters are present and how many
 * values each has, so the statement is named by that shape and prepared once per connection.
 */
export async function findDocuments(db: Queryable, q: DocumentQuery): Promise<{ rows: StoredDocument[]; total: number }> {
  const values: unknown[] = [];
  const param = (v: unknown): string => { values.push(v); return `$${values.length}`; };
  const where: string[] = [`d.person_key = ${param(q.personKey)}`, `d.status = any(${param(q.statuses)}::text[])`];
  const shape: string[] = [];
  if (q.controllerOid !== undefined) { where.push(`d.controller_oid = ${param(q.controllerOid)}`); shape.push('own'); }
  const anyOf = (column: string, list: readonly unknown[] | undefined, cast: string, key: string): void => {
    if (!list?.length) return;
    where.push(`${column} = any(${param(list)}::${cast}[])`);
    shape.push(key);
  };
  anyOf('d.version_id', q.ids, 'uuid', 'id');
  if (q.identifiers?.length) {
    const p = param(q.identifiers);
    where.push(`(d.master_identifier = any(${p}::text[]) or 'urn:uuid:' || d.set_id = any(${p}::text[]) or 'urn:uuid:' || d.version_id = any(${p}::text[]))`);
    shape.push('identifier');
  }
  if (q.typeCodes?.length) {
    const ors = q.typeCodes.map((t) => (t.system ? `(d.type_system = ${param(t.system)} and d.type_code = ${param(t.code)})` : `d.type_code = ${param(t.code)}`));
    where.push(`(${ors.join(' or ')})`);
    shape.push('type:' + q.typeCodes.map((t) => (t.system ? 's' : 'c')).join(''));
  }
  anyOf('d.service_task', q.serviceTasks, 'text', 'setting');
  anyOf('d.phase', q.phases, 'text', 'phase');
  anyOf('d.format_code', q.formats, 'text', 'format');
  anyOf('d.content_type', q.contentTypes, 'text', 'ctype');
  anyOf('d.special_content', q.specialContent, 'boolean', 'sl');
  if (q.authorGiven?.length) { where.push(`lower(d.author_given) = any(${param(q.authorGiven.map((s) => s.toLowerCase()))}::text[])`); shape.push('ag'); }
  if (q.authorFamily?.length) { where.push(`lower(d.author_family) = any(${param(q.authorFamily.map((s) => s.toLowerCase()))}::text[])`); shape.push('af'); }
  if (q.related?.length) {
    const p = param(q.related);
    where.push(`(d.replaces_version_id::text = any(${p}::text[]) or d.replaced_by_version_id::text = any(${p}::text[]) or d.matter_set_id::text = any(${p}::text[]))`);
    shape.push('related');
  }
  for (const [column, filters, key] of [['d.created_at', q.created, 'date'], ['d.period_start', q.period, 'period'], ['d.stored_at', q.lastUpdated, 'lu']] as const) {
    for (const f of filters ?? []) {
      where.push(dateCondition(column, f, param));
      shape.push(`${key}:${f.prefix}`);
    }
  }
  const limit = param(q.count);
  const offset = param(q.offset);
  const text = `${SELECT} where ${where.join(' and ')} order by d.created_at desc, d.version_id limit ${limit} offset ${offset}`;
  const r = await db.query({ name: `document-find:${shape.join(',')}`, text, values });
  const rows = r.rows.map(toMeta);
  // The total is only counted when the page is full; otherwise it is known.
  let total = q.offset + rows.length;
  if (rows.length === q.count) {
    const countText = `select count(*)::int as n from document d where ${where.join(' and ')}`;
    const c = await db.query<{ n: number }>({ name: `document-count:${shape.join(',')}`, text: countText, values: values.slice(0, values.length - 2) });
    total = c.rows[0]?.n ?? total;
  }
  return { rows, total };
}

export async function nextVersionNumber(db: Queryable, setId: string): Promise<number> {
  const r = await db.query<{ n: number }>({ name: 'document-next-version', text: 'select coalesce(max(version_number), 0) + 1 as n from document where set_id = $1', values: [setId] });
  return r.rows[0]?.n ?? 1;
}

/** The current version of a set among one client's documents (S3(c): what a prohibition names). */
export async function currentVersionOfSet(db: Queryable, personKey: string, setId: string): Promise<StoredDocument | undefined> {
  if (!UUID.test(setId)) return undefined;
  const r = await db.query({ name: 'document-current-of-set', text: `${SELECT} where d.set_id = $1 and d.person_key = $2 and d.status = 'current'`, values: [setId, personKey] });
  return r.rows[0] ? toMeta(r.rows[0]) : undefined;
}

// What the citizen portal reads: the person's documents (S8: a shared matter's included, each
// flagged when its matter has several clients, V4), their client relationships with the named
// worker's contact details (V1), and organisation names for the pages.
import type { Queryable } from './queryable.ts';
import { documentOfClient, documentsOfClient } from './shared-matter.ts';
import type { Mandate, Representation } from '../domain/registers.ts';

/** A document as the portal lists it: what the visibility decision and the list page need. */
export interface PortalDocumentRow {
  readonly versionId: string;
  readonly setId: string;
  readonly controllerOid: string;
  /** The organisation that wrote it: the author's, else the unit's, else the controller. */
  readonly authorOrganisationOid: string;
  readonly serviceTask: string;
  readonly typeSystem: string;
  readonly typeCode: string;
  readonly phase: '1' | '2' | '3' | 'legacy';
  readonly status: 'current' | 'superseded' | 'entered-in-error';
  readonly title: string | null;
  readonly displayDelayedUntil: string | null;
  readonly specialContent: boolean;
  readonly hiddenFromGuardians: boolean;
  readonly portalOptIn: boolean;
  readonly sharedMatter: boolean;
  readonly createdAt: string;
}

/** One document as the document page shows it. */
export interface PortalDocumentDetail extends PortalDocumentRow {
  readonly controllerName: string | null;
  readonly authorOrganisationName: string | null;
  readonly contentType: string;
  readonly contentSha256: string;
  readonly authorName: string | null;
}

// The list reads only what the decision and the list show: a person may have hundreds of
// documents, and every column of every row costs parsing (docs/benchmarks.md, portal phase).
const LIST_COLUMNS = `d.version_id::text as "versionId", d.set_id::text as "setId", d.controller_oid as "controllerOid",
  coalesce(d.author_organisation_oid, d.unit_oid, d.controller_oid) as "authorOrganisationOid",
  d.service_task as "serviceTask", d.type_system as "typeSystem", d.type_code as "typeCode", d.phase, d.status, d.title,
  to_char(d.display_delayed_until, 'YYYY-MM-DD') as "displayDelayedUntil", d.special_content as "specialContent",
  d.hidden_from_guardians as "hiddenFromGuardians", d.portal_opt_in as "portalOptIn",
  (d.matter_set_id is not null and (select count(*) from matter_client mc where mc.matter_set_id = d.matter_set_id) > 1) as "sharedMatter",
  to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt"`;

const DETAIL_COLUMNS = `${LIST_COLUMNS}, (select name from organisation o where o.oid = d.controller_oid) as "controllerName",
  (select name from organisation o where o.oid = coalesce(d.author_organisation_oid, d.unit_oid, d.controller_oid)) as "authorOrganisationName",
  d.content_type as "contentType", encode(d.content_sha256, 'hex') as "contentSha256",
  nullif(concat_ws(' ', d.author_given, d.author_family), '') as "authorName"`;

/**
 * The person's current documents, newest first. Earlier versions and invalidated documents are
 * never shown (V3), so they are not even read.
 */
export async function portalDocumentsOf(db: Queryable, personKey: string): Promise<PortalDocumentRow[]> {
  const r = await db.query<PortalDocumentRow>({
    name: 'portal-documents',
    text: `select ${LIST_COLUMNS} from ${documentsOfClient('$1')} d where d.status = 'current' order by d.created_at desc, d.version_id`,
    values: [personKey],
  });
  return r.rows;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One version, if it is a document of this person (S8 included). */
export async function portalDocumentOf(db: Queryable, versionId: string, personKey: string): Promise<PortalDocumentDetail | undefined> {
  if (!UUID.test(versionId)) return undefined;
  const r = await db.query<PortalDocumentDetail>({
    name: 'portal-document',
    text: `select ${DETAIL_COLUMNS} from document d where d.version_id = $1 and ${documentOfClient('$2')}`,
    values: [versionId, personKey],
  });
  return r.rows[0];
}

/** V1: a client relationship as the portal shows it. */
export interface PortalRelationshipRow {
  readonly controllerOid: string;
  readonly controllerName: string | null;
  readonly unitName: string | null;
  readonly serviceTask: string;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly workerName: string | null;
  readonly workerPhone: string | null;
  readonly workerEmail: string | null;
}


const RELATIONSHIP_JSON = `json_build_object('controllerOid', r.controller_oid, 'controllerName', (select name from organisation o where o.oid = r.controller_oid),
  'unitName', (select name from organisation o where o.oid = r.unit_oid), 'serviceTask', r.service_task,
  'startDate', to_char(r.start_date, 'YYYY-MM-DD'), 'endDate', to_char(r.end_date, 'YYYY-MM-DD'),
  'workerName', r.worker_name, 'workerPhone', r.worker_phone, 'workerEmail', r.worker_email)`;

/**
 * The document list page's data in one statement: the person's current documents (as
 * portalDocumentsOf, newest first) and client relationships (as portalRelationshipsOf). One
 * round trip instead of two, and JSON instead of hundreds of rows to parse.
 */
export async function portalListOf(db: Queryable, personKey: string): Promise<{ documents: PortalDocumentRow[]; relationships: PortalRelationshipRow[] }> {
  const r = await db.query<{ documents: PortalDocumentRow[]; relationships: PortalRelationshipRow[] }>({
    name: 'portal-list',
    text: `select
             coalesce((select json_agg(x order by x."createdAt" desc, x."versionId") from (
               select ${LIST_COLUMNS} from ${documentsOfClient('$1')} d where d.status = 'current') x), '[]'::json) as documents,
             coalesce((select json_agg(${RELATIONSHIP_JSON} order by r.start_date desc, r.controller_oid, r.service_task)
               from client_relationship r where r.person_key = $1), '[]'::json) as relationships`,
    values: [personKey],
  });
  return r.rows[0]!;
}

const NAMES_TTL_MS = 60_000;
const namesCache = new WeakMap<object, { at: number; names: Promise<Map<string, string>> }>();

/**
 * Every organisation's name, read at most once a minute per database (`key`: the pool): the
 * document list names the organisation of each of hundreds of documents, and organisations are
 * registered a few times a year.
 */
export async function allOrganisationNames(db: Queryable, key: object): Promise<Map<string, string>> {
  let cached = namesCache.get(key);
  if (!cached || Date.now() - cached.at > NAMES_TTL_MS) {
    cached = { at: Date.now(), names: db.query<{ oid: string; name: string }>({ name: 'organisation-all-names', text: 'select oid, name from organisation' }).then((r) => new Map(r.rows.map((row) => [row.oid, row.name]))) };
    namesCache.set(key, cached);
    cached.names.catch(() => namesCache.delete(key));
  }
  return cached.names;
}


/** Display names of people by person key (for the log: who viewed the data in the portal). */
export async function personNames(db: Queryable, personKeys: readonly string[]): Promise<Map<string, string>> {
  if (personKeys.length === 0) return new Map();
  const r = await db.query<{ person_key: string; name: string }>({
    name: 'portal-person-names',
    text: `select person_key::text, concat_ws(' ', given_name, family_name) as name from person where person_key = any($1::bigint[])`,
    values: [personKeys],
  });
  return new Map(r.rows.filter((row) => row.name).map((row) => [row.person_key, row.name]));
}

/** The person's own row and the relations in which they act for others: what "whose data" decides on. */
export interface ViewerRelations {
  readonly representations: Representation[];
  readonly mandates: Mandate[];
  /** The viewer and everyone the relations name. */
  readonly people: { readonly personKey: string; readonly fhirId: string; readonly name: string; readonly birthDate: string }[];
}

/**
 * Every page asks whom the logged-in person may act for (V7-V9): the table-backed population
 * and mandate registers (the same rows as tablePopulationRegister.representationsOf and
 * tableMandateRegister.mandatesHeldBy) and the people they name, in one statement. A deployment
 * that reads the national registers through adapters replaces this read.
 */
export async function viewerRelations(db: Queryable, viewerKey: string): Promise<ViewerRelations> {
  const r = await db.query<ViewerRelations>({
    name: 'portal-viewer-relations',
    text: `with reps as (
             select person_key::text as "personKey", representative_key::text as "representativeKey", kind,
                    to_char(start_date, 'YYYY-MM-DD') as "startDate", to_char(end_date, 'YYYY-MM-DD') as "endDate"
             from population_representation where representative_key = $1),
           mands as (
             select person_key::text as "principalKey", mandate_id as "mandateId", holder_key::text as "holderKey", scopes,
                    to_char(valid_from, 'YYYY-MM-DD') as "validFrom", to_char(valid_until, 'YYYY-MM-DD') as "validUntil",
                    to_char(revoked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "revokedAt"
             from mandate where holder_key = $1)
           select coalesce((select json_agg(reps order by "personKey", kind, "startDate") from reps), '[]'::json) as representations,
                  coalesce((select json_agg(mands order by "principalKey", "mandateId") from mands), '[]'::json) as mandates,
                  (select json_agg(json_build_object('personKey', p.person_key::text, 'fhirId', p.fhir_id::text,
                          'name', coalesce(nullif(concat_ws(' ', p.given_name, p.family_name), ''), '–'), 'birthDate', to_char(p.birth_date, 'YYYY-MM-DD')))
                   from person p where p.person_key = $1
                      or p.person_key in (select "personKey"::bigint from reps union select "principalKey"::bigint from mands)) as people`,
    values: [viewerKey],
  });
  return r.rows[0]!;
}

/** The people who may act for a client by the registers (any time): the archivist's choice of viewers for V14. */
export async function representativesOfClient(db: Queryable, personKey: string): Promise<{ fhirId: string; name: string; kind: string }[]> {
  const r = await db.query<{ fhirId: string; name: string; kind: string }>({
    name: 'representatives-of-client',
    text: `select distinct p.fhir_id::text as "fhirId", coalesce(nullif(concat_ws(' ', p.given_name, p.family_name), ''), '–') as name, x.kind
           from (select representative_key as k, kind from population_representation where person_key = $1
                 union all select holder_key, 'mandate' from mandate where person_key = $1) x
           join person p on p.person_key = x.k order by 2, 3`,
    values: [personKey],
  });
  return r.rows;
}

// S10 retention: the documents (sets of versions) with the facts their retention period counts
// from, and their destruction with what was derived from them. See src/usecases/run-retention.ts.
import type { Queryable } from './queryable.ts';
import { CLIENT_RELATIONSHIP_GROUP_CODE, DOCUMENT_GROUP_SYSTEM, MATTER_GROUP_CODE } from '../domain/codes/document-types.ts';

/**
 * Documents are destroyed in three passes, so that the documents that others depend on go last:
 * ordinary documents, then matter documents (their matter rows decide S8 membership), then
 * client relationship documents (their rows decide D3/S7 access and the relationship's end).
 */
export type RetentionPass = 'document' | 'matter' | 'relationship';

export interface RetentionCandidate {
  readonly setId: string;
  readonly personKey: string;
  readonly personFhirId: string;
  readonly birthDate: string;
  readonly controllerOid: string;
  /** The latest version's service task (its key, as stored), type and phase. */
  readonly serviceTask: string;
  readonly typeSystem: string;
  readonly typeCode: string;
  readonly phase: string;
  /** The first version's creation instant, and its day in Finland. */
  readonly createdAt: string;
  readonly createdOn: string;
  readonly versionIds: readonly string[];
  readonly matterSetId: string | null;
  readonly relationshipEnd: string | null;
  /** The matter's close day (the day its last client left), null while a client remains. */
  readonly matterClose: string | null;
}

const PASS_FILTER: Record<RetentionPass, string> = {
  document: `not (d.type_system = '${DOCUMENT_GROUP_SYSTEM}' and d.type_code in ('${CLIENT_RELATIONSHIP_GROUP_CODE}', '${MATTER_GROUP_CODE}'))`,
  matter: `d.type_system = '${DOCUMENT_GROUP_SYSTEM}' and d.type_code = '${MATTER_GROUP_CODE}'`,
  relationship: `d.type_system = '${DOCUMENT_GROUP_SYSTEM}' and d.type_code = '${CLIENT_RELATIONSHIP_GROUP_CODE}'`,
};

/** One page of document sets of a pass, in set id order after `afterSetId`; of one controller's register, or of all. */
export async function retentionCandidates(db: Queryable, pass: RetentionPass, afterSetId: string | null, limit: number, controllerOid?: string): Promise<RetentionCandidate[]> {
  const r = await db.query<{
    set_id: string; person_key: string; fhir_id: string; birth_date: string; controller_oid: string; service_task: string; type_system: string;
    type_code: string; phase: string; created_at: Date; created_on: string; version_ids: string[]; matter_set_id: string | null;
    relationship_end: string | null; matter_close: string | null;
  }>({
    name: `retention-candidates-${pass}`,
    text: `with sets as (
             select d.set_id, d.person_key,
               (array_agg(d.controller_oid order by d.version_number desc))[1] as controller_oid,
               (array_agg(d.service_task order by d.version_number desc))[1] as service_task,
               (array_agg(d.type_system order by d.version_number desc))[1] as type_system,
               (array_agg(d.type_code order by d.version_number desc))[1] as type_code,
               (array_agg(d.phase order by d.version_number desc))[1] as phase,
               (array_agg(d.matter_set_id order by d.version_number desc))[1] as matter_set_id,
               (array_agg(d.created_at order by d.version_number))[1] as created_at,
               array_agg(d.version_id::text order by d.version_number) as version_ids
             from document d
             where ($1::uuid is null or d.set_id > $1::uuid) and ($3::text is null or d.controller_oid = $3) and ${PASS_FILTER[pass]}
             group by d.set_id, d.person_key
             order by d.set_id
             limit $2
           )
           select s.*, (s.created_at at time zone 'Europe/Helsinki')::date::text as created_on,
             p.fhir_id, p.birth_date::text as birth_date, r.end_date::text as relationship_end,
             case when mc.all_left then ((mc.last_left - interval '1 microsecond') at time zone 'Europe/Helsinki')::date::text end as matter_close
           from sets s
           join person p on p.person_key = s.person_key
           left join client_relationship r on r.person_key = s.person_key and r.controller_oid = s.controller_oid and r.service_task = s.service_task
           left join lateral (
             select bool_and(c.left_at is not null) and count(*) > 0 as all_left, max(c.left_at) as last_left
             from matter_client c where c.matter_set_id = s.matter_set_id
           ) mc on s.matter_set_id is not null
           order by s.set_id`,
    values: [afterSetId, limit, controllerOid ?? null],
  });
  return r.rows.map((x) => ({
    setId: x.set_id, personKey: String(x.person_key), personFhirId: x.fhir_id, birthDate: x.birth_date, controllerOid: x.controller_oid,
    serviceTask: x.service_task, typeSystem: x.type_system, typeCode: x.type_code, phase: x.phase, createdAt: x.created_at.toISOString(),
    createdOn: x.created_on, versionIds: x.version_ids, matterSetId: x.matter_set_id, relationshipEnd: x.relationship_end, matterClose: x.matter_close,
  }));
}

/**
 * Locks the versions of these sets against concurrent change and returns them per set, so that a
 * set that gained a version after it was decided on is not destroyed on the old decision.
 */
export async function lockSets(db: Queryable, setIds: readonly string[]): Promise<Map<string, string[]>> {
  const r = await db.query<{ set_id: string; version_id: string }>({
    name: 'retention-lock-sets',
    text: 'select set_id::text, version_id::text from document where set_id = any($1::uuid[]) order by set_id, version_number for update',
    values: [setIds],
  });
  const out = new Map<string, string[]>();
  for (const row of r.rows) out.set(row.set_id, [...(out.get(row.set_id) ?? []), row.version_id]);
  return out;
}

/**
 * The matter and relationship documents among these sets that other documents still depend on:
 * a matter document while another document of its matter remains, a relationship document while
 * an ordinary or matter document of its client, controller and service task remains.
 */
export async function heldSets(db: Queryable, setIds: readonly string[]): Promise<Set<string>> {
  const r = await db.query<{ set_id: string }>({
    name: 'retention-held-sets',
    text: `select distinct d.set_id::text from document d
           where d.set_id = any($1::uuid[]) and d.type_system = $2 and (
             (d.type_code = $4 and exists (select 1 from document o where o.matter_set_id = d.set_id and o.set_id <> d.set_id))
             or (d.type_code = $3 and exists (
               select 1 from document o where o.person_key = d.person_key and o.controller_oid = d.controller_oid and o.service_task = d.service_task
                 and o.set_id <> d.set_id and not (o.type_system = $2 and o.type_code = $3))))`,
    values: [setIds, DOCUMENT_GROUP_SYSTEM, CLIENT_RELATIONSHIP_GROUP_CODE, MATTER_GROUP_CODE],
  });
  return new Set(r.rows.map((x) => x.set_id));
}

export interface DestroyedRows {
  readonly versions: number;
  readonly blobs: number;
  readonly relationships: number;
  readonly matters: number;
  readonly submissionSets: number;
}

/**
 * Destroys every version of these sets, the blobs no remaining document uses, the client
 * relationship and matter rows derived from them, and the sets from their submission sets' lists
 * (a submission set left empty goes). Audit rows are never touched (D10).
 */
export async function destroySets(tx: Queryable, setIds: readonly string[]): Promise<DestroyedRows> {
  const deleted = await tx.query<{ version_id: string; person_key: string; submission_set_id: string; content_sha256: Buffer }>({
    name: 'retention-delete-documents',
    text: 'delete from document where set_id = any($1::uuid[]) returning version_id::text, person_key, submission_set_id::text, content_sha256',
    values: [setIds],
  });
  const versionIds = deleted.rows.map((r) => r.version_id);
  const shas = [...new Map(deleted.rows.map((r) => [r.content_sha256.toString('hex'), r.content_sha256])).values()];
  const blobs = await tx.query({
    name: 'retention-delete-blobs',
    text: `delete from blob b where b.sha256 = any($1::bytea[])
           and not exists (select 1 from document d where d.content_sha256 = b.sha256)`,
    values: [shas],
  });
  const relationships = await tx.query({
    name: 'retention-delete-relationships',
    text: 'delete from client_relationship where source_set_id = any($1::uuid[])',
    values: [setIds],
  });
  const matters = await tx.query({
    name: 'retention-delete-matters',
    text: `delete from matter m where m.matter_set_id = any($1::uuid[])
           and not exists (select 1 from document d where d.matter_set_id = m.matter_set_id)`,
    values: [setIds],
  });
  // Each destroyed version leaves the list of the submission set it came in (by its key, person first).
  const sets = [...new Map(deleted.rows.map((r) => [`${r.person_key}/${r.submission_set_id}`, r])).values()];
  const setKeys = [sets.map((r) => r.person_key), sets.map((r) => r.submission_set_id)];
  await tx.query({
    name: 'retention-trim-submission-sets',
    text: `update submission_set s set document_version_ids = array(select v from unnest(s.document_version_ids) v where v <> all($3::uuid[]))
           from unnest($1::bigint[], $2::uuid[]) as k(person_key, submission_set_id)
           where s.person_key = k.person_key and s.submission_set_id = k.submission_set_id`,
    values: [...setKeys, versionIds],
  });
  const emptied = await tx.query({
    name: 'retention-delete-empty-submission-sets',
    text: `delete from submission_set s using unnest($1::bigint[], $2::uuid[]) as k(person_key, submission_set_id)
           where s.person_key = k.person_key and s.submission_set_id = k.submission_set_id and cardinality(s.document_version_ids) = 0`,
    values: setKeys,
  });
  return { versions: deleted.rowCount ?? 0, blobs: blobs.rowCount ?? 0, relationships: relationships.rowCount ?? 0, matters: matters.rowCount ?? 0, submissionSets: emptied.rowCount ?? 0 };
}

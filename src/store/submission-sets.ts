// ITI-65 SubmissionSets: one row per stored bundle, read back by GET List/<id>.
import type { Queryable } from './queryable.ts';
import type { PersonKey } from '../domain/types.ts';

export interface SubmissionSetRow {
  readonly personKey: PersonKey;
  readonly personFhirId: string;
  readonly identityCode: string;
  readonly submissionSetId: string;
  readonly systemId: string;
  readonly controllerOid: string;
  readonly sourceId: string;
  readonly uniqueId: string | null;
  readonly submittedAt: string;
  readonly storedAt: string;
  readonly title: string | null;
  readonly documentVersionIds: readonly string[];
}

export type NewSubmissionSet = Omit<SubmissionSetRow, 'personFhirId' | 'identityCode'>;

export async function insertSubmissionSet(tx: Queryable, s: NewSubmissionSet): Promise<void> {
  await tx.query({
    name: 'submission-set-insert',
    text: `insert into submission_set (person_key, submission_set_id, system_id, controller_oid, source_id, unique_id, submitted_at, stored_at, title, document_version_ids)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    values: [s.personKey, s.submissionSetId, s.systemId, s.controllerOid, s.sourceId, s.uniqueId, s.submittedAt, s.storedAt, s.title, s.documentVersionIds],
  });
}

interface Row {
  person_key: string; fhir_id: string; identity_code: string; submission_set_id: string; system_id: string; controller_oid: string;
  source_id: string; unique_id: string | null; submitted_at: Date; stored_at: Date; title: string | null; document_version_ids: string[];
}

export async function getSubmissionSet(db: Queryable, id: string): Promise<SubmissionSetRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const r = await db.query<Row>({
    name: 'submission-set-get',
    text: `select s.*, p.fhir_id, p.identity_code from submission_set s join person p on p.person_key = s.person_key where s.submission_set_id = $1`,
    values: [id],
  });
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    personKey: row.person_key as PersonKey, personFhirId: row.fhir_id, identityCode: row.identity_code, submissionSetId: row.submission_set_id,
    systemId: row.system_id, controllerOid: row.controller_oid, sourceId: row.source_id, uniqueId: row.unique_id,
    submittedAt: new Date(row.submitted_at).toISOString(), storedAt: new Date(row.stored_at).toISOString(), title: row.title,
    documentVersionIds: row.document_version_ids,
  };
}

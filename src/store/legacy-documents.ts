// L4: legacy documents stored in batches. Each statement takes a whole batch as arrays
// (insert ... select from unnest), so a batch of thousands of documents costs a handful of round
// trips. The bytes travel as one binary parameter (node-postgres sends a Buffer in binary
// format) cut up on the server with substring: no hex text to build in Node or to parse in
// PostgreSQL, which is what makes this about as fast as COPY without a COPY client.
import type { Queryable } from './queryable.ts';
import type { PersonKey } from '../domain/types.ts';
import { DOCUMENT_TYPE_SYSTEM } from '../domain/codes/index.ts';

// The format every legacy document gets: its MIME type says it all (IHE format code, as migration 0006).
const FORMAT_SYSTEM = 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode';
const MIME_TYPE_SUFFICIENT = 'urn:ihe:iti:xds:2017:mimeTypeSufficient';

/** A system id that names no registered system: the operator's import, in submission_set.system_id. */
export const LEGACY_IMPORT_SYSTEM_ID = 'kansio-import-legacy';

/** One document of a batch, its file read and hashed. */
export interface LegacyDocumentRow {
  readonly personKey: PersonKey;
  readonly versionId: string;
  readonly setId: string;
  readonly submissionSetId: string;
  readonly controllerOid: string;
  readonly serviceTask: string;
  readonly typeCode: string;
  readonly title: string | null;
  /** YYYY-MM-DD, stored as the start of that day in UTC (the same day in Finland). */
  readonly date: string;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly sha256: Buffer;
  readonly sha1: Buffer;
  readonly masterIdentifier: string;
  readonly oldClientRelationship: boolean;
}

/**
 * The person key of each identity code, the person created if the archive has not met them
 * (names arrive from the population register later). Two statements for the whole batch.
 */
export async function legacyPersonKeys(tx: Queryable, people: readonly { identityCode: string; birthDate: string }[]): Promise<Map<string, PersonKey>> {
  const codes = people.map((p) => p.identityCode);
  await tx.query({
    name: 'legacy-persons-ensure',
    text: `insert into person (identity_code, birth_date) select * from unnest($1::text[], $2::date[]) order by 1 on conflict (identity_code) do nothing`,
    values: [codes, people.map((p) => p.birthDate)],
  });
  const r = await tx.query<{ identity_code: string; person_key: string }>({
    name: 'legacy-persons-keys',
    text: 'select identity_code, person_key::text from person where identity_code = any($1::text[])',
    values: [codes],
  });
  return new Map(r.rows.map((x) => [x.identity_code, x.person_key as PersonKey]));
}

/** Which of these master identifiers are stored already (an earlier run, or an interrupted one). */
export async function storedMasterIdentifiers(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  const r = await db.query<{ master_identifier: string }>({
    name: 'legacy-stored-master-ids',
    text: 'select master_identifier from document where master_identifier = any($1::text[])',
    values: [ids],
  });
  return new Set(r.rows.map((x) => x.master_identifier));
}

/** Serialises legacy imports, so that two runs never store the same row twice between their checks. */
export async function lockLegacyImport(tx: Queryable): Promise<void> {
  await tx.query({ name: 'legacy-import-lock', text: "select pg_advisory_xact_lock(hashtext('kansio-legacy-import'))" });
}

/** Blobs, documents and one submission set per person and controller: three statements. */
export async function insertLegacyDocuments(tx: Queryable, rows: readonly LegacyDocumentRow[], storedAt: string): Promise<void> {
  if (rows.length === 0) return;
  // Content addressing: the same bytes twice in a batch are one blob.
  const blobs = new Map<string, LegacyDocumentRow>();
  for (const r of rows) blobs.set(r.sha256.toString('hex'), r);
  const unique = [...blobs.values()];
  const offsets: number[] = [];
  let at = 0;
  for (const r of unique) { offsets.push(at); at += r.bytes.length; }
  await tx.query({
    name: 'legacy-blobs-insert',
    text: `insert into blob (sha256, bytes)
           select substring($1::bytea from (n - 1)::int * 32 + 1 for 32), substring($2::bytea from o + 1 for l)
           from unnest($3::int[], $4::int[]) with ordinality as u(o, l, n)
           on conflict do nothing`,
    values: [Buffer.concat(unique.map((r) => r.sha256)), Buffer.concat(unique.map((r) => r.bytes)), offsets, unique.map((r) => r.bytes.length)],
  });
  const col = <T>(f: (r: LegacyDocumentRow) => T): T[] => rows.map(f);
  await tx.query({
    name: 'legacy-documents-insert',
    text: `insert into document (person_key, version_id, set_id, version_number, controller_oid, service_task, type_system, type_code,
             phase, status, title, author_organisation_oid, created_at, stored_at, content_type, format_system, format_code,
             content_sha256, content_sha1, content_size, submission_set_id, master_identifier, legacy_old_relationship)
           select p, v, s, 1, c, t, $14, tc, 'legacy', 'current', ti, c, d::timestamp at time zone 'UTC', $15, ct, $16, $17,
             substring($1::bytea from (n - 1)::int * 32 + 1 for 32), substring($2::bytea from (n - 1)::int * 20 + 1 for 20), sz, ss, mi, old
           from unnest($3::bigint[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::date[], $11::text[],
                       $12::int[], $13::uuid[], $18::text[], $19::boolean[]) with ordinality as u(p, v, s, c, t, tc, ti, d, ct, sz, ss, mi, old, n)`,
    values: [
      Buffer.concat(col((r) => r.sha256)), Buffer.concat(col((r) => r.sha1)),
      col((r) => r.personKey), col((r) => r.versionId), col((r) => r.setId), col((r) => r.controllerOid), col((r) => r.serviceTask),
      col((r) => r.typeCode), col((r) => r.title), col((r) => r.date), col((r) => r.contentType), col((r) => r.bytes.length),
      col((r) => r.submissionSetId), DOCUMENT_TYPE_SYSTEM, storedAt, FORMAT_SYSTEM, MIME_TYPE_SUFFICIENT,
      col((r) => r.masterIdentifier), col((r) => r.oldClientRelationship),
    ],
  });
  await tx.query({
    name: 'legacy-submission-sets-insert',
    text: `insert into submission_set (person_key, submission_set_id, system_id, controller_oid, source_id, submitted_at, stored_at, title, document_version_ids)
           select p, ss, $5, c, 'urn:oid:' || c, $6, $6, 'Legacy data import (L4)', array_agg(v)
           from unnest($1::bigint[], $2::uuid[], $3::text[], $4::uuid[]) as u(p, ss, c, v) group by p, ss, c`,
    values: [col((r) => r.personKey), col((r) => r.submissionSetId), col((r) => r.controllerOid), col((r) => r.versionId), LEGACY_IMPORT_SYSTEM_ID, storedAt],
  });
}

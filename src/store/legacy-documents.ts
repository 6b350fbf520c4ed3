// L4: legacy documents stored in batches. The bulk of a batch (the bytes and the document rows)
// goes with `COPY ... FROM STDIN (FORMAT binary)` straight into the real tables: no hex, no text
// to parse, and PostgreSQL's multi-row insert path. COPY has no ON CONFLICT, so what is stored
// already is asked first (one indexed look-up per batch for the documents, one for the bytes),
// under an advisory lock that keeps two imports from racing between the look-up and the COPY
// (docs/decisions/0020-legacy-import-with-copy.md measures this against a staging table).
import type { Connection } from './db.ts';
import type { Queryable } from './queryable.ts';
import type { PersonKey } from '../domain/types.ts';
import { DOCUMENT_TYPE_SYSTEM } from '../domain/codes/index.ts';
import { type BinaryCopy, type CopyBuffers, copyBinary, encoded, encodedTimestamptz } from './copy-binary.ts';

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
  /** The content's length in bytes. */
  readonly size: number;
  readonly sha256: Buffer;
  readonly sha1: Buffer;
  readonly masterIdentifier: string;
  readonly oldClientRelationship: boolean;
}

/**
 * The person key of each identity code, the person created if the archive has not met them
 * (names arrive from the population register later), and how many were new: one statement for
 * the whole batch. The outer select sees the table as it was before the insert, so the union
 * of the two parts is every person once.
 */
export async function legacyPersonKeys(tx: Queryable, people: readonly { identityCode: string; birthDate: string }[]): Promise<{ keys: Map<string, PersonKey>; created: number }> {
  const r = await tx.query<{ identity_code: string; person_key: string; created: boolean }>({
    name: 'legacy-persons-ensure',
    text: `with input as (select * from unnest($1::text[], $2::date[]) as u(identity_code, birth_date)),
           created as (insert into person (identity_code, birth_date) select * from input order by 1 on conflict (identity_code) do nothing returning identity_code, person_key)
           select identity_code, person_key::text, true as created from created
           union all
           select p.identity_code, p.person_key::text, false from person p join input i using (identity_code)`,
    values: [people.map((p) => p.identityCode), people.map((p) => p.birthDate)],
  });
  return { keys: new Map(r.rows.map((x) => [x.identity_code, x.person_key as PersonKey])), created: r.rows.filter((x) => x.created).length };
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

/** Which of these contents (by SHA-256, hex) are stored already: content addressing stores each once. */
export async function storedBlobs(db: Queryable, sha256s: readonly Buffer[]): Promise<Set<string>> {
  const r = await db.query<{ sha256: Buffer }>({
    name: 'legacy-stored-blobs',
    text: 'select sha256 from blob where sha256 = any($1::bytea[])',
    values: [sha256s],
  });
  return new Set(r.rows.map((x) => x.sha256.toString('hex')));
}

/** Serialises legacy imports, so that two runs never store the same row twice between their checks. */
export async function lockLegacyImport(tx: Queryable): Promise<void> {
  await tx.query({ name: 'legacy-import-lock', text: "select pg_advisory_xact_lock(hashtext('kansio-legacy-import'))" });
}

// What every legacy document row repeats, encoded once.
const TYPE_SYSTEM = encoded(DOCUMENT_TYPE_SYSTEM);
const LEGACY = encoded('legacy');
const CURRENT = encoded('current');
const FORMAT_SYSTEM_BYTES = encoded(FORMAT_SYSTEM);
const FORMAT_CODE_BYTES = encoded(MIME_TYPE_SUFFICIENT);

const DOCUMENT_COLUMNS = `document (person_key, version_id, set_id, version_number, controller_oid, service_task, type_system, type_code,
  phase, status, title, author_organisation_oid, created_at, stored_at, content_type, format_system, format_code,
  content_sha256, content_sha1, content_size, submission_set_id, master_identifier, legacy_old_relationship)`;

/**
 * Blobs, documents and one submission set per person and controller. `blobs` holds the contents
 * not stored before (the caller asked storedBlobs), each once, as rows of (sha256, bytes). The
 * rows must not be stored yet (the caller asked storedMasterIdentifiers under lockLegacyImport).
 */
export async function insertLegacyDocuments(tx: Connection, rows: readonly LegacyDocumentRow[], blobs: BinaryCopy | undefined, storedAt: string, buffers: CopyBuffers): Promise<void> {
  if (rows.length === 0) return;
  if (blobs) await copyBinary(tx, 'blob (sha256, bytes)', blobs);
  // A row is about 500 bytes with a 20-character title; a longer one grows the buffer once.
  const documents = buffers.take(rows.length * 640);
  const stored = encodedTimestamptz(storedAt);
  // A batch's documents share a few hundred dates at most: each encoded once.
  const days = new Map<string, Buffer>();
  for (const r of rows) {
    let created = days.get(r.date);
    if (!created) days.set(r.date, created = encodedTimestamptz(`${r.date}T00:00:00Z`));
    documents.row(23).int8(r.personKey).uuid(r.versionId).uuid(r.setId).int4(1).text(r.controllerOid).text(r.serviceTask).raw(TYPE_SYSTEM).text(r.typeCode)
      .raw(LEGACY).raw(CURRENT).text(r.title).text(r.controllerOid).raw(created).raw(stored).text(r.contentType)
      .raw(FORMAT_SYSTEM_BYTES).raw(FORMAT_CODE_BYTES).bytea(r.sha256).bytea(r.sha1).int4(r.size).uuid(r.submissionSetId).text(r.masterIdentifier)
      .bool(r.oldClientRelationship);
  }
  await copyBinary(tx, DOCUMENT_COLUMNS, documents);
  buffers.give(documents);
  // A few hundred rows a batch (one per person): an array insert is as quick as a COPY here.
  const col = <T>(f: (r: LegacyDocumentRow) => T): T[] => rows.map(f);
  await tx.query({
    name: 'legacy-submission-sets-insert',
    text: `insert into submission_set (person_key, submission_set_id, system_id, controller_oid, source_id, submitted_at, stored_at, title, document_version_ids)
           select p, ss, $5, c, 'urn:oid:' || c, $6, $6, 'Legacy data import (L4)', array_agg(v)
           from unnest($1::bigint[], $2::uuid[], $3::text[], $4::uuid[]) as u(p, ss, c, v) group by p, ss, c`,
    values: [col((r) => r.personKey), col((r) => r.submissionSetId), col((r) => r.controllerOid), col((r) => r.versionId), LEGACY_IMPORT_SYSTEM_ID, storedAt],
  });
}

// The raw PostgreSQL ceilings the archive is compared with, measured in the same run against the
// same database with plain `pg`, no HTTP, no FHIR, no policy:
//  - same rows: per transaction the rows one ITI-65 store of one document writes, with the
//    store's own statements (prepared, named): a blob row, a document row, and an audit_event row
//    with its audit lane update (the hash chain);
//  - one row: a one-row insert in its own transaction, the usual "database ceiling" figure;
//  - search: per operation the reads and the write one ITI-67 search makes, with the server's
//    own statements on a plain connection: the person with their relationships, producer
//    authorisations and consent service records (one query, the consent facts subquery
//    included), the client's current documents, and the audit record appended atomically (with
//    the disclosure's related controllers when the documents are another register's).
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Connection, Tx } from '../src/store/db.ts';
import type { ControllerOid, PersonKey, SetId, VersionId } from '../src/domain/types.ts';
import { postgresBlobStore } from '../src/store/blobs.ts';
import { findClientWithDocuments, insertDocument } from '../src/store/documents.ts';
import { appendAudit, type AuditBasis } from '../src/store/audit.ts';
import { MAX_CANDIDATES } from '../src/usecases/find-documents.ts';
import { MIME_TYPE_SUFFICIENT, SYSTEMS } from '../src/fhir/extensions.ts';
import { insertSubmissionSet } from '../src/store/submission-sets.ts';
import { serviceTaskCode } from '../src/domain/codes/index.ts';
import { CLIENT_ID, CONTROLLER_OID, PROFESSIONAL_ID, UNIT_OID, documentContent, searchForm, type BenchArea } from './world.ts';

export interface RawResult {
  readonly operations: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

type Operation = (client: pg.PoolClient, seq: number) => Promise<void>;

async function drive(databaseUrl: string, connections: number, seconds: number, op: Operation): Promise<RawResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: connections, application_name: 'kansio-bench-raw' });
  pool.on('error', () => {});
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  // A checked-out client reports a lost connection as an 'error' event; count it, do not crash.
  for (const c of clients) c.on('error', (error: Error) => { firstError ??= error.message; });
  let seq = 0;
  try {
    for (const c of clients) await c.query("set time zone 'UTC'");
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(clients.map(async (client) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await op(client, seq++);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
          await client.query('rollback').catch(() => {});
        }
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    const sorted = Float64Array.from(latencies).sort();
    const at = (q: number): number => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
    return { operations: latencies.length, errors, firstError, seconds: elapsed, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
  } finally {
    for (const c of clients) c.release();
    await pool.end();
  }
}

/** The rows of one ITI-65 store, as one transaction, for clients that have person rows. */
export async function rawSameRows(databaseUrl: string, personKeys: readonly string[], connections: number, seconds: number): Promise<RawResult> {
  const professional = { id: PROFESSIONAL_ID, name: 'Benkki Ammattilainen', title: 'sosiaalityöntekijä', organisationOid: UNIT_OID };
  return drive(databaseUrl, connections, seconds, async (client, seq) => {
    const tx = client as Tx;
    const bytes = documentContent(seq);
    const sha256 = createHash('sha256').update(bytes).digest();
    const sha1 = createHash('sha1').update(bytes).digest();
    const personKey = personKeys[seq % personKeys.length]! as PersonKey;
    const versionId = randomUUID() as VersionId;
    const setId = randomUUID() as SetId;
    const now = new Date().toISOString();
    await client.query('begin');
    await postgresBlobStore.put(tx, sha256, bytes);
    await insertDocument(tx, {
      personKey, versionId, setId, versionNumber: 1, controllerOid: CONTROLLER_OID as ControllerOid, unitOid: UNIT_OID,
      serviceTask: serviceTaskCode('families-with-children'), typeSystem: SYSTEMS.documentType.replace('urn:oid:', ''), typeCode: '1005', phase: '2',
      title: null, displayDelayedUntil: null, specialContent: false, hiddenFromGuardians: false, restrictionReason: null, portalOptIn: false,
      authorProfessionalId: PROFESSIONAL_ID, authorGiven: 'Benkki', authorFamily: 'Ammattilainen', authorOrganisationOid: UNIT_OID,
      createdAt: now, storedAt: now, periodStart: null, periodEnd: null, contentType: 'application/json', formatSystem: SYSTEMS.formatCode, formatCode: MIME_TYPE_SUFFICIENT,
      contentSha256: sha256, contentSha1: sha1, contentSize: bytes.length, language: null, matterSetId: null,
      replacesVersionId: null, submissionSetId: setId, masterIdentifier: null,
    });
    // The SubmissionSet row the real store writes with each bundle (GET List/<id>).
    await insertSubmissionSet(tx, {
      personKey, submissionSetId: setId, systemId: CLIENT_ID, controllerOid: CONTROLLER_OID, sourceId: `urn:oid:${CONTROLLER_OID}`,
      uniqueId: null, submittedAt: now, storedAt: now, title: null, documentVersionIds: [versionId],
    });
    await appendAudit(tx, {
      eventId: randomUUID(), recordedAt: now, action: 'store', transaction: 'ITI-65', outcome: 'success',
      system: { id: CLIENT_ID, name: 'Benchmark client data system' }, professional, organisationOid: CONTROLLER_OID,
      personKey, personFhirId: randomUUID(),
      because: [{ rule: 'L5', detail: 'a connecting system may store' }, { rule: 'D1', detail: 'client relationship in service task 1 in force' }],
      documents: [{ versionId, setId, typeCode: '1005', controllerOid: CONTROLLER_OID }],
    });
    await client.query('commit');
  });
}

/**
 * The SQL of one ITI-67 search by `area`'s professional, rotating over `identityCodes`: the
 * person with their facts and the current documents (as many as the use case reads) in the
 * server's one statement, and the audit record appended alone, committing on its own (the
 * server's group commit is what this ceiling leaves out). No HTTP, token,
 * JSON bundle or access decision; the audit body names the documents with the basis the
 * decision would give (own register, or the client's consent for another register's).
 */
export async function rawSearch(databaseUrl: string, area: BenchArea, identityCodes: readonly string[], connections: number, seconds: number): Promise<RawResult> {
  const professional = { id: area.professionalId, name: `${area.givenName} ${area.familyName}`, title: 'sosiaalityöntekijä', organisationOid: area.unitOid };
  return drive(databaseUrl, connections, seconds, async (client, seq) => {
    const connection = client as Connection;
    const code = identityCodes[seq % identityCodes.length]!;
    const found = await findClientWithDocuments(connection, { identityCode: code }, { statuses: ['current'], count: MAX_CANDIDATES + 1, offset: 0 });
    if (!found) throw new Error(`no person ${code}`);
    const person = found.person;
    const consent = person.consents.find((c) => c.kind === 'social-welfare-consent' && c.revokedAt === null);
    const basisOf = (controllerOid: string): AuditBasis => (controllerOid === area.controllerOid || !consent ? { kind: 'own-register' } : { kind: 'consent', consentId: consent.id });
    const disclosers = [...new Set(found.rows.map((d) => d.controllerOid).filter((c) => c !== area.controllerOid))].sort();
    await appendAudit(connection, {
      eventId: randomUUID(), recordedAt: new Date().toISOString(), action: 'search', transaction: 'ITI-67', query: searchForm(code), outcome: 'success',
      system: { id: area.clientId, name: area.systemName }, professional, organisationOid: area.controllerOid,
      personKey: person.personKey, personFhirId: person.fhirId,
      because: [{ rule: 'D2', detail: 'own register' }, ...(disclosers.length ? [{ rule: 'D4', detail: 'disclosed under the client\'s consent' }] : [])],
      documents: found.rows.map((d) => ({ versionId: d.versionId, setId: d.setId, typeCode: d.typeCode, controllerOid: d.controllerOid, serviceTask: d.serviceTask, basis: basisOf(d.controllerOid) })),
      ...(disclosers.length ? { disclosure: { disclosers, purpose: 'the client\'s social welfare service, with the client\'s disclosure consent (D4)' } } : {}),
    });
  });
}

/** One-row transactions into a table of their own (created here, dropped by dropOneRowTable). */
export async function rawOneRow(databaseUrl: string, connections: number, seconds: number): Promise<RawResult> {
  const setup = new pg.Client({ connectionString: databaseUrl });
  await setup.connect();
  await setup.query('create table if not exists bench_one_row (id bigint generated always as identity primary key, at timestamptz not null default now(), v text not null)');
  await setup.end();
  return drive(databaseUrl, connections, seconds, async (client, seq) => {
    await client.query({ name: 'bench-one-row', text: 'insert into bench_one_row (v) values ($1)', values: [`row ${seq}`] });
  });
}

export async function dropOneRowTable(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('drop table if exists bench_one_row');
  await client.end();
}

export async function personKeysOf(databaseUrl: string, identityCodes: readonly string[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ person_key: string }>('select person_key from person where identity_code = any($1::text[]) order by person_key', [identityCodes]);
    return r.rows.map((row) => row.person_key);
  } finally {
    await client.end();
  }
}

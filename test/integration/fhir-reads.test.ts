// Issue 8, section 3: the references Kansio writes resolve. List/<id> (the ITI-65 response's
// SubmissionSet location), Patient/<id> (every DocumentReference's subject) and
// OperationDefinition/<id> (every operation in the CapabilityStatement). Through HTTP, on the
// real database; each client-data read is audited and a refusal never confirms existence.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Bundle, CapabilityStatement, DocumentReference, List, OperationDefinition, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { MHD_EXTENSIONS, SYSTEMS } from '../../src/fhir/extensions.ts';
import { MHD_SUBMISSION_SET_PROFILE } from '../../src/fhir/record-out.ts';

const SCOPES = 'system/DocumentReference.cruds system/Binary.cr system/List.cr system/Patient.r system/AuditEvent.rs';

let archive: TestArchive;
let areaA: string;
let proA: Actor;
let proA2: Actor;
let proB: Actor;

before(async () => {
  archive = await startTestArchive();
  areaA = await archive.controller('Area A');
  proA = await archive.actor(areaA);
  proA2 = await archive.actor(areaA);
  proB = await archive.actor(await archive.controller('Area B'));
});
after(async () => archive.close());

interface AuditRow { outcome: string; transaction: string; detail: string | null; system: string }
const auditOf = async (transaction: string): Promise<AuditRow[]> => archive.sql<AuditRow & Record<string, unknown>>(
  `select outcome, body::json->>'transaction' as transaction, body::json->>'detail' as detail, body::json->'system'->>'id' as system
   from audit_event where body::json->>'transaction' = $1 order by recorded_at, lane, seq`, [transaction]);

async function storeFor(client: string): Promise<{ listId: string; docId: string }> {
  const res = await archive.fhir<Bundle>(await proA.token(SCOPES), 'POST', '', aDocument().forClient(client).build());
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const locations = res.body.entry!.map((e) => e.response!.location!);
  return { listId: locations.find((l) => l.startsWith('List/'))!.slice(5), docId: locations.find((l) => l.startsWith('DocumentReference/'))!.slice(18) };
}

test('issue 8: GET List/<id> answers the SubmissionSet to the system that stored it, 404 to any other, audited', async () => {
  const client = aPersonCode();
  await archive.openRelationship(proA, client);
  const { listId, docId } = await storeFor(client);

  const own = await archive.fhir<List>(await proA.token(SCOPES), 'GET', `/List/${listId}`);
  assert.equal(own.status, 200);
  assert.equal(own.headers.get('cache-control'), 'no-store');
  const list = own.body;
  assert.equal(list.id, listId);
  assert.deepEqual(list.meta?.profile, [MHD_SUBMISSION_SET_PROFILE]);
  assert.deepEqual([list.status, list.mode, list.code?.coding?.[0]?.code], ['current', 'working', 'submissionset']);
  assert.deepEqual(list.entry, [{ item: { reference: `DocumentReference/${docId}` } }]);
  assert.deepEqual(list.extension, [{ url: MHD_EXTENSIONS.sourceId, valueIdentifier: { value: 'urn:oid:1.2.246.10.1' } }]);
  assert.deepEqual(list.identifier, [{ use: 'usual', system: SYSTEMS.rfc3986, value: `urn:uuid:${listId}` }]);
  assert.equal(list.date, '2026-03-01T08:00:00.000Z');
  const doc = await archive.fhir<DocumentReference>(await proA.token(SCOPES), 'GET', `/DocumentReference/${docId}`);
  assert.equal(list.subject?.reference, doc.body.subject?.reference, 'the set names the same Patient as its document');

  // Another system of the same controller, and another controller's system: 404, like an unknown id.
  const unknown = await archive.fhir<OperationOutcome>(await proA.token(SCOPES), 'GET', `/List/${randomUUID()}`);
  for (const other of [proA2, proB]) {
    const res = await archive.fhir<OperationOutcome>(await other.token(SCOPES), 'GET', `/List/${listId}`);
    assert.equal(res.status, 404);
    assert.equal(res.body.issue[0]!.code, unknown.body.issue[0]!.code);
    assert.equal(res.body.issue[0]!.diagnostics, `List/${listId} is not found`);
  }
  assert.equal(unknown.status, 404);
  const records = (await auditOf('List-read')).filter((r) => r.detail === `List/${listId}`);
  assert.deepEqual(records.map((r) => [r.outcome, r.system]), [['success', proA.systemId], ['denied', proA2.systemId], ['denied', proB.systemId]]);
});

test('issue 8: GET Patient/<id> answers a minimal Patient to a requester with a client relationship in force (D1), 404 otherwise, audited', async () => {
  const client = aPersonCode('1990-01-01');
  await archive.openRelationship(proA, client);
  const { docId } = await storeFor(client);
  const doc = await archive.fhir<DocumentReference>(await proA.token(SCOPES), 'GET', `/DocumentReference/${docId}`);
  const reference = doc.body.subject!.reference!;
  assert.match(reference, /^Patient\/[0-9a-f-]{36}$/);
  const fhirId = reference.slice(8);
  const before = (await auditOf('Patient-read')).length;

  const res = await archive.fhir<Patient>(await proA.token(SCOPES), 'GET', `/${reference}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const [birthDate] = await archive.sql<{ birth_date: string }>("select to_char(birth_date, 'YYYY-MM-DD') as birth_date from person where fhir_id = $1", [fhirId]);
  assert.deepEqual(res.body, { resourceType: 'Patient', id: fhirId, identifier: [{ use: 'official', system: SYSTEMS.identityCode, value: client }], birthDate: birthDate!.birth_date });

  // A name, once the population register has given one, is shown.
  await archive.sql("update person set given_name = 'Aino Maria', family_name = 'Virtanen' where fhir_id = $1", [fhirId]);
  const named = await archive.fhir<Patient>(await proA.token(SCOPES), 'GET', `/${reference}`);
  assert.deepEqual(named.body.name, [{ use: 'official', family: 'Virtanen', given: ['Aino', 'Maria'] }]);

  // Area B has no relationship with the client: the same 404 as for an id that does not exist.
  const refused = await archive.fhir<OperationOutcome>(await proB.token(SCOPES), 'GET', `/${reference}`);
  const missingId = randomUUID();
  const missing = await archive.fhir<OperationOutcome>(await proB.token(SCOPES), 'GET', `/Patient/${missingId}`);
  assert.equal(refused.status, 404);
  assert.equal(missing.status, 404);
  assert.equal(refused.body.issue[0]!.diagnostics, `Patient/${fhirId} is not found`);
  assert.equal(missing.body.issue[0]!.diagnostics, `Patient/${missingId} is not found`);
  assert.doesNotMatch(JSON.stringify(refused.body), new RegExp(client));

  const records = (await auditOf('Patient-read')).slice(before);
  assert.deepEqual(records.map((r) => [r.outcome, r.system]), [['success', proA.systemId], ['success', proA.systemId], ['denied', proB.systemId]], 'an unknown id names no one and leaves no client record');
});

test('issue 8: GET Patient/<id> needs the Patient.r scope, and a storing-only system has none (L5)', async () => {
  const client = aPersonCode();
  await archive.openRelationship(proA, client);
  const { docId } = await storeFor(client);
  const doc = await archive.fhir<DocumentReference>(await proA.token(SCOPES), 'GET', `/DocumentReference/${docId}`);
  const noScope = await archive.fhir<OperationOutcome>(await proA.token('system/DocumentReference.rs'), 'GET', `/${doc.body.subject!.reference}`);
  assert.equal(noScope.status, 403);
  assert.match(noScope.body.issue[0]!.diagnostics!, /system\/Patient\.r/);
  const storing = await archive.actor(areaA, 'storing');
  const res = await archive.fhir<OperationOutcome>(await storing.token('system/*.*'), 'GET', `/${doc.body.subject!.reference}`);
  assert.equal(res.status, 403);
  assert.match(res.body.issue[0]!.diagnostics!, /L5: a storing system may not read/);
});

test('issue 8: GET OperationDefinition/<id> answers the declaration of every operation in the CapabilityStatement', async () => {
  const cs = await archive.fhir<CapabilityStatement>(undefined, 'GET', '/metadata');
  const operations = cs.body.rest![0]!.resource!.flatMap((r) => r.operation ?? []);
  assert.ok(operations.length >= 2, 'the statement lists $invalidate and $explain');
  for (const op of operations) {
    const id = op.definition.split('/').pop()!;
    const res = await archive.fhir<OperationDefinition>(undefined, 'GET', `/OperationDefinition/${id}`);
    assert.equal(res.status, 200, op.name);
    assert.equal(res.body.resourceType, 'OperationDefinition');
    assert.equal(res.body.url, op.definition, 'the definition the statement names');
    assert.equal(res.body.code, op.name);
  }
  const types = cs.body.rest![0]!.resource!.map((r) => r.type);
  for (const type of ['List', 'Patient', 'OperationDefinition'] as const) assert.ok(types.includes(type), `the statement lists ${type} read`);
  const unknown = await archive.fhir<OperationOutcome>(undefined, 'GET', '/OperationDefinition/purge');
  assert.equal(unknown.status, 404);
  assert.match(unknown.body.issue[0]!.diagnostics!, /OperationDefinition\/purge is not found; Kansio defines invalidate, explain/);
});

// D1, D2 own-register access, L5 system profiles, D9 professional cards: through HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { startTestArchive, type Actor, type BundleOrOutcome, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';

let archive: TestArchive;
let areaA: string;
let areaB: string;
let proA: Actor;
let proB: Actor;

before(async () => {
  archive = await startTestArchive();
  areaA = await archive.controller('Area A');
  areaB = await archive.controller('Area B');
  proA = await archive.actor(areaA);
  proB = await archive.actor(areaB);
});
after(async () => archive.close());

const searchAs = (actor: Actor | string, client: string) =>
  archive.fhir<BundleOrOutcome>(actor, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current`);

test('D1: a professional finds and reads documents of a client their controller has a relationship with', async () => {
  const client = aPersonCode();
  await archive.openRelationship(proA, client);
  const [id] = await archive.store(proA, aDocument().forClient(client).withPdf('D1 content').build());
  const found = await searchAs(proA, client);
  assert.equal(found.status, 200);
  assert.ok(found.body.entry!.some((e) => e.resource!.id === id));
  const bytes = await archive.fhir(proA, 'GET', `/Binary/${id}`);
  assert.equal(bytes.status, 200);
  assert.equal(bytes.headers.get('content-type'), 'application/pdf');
  assert.match(bytes.bytes.toString('latin1'), /D1 content/);
});

test('D1: without a client relationship the controller can neither store nor search', async () => {
  const client = aPersonCode();
  const store = await archive.fhir<OperationOutcome>(proA, 'POST', '', aDocument().forClient(client).build());
  assert.equal(store.status, 403);
  assert.match(store.body.issue[0]!.diagnostics!, /D1: store the client relationship document first/);
  const unknown = await searchAs(proA, client);
  assert.equal(unknown.status, 200, 'a client the archive has never met has no documents');
  assert.equal(unknown.body.total, 0);
  await archive.openRelationship(proB, client);
  const search = await searchAs(proA, client);
  assert.equal(search.status, 403);
  assert.match(search.body.issue[0]!.diagnostics!, /^D1: /);
});

test('D1: a relationship in one service task does not open documents of another task', async () => {
  const client = aPersonCode();
  await archive.openRelationship(proA, client, 'families-with-children');
  const res = await archive.fhir<OperationOutcome>(proA, 'POST', '', aDocument().forClient(client).inTask('disability').build());
  assert.equal(res.status, 403);
  assert.match(res.body.issue[0]!.diagnostics!, /service task disability/);
});

test('D2: within the own register no consent is needed, across the units of one welfare area', async () => {
  const unit1 = await archive.unit(areaA, 'Unit 1');
  const unit2 = await archive.unit(areaA, 'Unit 2');
  const pro1 = await archive.actor(areaA, 'connecting', { professionalOrg: unit1 });
  const pro2 = await archive.actor(areaA, 'connecting', { professionalOrg: unit2 });
  const client = aPersonCode();
  await archive.openRelationship(pro1, client);
  const [id] = await archive.store(pro1, aDocument().forClient(client).build());
  const found = await searchAs(pro2, client);
  assert.equal(found.status, 200);
  assert.ok(found.body.entry!.some((e) => e.resource!.id === id), 'a professional of another unit of the same controller finds it');
});

test('D2: documents of another controller\'s register are not returned (D4 disclosure is not granted here)', async () => {
  const client = aPersonCode();
  await archive.openRelationship(proA, client);
  await archive.openRelationship(proB, client);
  const [idA] = await archive.store(proA, aDocument().forClient(client).withPdf('A secret').build());
  const [idB] = await archive.store(proB, aDocument().forClient(client).build());
  const foundByB = await searchAs(proB, client);
  assert.equal(foundByB.status, 200);
  const ids = foundByB.body.entry!.map((e) => e.resource!.id);
  assert.ok(ids.includes(idB));
  assert.ok(!ids.includes(idA), 'B must not see A\'s document');
  assert.equal((await archive.fhir(proB, 'GET', `/Binary/${idA}`)).status, 404);
  assert.equal((await archive.fhir(proB, 'GET', `/DocumentReference/${idA}`)).status, 404);
  const custodianElsewhere = await archive.fhir(proB, 'POST', '', aDocument().forClient(client).custodianOid(areaA).build());
  assert.equal(custodianElsewhere.status, 403, 'a system stores only into its own register');
});

test('L5: a storing system can store but not search or read', async () => {
  const storing = await archive.actor(areaA, 'storing');
  const client = aPersonCode();
  await archive.openRelationship(storing, client);
  const [id] = await archive.store(storing, aDocument().forClient(client).build());
  const token = await storing.token('system/DocumentReference.cruds system/Binary.cr');
  const search = await searchAs(token, client);
  assert.equal(search.status, 403);
  assert.match(search.body.issue[0]!.diagnostics!, /L5/);
  assert.equal((await archive.fhir(token, 'GET', `/Binary/${id}`)).status, 403);
});

test('L5: a reading system can search and read but not store', async () => {
  const reading = await archive.actor(areaA, 'reading');
  const client = aPersonCode();
  await archive.openRelationship(proA, client);
  const [id] = await archive.store(proA, aDocument().forClient(client).build());
  const found = await searchAs(reading, client);
  assert.equal(found.status, 200);
  assert.ok(found.body.entry!.some((e) => e.resource!.id === id));
  const store = await archive.fhir<OperationOutcome>(reading, 'POST', '', aDocument().forClient(client).build());
  assert.equal(store.status, 403);
  assert.match(store.body.issue[0]!.diagnostics!, /L5/);
});

test('L5: a service system stores the controller\'s own data without a professional, and cannot search', async () => {
  const service = await archive.actor(areaA, 'service');
  const client = aPersonCode();
  await archive.openRelationship(service, client);
  const ids = await archive.store(service, aDocument().forClient(client).build());
  assert.equal(ids.length, 1);
  assert.equal((await searchAs(service, client)).status, 403);
});

test('D9: the FHIR interface refuses requests without a valid token', async () => {
  const client = aPersonCode();
  const none = await archive.fhir<OperationOutcome>(undefined, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current`);
  assert.equal(none.status, 401);
  assert.equal(none.body.resourceType, 'OperationOutcome');
  const forged = await searchAs('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', client);
  assert.equal(forged.status, 401);
});

test('D9: the stored document names the professional bound to the token as its author', async () => {
  const client = aPersonCode();
  await archive.openRelationship(proA, client);
  const [id] = await archive.store(proA, aDocument().forClient(client).build());
  const doc = await archive.fhir<{ author: { identifier?: { value?: string } }[] }>(proA, 'GET', `/DocumentReference/${id}`);
  assert.equal(doc.status, 200);
  assert.equal(doc.body.author[0]!.identifier!.value, proA.professionalId);
});

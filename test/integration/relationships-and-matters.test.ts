// Client relationships and matters arrive as documents; the archive derives its rows from the
// current version in the same transaction (architecture: "client relationships and matters are
// documents"), and a new version replaces them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CapabilityStatement, OperationOutcome } from '@medplum/fhirtypes';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aMinorCode, aPersonCode, aSubmissionSet } from '../support/bundles.ts';
import { EXTENSIONS, SYSTEMS } from '../../src/fhir/extensions.ts';
import { DOCUMENT_REFERENCE_SEARCH_PARAMETERS } from '../../src/fhir/search-params.ts';
import { CONSENT_SEARCH_PARAMETERS } from '../../src/fhir/consent-out.ts';

let archive: TestArchive;
let pro: Actor;
let area: string;

before(async () => {
  archive = await startTestArchive();
  area = await archive.controller('Relationship area');
  pro = await archive.actor(area);
});
after(async () => archive.close());

test('a client relationship document sets the relationship, its guardians and its producers; a correction replaces them', async () => {
  const child = aMinorCode();
  const guardian = aPersonCode();
  const producer = await archive.controller('Producer Oy', 'private-provider');
  const producerUnit = await archive.unit(producer, 'Producer unit');
  const unit = await archive.unit(area, 'Child welfare unit');
  const content = {
    start: '2025-02-01', organiserUnit: unit,
    worker: { name: 'Sanna Sosiaalityöntekijä', phone: '+358 40 000 0000', email: 'sanna@example.fi' },
    relatedPersons: [{ identifier: guardian, role: '31' }],
    producers: [{ unit: producerUnit, start: '2025-03-01', end: '2026-12-31' }],
  };
  const [v1] = await archive.store(pro, aDocument().forClient(child).inTask('child-protection').clientRelationship(content).build());
  const rows = await archive.sql<{ start_date: string; worker_name: string; unit_oid: string }>("select start_date::text, worker_name, unit_oid from client_relationship r join person p using (person_key) where p.identity_code = $1", [child]);
  assert.deepEqual(rows, [{ start_date: '2025-02-01', worker_name: 'Sanna Sosiaalityöntekijä', unit_oid: unit }]);
  const guardians = await archive.sql("select role_code from client_relationship_person r join person g on g.person_key = r.related_person_key where g.identity_code = $1", [guardian]);
  assert.deepEqual(guardians, [{ role_code: '31' }]);
  const producers = await archive.sql('select producer_unit_oid, start_date::text, end_date::text from client_relationship_producer');
  assert.deepEqual(producers, [{ producer_unit_oid: producerUnit, start_date: '2025-03-01', end_date: '2026-12-31' }]);

  const corrected = { ...content, end: '2026-01-31', relatedPersons: [], producers: [] };
  await archive.store(pro, aDocument().forClient(child).inTask('child-protection').clientRelationship(corrected).replaces(v1!).build());
  const after = await archive.sql<{ end_date: string }>("select end_date::text from client_relationship r join person p using (person_key) where p.identity_code = $1", [child]);
  assert.deepEqual(after, [{ end_date: '2026-01-31' }]);
  assert.deepEqual(await archive.sql('select * from client_relationship_person'), []);
  assert.deepEqual(await archive.sql('select * from client_relationship_producer'), []);
});

test('a producer unit that is not registered is refused and nothing is stored', async () => {
  const client = aPersonCode();
  const res = await archive.fhir<OperationOutcome>(pro, 'POST', '', aDocument().forClient(client).clientRelationship({ start: '2025-01-01', producers: [{ unit: '1.2.246.999.1', start: '2025-01-01' }] }).build());
  assert.equal(res.status, 422);
  assert.match(res.body.issue[0]!.diagnostics!, /producers\[0\]\.unit 1\.2\.246\.999\.1 is not a registered organisation/);
  assert.deepEqual(await archive.sql('select 1 from person where identity_code = $1', [client]), []);
});

test('S7, S8: a period that ends before it starts, or a matter listing a client twice, is refused naming the field, and nothing is stored', async () => {
  const client = aPersonCode();
  const other = aPersonCode();
  const refusals: [ReturnType<typeof aDocument>, RegExp][] = [
    [aDocument().forClient(client).clientRelationship({ start: '2025-03-01', end: '2025-02-28' }), /content \(the relationship\) ends \(2025-02-28\) before it starts \(2025-03-01\)/],
    [aDocument().forClient(client).clientRelationship({ start: '2025-01-01', producers: [{ unit: area, start: '2025-05-01', end: '2025-04-01' }] }), /content\.producers\[0\] ends/],
    [aDocument().forClient(client).matter({ clients: [{ identifier: client, joined: '2026-02-01T10:00:00+02:00', left: '2026-01-31' }] }), /content\.clients\[0\] \(the membership\) ends/],
    [aDocument().forClient(client).matter({ clients: [{ identifier: client, joined: '2026-01-01' }, { identifier: other, joined: '2026-01-01' }, { identifier: client, joined: '2026-03-01' }] }), /content\.clients\[2\] names a client listed already/],
  ];
  for (const [builder, message] of refusals) {
    const res = await archive.fhir<OperationOutcome>(pro, 'POST', '', builder.build());
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(res.body.issue.map((i) => i.diagnostics).join(' | '), message);
  }
  assert.deepEqual(await archive.sql('select 1 from person where identity_code = any($1)', [[client, other]]), []);
  // A membership that ends on the day it starts is a day long, not refused.
  await archive.openRelationship(pro, client);
  await archive.store(pro, aDocument().forClient(client).matter({ clients: [{ identifier: client, joined: '2026-02-01', left: '2026-02-01' }] }).build());
});

test('a shared matter has several clients with join and leave times, and documents link to it', async () => {
  const parent1 = aPersonCode();
  const parent2 = aPersonCode();
  await archive.openRelationship(pro, parent1);
  await archive.openRelationship(pro, parent2);
  const matterDoc = aDocument().forClient(parent1).withJson({ clients: [{ identifier: parent1, joined: '2026-01-01' }, { identifier: parent2, joined: '2026-01-15', left: '2026-06-30' }] }).resource();
  matterDoc.type = { coding: [{ system: SYSTEMS.documentGroup, code: '2' }] };
  const [matterId] = await archive.store(pro, { resourceType: 'Bundle', type: 'transaction', entry: [
    { fullUrl: 'urn:uuid:0b7c9a40-1c1e-4a51-9d0e-2b7c3f6a9e01', resource: aSubmissionSet(matterDoc.subject), request: { method: 'POST', url: 'List' } },
    { fullUrl: 'urn:uuid:0b7c9a40-1c1e-4a51-9d0e-2b7c3f6a9e02', resource: matterDoc, request: { method: 'POST', url: 'DocumentReference' } },
  ] });
  const [setRow] = await archive.sql<{ set_id: string }>('select set_id from document where version_id = $1', [matterId]);
  const clients = await archive.sql<{ n: number }>('select count(*)::int as n from matter_client where matter_set_id = $1', [setRow!.set_id]);
  assert.deepEqual(clients, [{ n: 2 }]);

  const linked = aDocument().forClient(parent2).resource();
  linked.extension!.push({ url: EXTENSIONS.matter.url, valueIdentifier: { system: SYSTEMS.rfc3986, value: `urn:uuid:${setRow!.set_id}` } });
  const [docId] = await archive.store(pro, { resourceType: 'Bundle', type: 'transaction', entry: [
    { fullUrl: 'urn:uuid:0b7c9a40-1c1e-4a51-9d0e-2b7c3f6a9e03', resource: aSubmissionSet(linked.subject), request: { method: 'POST', url: 'List' } },
    { fullUrl: 'urn:uuid:0b7c9a40-1c1e-4a51-9d0e-2b7c3f6a9e04', resource: linked, request: { method: 'POST', url: 'DocumentReference' } },
  ] });
  const read = await archive.fhir<{ context: { related: { identifier: { value: string } }[] } }>(pro, 'GET', `/DocumentReference/${docId}`);
  assert.equal(read.body.context.related[0]!.identifier.value, `urn:uuid:${setRow!.set_id}`);
});

test('the CapabilityStatement lists exactly the supported search parameters, the operations, the Consent resource and the extensions', async () => {
  const res = await archive.fhir<CapabilityStatement>(undefined, 'GET', '/metadata');
  assert.equal(res.status, 200);
  const rest = res.body.rest![0]!;
  assert.deepEqual(rest.interaction, [{ code: 'transaction', documentation: 'ITI-65 Provide Document Bundle: atomic; a bundle with any error stores nothing' }]);
  const docRef = rest.resource!.find((r) => r.type === 'DocumentReference')!;
  const listed = docRef.searchParam!.map((p) => p.name).sort();
  const parsed = DOCUMENT_REFERENCE_SEARCH_PARAMETERS.filter((p) => !p.control).map((p) => p.name).sort();
  assert.deepEqual(listed, parsed);
  assert.deepEqual(docRef.operation!.map((o) => o.name), ['invalidate', 'explain']);
  const consent = rest.resource!.find((r) => r.type === 'Consent')!;
  assert.deepEqual(consent.searchParam!.map((p) => p.name).sort(), CONSENT_SEARCH_PARAMETERS.map((p) => p.name).sort());
  for (const ext of Object.values(EXTENSIONS)) assert.ok(rest.documentation!.includes(ext.url.split('/').pop()!), ext.url);
  const smart = await fetch(`${archive.baseUrl}/fhir/.well-known/smart-configuration`).then((r) => r.json()) as { token_endpoint: string };
  assert.equal(smart.token_endpoint, `${archive.baseUrl}/auth/token`);
});

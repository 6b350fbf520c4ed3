// Bad input gets a 4xx OperationOutcome that names the problem, and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, OperationOutcome } from '@medplum/fhirtypes';
import { startArchiveWithClient, tableCounts, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode, provideBundle } from '../support/bundles.ts';

let archive: TestArchive;
let pro: Actor;
let token: string;
let client: string;

before(async () => {
  ({ archive, pro, client, token } = await startArchiveWithClient('Input area'));
});
after(async () => archive.close());

async function rejects(method: string, url: string, body: unknown, status: number, pattern: RegExp, headers: Record<string, string> = {}): Promise<void> {
  const before = await tableCounts(archive);
  const res = await archive.fhir<OperationOutcome>(token, method, url, body, headers);
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.resourceType, 'OperationOutcome');
  const text = res.body.issue.map((i) => `${i.expression?.join(',') ?? ''} ${i.diagnostics}`).join(' | ');
  assert.match(text, pattern);
  assert.deepEqual(await tableCounts(archive), before, 'nothing changed');
}

test('malformed JSON is refused', async () => {
  const before = await tableCounts(archive);
  const res = await fetch(`${archive.baseUrl}/fhir`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' }, body: '{"resourceType": "Bundle", ' });
  assert.equal(res.status, 400);
  const body = await res.json() as OperationOutcome;
  assert.match(body.issue[0]!.diagnostics!, /not valid JSON/);
  assert.deepEqual(await tableCounts(archive), before);
});

test('a resource that is not a Bundle is refused', async () => {
  await rejects('POST', '', { resourceType: 'Patient' }, 400, /expected resourceType Bundle/);
});

test('a bundle entry of an unsupported type is refused', async () => {
  const bundle = aDocument().forClient(client).build();
  bundle.entry!.push({ fullUrl: 'urn:uuid:7d3a8f3e-2f7e-4c3e-9f3a-1b2c3d4e5f60', resource: { resourceType: 'Observation', status: 'final', code: {} }, request: { method: 'POST', url: 'Observation' } });
  await rejects('POST', '', bundle, 400, /Bundle.entry\[2\].resource.resourceType.*not "Observation"|not "Observation"/);
});

test('a document without a client is refused', async () => {
  const doc = aDocument().forClient(client).resource();
  delete doc.subject;
  await rejects('POST', '', provideBundle([doc]), 400, /subject is required/);
});

test('an invalid identity code is refused', async () => {
  const bad = client.slice(0, 10) + (client.endsWith('A') ? 'B' : 'A');
  await rejects('POST', '', aDocument().forClient(bad).build(), 400, /not a valid personal identity code: check character/);
});

test('unknown codes are refused: document type and service task', async () => {
  const doc = aDocument().forClient(client).resource();
  doc.type = { coding: [{ system: 'urn:oid:1.2.246.537.6.1506', code: '99999' }] };
  doc.context = { practiceSetting: { coding: [{ system: 'urn:oid:1.2.246.537.6.1221', code: '999' }] } };
  await rejects('POST', '', provideBundle([doc]), 400, /type code "99999".*service task code "999"|service task code "999"/);
});

test('an oversized body is refused with 413', async () => {
  const huge = 'x'.repeat(archive.config.bodyLimit + 10);
  const before = await tableCounts(archive);
  const res = await fetch(`${archive.baseUrl}/fhir`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' }, body: huge });
  assert.equal(res.status, 413);
  assert.equal(((await res.json()) as OperationOutcome).resourceType, 'OperationOutcome');
  assert.deepEqual(await tableCounts(archive), before);
});

test('a bundle whose second document is bad stores nothing, not even the first', async () => {
  const good = aDocument().forClient(client).resource();
  const bad = aDocument().forClient(client).resource();
  bad.date = 'yesterday';
  await rejects('POST', '', provideBundle([good, bad]), 400, /Bundle.entry\[2\].resource.date/);
});

test('a bundle whose second document fails in the database stores nothing', async () => {
  const good = aDocument().forClient(client).resource();
  const bad = aDocument().forClient(client).replaces('00000000-0000-4000-8000-000000000000').resource();
  await rejects('POST', '', provideBundle([good, bad]), 422, /Bundle.entry\[2\].resource.relatesTo/);
});

test('a PDF that is not a PDF, and a size that does not match, are refused', async () => {
  const doc = aDocument().forClient(client).resource();
  doc.content![0]!.attachment = { contentType: 'application/pdf', data: Buffer.from('not a pdf').toString('base64'), size: 3 };
  await rejects('POST', '', provideBundle([doc]), 400, /does not start with %PDF-.*|attachment.size/);
});

test('a restriction without a reason is refused (V5 needs a stated reason)', async () => {
  const doc = aDocument().forClient(client).resource();
  doc.extension!.push({ url: 'https://kansio.fi/fhir/StructureDefinition/special-content', valueBoolean: true });
  await rejects('POST', '', provideBundle([doc]), 400, /V5: a display restriction needs its reason/);
});

test('a client relationship content that breaks its schema names the field', async () => {
  const bundle = aDocument().forClient(client).clientRelationship({ start: '2025-13-01x', producers: [{ unit: 'not-an-oid' }] }).build();
  await rejects('POST', '', bundle, 400, /content\.start.*|content\.producers\[0\]/);
});

test('ITI-67 without patient or status is refused, and unknown parameters are not ignored', async () => {
  await rejects('GET', '/DocumentReference?status=current', undefined, 400, /requires the search parameter patient/);
  await rejects('POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}`, 400, /requires the search parameter status/);
  await rejects('POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current&colour=blue`, 400, /'colour' is not supported/);
  await rejects('POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current&date=yesterday`, 400, /date/);
});

test('ITI-68 of an id that is not an id answers 404, not 500', async () => {
  const res = await archive.fhir<OperationOutcome>(token, 'GET', "/Binary/'%20or%201=1--");
  assert.equal(res.status, 404);
});

test('searches support the MHD parameters: type, setting, date', async () => {
  const c = aPersonCode();
  await archive.openRelationship(pro, c);
  await archive.store(pro, aDocument().forClient(c).ofType('1005').createdAt('2026-01-10T10:00:00Z').build());
  const q = async (extra: string) => {
    const res = await archive.fhir<Bundle>(token, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${c}&status=current&${extra}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res;
  };
  assert.equal((await q('type=urn:oid:1.2.246.537.6.1506|1005')).body.total, 1);
  assert.equal((await q('type=urn:oid:1.2.246.537.6.1506|1000')).body.total, 0);
  assert.equal((await q('date=ge2026-01-01&date=lt2026-02-01')).body.total, 1);
  assert.equal((await q('date=lt2026-01-01')).body.total, 0);
  assert.equal((await q('setting=urn:oid:1.2.246.537.6.1221|1')).body.total, 2, 'the relationship document and the document');
});

test('two concurrent stores with the same masterIdentifier: one is stored, the other answers 409, never 500', async () => {
  const master = `urn:oid:1.2.246.10.1.${Date.now()}`;
  const bundles = [0, 1, 2, 3].map(() => aDocument().forClient(client).masterIdentifier(master).build());
  const answers = await Promise.all(bundles.map((b) => archive.fhir<OperationOutcome>(token, 'POST', '', b)));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [200, 409, 409, 409]);
  for (const a of answers.filter((x) => x.status === 409)) assert.match(a.body.issue[0]!.diagnostics!, /masterIdentifier/);
  assert.deepEqual(await archive.sql('select count(*)::int as n from document where master_identifier = $1', [master]), [{ n: 1 }]);
});

test('a portal opt-in on a document the portal does not hide by default is refused (V4 opt-in is for adoption and parenthood documents)', async () => {
  const doc = aDocument().forClient(client).resource();
  doc.extension!.push({ url: 'https://kansio.fi/fhir/StructureDefinition/portal-opt-in', valueBoolean: true });
  await rejects('POST', '', provideBundle([doc]), 400, /V4: portal-opt-in applies only to adoption counselling and parenthood investigation documents/);
});

// Issue 8, section 3: ITI-65 as the MHD profiles require: the SubmissionSet's subject, sourceId
// and date; one client per bundle; content.format with a system; the IHE guide's own
// comprehensive example with Finnish identifiers; precise messages. Through HTTP, on the real
// database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { Binary, Bundle, BundleEntry, DocumentReference, List, OperationOutcome } from '@medplum/fhirtypes';
import { startTestArchive, tableCounts, type Actor, type BundleOrOutcome, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode, aSubmissionSet } from '../support/bundles.ts';
import { EXTENSIONS, MHD_EXTENSIONS, MIME_TYPE_SUFFICIENT, SYSTEMS } from '../../src/fhir/extensions.ts';

const SCOPES = 'system/DocumentReference.cruds system/Binary.cr system/List.cr system/Patient.r';
const EXAMPLE_CLIENT = '120485-931X';

let archive: TestArchive;
let pro: Actor;
let token: string;

before(async () => {
  archive = await startTestArchive();
  pro = await archive.actor(await archive.controller('Test welfare area'));
  token = await pro.token(SCOPES);
});
after(async () => archive.close());

const example = async (): Promise<Bundle> => JSON.parse(await readFile(new URL('../fixtures/ihe-mhd-comprehensive-provide-bundle.fi.json', import.meta.url), 'utf8')) as Bundle;
const post = (bundle: unknown) => archive.fhir<BundleOrOutcome>(token, 'POST', '', bundle);
const issuesOf = (o: Pick<OperationOutcome, 'issue'>) => o.issue.map((i) => ({ expression: i.expression?.[0], text: i.diagnostics ?? '' }));

/** A bundle: the given List, then each DocumentReference with its fullUrl. */
function bundleOf(list: List, docs: readonly { url: string; resource: DocumentReference }[], extra: BundleEntry[] = []): Bundle {
  return {
    resourceType: 'Bundle', type: 'transaction',
    entry: [
      { fullUrl: 'urn:uuid:5d1b9a4e-0000-4000-8000-000000000001', resource: list, request: { method: 'POST', url: 'List' } },
      ...docs.map((d) => ({ fullUrl: d.url, resource: d.resource, request: { method: 'POST' as const, url: 'DocumentReference' } })),
      ...extra,
    ],
  };
}
const url = (n: number): string => `urn:uuid:5d1b9a4e-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

test('ITI-65, issue 8: the IHE MHD comprehensive ProvideBundle example, with Finnish identifiers, is stored, found and retrieved', async () => {
  await archive.openRelationship(pro, EXAMPLE_CLIENT);
  const res = await post(await example());
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const locations = res.body.entry!.map((e) => e.response!.location!);
  assert.match(locations[0]!, /^List\/[0-9a-f-]{36}$/);
  assert.match(locations[1]!, /^DocumentReference\/[0-9a-f-]{36}$/);
  const id = locations[1]!.split('/')[1]!;
  assert.equal(locations[2], `Binary/${id}`);

  const found = await archive.fhir<Bundle>(token, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${EXAMPLE_CLIENT}&status=current&type=urn:oid:1.2.246.537.6.1506|1005`);
  assert.deepEqual(found.body.entry!.map((e) => e.resource!.id), [id]);

  const read = await archive.fhir<DocumentReference>(token, 'GET', `/DocumentReference/${id}`);
  assert.equal(read.status, 200);
  // A DocumentReference without document-phase is stored as phase 1 (docs/fhir.md).
  assert.equal(read.body.extension!.find((e) => e.url === EXTENSIONS.phase.url)?.valueCode, '1');
  assert.deepEqual(read.body.content[0]!.format, { system: SYSTEMS.formatCode, code: 'urn:ihe:iti:xds-sd:text:2008' });
  assert.equal(read.body.content[0]!.attachment.hash, createHash('sha1').update('Hello World').digest('base64'), 'answered in the R4 form');

  const bytes = await archive.fhir(token, 'GET', `/Binary/${id}`);
  assert.equal(bytes.status, 200);
  assert.equal(bytes.bytes.toString('utf8'), 'Hello World');
  const binary = await archive.fhir<Binary>(token, 'GET', `/Binary/${id}`, undefined, { accept: 'application/fhir+json' });
  assert.equal(Buffer.from(binary.body.data!, 'base64').toString('utf8'), 'Hello World');

  const list = await archive.fhir<List>(token, 'GET', `/${locations[0]}`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.entry, [{ item: { reference: `DocumentReference/${id}` } }]);
  assert.equal(list.body.subject?.reference, read.body.subject?.reference);
  assert.equal(list.body.date, '2004-10-26T04:50:50.000Z');
  assert.deepEqual(list.body.extension, [{ url: MHD_EXTENSIONS.sourceId, valueIdentifier: { value: 'urn:oid:1.2.246.10.2345678.10.1' } }]);
  assert.ok(list.body.identifier!.some((i) => i.use === 'official' && i.value === 'urn:oid:1.2.129.6.58.92.88337.1'), 'the uniqueId is kept');
});

test('ITI-65, issue 8: a bundle naming two people is refused with 422 naming the entries, and stores nothing', async () => {
  const [a, b] = [aPersonCode(), aPersonCode()];
  await archive.openRelationship(pro, a);
  await archive.openRelationship(pro, b);
  const docA = aDocument().forClient(a).resource();
  const docB = aDocument().forClient(b).resource();
  const before = await tableCounts(archive);

  const mixed = await post(bundleOf(aSubmissionSet(docA.subject, [url(2), url(3)]), [{ url: url(2), resource: docA }, { url: url(3), resource: docB }]));
  assert.equal(mixed.status, 422);
  assert.deepEqual(issuesOf(mixed.body).map((i) => i.expression), ['Bundle.entry[2].resource.subject']);
  assert.match(issuesOf(mixed.body)[0]!.text, /Bundle\.entry\[2\] names another person than the SubmissionSet's subject \(Bundle\.entry\[0\]\.resource\.subject\)/);
  assert.doesNotMatch(JSON.stringify(mixed.body), new RegExp(`${a}|${b}`), 'the refusal names entries, not identity codes');

  // The SubmissionSet names someone else than both documents: both entries are named.
  const other = await post(bundleOf(aSubmissionSet(docB.subject, [url(2), url(3)]), [{ url: url(2), resource: docA }, { url: url(3), resource: aDocument().forClient(a).resource() }]));
  assert.equal(other.status, 422);
  assert.deepEqual(issuesOf(other.body).map((i) => i.expression), ['Bundle.entry[1].resource.subject', 'Bundle.entry[2].resource.subject']);
  assert.deepEqual(await tableCounts(archive), before);
});

test('ITI-65, issue 8: the SubmissionSet needs status, mode, subject, sourceId and date, and each refusal says which', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const doc = aDocument().forClient(client).resource();
  const before = await tableCounts(archive);
  const bare: List = { resourceType: 'List', status: 'current', mode: 'working', code: { coding: [{ system: SYSTEMS.mhdListTypes, code: 'submissionset' }] } };
  const res = await post(bundleOf(bare, [{ url: url(2), resource: doc }]));
  assert.equal(res.status, 400);
  const issues = issuesOf(res.body);
  assert.deepEqual(issues.map((i) => i.expression).sort(), ['Bundle.entry[0].resource.date', 'Bundle.entry[0].resource.extension', 'Bundle.entry[0].resource.subject']);
  assert.match(issues.find((i) => i.expression?.endsWith('.extension'))!.text, /sourceId extension https:\/\/profiles\.ihe\.net\/ITI\/MHD\/StructureDefinition\/ihe-sourceId/);
  assert.match(issues.find((i) => i.expression?.endsWith('.date'))!.text, /date \(the submission time\) is required/);

  const wrong: List = {
    ...aSubmissionSet(doc.subject, [url(2)]), status: 'retired' as List['status'], mode: 'snapshot',
    extension: [{ url: MHD_EXTENSIONS.sourceId, valueIdentifier: { value: '1.2.3' } }], date: '2026-13-01T10:00:00Z',
  };
  const bad = issuesOf((await post(bundleOf(wrong, [{ url: url(2), resource: doc }]))).body);
  assert.match(bad.find((i) => i.expression === 'Bundle.entry[0].resource.status')!.text, /status must be 'current', got "retired"/);
  assert.match(bad.find((i) => i.expression === 'Bundle.entry[0].resource.mode')!.text, /mode must be 'working' \(MHD\), got "snapshot"/);
  assert.match(bad.find((i) => i.expression?.includes('valueIdentifier.value'))!.text, /must be an OID as urn:oid:<OID>, got "1\.2\.3"/);
  assert.match(bad.find((i) => i.expression === 'Bundle.entry[0].resource.date')!.text, /got "2026-13-01T10:00:00Z"/);

  const folder = await post(bundleOf({ ...aSubmissionSet(doc.subject), code: { coding: [{ system: SYSTEMS.mhdListTypes, code: 'folder' }] } }, [{ url: url(2), resource: doc }]));
  assert.equal(folder.status, 400);
  assert.match(issuesOf(folder.body)[0]!.text, /Folders \(List code folder\) are not supported/);
  assert.deepEqual(await tableCounts(archive), before);
});

test('ITI-65, issue 8: SubmissionSet entries must name DocumentReference entries of the bundle', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const doc = aDocument().forClient(client).resource();
  const res = await post(bundleOf(aSubmissionSet(doc.subject, [url(2), url(9)]), [{ url: url(2), resource: doc }]));
  assert.equal(res.status, 400);
  assert.deepEqual(issuesOf(res.body), [{ expression: 'Bundle.entry[0].resource.entry[1].item', text: `SubmissionSet entry item ${url(9)} does not name a DocumentReference entry of this bundle (by its fullUrl)` }]);
});

test('ITI-65, issue 8: stored content.format always has a system: mimeTypeSufficient when none is given, a code without a system is refused', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const [id] = await archive.store(pro, aDocument().forClient(client).build());
  const read = await archive.fhir<DocumentReference>(token, 'GET', `/DocumentReference/${id}`);
  assert.deepEqual(read.body.content[0]!.format, { system: SYSTEMS.formatCode, code: MIME_TYPE_SUFFICIENT });
  const rows = await archive.sql<{ format_system: string | null }>('select format_system from document');
  assert.ok(rows.every((r) => r.format_system), 'no stored document lacks a format system');

  const doc = aDocument().forClient(client).resource();
  doc.content[0]!.format = { code: 'urn:ihe:iti:xds-sd:pdf:2008' };
  const res = await post(bundleOf(aSubmissionSet(doc.subject, [url(2)]), [{ url: url(2), resource: doc }]));
  assert.equal(res.status, 400);
  assert.deepEqual(issuesOf(res.body).map((i) => i.expression), ['Bundle.entry[1].resource.content[0].format.system']);
  assert.match(issuesOf(res.body)[0]!.text, /content\.format\.system is missing for code "urn:ihe:iti:xds-sd:pdf:2008"/);
});

test('ITI-65, issue 8: a Binary is reported unreferenced only when no DocumentReference names it, never when the one naming it has another error', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const doc = aDocument().forClient(client).resource();
  doc.content[0]!.attachment = { contentType: 'application/json', url: url(5) };
  delete doc.type;
  const binary: BundleEntry = { fullUrl: url(5), resource: { resourceType: 'Binary', contentType: 'application/json', data: Buffer.from('{}').toString('base64') }, request: { method: 'POST', url: 'Binary' } };
  const res = await post(bundleOf(aSubmissionSet(doc.subject, [url(2)]), [{ url: url(2), resource: doc }], [binary]));
  assert.equal(res.status, 400);
  assert.deepEqual(issuesOf(res.body).map((i) => i.expression), ['Bundle.entry[1].resource.type'], JSON.stringify(res.body));

  const stray: BundleEntry = { ...binary, fullUrl: url(6) };
  const good = aDocument().forClient(client).resource();
  const res2 = await post(bundleOf(aSubmissionSet(good.subject, [url(2)]), [{ url: url(2), resource: good }], [stray]));
  assert.equal(res2.status, 400);
  assert.deepEqual(issuesOf(res2.body), [{ expression: 'Bundle.entry[2].fullUrl', text: `the Binary entry ${url(6)} is not named by any DocumentReference's content.attachment.url` }]);
});

test("ITI-65, issue 8: attachment.hash is accepted in the R4 form and in the IHE examples' hex form; a wrong one names the expected value", async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const bytes = Buffer.from(JSON.stringify({ text: 'hash' }));
  const sha1 = createHash('sha1').update(bytes).digest();
  const withHash = (hash: string): Bundle => {
    const doc = aDocument().forClient(client).withJson({ text: 'hash' }).resource();
    doc.content[0]!.attachment.hash = hash;
    return bundleOf(aSubmissionSet(doc.subject, [url(2)]), [{ url: url(2), resource: doc }]);
  };
  assert.equal((await post(withHash(sha1.toString('base64')))).status, 200);
  assert.equal((await post(withHash(Buffer.from(sha1.toString('hex')).toString('base64')))).status, 200);
  const wrong = await post(withHash(createHash('sha1').update('other').digest('base64')));
  assert.equal(wrong.status, 400);
  assert.match(issuesOf(wrong.body)[0]!.text, new RegExp(`expected ${sha1.toString('base64').replace(/[+/]/g, '\\$&')}`));
});

test('ITI-65, issue 8: the SubmissionSet may name its client by the Patient/<id> Kansio answers, and it must be the same person', async () => {
  const [client, other] = [aPersonCode(), aPersonCode()];
  await archive.openRelationship(pro, client);
  await archive.openRelationship(pro, other);
  const [first] = await archive.store(pro, aDocument().forClient(client).build());
  const patient = (await archive.fhir<DocumentReference>(token, 'GET', `/DocumentReference/${first}`)).body.subject!.reference!;
  const doc = aDocument().forClient(client).resource();
  const ok = await post(bundleOf(aSubmissionSet({ reference: patient }, [url(2)]), [{ url: url(2), resource: doc }]));
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const wrong = await post(bundleOf(aSubmissionSet({ reference: patient }, [url(2)]), [{ url: url(2), resource: aDocument().forClient(other).resource() }]));
  assert.equal(wrong.status, 422);
  assert.deepEqual(issuesOf(wrong.body).map((i) => i.expression), ['Bundle.entry[1].resource.subject']);
});

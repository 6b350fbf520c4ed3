// L1 correction, L2 invalidation, L4 legacy data, S1 document identity: through the FHIR
// interface, on the real database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, DocumentReference, OperationOutcome } from '@medplum/fhirtypes';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { EXTENSIONS } from '../../src/fhir/extensions.ts';
import { informedAndConsenting } from '../support/consents.ts';

let archive: TestArchive;
let pro: Actor;
let other: Actor;

before(async () => {
  archive = await startTestArchive();
  const area = await archive.controller('Test welfare area');
  pro = await archive.actor(area);
  other = await archive.actor(await archive.controller('Another welfare area'));
});
after(async () => archive.close());

const setIdOf = (d: DocumentReference): string | undefined => d.extension?.find((e) => e.url === EXTENSIONS.setId.url)?.valueIdentifier?.value;

async function search(client: string, status = 'current,superseded'): Promise<DocumentReference[]> {
  const res = await archive.fhir<Bundle>(pro, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=${status}`);
  assert.equal(res.status, 200);
  return (res.body.entry ?? []).map((e) => e.resource as DocumentReference);
}

test('L1: a correction replaces the old version, which becomes superseded in the same transaction', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const [v1] = await archive.store(pro, aDocument().forClient(client).withPdf('first').build());
  const [v2] = await archive.store(pro, aDocument().forClient(client).withPdf('corrected').replaces(v1!).build());

  const current = await search(client, 'current');
  assert.deepEqual(current.filter((d) => d.type?.coding?.[0]?.code === '1005').map((d) => d.id), [v2]);
  assert.deepEqual(current.find((d) => d.id === v2)!.relatesTo, [{ code: 'replaces', target: { reference: `DocumentReference/${v1}` } }]);
  const old = (await search(client, 'superseded')).find((d) => d.id === v1);
  assert.equal(old?.status, 'superseded', 'earlier versions stay in the archive');

  const gone = await archive.fhir<OperationOutcome>(pro, 'GET', `/Binary/${v1}`);
  assert.equal(gone.status, 410);
  assert.match(gone.body.issue[0]!.diagnostics!, new RegExp(`Binary/${v2}`));
  const fresh = await archive.fhir(pro, 'GET', `/Binary/${v2}`);
  assert.equal(fresh.status, 200);
  assert.match(fresh.bytes.toString('latin1'), /corrected/);
});

test('L1: replacing a version that was already replaced is refused and names the current one', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const [v1] = await archive.store(pro, aDocument().forClient(client).build());
  const [v2] = await archive.store(pro, aDocument().forClient(client).replaces(v1!).build());
  const before = await archive.sql('select count(*)::int as n from document');
  const res = await archive.fhir<OperationOutcome>(pro, 'POST', '', aDocument().forClient(client).replaces(v1!).build());
  assert.equal(res.status, 409);
  assert.match(res.body.issue[0]!.diagnostics!, new RegExp(v2!));
  assert.deepEqual(await archive.sql('select count(*)::int as n from document'), before);
});

test('S1: every version has its own id and all versions share the set id of the original', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const [v1] = await archive.store(pro, aDocument().forClient(client).build());
  const [v2] = await archive.store(pro, aDocument().forClient(client).replaces(v1!).build());
  const [v3] = await archive.store(pro, aDocument().forClient(client).replaces(v2!).build());
  const all = (await search(client)).filter((d) => [v1, v2, v3].includes(d.id));
  assert.equal(new Set(all.map((d) => d.id)).size, 3);
  const setIds = new Set(all.map(setIdOf));
  assert.equal(setIds.size, 1);
  const setId = [...setIds][0]!;
  const bySet = await archive.fhir<Bundle>(pro, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current,superseded&identifier=${setId}`);
  assert.deepEqual(new Set(bySet.body.entry!.map((e) => e.resource!.id)), new Set([v1, v2, v3]));
  const versions = await archive.sql<{ version_number: number }>('select version_number from document where set_id = $1 order by version_number', [setId.replace('urn:uuid:', '')]);
  assert.deepEqual(versions.map((r) => r.version_number), [1, 2, 3]);
});

test('L2: an invalidated document disappears from ITI-67 and ITI-68 and is kept in the store', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const [id] = await archive.store(pro, aDocument().forClient(client).build());
  const res = await archive.fhir<DocumentReference>(pro, 'POST', `/DocumentReference/${id}/$invalidate`, { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: 'stored for the wrong client' }] });
  assert.equal(res.status, 200);
  assert.equal(res.body.status, 'entered-in-error');

  assert.equal((await search(client)).some((d) => d.id === id), false);
  assert.equal((await search(client, 'entered-in-error')).length, 0, 'entered-in-error is never returned by ITI-67');
  assert.equal((await archive.fhir(pro, 'GET', `/Binary/${id}`)).status, 410);
  assert.equal((await archive.fhir(pro, 'GET', `/DocumentReference/${id}`)).status, 410);
  const kept = await archive.sql<{ status: string; invalidation_reason: string }>('select status, invalidation_reason from document where version_id = $1', [id]);
  assert.deepEqual(kept, [{ status: 'entered-in-error', invalidation_reason: 'stored for the wrong client' }]);
});

test('L2: invalidation needs a reason, and another register cannot invalidate', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const [id] = await archive.store(pro, aDocument().forClient(client).build());
  const noReason = await archive.fhir<OperationOutcome>(pro, 'POST', `/DocumentReference/${id}/$invalidate`, { resourceType: 'Parameters', parameter: [] });
  assert.equal(noReason.status, 400);
  assert.match(noReason.body.issue[0]!.diagnostics!, /reason/);
  const other = await archive.actor(await archive.controller('Another area'));
  const foreign = await archive.fhir(other, 'POST', `/DocumentReference/${id}/$invalidate`, { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: 'x' }] });
  assert.equal(foreign.status, 404);
  assert.deepEqual(await archive.sql('select status from document where version_id = $1', [id]), [{ status: 'current' }]);
});

test('L4: old client data stored as legacy is kept and searchable for the controller\'s own use, and not given to another register', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  await archive.openRelationship(other, client);
  // The other register has everything a disclosure needs (D5, S2): only the phase stops it.
  await informedAndConsenting(archive, other, client);
  const [legacy] = await archive.store(pro, aDocument().forClient(client).phase('legacy').withPdf('old client data').build());
  const [current] = await archive.store(pro, aDocument().forClient(client).build());

  const own = await archive.fhir<Bundle>(pro, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current&phase=legacy`);
  assert.equal(own.status, 200);
  assert.deepEqual(own.body.entry?.map((e) => e.resource!.id), [legacy], 'the controller finds its old data by phase');
  const bytes = await archive.fhir(pro, 'GET', `/Binary/${legacy}`);
  assert.equal(bytes.status, 200);
  assert.match(bytes.bytes.toString('latin1'), /old client data/);

  const theirs = await archive.fhir<Bundle>(other, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current`);
  assert.equal(theirs.status, 200);
  const ids = (theirs.body.entry ?? []).map((e) => e.resource!.id);
  assert.ok(ids.includes(current!), 'the phase 2 document is disclosed under the consent');
  assert.ok(!ids.includes(legacy!), 'the legacy document is not');
  assert.equal((await archive.fhir(other, 'GET', `/Binary/${legacy}`)).status, 404);
});

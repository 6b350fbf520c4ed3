// Hostile input, generated: random values planted anywhere in a valid ITI-65 bundle and in
// ITI-67 searches and Consent records. Every answer is either a success or a 4xx OperationOutcome, never a 5xx, and
// a refused bundle changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startArchiveWithClient, tableCounts, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { disclosureConsent, informing, prohibition, recorded, revoke } from '../support/consents.ts';
import { paths, plant, type Json } from '../support/json-paths.ts';

let archive: TestArchive;
let pro: Actor;
let token: string;
let client: string;

before(async () => {
  ({ archive, pro, client, token } = await startArchiveWithClient('Hostile area'));
});
after(async () => archive.close());


const hostile = fc.oneof(
  fc.jsonValue() as fc.Arbitrary<Json>,
  fc.constantFrom<Json>('', '../../etc/passwd', "' or 1=1 --", '\u0000', 'x'.repeat(5000), -1, 1e308, [], {}, null, '2026-02-30T25:61:00Z', 'urn:uuid:not-a-uuid', 'DocumentReference/00000000-0000-0000-0000-000000000000'),
);

test('ITI-65: a value planted anywhere in a valid bundle gives success or a 4xx OperationOutcome, and a refusal changes nothing', async () => {
  const valid = aDocument().forClient(client).build() as unknown as Json;
  const allPaths = paths(valid);
  await fc.assert(fc.asyncProperty(fc.nat(allPaths.length - 1), hostile, async (i, value) => {
    const bundle = plant(valid, allPaths[i]!, value);
    const before = await tableCounts(archive);
    const res = await archive.fhir<{ resourceType: string }>(token, 'POST', '', bundle);
    assert.ok(res.status < 500, `status ${res.status} for ${JSON.stringify(allPaths[i])} = ${JSON.stringify(value).slice(0, 100)}`);
    if (res.status !== 200) {
      assert.ok(res.status >= 400);
      assert.equal(res.body?.resourceType, 'OperationOutcome');
      assert.deepEqual(await tableCounts(archive), before);
    }
  }), { numRuns: Number(process.env.KANSIO_FUZZ_RUNS ?? 150) });
});

test('ITI-67: random parameters give a searchset or a 4xx OperationOutcome', async () => {
  const names = ['patient', 'patient.identifier', 'status', 'type', 'date', '_count', '_offset', 'identifier', 'setting', 'related', 'security-label', 'period', '_lastUpdated', 'colour'];
  await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...names), fc.oneof(fc.string(), fc.constantFrom('current', `urn:oid:1.2.246.21|${client}`, 'ge2026', 'lt', '9'.repeat(400)))), { maxLength: 6 }), async (params) => {
    const body = new URLSearchParams(params).toString();
    const res = await archive.fhir<{ resourceType: string }>(token, 'POST', '/DocumentReference/_search', body);
    assert.ok(res.status === 200 || (res.status >= 400 && res.status < 500), `status ${res.status} for ${body}`);
    assert.equal(res.body?.resourceType, res.status === 200 ? 'Bundle' : 'OperationOutcome');
  }), { numRuns: Number(process.env.KANSIO_FUZZ_RUNS ?? 150) });
});

test('$invalidate: random Parameters bodies give a 4xx OperationOutcome and invalidate nothing', async () => {
  const [id] = await archive.store(pro, aDocument().forClient(client).build());
  await fc.assert(fc.asyncProperty(fc.oneof(
    fc.jsonValue(),
    fc.record({ resourceType: fc.constant('Parameters'), parameter: fc.jsonValue() }),
    fc.record({ resourceType: fc.constant('Parameters'), parameter: fc.array(fc.record({ name: fc.constantFrom('reason', 'x'), valueString: fc.jsonValue() })) }),
  ), async (body) => {
    const res = await archive.fhir<{ resourceType: string }>(token, 'POST', `/DocumentReference/${id}/$invalidate`, body);
    if (res.status === 200) return; // a well-formed reason was generated: a valid request
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status} for ${JSON.stringify(body).slice(0, 200)}`);
    assert.equal(res.body?.resourceType, 'OperationOutcome');
  }), { numRuns: Number(process.env.KANSIO_FUZZ_RUNS ?? 150) });
});

test('Consent: a value planted anywhere in a valid Consent gives 201 or a 4xx OperationOutcome, and a refusal changes nothing but the audit trail', async () => {
  await recorded(archive, pro, informing({ client }));
  const kinds = [disclosureConsent({ client }), prohibition({ client, on: { task: 'families-with-children' } }), prohibition({ client, on: { controller: pro.controllerOid } })] as unknown as Json[];
  await fc.assert(fc.asyncProperty(fc.nat(kinds.length - 1), fc.nat(1000), hostile, async (k, p, value) => {
    const valid = kinds[k]!;
    const allPaths = paths(valid);
    const consent = plant(valid, allPaths[p % allPaths.length]!, value);
    const { audit_event: _a, ...before } = await tableCounts(archive);
    const res = await archive.fhir<{ resourceType: string; id?: string }>(token, 'POST', '/Consent', consent);
    assert.ok(res.status < 500, `status ${res.status} for ${JSON.stringify(allPaths[p % allPaths.length])} = ${JSON.stringify(value).slice(0, 100)}`);
    if (res.status === 201) {
      // A planted value that still makes a valid record: revoke it so that the next one is not a duplicate.
      const revoked = await revoke(archive, pro, res.body.id!);
      assert.equal(revoked.status, 200);
      return;
    }
    assert.ok(res.status >= 400, `status ${res.status}`);
    assert.equal(res.body?.resourceType, 'OperationOutcome');
    const { audit_event: _b, ...after } = await tableCounts(archive);
    assert.deepEqual(after, before);
  }), { numRuns: Number(process.env.KANSIO_FUZZ_RUNS ?? 150) });
});

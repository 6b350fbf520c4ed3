// Hostile input, generated: random values planted anywhere in a valid ITI-65 bundle and in
// ITI-67 searches and Consent records. Every answer is either a success or a 4xx OperationOutcome, never a 5xx, and
// a refused bundle changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startArchiveWithClient, tableCounts, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { disclosureConsent, informing, prohibition, record, recorded, revoke } from '../support/consents.ts';
import { insertInto, paths, plant, slots, type Json } from '../support/json-paths.ts';

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

// issue 8 / NUL: U+0000 anywhere in input answers 400 OperationOutcome naming where, never 500
// (PostgreSQL cannot store it), and changes nothing, not even the audit trail: the HTTP layer
// refuses it before any route runs.
const NUL = '\u0000';

async function refusedForNul(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<void> {
  const before = await tableCounts(archive);
  const res = await archive.fhir<{ resourceType: string; issue?: { diagnostics?: string }[] }>(token, method, url, body, headers);
  const what = `${method} ${JSON.stringify(url)} ${JSON.stringify(body ?? '').slice(0, 300)}`;
  assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body?.resourceType, 'OperationOutcome', what);
  assert.match(res.body.issue?.[0]?.diagnostics ?? '', /contains a NUL character \(U\+0000\)/, what);
  assert.deepEqual(await tableCounts(archive), before, `${what} changed something`);
}

const runs = Number(process.env.KANSIO_FUZZ_RUNS ?? 100);

test('issue 8 / NUL in ITI-65: U+0000 in any string value or property name of a valid bundle is a 400 OperationOutcome that changes nothing', async () => {
  const valid = aDocument().forClient(client).build() as unknown as Json;
  const places = slots(valid);
  await fc.assert(fc.asyncProperty(fc.nat(places.length - 1), fc.nat(200), async (i, at) => {
    await refusedForNul('POST', '', insertInto(valid, places[i]!, NUL, at));
  }), { numRuns: runs });
  // The ones the outside probe found answering 500.
  await refusedForNul('POST', '', aDocument().forClient(client).masterIdentifier(`urn:oid:1.2.246.10.1.${NUL}7`).build());
  await refusedForNul('POST', '', plant(aDocument().forClient(client).build() as unknown as Json, ['entry', 1, 'resource', 'description'], `a${NUL}b`));
})

test('issue 8 / NUL in ITI-67: U+0000 in any parameter name or value, by GET or POST _search, is a 400 OperationOutcome', async () => {
  const valid: [string, string][] = [['patient.identifier', `urn:oid:1.2.246.21|${client}`], ['status', 'current'], ['author.given', 'Testi'], ['identifier', 'urn:oid:1.2.246.10.1|1'], ['type', 'urn:oid:1.2.246.537.6.1506|1005'], ['date', 'ge2026-01-01'], ['_count', '10']];
  await fc.assert(fc.asyncProperty(fc.nat(valid.length - 1), fc.boolean(), fc.nat(100), fc.boolean(), async (i, inName, at, post) => {
    const params = valid.map(([k, v], j): [string, string] => {
      if (j !== i) return [k, v];
      const s = inName ? k : v;
      const planted = s.slice(0, at % (s.length + 1)) + NUL + s.slice(at % (s.length + 1));
      return inName ? [planted, v] : [k, planted];
    });
    const query = new URLSearchParams(params).toString();
    if (post) await refusedForNul('POST', '/DocumentReference/_search', query);
    else await refusedForNul('GET', `/DocumentReference?${query}`);
  }), { numRuns: runs });
});

test('issue 8 / NUL in Consent, $invalidate, reads and AuditEvent search: a 400 OperationOutcome that changes nothing', async () => {
  const informed = await record(archive, pro, informing({ client }));
  assert.ok([201, 409].includes(informed.status), 'informed now or by an earlier test');
  const consent = disclosureConsent({ client }) as unknown as Json;
  const consentSlots = slots(consent);
  await fc.assert(fc.asyncProperty(fc.nat(consentSlots.length - 1), fc.nat(100), async (i, at) => {
    await refusedForNul('POST', '/Consent', insertInto(consent, consentSlots[i]!, NUL, at));
  }), { numRuns: runs });
  const [id] = await archive.store(pro, aDocument().forClient(client).build());
  const parameters = { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: 'stored for the wrong person' }] } as Json;
  const parameterSlots = slots(parameters);
  await fc.assert(fc.asyncProperty(fc.nat(parameterSlots.length - 1), fc.nat(100), async (i, at) => {
    await refusedForNul('POST', `/DocumentReference/${id}/$invalidate`, insertInto(parameters, parameterSlots[i]!, NUL, at));
  }), { numRuns: runs });
  for (const url of [`/DocumentReference/${id}%00`, `/Binary/%00${id}`, `/DocumentReference/${id}?legal-justification=x%00`, `/AuditEvent?patient.identifier=${client}%00`, `/Consent?patient.identifier=%00${client}`, '/No%00where']) {
    await refusedForNul('GET', url);
  }
  const current = await archive.fhir<{ entry?: { resource: { id: string } }[] }>(token, 'GET', `/Consent?patient.identifier=urn:oid:1.2.246.21|${client}`);
  const consentId = current.body.entry![0]!.resource.id;
  await refusedForNul('PUT', `/Consent/${consentId}`, { ...(informing({ client }) as object), id: consentId, status: `inactive${NUL}` }, { 'if-match': 'W/"1"' });
});

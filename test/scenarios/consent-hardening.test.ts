// Issue 8 on the consent service, through HTTP against the real database: a record binds from
// when it is recorded, so a backdated one is refused with the rule of its kind (D5, S2, S3)
// unless a service system imports it as an earlier record (L5), which keeps its stated time and
// is audited as an import; and a revocation of a record the requester may not read answers 404,
// exactly like an unknown id, and is still audited (D1, D10).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Consent, OperationOutcome } from '@medplum/fhirtypes';
import { startTestArchive, tableCounts, type Actor, type BundleOrOutcome, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { disclosureConsent, informing, prohibition, record, recorded } from '../support/consents.ts';
import { SYSTEMS } from '../../src/fhir/extensions.ts';
import { CONSENT_PROFILE } from '../../src/fhir/consent-profile.ts';

let archive: TestArchive;
let areaA: string;
let proA: Actor;
let proB: Actor;
let serviceA: Actor;

before(async () => {
  archive = await startTestArchive();
  areaA = await archive.controller('Hardening area A');
  proA = await archive.actor(areaA);
  proB = await archive.actor(await archive.controller('Hardening area B'));
  serviceA = await archive.actor(areaA, 'service');
});
after(async () => archive.close());

const DAY = 24 * 60 * 60 * 1000;
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();
const diag = (res: { body: unknown }): string => ((res.body as OperationOutcome | undefined)?.issue ?? []).map((i) => i.diagnostics ?? '').join(' | ');
const clientOf = async (actor: Actor, code = aPersonCode()): Promise<string> => { await archive.openRelationship(actor, code); return code; };
const fhirIdOf = async (code: string): Promise<string> => (await archive.sql<{ id: string }>('select fhir_id::text as id from person where identity_code = $1', [code]))[0]!.id;
/** The body marked as an import of an earlier record (docs/consent.md, "Importing earlier records"). */
const asImport = (c: Consent): Consent => ({ ...c, meta: { tag: [{ system: CONSENT_PROFILE.recordOriginSystem, code: CONSENT_PROFILE.importCode }] } });
async function counts(): Promise<{ data: Record<string, number>; audit: number }> {
  const { audit_event: audit, ...data } = await tableCounts(archive);
  return { data, audit: audit! };
}
/** The client's consent service audit records, oldest first, as stored. */
const consentTrail = async (code: string) => (await archive.sql<{ body: string }>(
  "select body from audit_event where person_key = (select person_key from person where identity_code = $1) and action like 'consent-%' order by recorded_at, lane, seq", [code]))
  .map((r) => JSON.parse(r.body) as { transaction: string; outcome: string; detail?: string; because?: { rule: string; detail: string }[]; system: { id: string }; professional?: unknown });

/** Records the body and insists that it is refused with 422 naming the rule, writing only the refusal's audit record. */
async function refusedBackdated(actor: Actor, body: Consent, rule: RegExp): Promise<void> {
  const start = await counts();
  const res = await record(archive, actor, body);
  assert.equal(res.status, 422, diag(res));
  assert.equal((res.body as unknown as OperationOutcome).resourceType, 'OperationOutcome');
  assert.match(diag(res), rule);
  assert.match(diag(res), /binds from when it is recorded/);
  const end = await counts();
  assert.deepEqual(end.data, start.data, 'nothing written');
  assert.equal(end.audit, start.audit + 1, 'the refusal is audited');
}

test('D5, issue 8: an informing dated a year ago is refused with 422', async () => {
  const client = await clientOf(proA);
  await refusedBackdated(proA, informing({ client, at: ago(365 * DAY) }), /D5: it is dated .*365 days before it is recorded/);
  const [refusal] = await consentTrail(client);
  assert.deepEqual([refusal!.outcome, refusal!.because?.[0]?.rule], ['denied', 'D5']);
});

test('S2, issue 8: a consent backdated 200 days is refused', async () => {
  const client = await clientOf(proA);
  await recorded(archive, proA, informing({ client }));
  await refusedBackdated(proA, disclosureConsent({ client, at: ago(200 * DAY) }), /S2: it is dated .*200 days before/);
});

test('S3, issue 8: a prohibition backdated beyond the allowance (11 minutes) is refused', async () => {
  const client = await clientOf(proA);
  await recorded(archive, proA, informing({ client }));
  await refusedBackdated(proA, prohibition({ client, at: ago(11 * 60_000), on: { task: 'disability' } }), /S3: it is dated .*minutes before/);
});

test('issue 8: a record dated 5 minutes in the past, within the allowance, is accepted and keeps its dateTime', async () => {
  const client = await clientOf(proA);
  await recorded(archive, proA, informing({ client, at: ago(6 * 60_000) }));
  const at = ago(5 * 60_000);
  const res = await record(archive, proA, disclosureConsent({ client, at }));
  assert.equal(res.status, 201, diag(res));
  assert.equal(Date.parse(res.body.dateTime!), Date.parse(at));
});

test('issue 8: a service system imports earlier records and keeps their time; the audit says import', async () => {
  const client = await clientOf(proA);
  const [informedAt, consentedAt] = [ago(365 * DAY), ago(200 * DAY)];
  const informingRes = await record(archive, serviceA, asImport(informing({ client, at: informedAt })));
  assert.equal(informingRes.status, 201, diag(informingRes));
  const consentRes = await record(archive, serviceA, asImport(disclosureConsent({ client, at: consentedAt })));
  assert.equal(consentRes.status, 201, diag(consentRes));
  // The records as the area's professionals read them: the stated times, recorded today.
  const found = await archive.fhir<BundleOrOutcome>(proA, 'GET', `/Consent?patient=Patient/${await fhirIdOf(client)}`);
  assert.equal(found.status, 200);
  const byKind = new Map(found.body.entry!.map((e) => e.resource as Consent).map((c) => [c.category?.[1]?.coding?.[0]?.code, c]));
  assert.equal(Date.parse(byKind.get('informing')!.dateTime!), Date.parse(informedAt));
  assert.equal(Date.parse(byKind.get('social-welfare-consent')!.dateTime!), Date.parse(consentedAt));
  assert.equal(byKind.get('social-welfare-consent')!.provision?.period?.start, consentedAt.slice(0, 10));
  assert.ok(Date.now() - Date.parse(byKind.get('social-welfare-consent')!.meta!.lastUpdated!) < 60_000, 'recorded now');
  // The audit record of each import says it was one, with the stated and the recorded time.
  const imports = (await consentTrail(client)).filter((r) => r.system.id === serviceA.systemId);
  assert.equal(imports.length, 2);
  for (const [r, stated] of imports.map((r, i) => [r, [informedAt, consentedAt][i]!] as const)) {
    assert.deepEqual([r.transaction, r.outcome, r.professional], ['Consent-import', 'success', undefined]);
    assert.match(r.detail ?? '', new RegExp(`import of an earlier record: stated time ${stated}, recorded at \\d{4}-`));
    assert.match(r.because?.find((b) => b.rule === 'L5')?.detail ?? '', /import of an earlier record by a service system/);
  }
  // The imported consent is a consent in force: B sees A's document of the client.
  await clientOf(proB, client);
  const [docA] = await archive.store(proA, aDocument().forClient(client).build());
  const disclosed = await archive.fhir<BundleOrOutcome>(proB, 'POST', '/DocumentReference/_search', `patient.identifier=${SYSTEMS.identityCode}|${client}&status=current`);
  assert.ok(disclosed.body.entry?.some((e) => e.resource?.id === docA), 'the imported consent counts for the disclosure');
});

test('L5, issue 8: only a service system imports; without the import tag it records nothing, and a connecting system\'s import is refused', async () => {
  const client = await clientOf(proA);
  const start = await counts();
  const untagged = await record(archive, serviceA, informing({ client, at: ago(365 * DAY) }));
  assert.equal(untagged.status, 403);
  assert.match(diag(untagged), /L5: a service system may not record-consent/);
  const byConnecting = await record(archive, proA, asImport(informing({ client, at: ago(365 * DAY) })));
  assert.equal(byConnecting.status, 403);
  assert.match(diag(byConnecting), /L5: a connecting system may not import-consent/);
  const badTag = await record(archive, serviceA, { ...informing({ client }), meta: { tag: [{ system: CONSENT_PROFILE.recordOriginSystem, code: 'migrated' }] } });
  assert.equal(badTag.status, 400);
  assert.match(JSON.stringify(badTag.body), /Consent\.meta\.tag\[0\]\.code/);
  const end = await counts();
  assert.deepEqual(end.data, start.data, 'nothing written');
  assert.equal(end.audit, start.audit + 2, 'both L5 refusals are audited');
});

test('D1, issue 8: PUT /fhir/Consent/<id> of a client the requester has no relationship with answers 404, the same as an unknown id, and is audited', async () => {
  const client = await clientOf(proA);
  await recorded(archive, proA, informing({ client }));
  const id = await recorded(archive, proA, disclosureConsent({ client }));
  const body = { ...(await archive.fhir<Consent>(proA, 'GET', `/Consent/${id}`)).body, status: 'inactive' };
  const unknown = crypto.randomUUID();
  const put = async (target: string) => {
    const res = await fetch(`${archive.baseUrl}/fhir/Consent/${target}`, {
      method: 'PUT', body: JSON.stringify({ ...body, id: target }),
      headers: { authorization: `Bearer ${await proB.token()}`, 'content-type': 'application/fhir+json', 'if-match': 'W/"1"' },
    });
    return { status: res.status, type: res.headers.get('content-type'), text: (await res.text()).replaceAll(target, '<id>') };
  };
  const start = await counts();
  const [existing, missing] = [await put(id), await put(unknown)];
  assert.equal(existing.status, 404);
  assert.deepEqual(existing, missing, 'nothing tells an existing record from an unknown id');
  assert.match(existing.text, /"resourceType":"OperationOutcome"/);
  const end = await counts();
  assert.deepEqual(end.data, start.data, 'nothing revoked');
  assert.equal(end.audit, start.audit + 1, 'the refusal of the existing record is audited');
  const last = (await consentTrail(client)).at(-1)!;
  assert.deepEqual([last.transaction, last.outcome, last.because?.[0]?.rule], ['Consent-update', 'denied', 'D1']);
  assert.equal((await archive.fhir<Consent>(proA, 'GET', `/Consent/${id}`)).body.status, 'active');
});

test('D11, issue 8: the Consent searchset counts every match in total, gives each entry a fullUrl, and its self and next links page by the opaque Patient id', async () => {
  const code = await clientOf(proA);
  await recorded(archive, proA, informing({ client: code }));
  await recorded(archive, proA, disclosureConsent({ client: code }));
  for (const task of ['child-protection', 'substance-abuse'] as const) await recorded(archive, proA, prohibition({ client: code, on: { task } }));
  const first = await archive.fhir<BundleOrOutcome & { link?: { relation: string; url: string }[] }>(proA, 'POST', '/Consent/_search', `patient.identifier=${SYSTEMS.identityCode}|${code}&_count=3`);
  assert.equal(first.status, 200, diag(first));
  assert.equal(first.body.total, 4, 'total counts every match, not the page');
  assert.equal(first.body.entry!.length, 3);
  for (const e of first.body.entry!) assert.equal(e.fullUrl, `${archive.baseUrl}/fhir/Consent/${e.resource!.id}`);
  const links = new Map((first.body.link ?? []).map((l) => [l.relation, l.url]));
  const patient = `Patient/${await fhirIdOf(code)}`;
  for (const url of links.values()) assert.ok(!url.includes(code), `no identity code in a link: ${url}`);
  assert.equal(new URL(links.get('self')!).searchParams.get('patient'), patient);
  const next = await archive.fhir<BundleOrOutcome>(proA, 'GET', links.get('next')!.slice(`${archive.baseUrl}/fhir`.length));
  assert.equal(next.status, 200, diag(next));
  assert.equal(next.body.total, 4);
  const seen = [...first.body.entry!, ...next.body.entry!].map((e) => e.resource!.id);
  assert.equal(new Set(seen).size, 4, 'the two pages together give every record once');
  const bad = await archive.fhir<OperationOutcome>(proA, 'GET', `/Consent?${new URLSearchParams({ patient, _offset: '-1' })}`);
  assert.equal(bad.status, 400);
});

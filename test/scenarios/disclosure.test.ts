// Disclosure between registers through HTTP with the real database: D4 consent, D5 informing,
// S2 consent scope, S3 prohibitions, S4 the owner and its producer, S6/D6 the statutory broad
// search, D3/S7 register access authorisation, S9/D10 disclosure records, V14 $explain.
// Setting: controller A stores a client's documents; controller B, which has a client
// relationship of its own with the client, searches (ITI-67) and retrieves (ITI-68) them.
import { test, before, after } from 'node:test';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import type { AuditEvent, Bundle, Parameters } from '@medplum/fhirtypes';
import { startTestArchive, type Actor, type BundleOrOutcome, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode, type DocumentBuilder } from '../support/bundles.ts';
import { disclosureConsent, informedAndConsenting, informing, prohibition, record, recorded, revoke } from '../support/consents.ts';
import { verifyAuditChain } from '../../src/usecases/verify-audit-chain.ts';
import type { AuditRecord } from '../../src/store/audit.ts';
import type { ServiceTaskKey } from '../../src/domain/codes/index.ts';

let archive: TestArchive;
// Welfare areas A, B and C; B's unit; private provider P with units P1 and P2.
let areaA: string, areaB: string, areaC: string, unitB: string, providerP: string, unitP1: string, unitP2: string;
// Professionals of each; P1's and P2's work in those units.
let proA: Actor, proB: Actor, proC: Actor, supervisorA: Actor, proP1: Actor, proP2: Actor;

before(async () => {
  archive = await startTestArchive();
  areaA = await archive.controller('Area A');
  areaB = await archive.controller('Area B');
  areaC = await archive.controller('Area C');
  unitB = await archive.unit(areaB, 'B unit');
  providerP = await archive.controller('Provider P', 'private-provider');
  unitP1 = await archive.unit(providerP, 'P unit 1');
  unitP2 = await archive.unit(providerP, 'P unit 2');
  proA = await archive.actor(areaA);
  proB = await archive.actor(areaB);
  proC = await archive.actor(areaC);
  supervisorA = await archive.actor(areaA, 'connecting', { roles: ['supervisor'] });
  proP1 = await archive.actor(providerP, 'connecting', { professionalOrg: unitP1 });
  proP2 = await archive.actor(providerP, 'connecting', { professionalOrg: unitP2 });
});
after(async () => archive.close());

const JUSTIFICATION = 'https://kansio.fi/fhir/CodeSystem/legal-justification|child-protection-assessment';
const withJustification = `&legal-justification=${encodeURIComponent(JUSTIFICATION)}`;

const searchAs = (actor: Actor, client: string, extra = '') =>
  archive.fhir<BundleOrOutcome>(actor, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current${extra}`);

/** The ids a successful search returns. */
async function found(actor: Actor, client: string, extra = ''): Promise<string[]> {
  const res = await searchAs(actor, client, extra);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body.entry ?? []).map((e) => e.resource!.id!);
}

const binary = (actor: Actor, id: string, query = '') => archive.fhir(actor, 'GET', `/Binary/${id}${query}`);

/** A client with relationships to the given controllers' professionals (families with children). */
async function clientOf(...pros: Actor[]): Promise<string> {
  const client = aPersonCode();
  for (const pro of pros) await archive.openRelationship(pro, client);
  return client;
}

async function storeOne(actor: Actor, client: string, shape: (b: DocumentBuilder) => DocumentBuilder = (b) => b): Promise<string> {
  const [id] = await archive.store(actor, shape(aDocument().forClient(client)).build());
  return id!;
}

const setIdOf = async (versionId: string): Promise<string> =>
  (await archive.sql<{ set_id: string }>('select set_id::text from document where version_id = $1', [versionId]))[0]!.set_id;
const personKeyOf = async (client: string): Promise<string> =>
  (await archive.sql<{ person_key: string }>('select person_key::text from person where identity_code = $1', [client]))[0]!.person_key;
const patientIdOf = async (client: string): Promise<string> =>
  (await archive.sql<{ fhir_id: string }>('select fhir_id::text from person where identity_code = $1', [client]))[0]!.fhir_id;

const explain = (actor: Actor, id: string, requester: string, extra = '') =>
  archive.fhir<Parameters>(actor, 'GET', `/DocumentReference/${id}/$explain?requester=${encodeURIComponent(requester)}${extra}`);
const param = (p: Parameters, name: string) => p.parameter?.find((x) => x.name === name);
const reasons = (p: Parameters) => (p.parameter ?? []).filter((x) => x.name === 'reason')
  .map((r) => ({ rule: r.part!.find((x) => x.name === 'rule')!.valueCode!, detail: r.part!.find((x) => x.name === 'detail')!.valueString! }));

/** FHIR JSON never has empty arrays or nulls (FHIR R4 JSON representation, 2.6.2). */
function emptyArrayPaths(value: unknown, at = ''): string[] {
  if (value === null) return [at];
  if (Array.isArray(value)) return value.length === 0 ? [at] : value.flatMap((v, i) => emptyArrayPaths(v, `${at}[${i}]`));
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => emptyArrayPaths(v, `${at}.${k}`));
  return [];
}

/** The audit event ids so far; auditSince gives the bodies written after. */
const auditMark = async (): Promise<Set<string>> => new Set((await archive.sql<{ event_id: string }>('select event_id::text from audit_event')).map((r) => r.event_id));
async function auditSince(mark: Set<string>): Promise<AuditRecord[]> {
  const rows = await archive.sql<{ event_id: string; body: string }>('select event_id::text, body from audit_event order by recorded_at, lane, seq');
  return rows.filter((r) => !mark.has(r.event_id)).map((r) => JSON.parse(r.body) as AuditRecord);
}

test('D4: without consent B finds none of A\'s documents and cannot read them; with informing and consent it does; its own are always there', async () => {
  const client = await clientOf(proA, proB);
  const docA = await storeOne(proA, client, (b) => b.withPdf('A content'));
  const docB = await storeOne(proB, client);
  const before = await found(proB, client);
  assert.ok(before.includes(docB), 'own register needs no consent (D2)');
  assert.ok(!before.includes(docA), 'A\'s document is not disclosed without consent');
  assert.equal((await binary(proB, docA)).status, 404);
  assert.equal((await archive.fhir(proB, 'GET', `/DocumentReference/${docA}`)).status, 404);

  await informedAndConsenting(archive, proB, client);
  const after = await found(proB, client);
  assert.ok(after.includes(docA) && after.includes(docB));
  const read = await binary(proB, docA);
  assert.equal(read.status, 200);
  assert.match(read.bytes.toString('latin1'), /A content/);
  assert.equal((await archive.fhir(proB, 'GET', `/DocumentReference/${docA}`)).status, 200);
});

test('D5: a consent given under an earlier informing does not disclose until the latest informing is acknowledged', async () => {
  // The API refuses a consent without the latest informing ...
  const refused = await clientOf(proA, proB);
  assert.equal((await record(archive, proB, informing({ client: refused, version: '2022-1' }))).status, 201);
  const res = await record(archive, proB, disclosureConsent({ client: refused }));
  assert.equal(res.status, 422);
  assert.match(JSON.stringify(res.body), /D5/);

  // ... so a consent of 2023, given after the 2022 informing, comes in through SQL.
  const client = await clientOf(proA, proB);
  const doc = await storeOne(proA, client);
  const personKey = await personKeyOf(client);
  const consentId = randomUUID();
  const recordedBy = JSON.stringify({ system: { id: 'legacy-consent-service', name: 'Earlier consent service' }, organisationOid: areaB });
  const insert = `insert into consent_record (person_key, consent_id, version, is_current, kind, informing_version, given_at, valid_from, actor, channel, recorded_at, recorded_by)
                  values ($1, $2, 1, true, $3, $4, $5, $6, '{"kind":"client"}', 'visit', $5, $7)`;
  await archive.sql(insert, [personKey, randomUUID(), 'informing', '2022-1', '2023-02-01T09:00:00Z', '2023-02-01', recordedBy]);
  await archive.sql(insert, [personKey, consentId, 'social-welfare-consent', null, '2023-02-01T09:05:00Z', '2023-02-01', recordedBy]);

  assert.ok(!(await found(proB, client)).includes(doc), 'not disclosed without the latest informing');
  assert.equal((await binary(proB, doc)).status, 404);
  const denied = await explain(supervisorA, doc, areaB);
  assert.equal(denied.status, 200);
  assert.equal(param(denied.body, 'disclosed')!.valueBoolean, false);
  assert.deepEqual(reasons(denied.body).map((r) => r.rule), ['D5'], 'the old consent is in force; only the informing is missing');

  await recorded(archive, proB, informing({ client }));
  assert.ok((await found(proB, client)).includes(doc), 'disclosed once the latest informing is acknowledged');
  const allowed = await explain(supervisorA, doc, areaB);
  assert.equal(param(allowed.body, 'disclosed')!.valueBoolean, true);
  assert.equal(param(allowed.body, 'consent')!.valueReference!.reference, `Consent/${consentId}`);
});

test('S2: the consent covers documents stored after it, and revoking it stops disclosure at once', async () => {
  const client = await clientOf(proA, proB);
  const { consentId } = await informedAndConsenting(archive, proB, client);
  const later = await storeOne(proA, client);
  assert.ok((await found(proB, client)).includes(later), 'a document stored after the consent is covered');
  assert.equal((await binary(proB, later)).status, 200);
  assert.equal((await revoke(archive, proB, consentId)).status, 200);
  assert.ok(!(await found(proB, client)).includes(later), 'revoked: no longer disclosed');
  assert.equal((await binary(proB, later)).status, 404);
});

test('S2: a health care consent alone does not count', async () => {
  const client = await clientOf(proA, proB);
  const doc = await storeOne(proA, client);
  await recorded(archive, proB, informing({ client }));
  await recorded(archive, proB, disclosureConsent({ client, health: true }));
  assert.ok(!(await found(proB, client)).includes(doc));
  assert.equal((await binary(proB, doc)).status, 404);
  const why = await explain(supervisorA, doc, areaB);
  assert.deepEqual(reasons(why.body).map((r) => r.rule), ['S2']);
  assert.match(reasons(why.body)[0]!.detail, /health care consent does not count/);
});

/** Now with a +14:00 offset (Finland writes +02:00/+03:00): from 10:00 UTC on, its date is tomorrow's. */
const nowEastOfUtc = (): string => `${new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 19)}+14:00`;

// Regression: validFrom is the giver's local day; comparing it with the server's UTC day put a
// consent given just after local midnight out of force until UTC midnight.
test('S2: a consent is in force at once whatever the offset of its dateTime', async () => {
  const client = await clientOf(proA, proB);
  const doc = await storeOne(proA, client);
  await recorded(archive, proB, informing({ client, at: nowEastOfUtc() }));
  await recorded(archive, proB, disclosureConsent({ client, at: nowEastOfUtc() }));
  assert.ok((await found(proB, client)).includes(doc), 'the consent given just now discloses');
});

// Regression, the harmful direction of the same cause: the prohibition must bind at once.
test('S3: a prohibition binds at once whatever the offset of its dateTime', async () => {
  const client = await clientOf(proA, proB);
  const doc = await storeOne(proA, client);
  await informedAndConsenting(archive, proB, client);
  assert.ok((await found(proB, client)).includes(doc));
  await recorded(archive, proB, prohibition({ client, at: nowEastOfUtc(), on: { controller: areaA } }));
  assert.ok(!(await found(proB, client)).includes(doc), 'the prohibition given just now binds');
});

/** This instant as a client data system whose clock runs `seconds` ahead writes it (accepted up to five minutes ahead). */
const aheadBy = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();

// The recording accepts a dateTime up to five minutes ahead of the server clock; such a record
// counts from when it was recorded, so the informing lets a consent follow at once.
test('D5, S2: a system whose clock runs a minute fast records the informing and then the consent', async () => {
  const client = await clientOf(proA, proB);
  const doc = await storeOne(proA, client);
  assert.equal((await record(archive, proB, informing({ client, at: aheadBy(60) }))).status, 201);
  const consent = await record(archive, proB, disclosureConsent({ client, at: aheadBy(60) }));
  assert.equal(consent.status, 201, JSON.stringify(consent.body));
  assert.ok((await found(proB, client)).includes(doc), 'disclosed at once');
});

// The harmful direction of the same: a prohibition dated a minute ahead binds at once.
test('S3: a prohibition recorded by a system whose clock runs a minute fast binds at once', async () => {
  const client = await clientOf(proA, proB);
  const doc = await storeOne(proA, client);
  await informedAndConsenting(archive, proB, client);
  assert.equal((await record(archive, proB, prohibition({ client, at: aheadBy(60), on: { controller: areaA } }))).status, 201);
  assert.ok(!(await found(proB, client)).includes(doc), 'the prohibition binds from the moment it is recorded');
  assert.equal((await binary(proB, doc)).status, 404);
});

test('S3(a): a prohibition on controller A hides A\'s documents from B, not C\'s', async () => {
  const client = await clientOf(proA, proB, proC);
  const docA = await storeOne(proA, client);
  const docC = await storeOne(proC, client);
  await informedAndConsenting(archive, proB, client);
  await recorded(archive, proB, prohibition({ client, on: { controller: areaA } }));
  const ids = await found(proB, client);
  assert.ok(!ids.includes(docA), 'A\'s register is prohibited');
  assert.ok(ids.includes(docC), 'C\'s register is not');
  assert.equal((await binary(proB, docA)).status, 404);
  assert.equal((await binary(proB, docC)).status, 200);
});

test('S3(b): a prohibition on a service task hides that task\'s documents of every other controller', async () => {
  const client = await clientOf(proA, proB, proC);
  await archive.openRelationship(proA, client, 'child-protection');
  await archive.openRelationship(proC, client, 'child-protection');
  const aChild = await storeOne(proA, client, (b) => b.inTask('child-protection'));
  const cChild = await storeOne(proC, client, (b) => b.inTask('child-protection'));
  const aFamily = await storeOne(proA, client);
  await informedAndConsenting(archive, proB, client);
  await recorded(archive, proB, prohibition({ client, on: { task: 'child-protection' } }));
  const ids = await found(proB, client);
  assert.ok(!ids.includes(aChild) && !ids.includes(cChild), 'child protection documents of A and C are hidden');
  assert.ok(ids.includes(aFamily), 'other service tasks are not');
});

test('S3(c): a per-document prohibition hides that document and its later corrections, not others; lifting it shows them again', async () => {
  const client = await clientOf(proA, proB);
  const first = await storeOne(proA, client);
  const other = await storeOne(proA, client);
  await informedAndConsenting(archive, proB, client);
  const prohibitionId = await recorded(archive, proB, prohibition({ client, on: { setId: await setIdOf(first) } }));
  const corrected = await storeOne(proA, client, (b) => b.replaces(first));
  assert.equal(await setIdOf(corrected), await setIdOf(first), 'a correction keeps the set id (S1)');
  let ids = await found(proB, client);
  assert.ok(!ids.includes(first) && !ids.includes(corrected), 'the prohibited document and its correction are hidden');
  assert.ok(ids.includes(other));
  assert.equal((await binary(proB, corrected)).status, 404);
  assert.equal((await revoke(archive, proB, prohibitionId)).status, 200);
  ids = await found(proB, client);
  assert.ok(ids.includes(corrected) && ids.includes(other), 'lifted: the current version is disclosed again');
  assert.equal((await binary(proB, corrected)).status, 200);
  // L1: the earlier version is never disclosed, not even when asked for.
  assert.ok(!(await found(proB, client, ',superseded')).includes(first));
  assert.equal((await binary(proB, first)).status, 404);
});

test('S4: prohibitions bind neither the owner nor a producer working under its register access authorisation', async () => {
  const client = aPersonCode();
  await archive.store(proA, aDocument().forClient(client).inTask('substance-abuse').producer(unitP1, '2025-01-01').build());
  await archive.openRelationship(proB, client);
  const doc = await storeOne(proA, client, (b) => b.inTask('substance-abuse'));
  await recorded(archive, proA, informing({ client }));
  await recorded(archive, proA, prohibition({ client, on: { controller: areaA } }));
  await recorded(archive, proA, prohibition({ client, on: { task: 'substance-abuse' } }));
  await recorded(archive, proA, prohibition({ client, on: { setId: await setIdOf(doc) } }));
  assert.ok((await found(proA, client)).includes(doc), 'the owner still sees it');
  assert.equal((await binary(proA, doc)).status, 200);
  assert.ok((await found(proP1, client)).includes(doc), 'the authorised producer still sees it');
  assert.equal((await binary(proP1, doc)).status, 200);
  assert.ok(!(await found(proB, client)).includes(doc), 'another controller does not');
});

test('S6, D6: legacy, phase 1 and prohibited documents reach B only through a statutory broad search, which is logged', async () => {
  const client = await clientOf(proA, proB);
  const legacy = await storeOne(proA, client, (b) => b.phase('legacy'));
  const phase1 = await storeOne(proA, client, (b) => b.phase('1'));
  const phase2 = await storeOne(proA, client);
  const prohibited = await storeOne(proA, client);
  await recorded(archive, proB, informing({ client }));
  await recorded(archive, proB, prohibition({ client, on: { setId: await setIdOf(prohibited) } }));
  // No consent at all: nothing of A's by default.
  assert.deepEqual((await found(proB, client)).filter((id) => [legacy, phase1, phase2, prohibited].includes(id)), []);
  const mark = await auditMark();
  const broad = await found(proB, client, withJustification);
  for (const id of [legacy, phase1, phase2, prohibited]) assert.ok(broad.includes(id), `the broad search reaches ${id}`);

  const [audit] = (await auditSince(mark)).filter((r) => r.action === 'search');
  assert.ok(audit?.disclosure, 'a disclosure record');
  for (const d of audit.documents!.filter((d) => d.controllerOid === areaA)) {
    assert.deepEqual(d.basis, { kind: 'statutory', justification: 'child-protection-assessment' });
  }
  assert.match(audit.disclosure.purpose, /Child protection needs assessment/);
  const events = await archive.fhir<Bundle>(proB, 'GET', `/AuditEvent?patient=Patient/${await patientIdOf(client)}`);
  const event = events.body.entry!.map((e) => e.resource as AuditEvent).find((e) => e.id === audit.eventId);
  assert.ok(event, 'the broad search is in B\'s audit trail');
  assert.deepEqual(event.purposeOfEvent![0]!.coding, [{ system: 'https://kansio.fi/fhir/CodeSystem/legal-justification', code: 'child-protection-assessment' }]);

  assert.equal((await searchAs(proC, client, withJustification)).status, 403, 'D1 still applies: C has no client relationship');
  assert.equal((await binary(proB, phase1)).status, 404);
  const read = await binary(proB, phase1, `?legal-justification=${encodeURIComponent(JUSTIFICATION)}`);
  assert.equal(read.status, 200);
  assert.equal(read.headers.get('content-type'), 'application/pdf');
});

test('S6, D6: an unknown legal justification code is refused with 400 OperationOutcome', async () => {
  const client = await clientOf(proA, proB);
  const doc = await storeOne(proA, client, (b) => b.phase('1'));
  const res = await searchAs(proB, client, `&legal-justification=${encodeURIComponent('https://kansio.fi/fhir/CodeSystem/legal-justification|curiosity')}`);
  assert.equal(res.status, 400);
  assert.equal(res.body.resourceType, 'OperationOutcome');
  assert.match(JSON.stringify(res.body.issue), /curiosity/);
  assert.equal((await binary(proB, doc, '?legal-justification=curiosity')).status, 400);
});

test('D3, S7: a producer unit named on A\'s client relationship stores into and searches A\'s register within its service task and window', async () => {
  const client = aPersonCode();
  const end = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await archive.store(proA, aDocument().forClient(client).inTask('substance-abuse').producer(unitP1, '2025-01-01', end).build());
  await archive.openRelationship(proA, client, 'families-with-children');
  const docX = await storeOne(proA, client, (b) => b.inTask('substance-abuse'));
  const docOther = await storeOne(proA, client);
  await archive.openRelationship(proC, client, 'substance-abuse');
  const docOfC = await storeOne(proC, client, (b) => b.inTask('substance-abuse'));

  const stored = await archive.fhir<BundleOrOutcome>(proP1, 'POST', '', aDocument().forClient(client).inTask('substance-abuse').custodianOid(areaA).build());
  assert.equal(stored.status, 200, JSON.stringify(stored.body));
  assert.equal(stored.body.entry![1]!.response!.status, '201 Created');
  const byP = stored.body.entry![1]!.response!.location!.split('/')[1]!;
  assert.deepEqual(await archive.sql('select controller_oid from document where version_id = $1', [byP]), [{ controller_oid: areaA }], 'stored into A\'s register');
  assert.ok((await found(proA, client)).includes(byP), 'A sees what its producer stored');

  // No informing, no consent; and a prohibition on A does not bind the producer either (S4).
  await recorded(archive, proA, informing({ client }));
  await recorded(archive, proA, prohibition({ client, on: { controller: areaA } }));
  const ids = await found(proP1, client);
  assert.ok(ids.includes(docX) && ids.includes(byP), 'the producer finds task X documents of A');
  assert.ok(!ids.includes(docOther), 'not those of another service task');
  assert.ok(!ids.includes(docOfC), 'not another controller\'s documents of the same task');
  const asProducer = await explain(supervisorA, docX, unitP1);
  assert.equal(param(asProducer.body, 'basis')?.valueCode, 'authorisation');
  assert.equal((await binary(proP1, docX)).status, 200);
  assert.equal((await binary(proP1, docOther)).status, 404);
  const otherTask = await archive.fhir(proP1, 'POST', '', aDocument().forClient(client).custodianOid(areaA).build());
  assert.equal(otherTask.status, 403, 'no authorisation for another service task');

  // Another unit of the same provider is not named.
  assert.equal((await searchAs(proP2, client)).status, 403);
  assert.equal((await binary(proP2, docX)).status, 404);
  assert.equal((await archive.fhir(proP2, 'POST', '', aDocument().forClient(client).inTask('substance-abuse').custodianOid(areaA).build())).status, 403);
});

test('D3, S7: outside the authorisation window the producer can neither store nor search', async () => {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const windows: [string, string, string | null][] = [['not yet started', day(10), null], ['already ended', '2025-01-01', day(-1)]];
  for (const [what, start, end] of windows) {
    const client = aPersonCode();
    await archive.store(proA, aDocument().forClient(client).inTask('substance-abuse').producer(unitP1, start, end).build());
    const doc = await storeOne(proA, client, (b) => b.inTask('substance-abuse'));
    const store = await archive.fhir(proP1, 'POST', '', aDocument().forClient(client).inTask('substance-abuse').custodianOid(areaA).build());
    assert.equal(store.status, 403, `${what}: store refused`);
    const search = await searchAs(proP1, client);
    assert.ok(search.status === 403 || (search.status === 200 && !(search.body.entry ?? []).length), `${what}: search refused or empty`);
    assert.equal((await binary(proP1, doc)).status, 404, `${what}: no read`);
  }
});

test('S9, D10: every disclosure writes one record naming client, task, documents, time, recipient, discloser, basis and purpose', async () => {
  const client = await clientOf(proA, proB);
  const doc1 = await storeOne(proA, client);
  const doc2 = await storeOne(proA, client, (b) => b.ofType('1006'));
  const { consentId } = await informedAndConsenting(archive, proB, client);
  const personKey = await personKeyOf(client);
  const professional = (await archive.sql<{ title: string }>('select title from professional where professional_id = $1', [proB.professionalId]))[0]!;

  const mark = await auditMark();
  const ids = await found(proB, client);
  assert.ok(ids.includes(doc1) && ids.includes(doc2));
  assert.equal((await binary(proB, doc1)).status, 200);
  const added = await auditSince(mark);
  assert.deepEqual(added.map((r) => [r.action, r.outcome]), [['search', 'success'], ['read', 'success']], 'one record per request');
  const types = new Map((await archive.sql<{ version_id: string; type_code: string }>('select version_id::text, type_code from document where version_id = any($1)', [added.flatMap((r) => r.documents!.map((d) => d.versionId))])).map((r) => [r.version_id, r.type_code]));
  for (const r of added) {
    assert.equal(r.personKey, personKey, 'the client');
    assert.ok(Math.abs(Date.parse(r.recordedAt) - Date.now()) < 60_000, 'when');
    assert.equal(r.professional!.id, proB.professionalId, 'the recipient person');
    assert.equal(r.professional!.title, professional.title, 'the recipient\'s title');
    assert.equal(r.professional!.organisationOid, areaB);
    assert.equal(r.organisationOid, areaB, 'the recipient organisation');
    assert.deepEqual(r.disclosure?.disclosers, [areaA], 'the discloser');
    assert.match(r.disclosure!.purpose, /consent/, 'the purpose');
    for (const d of r.documents!.filter((d) => d.controllerOid === areaA)) {
      assert.equal(d.typeCode, types.get(d.versionId), 'the document type');
      assert.equal(d.serviceTask, 'families-with-children', 'the service task');
      assert.deepEqual(d.basis, { kind: 'consent', consentId }, 'the basis');
    }
  }
  // The search's record lists exactly the returned documents, A's client relationship document among them.
  const ofA = new Set((await archive.sql<{ version_id: string }>('select version_id::text from document where controller_oid = $1 and person_key = $2', [areaA, personKey])).map((r) => r.version_id));
  assert.deepEqual(added[0]!.documents!.map((d) => d.versionId), ids);
  assert.deepEqual(added[0]!.documents!.filter((d) => d.controllerOid === areaA).map((d) => d.versionId).sort(), ids.filter((id) => ofA.has(id)).sort());
  assert.deepEqual(added[1]!.documents!.map((d) => d.versionId), [doc1]);

  // The same as BALP PrivacyDisclosure AuditEvents, for the recipient and for the discloser.
  const patient = await patientIdOf(client);
  const invalidJson: string[] = [];
  for (const reader of [proB, proA]) {
    const res = await archive.fhir<Bundle>(reader, 'GET', `/AuditEvent?patient=Patient/${patient}`);
    assert.equal(res.status, 200);
    const events = res.body.entry!.map((e) => e.resource as AuditEvent);
    for (const r of added) {
      const e = events.find((x) => x.id === r.eventId);
      assert.ok(e, `${reader === proA ? 'the discloser A' : 'the recipient B'} sees the disclosure record ${r.action}`);
      assert.deepEqual(e.meta?.profile, ['https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PrivacyDisclosure.Source']);
      assert.equal(e.type.system, 'http://dicom.nema.org/resources/ontology/DCM');
      assert.equal(e.type.code, '110106');
      assert.ok(e.subtype!.some((s) => s.system === 'http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle' && s.code === 'disclose'));
      const source = e.agent.filter((a) => a.type?.coding?.some((c) => c.code === '110153'));
      assert.deepEqual(source.map((a) => a.who?.identifier?.value), [areaA], 'Source Role ID is A');
      assert.ok(e.agent.some((a) => a.type?.coding?.some((c) => c.code === '110152') && a.who?.identifier?.value === areaB), 'Destination Role ID is B');
      assert.ok(e.agent.some((a) => a.requestor && a.who?.identifier?.value === proB.professionalId && a.name === professional.title));
      assert.ok(e.entity!.some((x) => x.what?.reference === `Consent/${consentId}`), 'the consent is an entity');
      assert.ok(e.entity!.some((x) => x.what?.reference === `DocumentReference/${doc1}`));
      assert.ok(e.purposeOfEvent?.[0]?.text, 'the purpose');
    }
    // Each reader sees only its own records and the disclosures of its own data.
    const bodies = await archive.sql<{ event_id: string; organisation_oid: string; related_oids: string[] | null }>('select event_id::text, organisation_oid, related_oids from audit_event where event_id = any($1)', [events.map((e) => e.id)]);
    assert.equal(bodies.length, events.length);
    for (const b of bodies) assert.ok(b.organisation_oid === reader.controllerOid || (b.related_oids ?? []).includes(reader.controllerOid), `${b.event_id} is not ${reader.controllerOid}'s to read`);
    for (const e of events) invalidJson.push(...emptyArrayPaths(e).map((at) => `${e.id}${at}`));
  }
  assert.deepEqual((await archive.database.db.withSnapshot((s) => verifyAuditChain(s))).broken, []);
  // Regression: a consent-based disclosure once had purposeOfEvent[0].coding = [].
  assert.deepEqual(invalidJson, [], 'valid FHIR JSON: no empty arrays or nulls');
});

test('S9: a producer\'s search of the organiser\'s register is recorded with the authorisation as its basis', async () => {
  const client = aPersonCode();
  await archive.store(proA, aDocument().forClient(client).inTask('substance-abuse').producer(unitP1, '2025-01-01').build());
  const doc = await storeOne(proA, client, (b) => b.inTask('substance-abuse'));
  const mark = await auditMark();
  assert.ok((await found(proP1, client)).includes(doc));
  const [r] = await auditSince(mark);
  assert.equal(r!.organisationOid, providerP);
  assert.equal(r!.professional!.organisationOid, unitP1);
  assert.deepEqual(r!.documents!.find((d) => d.versionId === doc)!.basis, { kind: 'authorisation', producerUnitOid: unitP1, startDate: '2025-01-01', endDate: null });
  assert.deepEqual(r!.disclosure?.disclosers, [areaA]);
  assert.match(r!.disclosure!.purpose, /purchased service/);
});

test('V14: $explain tells A\'s supervisor whether B would receive a document, and why not', async () => {
  const client = await clientOf(proA, proB);
  const B2 = unitB;
  await archive.openRelationship(proA, client, 'child-protection' satisfies ServiceTaskKey);
  const doc = await storeOne(proA, client, (b) => b.inTask('child-protection'));
  const { consentId } = await informedAndConsenting(archive, proB, client);

  const yes = await explain(supervisorA, doc, areaB);
  assert.equal(yes.status, 200, JSON.stringify(yes.body));
  assert.equal(yes.body.resourceType, 'Parameters');
  assert.equal(param(yes.body, 'disclosed')!.valueBoolean, true);
  assert.equal(param(yes.body, 'basis')!.valueCode, 'consent');
  assert.equal(param(yes.body, 'consent')!.valueReference!.reference, `Consent/${consentId}`);

  await recorded(archive, proB, prohibition({ client, on: { task: 'child-protection' } }));
  const today = new Date().toISOString().slice(0, 10);
  for (const requester of [areaB, B2]) {
    const no = await explain(supervisorA, doc, requester);
    assert.equal(no.status, 200, `requester ${requester}`);
    assert.equal(param(no.body, 'disclosed')!.valueBoolean, false);
    assert.deepEqual(reasons(no.body).map((r) => r.rule), ['S3(b)']);
    assert.match(reasons(no.body)[0]!.detail, new RegExp(`^prohibition on service task child protection since ${today}`));
  }
  const statutory = await explain(supervisorA, doc, areaB, `&legal-justification=${encodeURIComponent(JUSTIFICATION)}`);
  assert.equal(param(statutory.body, 'basis')!.valueCode, 'statutory');

  assert.equal((await explain(proA, doc, areaB)).status, 403, 'a professional of A without the role');
  assert.equal((await explain(proB, doc, areaB)).status, 404, 'a professional of B');
  const unknown = await explain(supervisorA, doc, '1.2.246.10.12345678');
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.resourceType, 'OperationOutcome');
});

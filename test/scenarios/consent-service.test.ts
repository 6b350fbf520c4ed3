// The consent service (D5, D7, D8, D11, S2, S3, S5) through HTTP against the real database:
// informing first, consents and prohibitions recorded during a visit, revoked by versioned PUT,
// shared by every controller, refused with the rule id, and every step in the audit trail (D10).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent, Bundle, Consent, OperationOutcome, RelatedPerson } from '@medplum/fhirtypes';
import { startTestArchive, tableCounts, type Actor, type BundleOrOutcome, type TestArchive } from '../support/archive.ts';
import { aDocument, aMinorCode, aPersonCode } from '../support/bundles.ts';
import { disclosureConsent, informing, prohibition, record, recorded, revoke, CONSENT_KIND_SYSTEM, type Representative } from '../support/consents.ts';
import { guardianship, mandate, register, representation } from '../support/registers.ts';
import { EXTENSIONS, SYSTEMS } from '../../src/fhir/extensions.ts';

let archive: TestArchive;
let areaA: string;
let areaB: string;
let proA: Actor;
let proB: Actor;

before(async () => {
  archive = await startTestArchive();
  areaA = await archive.controller('Consent area A');
  areaB = await archive.controller('Consent area B');
  proA = await archive.actor(areaA);
  proB = await archive.actor(areaB);
});
after(async () => archive.close());

// Helpers.
/** All diagnostics of an OperationOutcome answer, joined. */
const diag = (res: { body: unknown }): string => ((res.body as OperationOutcome | undefined)?.issue ?? []).map((i) => i.diagnostics ?? '').join(' | ');
const DAY = 24 * 60 * 60 * 1000;
/** YYYY-MM-DD in UTC, days from today. */
const ymd = (days: number): string => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const ext = (c: Consent, url: string) => c.extension?.find((e) => e.url === url);

/** A client with whom the actor's controller has a client relationship. */
const clientOf = async (actor: Actor, code = aPersonCode()): Promise<string> => { await archive.openRelationship(actor, code); return code; };
/** A client of the actor who has received the latest informing (2024-1). */
const informedClient = async (actor: Actor, code = aPersonCode()): Promise<string> => { await recorded(archive, actor, informing({ client: await clientOf(actor, code) })); return code; };
const fhirIdOf = async (code: string): Promise<string> => (await archive.sql<{ id: string }>('select fhir_id::text as id from person where identity_code = $1', [code]))[0]!.id;
const setIdOf = async (versionId: string): Promise<string> => (await archive.sql<{ s: string }>('select set_id::text as s from document where version_id = $1', [versionId]))[0]!.s;
const read = (actor: Actor, id: string, suffix = '') => archive.fhir<Consent>(actor, 'GET', `/Consent/${id}${suffix}`);
const search = (actor: Actor, fhirId: string) => archive.fhir<BundleOrOutcome>(actor, 'GET', `/Consent?patient=Patient/${fhirId}`);
const versionRows = (id: string) => archive.sql('select * from consent_record where consent_id = $1 order by version', [id]);
/** tableCounts without audit_event, and the audit_event count apart. */
async function counts(): Promise<{ data: Record<string, number>; audit: number }> {
  const { audit_event: audit, ...data } = await tableCounts(archive);
  return { data, audit: audit! };
}
/** The stored document's version id. */
const storedDoc = async (actor: Actor, client: string, build = aDocument()): Promise<string> => (await archive.store(actor, build.forClient(client).build()))[0]!;

// D5: the Kanta informing first.

test('D5: a consent or a prohibition is refused until the latest informing (2024-1) is recorded; 2022-1 does not count', async () => {
  const client = await clientOf(proA);
  const tryBoth = () => Promise.all([record(archive, proA, disclosureConsent({ client })), record(archive, proA, prohibition({ client, on: { task: 'child-protection' } }))]);
  for (const res of await tryBoth()) {
    assert.equal(res.status, 422);
    assert.match(diag(res), /D5/);
  }
  await recorded(archive, proA, informing({ client, version: '2022-1' }));
  for (const res of await tryBoth()) {
    assert.equal(res.status, 422, 'an acknowledgement of the old informing does not count');
    assert.match(diag(res), /D5.*2024-1/);
  }
  await recorded(archive, proA, informing({ client, version: '2024-1' }));
  const [consent, prohibited] = await tryBoth();
  assert.equal(consent!.status, 201, diag(consent!));
  assert.equal(prohibited!.status, 201, diag(prohibited!));
});

test('D5: a minor receives the informing, or a guardian (31) for them; the same version twice is 409; an informing cannot be revoked', async () => {
  const minor = await clientOf(proA, aMinorCode());
  const self = await record(archive, proA, informing({ client: minor }));
  assert.equal(self.status, 201, diag(self));
  const minor2 = await clientOf(proA, aMinorCode());
  const guardian = aPersonCode();
  await register(archive, guardianship(minor2, guardian));
  const byGuardian = await record(archive, proA, informing({ client: minor2, by: { identityCode: guardian, role: '31' } }));
  assert.equal(byGuardian.status, 201, diag(byGuardian));
  assert.equal(byGuardian.body.contained?.[0]?.resourceType, 'RelatedPerson');
  const twice = await record(archive, proA, informing({ client: minor }));
  assert.equal(twice.status, 409);
  assert.match(diag(twice), /D5/);
  const revoked = await revoke(archive, proA, self.body.id!);
  assert.equal(revoked.status, 422);
  assert.match(diag(revoked), /D5/);
  assert.equal((await read(proA, self.body.id!)).body.status, 'active');
});

// D7, D8: recorded by the professional during a visit.

test('D7: a professional records a social welfare consent during a visit; the stored Consent says channel, recorder, organisation and giver', async () => {
  const client = await informedClient(proA);
  const res = await record(archive, proA, disclosureConsent({ client }));
  assert.equal(res.status, 201, diag(res));
  const id = res.body.id!;
  assert.equal(res.headers.get('location'), `${archive.baseUrl}/fhir/Consent/${id}/_history/1`);
  assert.equal(res.headers.get('etag'), 'W/"1"');
  const got = await read(proA, id);
  assert.equal(got.status, 200);
  const c = got.body;
  const patient = `Patient/${await fhirIdOf(client)}`;
  assert.equal(c.status, 'active');
  assert.equal(c.patient?.reference, patient);
  assert.ok(c.category?.some((cc) => cc.coding?.some((k) => k.system === CONSENT_KIND_SYSTEM && k.code === 'social-welfare-consent')));
  assert.equal(ext(c, EXTENSIONS.consentChannel.url)?.valueCode, 'visit');
  assert.equal(ext(c, EXTENSIONS.recordedBy.url)?.valueReference?.identifier?.value, proA.professionalId);
  assert.deepEqual(c.organization?.map((o) => o.identifier?.value), [areaA]);
  assert.deepEqual(c.performer?.map((p) => p.reference), [patient]);
  assert.equal(c.provision?.type, 'permit');
});

test('D8: a professional records each prohibition kind during a visit', async () => {
  const client = await informedClient(proA);
  const versionId = await storedDoc(proA, client);
  for (const on of [{ controller: areaB }, { task: 'disability' as const }, { setId: await setIdOf(versionId) }]) {
    const res = await record(archive, proA, prohibition({ client, on }));
    assert.equal(res.status, 201, `${JSON.stringify(on)}: ${diag(res)}`);
    assert.equal(res.body.provision?.type, 'deny');
    assert.equal(ext(res.body, EXTENSIONS.consentChannel.url)?.valueCode, 'visit');
  }
});

// D11: one consent service for all controllers, versioned, never overwritten.

test('D11: a consent recorded by controller A is seen by controller B and opens A\'s documents to B', async () => {
  const client = await informedClient(proA);
  await clientOf(proB, client);
  const [docA] = await archive.store(proA, aDocument().forClient(client).build());
  const searchDocs = () => archive.fhir<BundleOrOutcome>(proB, 'POST', '/DocumentReference/_search', `patient.identifier=${SYSTEMS.identityCode}|${client}&status=current`);
  assert.ok(!(await searchDocs()).body.entry?.some((e) => e.resource?.id === docA), 'no disclosure without consent');
  const id = await recorded(archive, proA, disclosureConsent({ client }));
  const seen = await search(proB, await fhirIdOf(client));
  assert.equal(seen.status, 200);
  assert.ok(seen.body.entry?.some((e) => e.resource?.id === id), 'B finds the consent A recorded');
  // The same search as a form (POST _search), so that no identity code is in a URL.
  const byForm = await archive.fhir<BundleOrOutcome>(proB, 'POST', '/Consent/_search', `patient.identifier=${SYSTEMS.identityCode}|${client}&category=social-welfare-consent&status=active`);
  assert.equal(byForm.status, 200, JSON.stringify(byForm.body));
  assert.deepEqual(byForm.body.entry?.map((e) => e.resource?.id), [id]);
  const found = await searchDocs();
  assert.equal(found.status, 200);
  assert.ok(found.body.entry?.some((e) => e.resource?.id === docA), 'the consent counts for B\'s disclosure');
});

test('D11: revoking is a new version with If-Match; the history keeps the original; nothing is overwritten, not even by SQL', async () => {
  const client = await informedClient(proA);
  const id = await recorded(archive, proA, disclosureConsent({ client }));
  const [v1] = await versionRows(id);
  const current = (await read(proA, id)).body;
  const put = (body: unknown, headers: Record<string, string> = {}) => archive.fhir<Consent>(proA, 'PUT', `/Consent/${id}`, body, headers);
  const inactive = { ...current, status: 'inactive' };
  assert.equal((await put(inactive)).status, 428, 'no If-Match');
  const changed = await put({ ...inactive, dateTime: new Date(Date.now() - DAY).toISOString() }, { 'if-match': 'W/"1"' });
  assert.equal(changed.status, 422, 'a PUT changes the status only');
  assert.equal((await versionRows(id)).length, 1);
  const ok = await put(inactive, { 'if-match': 'W/"1"' });
  assert.equal(ok.status, 200, diag(ok));
  assert.deepEqual([ok.headers.get('etag'), ok.body.meta?.versionId, ok.body.status], ['W/"2"', '2', 'inactive']);
  assert.equal((await put(inactive, { 'if-match': 'W/"1"' })).status, 412, 'a stale If-Match');
  const history = await archive.fhir<Bundle<Consent>>(proA, 'GET', `/Consent/${id}/_history`);
  assert.equal(history.status, 200);
  assert.deepEqual(history.body.entry?.map((e) => [e.resource?.meta?.versionId, e.resource?.status]).sort(), [['1', 'active'], ['2', 'inactive']]);
  const first = await read(proA, id, '/_history/1');
  assert.deepEqual([first.status, first.body.status], [200, 'active']);
  assert.equal(ext(first.body, EXTENSIONS.consentRevokedAt.url), undefined);
  const rows = await versionRows(id);
  assert.equal(rows.length, 2);
  assert.deepEqual({ ...rows[0], is_current: true }, { ...v1, is_current: true }, 'version 1 is kept as it was');
  assert.deepEqual(rows.map((r) => r.is_current), [false, true]);
  assert.ok(rows[1]!.revoked_at);
  await assert.rejects(archive.sql("update consent_record set valid_from = valid_from - 1 where consent_id = $1 and version = 1", [id]), /history/);
  await assert.rejects(archive.sql('update consent_record set revoked_at = null, revoked_by = null where consent_id = $1 and version = 2', [id]), /history/);
  await assert.rejects(archive.sql('delete from consent_record where consent_id = $1', [id]), /never deleted/);
  assert.deepEqual(await versionRows(id), rows);
});

// Concurrent revocations naming the same version: the first wins (200) and the others must be
// told the version is stale (412, or 409 "already revoked"), never 404 for a record that exists.
test('D11: concurrent revocations of one version: one succeeds, the others are told the version is stale', async () => {
  const client = await informedClient(proA);
  const id = await recorded(archive, proA, disclosureConsent({ client }));
  const body = { ...(await read(proA, id)).body, status: 'inactive' };
  const answers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => archive.fhir(proA, 'PUT', `/Consent/${id}`, body, { 'if-match': 'W/"1"' })));
  const statuses = answers.map((r) => r.status).sort();
  assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join());
  assert.deepEqual(statuses.filter((s) => s !== 200 && s !== 412 && s !== 409), [], `losers must get 412 or 409: ${statuses.join()}`);
  assert.equal((await versionRows(id)).length, 2);
});

// S2: the disclosure consent.

test('S2: a consent dated in the future, or valid from another day than it was given, is refused and writes nothing', async () => {
  const client = await informedClient(proA);
  const tomorrow = new Date(Date.now() + DAY).toISOString();
  for (const [consent, what] of [
    [disclosureConsent({ client, at: tomorrow }), /S2.*future/],
    [disclosureConsent({ client, validFrom: ymd(-1) }), /S2.*before/],
    [disclosureConsent({ client, validFrom: ymd(1) }), /S2.*in advance/],
  ] as const) {
    const start = await counts();
    const res = await record(archive, proA, consent);
    assert.equal(res.status, 422, diag(res));
    assert.match(diag(res), what);
    const end = await counts();
    assert.deepEqual(end.data, start.data, 'no row written');
    assert.equal(end.audit, start.audit + 1, 'only the refusal\'s audit record');
  }
});

test('S2: a consent has no scope of its own; one social welfare consent at a time; health consent is separate', async () => {
  const client = await informedClient(proA);
  const scoped = { ...disclosureConsent({ client }) };
  scoped.provision = { ...scoped.provision, code: [{ coding: [{ system: SYSTEMS.serviceTask, code: '1' }] }] };
  const res = await record(archive, proA, scoped);
  assert.equal(res.status, 422);
  assert.match(diag(res), /S2/);
  const first = await recorded(archive, proA, disclosureConsent({ client }));
  const second = await record(archive, proA, disclosureConsent({ client }));
  assert.equal(second.status, 409);
  assert.match(diag(second), new RegExp(`S2.*${first}`));
  const health = await recorded(archive, proA, disclosureConsent({ client, health: true }));
  assert.notEqual(health, first);
  assert.equal((await revoke(archive, proA, first)).status, 200);
  const renewed = await recorded(archive, proA, disclosureConsent({ client }));
  assert.notEqual(renewed, first);
  const all = await search(proA, await fhirIdOf(client));
  const status = new Map(all.body.entry!.map((e) => [(e.resource as Consent).id, (e.resource as Consent).status]));
  assert.deepEqual([status.get(first), status.get(health), status.get(renewed)], ['inactive', 'active', 'active']);
});

// A record given now with a time zone offset whose local date differs from the UTC date (in
// Finland, +02:00/+03:00, every night from 00:00 to 02:00/03:00 local time) is in force at once: a
// consent right after the informing is accepted, and a second consent given at the same moment is a
// duplicate (409). +14:00 is a day ahead of UTC from 10:00 UTC, -12:00 a day behind before 12:00 UTC,
// so one of them always gives a local date other than the UTC one.
test('S2, D5: a record given now in a zone whose date is not the UTC date is in force at once', async () => {
  const offsetHours = new Date().getUTCHours() >= 10 ? 14 : -12;
  const zone = `${offsetHours > 0 ? '+' : '-'}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
  const ahead = (): string => `${new Date(Date.now() + offsetHours * 3600_000).toISOString().slice(0, 19)}${zone}`;
  assert.notEqual(ahead().slice(0, 10), new Date().toISOString().slice(0, 10));
  const informedAhead = await clientOf(proA);
  await recorded(archive, proA, informing({ client: informedAhead, at: ahead() }));
  const afterInforming = await record(archive, proA, disclosureConsent({ client: informedAhead }));
  const client = await informedClient(proA);
  await recorded(archive, proA, disclosureConsent({ client, at: ahead() }));
  const second = await record(archive, proA, disclosureConsent({ client, at: ahead() }));
  assert.deepEqual([afterInforming.status, second.status], [201, 409], `${diag(afterInforming)} / second consent: ${second.status}`);
});

// S3: the prohibition kinds, who sets them.

test('S3: per controller needs a registered controller; per service task binds a task', async () => {
  const client = await informedClient(proA);
  const unknown = await record(archive, proA, prohibition({ client, on: { controller: '1.2.246.10.99999999' } }));
  assert.equal(unknown.status, 422);
  assert.match(diag(unknown), /S3\(a\)/);
  const unit = await archive.unit(areaB, 'B unit');
  assert.equal((await record(archive, proA, prohibition({ client, on: { controller: unit } }))).status, 422, 'a unit is not a controller');
  const task = await record(archive, proA, prohibition({ client, on: { task: 'older-people' } }));
  assert.equal(task.status, 201, diag(task));
  assert.equal(task.body.provision?.code?.[0]?.coding?.[0]?.system, SYSTEMS.serviceTask);
});

test('S3(c): per document by set id or by a version id, resolved to the set id', async () => {
  const client = await informedClient(proA);
  const original = await storedDoc(proA, client);
  const corrected = await storedDoc(proA, client, aDocument().replaces(original));
  const setId = await setIdOf(corrected);
  assert.notEqual(corrected, setId, 'the correction has its own version id');
  const byVersion = await record(archive, proA, prohibition({ client, on: { versionId: corrected } }));
  assert.equal(byVersion.status, 201, diag(byVersion));
  const stored = (await read(proA, byVersion.body.id!)).body;
  assert.equal(stored.provision?.data?.[0]?.reference?.identifier?.value, `urn:uuid:${setId}`);
  const other = await informedClient(proA);
  const bySet = await record(archive, proA, prohibition({ client: other, on: { setId: await setIdOf(await storedDoc(proA, other)) } }));
  assert.equal(bySet.status, 201, diag(bySet));
});

test('S3(c): not for phase 1 or legacy documents, except client journal entries; not for another client\'s document', async () => {
  const client = await informedClient(proA);
  for (const phase of ['1', 'legacy'] as const) {
    const id = await storedDoc(proA, client, aDocument().phase(phase));
    for (const on of [{ setId: await setIdOf(id) }, { versionId: id }]) {
      const res = await record(archive, proA, prohibition({ client, on }));
      assert.equal(res.status, 422, `phase ${phase}`);
      assert.match(diag(res), /S3\(c\)/);
    }
  }
  const journal = await storedDoc(proA, client, aDocument().ofType('19001').phase('1'));
  const res = await record(archive, proA, prohibition({ client, on: { setId: await setIdOf(journal) } }));
  assert.equal(res.status, 201, diag(res));
  const stranger = await clientOf(proA);
  const theirs = await storedDoc(proA, stranger);
  for (const on of [{ setId: await setIdOf(theirs) }, { versionId: theirs }]) {
    const r = await record(archive, proA, prohibition({ client, on }));
    assert.equal(r.status, 422, JSON.stringify(on));
  }
});

test('S3: a prohibition records when and by whom: the client, or a representative with role 32, 33 or 34', async () => {
  const client = await informedClient(proA);
  const at = new Date(Date.now() - 60_000).toISOString();
  const own = await record(archive, proA, prohibition({ client, at, on: { task: 'working-age' } }));
  assert.equal(own.status, 201, diag(own));
  const ownRead = (await read(proA, own.body.id!)).body;
  assert.deepEqual([Date.parse(ownRead.dateTime!), ownRead.performer?.[0]?.reference], [Date.parse(at), `Patient/${await fhirIdOf(client)}`]);
  const tasks = ['older-people', 'substance-abuse', 'disability'] as const;
  for (const [i, role] of (['32', '33', '34'] as const).entries()) {
    const rep = aPersonCode();
    await register(archive, role === '34' ? mandate(client, rep) : representation(role === '32' ? 'trustee' : 'continuing-power-of-attorney', client, rep));
    const res = await record(archive, proA, prohibition({ client, on: { task: tasks[i]! }, by: { identityCode: rep, role } }));
    assert.equal(res.status, 201, `role ${role}: ${diag(res)}`);
    const c = (await read(proA, res.body.id!)).body;
    assert.equal(c.performer?.[0]?.reference, '#rep');
    const rp = c.contained?.find((r) => r.id === 'rep') as RelatedPerson;
    assert.deepEqual([rp.relationship?.[0]?.coding?.[0]?.code, rp.identifier?.[0]?.value], [role, rep]);
  }
});

test('S3: a parent (role 12) is not a legal representative; a guardian (31) does not act for an adult', async () => {
  const client = await informedClient(proA);
  const parent = await record(archive, proA, prohibition({ client, on: { task: 'family-law' }, by: { identityCode: aPersonCode(), role: '12' } }));
  assert.ok(parent.status === 400 || parent.status === 422, String(parent.status));
  assert.match(diag(parent), /role 12 \(parent\)/);
  const guardian = await record(archive, proA, disclosureConsent({ client, by: { identityCode: aPersonCode(), role: '31' } }));
  assert.equal(guardian.status, 422);
  assert.match(diag(guardian), /guardian acts only for a minor/);
});

// S5: a guardian cannot prohibit for a child.

test('S5: a guardian acknowledges the informing and consents for a minor, but cannot set or lift the minor\'s prohibition', async () => {
  const minor = await clientOf(proA, aMinorCode());
  const guardian: Representative = { identityCode: aPersonCode(), role: '31' };
  await register(archive, guardianship(minor, guardian.identityCode));
  assert.equal((await record(archive, proA, informing({ client: minor, by: guardian }))).status, 201);
  const consent = await record(archive, proA, disclosureConsent({ client: minor, by: guardian }));
  assert.equal(consent.status, 201, diag(consent));
  const denied = await record(archive, proA, prohibition({ client: minor, on: { task: 'child-protection' }, by: guardian }));
  assert.equal(denied.status, 422);
  assert.match(diag(denied), /S5/);
  const own = await recorded(archive, proA, prohibition({ client: minor, on: { task: 'child-protection' } }));
  const lift = await revoke(archive, proA, own, guardian);
  assert.equal(lift.status, 422);
  assert.match(diag(lift), /S5/);
  const lifted = await revoke(archive, proA, own);
  assert.equal(lifted.status, 200, diag(lifted));
  assert.equal(ext(lifted.body, EXTENSIONS.consentRevokedBy.url)?.valueReference?.reference, `Patient/${await fhirIdOf(minor)}`);
});

// S3: the representative named on a record is checked against the registers.

/** The consent service's audit records of the client, newest last. */
const consentTrail = (client: string) => archive.sql<{ action: string; outcome: string; body: string }>(
  "select action, outcome, body from audit_event where person_key = (select person_key from person where identity_code = $1) and action like 'consent-%' order by recorded_at, lane, seq", [client]);

test('S3: a representative who is not in the population register is refused (422 naming the register), audited, and nothing is stored; once registered, accepted', async () => {
  const minor = await clientOf(proA, aMinorCode());
  const guardian: Representative = { identityCode: aPersonCode(), role: '31' };
  const before = await counts();
  const refused = await record(archive, proA, informing({ client: minor, by: guardian }));
  assert.equal(refused.status, 422);
  assert.match(diag(refused), /S3: the population register has no guardianship of the client by the named representative on \d{4}-\d{2}-\d{2}/);
  assert.ok(!diag(refused).includes(guardian.identityCode) && !diag(refused).includes(minor), 'no identity code in the answer');
  const after = await counts();
  assert.deepEqual(after.data, before.data, 'no record, and the unregistered representative is not created as a person');
  assert.equal(after.audit, before.audit + 1);
  const last = (await consentTrail(minor)).at(-1)!;
  assert.equal(`${last.action}:${last.outcome}`, 'consent-record:denied');
  assert.deepEqual((JSON.parse(last.body) as { because: { rule: string }[] }).because.map((b) => b.rule), ['S3']);
  // Information right is not guardianship (V8 sees, S3 acts).
  await register(archive, representation('information-right', minor, guardian.identityCode));
  assert.equal((await record(archive, proA, informing({ client: minor, by: guardian }))).status, 422);
  await register(archive, guardianship(minor, guardian.identityCode));
  const accepted = await record(archive, proA, informing({ client: minor, by: guardian }));
  assert.equal(accepted.status, 201, diag(accepted));
});

test('S3: a guardianship that has ended, or a mandate that is view-only, expired or revoked, does not let the representative act', async () => {
  const minor = await clientOf(proA, aMinorCode());
  const former = aPersonCode();
  await register(archive, guardianship(minor, former, { start: '2015-02-01', end: ymd(-1) }));
  const ended = await record(archive, proA, informing({ client: minor, by: { identityCode: former, role: '31' } }));
  assert.equal(ended.status, 422);
  assert.match(diag(ended), /S3: the population register has no guardianship/);

  const client = await informedClient(proA);
  const holders = { viewOnly: aPersonCode(), expired: aPersonCode(), revoked: aPersonCode(), future: aPersonCode() };
  await register(archive,
    mandate(client, holders.viewOnly, { scopes: ['view'] }),
    mandate(client, holders.expired, { validUntil: ymd(-1) }),
    mandate(client, holders.revoked, { revokedAt: new Date(Date.now() - DAY).toISOString() }),
    mandate(client, holders.future, { validFrom: ymd(2) }));
  for (const [which, holder] of Object.entries(holders)) {
    const res = await record(archive, proA, disclosureConsent({ client, by: { identityCode: holder, role: '34' } }));
    assert.equal(res.status, 422, which);
    assert.match(diag(res), /S3: the mandate register has only mandates/, which);
  }
  // A trustee is not a mandate holder: the role must match the register.
  const trustee = aPersonCode();
  await register(archive, representation('trustee', client, trustee));
  assert.equal((await record(archive, proA, disclosureConsent({ client, by: { identityCode: trustee, role: '34' } }))).status, 422);
  const asTrustee = await record(archive, proA, disclosureConsent({ client, by: { identityCode: trustee, role: '32' } }));
  assert.equal(asTrustee.status, 201, diag(asTrustee));
});

test('S3: a revocation by a representative is checked against the registers too', async () => {
  const client = await informedClient(proA);
  const id = await recorded(archive, proA, disclosureConsent({ client }));
  const stranger = await revoke(archive, proA, id, { identityCode: aPersonCode(), role: '33' });
  assert.equal(stranger.status, 422);
  assert.match(diag(stranger), /S3: the population register has no continuing power of attorney/);
  const last = (await consentTrail(client)).at(-1)!;
  assert.equal(`${last.action}:${last.outcome}`, 'consent-revoke:denied');
  assert.equal((await read(proA, id)).body.status, 'active');
  const attorney = aPersonCode();
  await register(archive, representation('continuing-power-of-attorney', client, attorney));
  const revoked = await revoke(archive, proA, id, { identityCode: attorney, role: '33' });
  assert.equal(revoked.status, 200, diag(revoked));
});

// L5 and D1 on the consent service.

test('L5: reading and service systems cannot record; a storing system records but cannot search or read', async () => {
  const client = await informedClient(proA);
  const id = await recorded(archive, proA, prohibition({ client, on: { task: 'disability' } }));
  const reading = await archive.actor(areaA, 'reading');
  const service = await archive.actor(areaA, 'service');
  const storing = await archive.actor(areaA, 'storing');
  for (const actor of [reading, service]) {
    const res = await record(archive, actor, disclosureConsent({ client }));
    assert.equal(res.status, 403);
    assert.match(diag(res), /L5/);
  }
  assert.equal((await search(reading, await fhirIdOf(client))).status, 200, 'a reading system reads consents');
  const stored = await record(archive, storing, disclosureConsent({ client }));
  assert.equal(stored.status, 201, diag(stored));
  for (const res of [await search(storing, await fhirIdOf(client)), await read(storing, id)]) {
    assert.equal(res.status, 403);
    assert.match(diag(res), /L5/);
  }
});

test('D1: without a client relationship a professional can neither record nor search, and another controller\'s client\'s Consent is not found', async () => {
  const client = await informedClient(proA);
  const id = await recorded(archive, proA, prohibition({ client, on: { task: 'working-age' } }));
  const outsider = await archive.actor(await archive.controller('Outsider area'));
  const start = await counts();
  const rec = await record(archive, outsider, disclosureConsent({ client }));
  assert.equal(rec.status, 403);
  assert.match(diag(rec), /D1/);
  const found = await search(outsider, await fhirIdOf(client));
  assert.equal(found.status, 403);
  assert.match(diag(found), /D1/);
  assert.equal((await read(outsider, id)).status, 404);
  assert.equal((await read(outsider, id, '/_history')).status, 404);
  const end = await counts();
  assert.deepEqual(end.data, start.data);
  assert.equal(end.audit, start.audit + 4, 'each of the four refusals is audited (D10)');
});

// D10: every record, revocation, read and refusal is in the audit trail.

test('D10: record, revocation, read and refusals each leave an audit record, shown as AuditEvents to the recording organisation', async () => {
  const client = await clientOf(proA);
  const fhirId = await fhirIdOf(client);
  const trail = async () => archive.sql<{ action: string; outcome: string; body: string }>(
    "select action, outcome, body from audit_event where person_key = (select person_key from person where fhir_id = $1) and action like 'consent-%' order by recorded_at, lane, seq", [fhirId]);
  assert.equal((await record(archive, proA, disclosureConsent({ client }))).status, 422);
  await recorded(archive, proA, informing({ client }));
  const id = await recorded(archive, proA, disclosureConsent({ client }));
  assert.equal((await read(proA, id)).status, 200);
  assert.equal((await archive.fhir(proA, 'PUT', `/Consent/${id}`, { ...(await read(proA, id)).body, status: 'inactive' }, { 'if-match': 'W/"1"' })).status, 200);
  const again = await revoke(archive, proA, id);
  assert.equal(again.status, 409, 'already revoked');
  assert.deepEqual((await trail()).map((r) => `${r.action}:${r.outcome}`), [
    'consent-record:denied', 'consent-record:success', 'consent-record:success',
    'consent-read:success', 'consent-read:success', 'consent-revoke:success',
    'consent-read:success', 'consent-revoke:denied',
  ]);
  for (const r of await trail()) {
    const body = JSON.parse(r.body);
    assert.equal(body.professional.id, proA.professionalId);
    assert.equal(body.organisationOid, areaA);
    assert.equal(body.personFhirId, fhirId);
  }
  const events = await archive.fhir<Bundle<AuditEvent>>(proA, 'GET', `/AuditEvent?patient=Patient/${fhirId}`);
  assert.equal(events.status, 200);
  const consentEvents = events.body.entry!.map((e) => e.resource!).filter((e) => e.entity?.some((x) => x.what?.reference?.startsWith(`Consent/${id}`)) || e.outcome === '4');
  const shapes = consentEvents.map((e) => `${e.action}:${e.outcome}`);
  for (const shape of ['C:0', 'C:4', 'R:0', 'U:0', 'U:4']) assert.ok(shapes.includes(shape), `an AuditEvent ${shape} among ${shapes.join(' ')}`);
  assert.ok(consentEvents.some((e) => e.entity?.some((x) => x.what?.reference === `Consent/${id}/_history/2`)), 'the revocation names version 2');
});

// An L5 refusal at the route's scope check (src/fhir/requester.ts) is audited like a refusal by
// the use case: consent-record / denied with rule L5.
test('D10, L5: a refused recording by a reading system leaves a denied audit record', async () => {
  const client = await informedClient(proA);
  const reading = await archive.actor(areaA, 'reading');
  const start = await counts();
  assert.equal((await record(archive, reading, disclosureConsent({ client }))).status, 403);
  const rows = await archive.sql<{ action: string; outcome: string }>("select action, outcome from audit_event where body like $1", [`%"id":"${reading.systemId}"%`]);
  assert.deepEqual(rows.map((r) => `${r.action}:${r.outcome}`), ['consent-record:denied']);
  assert.deepEqual((await counts()).data, start.data);
});

// Bad input changes nothing.

test('D11: malformed Consents are refused with 4xx OperationOutcome and change nothing', async () => {
  const client = await informedClient(proA);
  const good = disclosureConsent({ client });
  const last = client.slice(-1);
  const badCode = client.slice(0, -1) + (last === 'A' ? 'B' : 'A');
  const bodies: [string, unknown][] = [
    ['wrong resourceType', { ...good, resourceType: 'Patient' }],
    ['missing dateTime', { ...good, dateTime: undefined }],
    ['unknown consent kind', { ...good, category: [good.category![0], { coding: [{ system: CONSENT_KIND_SYSTEM, code: 'marketing' }] }] }],
    ['two performers', { ...good, performer: [good.patient, good.patient] }],
    ['identity code with a bad checksum', { ...good, patient: { identifier: { system: SYSTEMS.identityCode, value: badCode } }, performer: [{ identifier: { system: SYSTEMS.identityCode, value: badCode } }] }],
  ];
  const start = await tableCounts(archive);
  const notJson = await fetch(`${archive.baseUrl}/fhir/Consent`, { method: 'POST', headers: { authorization: `Bearer ${await proA.token()}`, 'content-type': 'application/fhir+json' }, body: '{"resourceType": "Consent",' });
  assert.equal(notJson.status, 400);
  assert.equal(((await notJson.json()) as OperationOutcome).resourceType, 'OperationOutcome');
  for (const [what, body] of bodies) {
    const res = await archive.fhir<OperationOutcome>(proA, 'POST', '/Consent', body);
    assert.ok(res.status >= 400 && res.status < 500, `${what}: ${res.status}`);
    assert.equal(res.body.resourceType, 'OperationOutcome', what);
  }
  assert.deepEqual(await tableCounts(archive), start);
});

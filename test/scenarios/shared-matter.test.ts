// S8 shared matter: a document of a matter with several clients belongs to every client whose
// membership (join time to leave time, docs/disclosure-decision.md) covers the document's
// creation; searches, reads, disclosure and the audit treat each of them as its client. A person
// named only as a party gets nothing. All through the real HTTP interface.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent, Bundle, OperationOutcome, Parameters } from '@medplum/fhirtypes';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aMinorCode, aPersonCode } from '../support/bundles.ts';
import { disclosureConsent, informedAndConsenting, informing, prohibition, recorded, revoke } from '../support/consents.ts';

let archive: TestArchive;
let areaA: string;
let proA: Actor;
let proB: Actor;
let areaB: string;
let supervisorA: Actor;

before(async () => {
  archive = await startTestArchive();
  areaA = await archive.controller('Shared matter area A');
  proA = await archive.actor(areaA);
  areaB = await archive.controller('Shared matter area B');
  proB = await archive.actor(areaB);
  supervisorA = await archive.actor(areaA, 'connecting', { roles: ['supervisor'] });
});
after(async () => archive.close());

/**
 * Area A's shared matter of two parents, with their child named as a party. Parent 1 is a
 * client from 1 January 2026; parent 2 joins on 1 February and leaves on 30 April 2026 (days in
 * Finland, the leave day included). Documents of the matter are stored under parent 1 before,
 * during, on the leave day and after parent 2's membership, and one under parent 2.
 */
async function sharedMatter() {
  const parent1 = aPersonCode();
  const parent2 = aPersonCode();
  const child = aMinorCode();
  for (const c of [parent1, parent2, child]) await archive.openRelationship(proA, c);
  const [v1] = await archive.store(proA, aDocument().forClient(parent1).createdAt('2026-01-01T09:00:00+02:00')
    .matter({ clients: [{ identifier: parent1, joined: '2026-01-01' }] }).build());
  // Parent 2 joins: the matter document's new version lists both, and the child as a party.
  const [matter] = await archive.store(proA, aDocument().forClient(parent1).createdAt('2026-02-01T09:00:00+02:00').replaces(v1!)
    .matter({ clients: [{ identifier: parent1, joined: '2026-01-01' }, { identifier: parent2, joined: '2026-02-01', left: '2026-04-30' }], parties: [child] }).build());
  const [{ set_id: matterSetId }] = await archive.sql<{ set_id: string }>('select set_id from document where version_id = $1', [matter]) as [{ set_id: string }];
  const linked = async (client: string, at: string): Promise<string> =>
    (await archive.store(proA, aDocument().forClient(client).createdAt(at).inMatter(matterSetId).build()))[0]!;
  const docs = {
    matter: matter!,
    // 23:30 on 31 January in Finland is 21:30 UTC: still before parent 2's join day began.
    before: await linked(parent1, '2026-01-31T23:30:00+02:00'),
    during: await linked(parent1, '2026-03-01T10:00:00+02:00'),
    leaveDay: await linked(parent1, '2026-04-30T23:30:00+03:00'),
    after: await linked(parent1, '2026-05-01T00:30:00+03:00'),
    ofParent2: await linked(parent2, '2026-03-05T10:00:00+02:00'),
    parent2Own: (await archive.store(proA, aDocument().forClient(parent2).createdAt('2026-03-06T10:00:00+02:00').build()))[0]!,
  };
  return { parent1, parent2, child, matterSetId, docs, all: new Set(Object.values(docs)) };
}

/** The ids among `of` that a search for the client returns to the actor. */
async function found(actor: Actor, client: string, of: ReadonlySet<string>): Promise<string[]> {
  const res = await archive.fhir<Bundle>(actor, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body.entry ?? []).map((e) => e.resource!.id!).filter((id) => of.has(id)).sort();
}

const sorted = (...ids: string[]): string[] => [...ids].sort();
const personKeyOf = async (code: string): Promise<string> => (await archive.sql<{ k: string }>('select person_key::text as k from person where identity_code = $1', [code]))[0]!.k;
const fhirIdOf = async (code: string): Promise<string> => (await archive.sql<{ id: string }>('select fhir_id::text as id from person where identity_code = $1', [code]))[0]!.id;

test('S8: a shared-matter document is found for every client of the matter while a member', async () => {
  const w = await sharedMatter();
  const { docs } = w;
  // Parent 2, a member from 1 February to 30 April: the matter's documents of that time, the
  // leave day included, whichever client they were stored under.
  assert.deepEqual(await found(proA, w.parent2, w.all), sorted(docs.matter, docs.during, docs.leaveDay, docs.ofParent2, docs.parent2Own));
  // Parent 1, a member throughout: every document of the matter, parent 2's included, but not
  // parent 2's own document outside the matter.
  assert.deepEqual(await found(proA, w.parent1, w.all), sorted(docs.matter, docs.before, docs.during, docs.leaveDay, docs.after, docs.ofParent2));
});

test('S8: a person who had not yet joined or has left the matter does not get its documents from outside the membership', async () => {
  const w = await sharedMatter();
  const { docs } = w;
  const ofParent2 = await found(proA, w.parent2, w.all);
  assert.ok(!ofParent2.includes(docs.before), 'written before parent 2 joined');
  assert.ok(!ofParent2.includes(docs.after), 'written after parent 2 left');
  // Through another register, parent 2's consent reaches only the documents of the membership.
  await archive.openRelationship(proB, w.parent2);
  await informedAndConsenting(archive, proB, w.parent2);
  for (const id of [docs.before, docs.after]) {
    assert.equal((await archive.fhir(proB, 'GET', `/DocumentReference/${id}`)).status, 404, `DocumentReference/${id}`);
    assert.equal((await archive.fhir(proB, 'GET', `/Binary/${id}`)).status, 404, `Binary/${id}`);
  }
  assert.equal((await archive.fhir(proB, 'GET', `/Binary/${docs.leaveDay}`)).status, 200);
  // The matter's first version, written before parent 2 joined, is not parent 2's either.
  const [{ replaces_version_id: v1 }] = await archive.sql<{ replaces_version_id: string }>('select replaces_version_id::text from document where version_id = $1', [docs.matter]) as [{ replaces_version_id: string }];
  const withSuperseded = await archive.fhir<Bundle>(proA, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${w.parent2}&status=current,superseded`);
  assert.ok(!(withSuperseded.body.entry ?? []).some((e) => e.resource!.id === v1));
});

test('S8: a party who is not a client of the matter gets nothing', async () => {
  const w = await sharedMatter();
  assert.deepEqual(await found(proA, w.child, w.all), []);
  // Nor can a system store the matter's document under the party.
  const res = await archive.fhir<OperationOutcome>(proA, 'POST', '', aDocument().forClient(w.child).inMatter(w.matterSetId).build());
  assert.equal(res.status, 422);
  assert.match(res.body.issue[0]!.diagnostics!, /^S8: the document's subject is not a client of matter/);
  assert.deepEqual(await found(proA, w.child, w.all), []);
});

test('S8: a read of the document through the other member is audited under that member, and the member\'s AuditEvent search shows it', async () => {
  const w = await sharedMatter();
  const parent2Key = await personKeyOf(w.parent2);
  await archive.openRelationship(proB, w.parent2);
  const { consentId } = await informedAndConsenting(archive, proB, w.parent2);
  const marker = (await archive.sql<{ n: string }>('select count(*)::text as n from audit_event'))[0]!.n;
  // Stored under parent 1, with whom B has no relationship: B reads it through parent 2.
  const read = await archive.fhir<{ id: string }>(proB, 'GET', `/Binary/${w.docs.during}`);
  assert.equal(read.status, 200);
  const rows = await archive.sql<{ person_key: string; action: string; body: string }>(
    "select person_key::text, action, body from audit_event where action = 'read' and body like $1", [`%${w.docs.during}%`]);
  assert.equal(rows.length, 1, `one read record after ${marker} records: ${JSON.stringify(rows)}`);
  assert.equal(rows[0]!.person_key, parent2Key);
  const body = JSON.parse(rows[0]!.body) as { personKey: string; documents: { versionId: string; basis: { kind: string; consentId: string } }[]; disclosure?: { disclosers: string[] } };
  assert.equal(body.personKey, parent2Key);
  // S9: a disclosure of area A's document under parent 2's consent.
  assert.deepEqual(body.documents.map((d) => [d.versionId, d.basis.kind, d.basis.consentId]), [[w.docs.during, 'consent', consentId]]);
  assert.deepEqual(body.disclosure?.disclosers, [areaA]);

  // A search for parent 2 is recorded under parent 2, naming the shared documents it returned.
  await archive.fhir(proA, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${w.parent2}&status=current`);
  const searches = await archive.sql<{ person_key: string; body: string }>(
    "select person_key::text, body from audit_event where action = 'search' and organisation_oid = $1 and person_key = $2", [areaA, parent2Key]);
  assert.equal(searches.length, 1);
  const listed = (JSON.parse(searches[0]!.body) as { documents: { versionId: string }[] }).documents.map((d) => d.versionId);
  for (const id of [w.docs.matter, w.docs.during, w.docs.leaveDay, w.docs.ofParent2]) assert.ok(listed.includes(id), id);

  // B's AuditEvent search for parent 2 shows B's read of the shared document.
  const parent2FhirId = await fhirIdOf(w.parent2);
  const events = await archive.fhir<Bundle>(proB, 'GET', `/AuditEvent?patient=Patient/${parent2FhirId}`);
  assert.equal(events.status, 200);
  const reads = (events.body.entry ?? []).map((e) => e.resource as AuditEvent)
    .filter((e) => (e.subtype ?? []).some((c) => c.code === 'ITI-68') && (e.entity ?? []).some((x) => x.what?.reference === `DocumentReference/${w.docs.during}`));
  assert.equal(reads.length, 1);
  assert.ok(reads[0]!.entity!.some((x) => x.what?.reference === `Patient/${parent2FhirId}`), 'the patient entity is parent 2');
});

test('S8: disclosure to another register through the other member follows that member\'s informing and consent, and every client\'s prohibitions', async () => {
  const w = await sharedMatter();
  const { docs } = w;
  const shared = [docs.matter, docs.during, docs.leaveDay, docs.ofParent2];
  // Parent 1 (the client the documents were stored under) is informed and consents: that does
  // not stand in for parent 2's, whom B's search is about.
  await informedAndConsenting(archive, proA, w.parent1);
  await archive.openRelationship(proB, w.parent2);
  assert.deepEqual(await found(proB, w.parent2, w.all), []);
  assert.equal((await archive.fhir(proB, 'GET', `/DocumentReference/${docs.during}`)).status, 404);
  // D5 and S2 of parent 2: informed, then consenting.
  await recorded(archive, proB, informing({ client: w.parent2 }));
  assert.deepEqual(await found(proB, w.parent2, w.all), []);
  const consentId = await recorded(archive, proB, disclosureConsent({ client: w.parent2 }));
  assert.deepEqual(await found(proB, w.parent2, w.all), sorted(...shared, docs.parent2Own));
  assert.ok(consentId);

  // Parent 1 prohibits area A's register (S3(a)): the shared documents are parent 1's data too,
  // so they no longer reach B through parent 2; parent 2's own document does. The owner is not bound (S4).
  const p1 = await recorded(archive, proA, prohibition({ client: w.parent1, on: { controller: areaA } }));
  assert.deepEqual(await found(proB, w.parent2, w.all), [docs.parent2Own]);
  assert.equal((await archive.fhir(proB, 'GET', `/Binary/${docs.during}`)).status, 404);
  assert.deepEqual(await found(proA, w.parent2, w.all), sorted(...shared, docs.parent2Own));
  // The audit says why without naming the other client's record.
  const [denied] = await archive.sql<{ body: string }>("select body from audit_event where action = 'read' and outcome = 'denied' and body like $1 order by recorded_at desc limit 1", [`%${docs.during}%`]);
  const because = (JSON.parse(denied!.body) as { because: { rule: string; detail: string }[] }).because;
  assert.deepEqual(because.map((b) => b.rule), ['S3(a)']);
  assert.match(because[0]!.detail, /another client of the shared matter \(S8\)/);
  assert.doesNotMatch(because[0]!.detail, new RegExp(p1));

  // Lifted: back again. Parent 2's own per-document prohibition, named by version id, hides that document.
  assert.equal((await revoke(archive, proA, p1)).status, 200);
  assert.deepEqual(await found(proB, w.parent2, w.all), sorted(...shared, docs.parent2Own));
  await recorded(archive, proB, prohibition({ client: w.parent2, on: { versionId: docs.during } }));
  assert.deepEqual(await found(proB, w.parent2, w.all), sorted(docs.matter, docs.leaveDay, docs.ofParent2, docs.parent2Own));
  // ...and binds a disclosure of it through parent 1 too.
  await archive.openRelationship(proB, w.parent1);
  const throughParent1 = await found(proB, w.parent1, w.all);
  assert.ok(!throughParent1.includes(docs.during));
  assert.ok(throughParent1.includes(docs.before));
});

test('S8, V14: $explain answers for a shared-matter document reached through the other member, with every client\'s prohibitions', async () => {
  const w = await sharedMatter();
  const explain = async (id: string) => {
    const res = await archive.fhir<Parameters>(supervisorA, 'GET', `/DocumentReference/${id}/$explain?requester=${encodeURIComponent(areaB)}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const disclosed = res.body.parameter?.find((x) => x.name === 'disclosed')?.valueBoolean;
    const rules = (res.body.parameter ?? []).filter((x) => x.name === 'reason').map((r) => r.part!.find((x) => x.name === 'rule')!.valueCode!);
    return { disclosed, rules };
  };
  // B has business with parent 2 only, who is informed and consents: the document stored under
  // parent 1 during parent 2's membership would reach B through parent 2.
  await archive.openRelationship(proB, w.parent2);
  await informedAndConsenting(archive, proB, w.parent2);
  assert.equal((await explain(w.docs.during)).disclosed, true);
  // Not one written before parent 2 joined: no client B has business with is its client.
  assert.equal((await explain(w.docs.before)).disclosed, false);
  // Parent 1 prohibits area A's register: the shared document is parent 1's data too (S3(a)).
  await recorded(archive, proA, informing({ client: w.parent1 }));
  await recorded(archive, proA, prohibition({ client: w.parent1, on: { controller: areaA } }));
  const refused = await explain(w.docs.during);
  assert.equal(refused.disclosed, false);
  assert.ok(refused.rules.includes('S3(a)'), refused.rules.join(', '));
});

// D10, S9, issue 8: what a reader of the audit trail sees through the real FHIR interface.
// Area B searches a client and the search discloses area A's documents: A then reads the
// disclosure of its own documents, and nothing of B's (B's own documents, B's query, B's
// reasons), although the client has prohibited disclosure from B. Plus the searchset as FHIR
// wants it: total, fullUrl that resolves, self and next links by the opaque Patient id.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent, Bundle, OperationOutcome } from '@medplum/fhirtypes';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { informing, disclosureConsent, prohibition, recorded } from '../support/consents.ts';

let archive: TestArchive;
let areaA: string, areaB: string, areaC: string;
let proA: Actor, proB: Actor, proC: Actor;

before(async () => {
  archive = await startTestArchive();
  areaA = await archive.controller('Area A');
  areaB = await archive.controller('Area B');
  areaC = await archive.controller('Area C');
  proA = await archive.actor(areaA);
  proB = await archive.actor(areaB);
  proC = await archive.actor(areaC);
});
after(async () => archive?.close());

const form = (client: string, extra = '') => `patient.identifier=urn:oid:1.2.246.21|${client}${extra}`;
const auditOf = (actor: Actor, client: string, extra = '') => archive.fhir<Bundle<AuditEvent>>(actor, 'POST', '/AuditEvent/_search', form(client, extra));
const eventsOf = (bundle: Bundle<AuditEvent>): AuditEvent[] => (bundle.entry ?? []).map((e) => e.resource!);
const documentRefs = (e: AuditEvent): string[] => (e.entity ?? []).flatMap((x) => (x.what?.reference?.startsWith('DocumentReference/') ? [x.what.reference.slice(18)] : []));
const fhirIdOf = async (client: string): Promise<string> => (await archive.sql<{ fhir_id: string }>('select fhir_id::text from person where identity_code = $1', [client]))[0]!.fhir_id;
const docsOf = async (controllerOid: string, client: string): Promise<{ version_id: string; set_id: string }[]> =>
  archive.sql('select version_id::text, set_id::text from document d join person p using (person_key) where d.controller_oid = $1 and p.identity_code = $2', [controllerOid, client]);

/** A client known to A, B and C; A's and B's documents; the client consents but prohibits disclosure from B and C. */
async function theLeakWorld(): Promise<{ client: string; docA: string; docB: string; consentId: string }> {
  const client = aPersonCode();
  for (const pro of [proA, proB, proC]) await archive.openRelationship(pro, client);
  const [docA] = await archive.store(proA, aDocument().forClient(client).build());
  const [docB] = await archive.store(proB, aDocument().forClient(client).inTask('families-with-children').build());
  await recorded(archive, proA, informing({ client }));
  const consentId = await recorded(archive, proA, disclosureConsent({ client }));
  await recorded(archive, proA, prohibition({ client, on: { controller: areaB } }));
  // C's register discloses nothing (its client relationship document would otherwise go to B).
  await recorded(archive, proA, prohibition({ client, on: { controller: areaC } }));
  return { client, docA: docA!, docB: docB!, consentId };
}

test('D10, issue 8: after B\'s search disclosed A\'s documents, A\'s audit search names none of B\'s documents, nor B\'s query or reasons', async () => {
  const { client, docA, docB, consentId } = await theLeakWorld();
  const search = await archive.fhir<Bundle>(proB, 'POST', '/DocumentReference/_search', form(client, '&status=current&_count=50'));
  assert.equal(search.status, 200);
  const given = (search.body.entry ?? []).map((e) => e.resource!.id!);
  assert.ok(given.includes(docA) && given.includes(docB), 'B\'s search gives A\'s document (consent) and its own');
  const [record] = await archive.sql<{ event_id: string }>("select event_id::text from audit_event where organisation_oid = $1 and action = 'search' order by recorded_at desc limit 1", [areaB]);
  // A cannot read B's documents: the client prohibited disclosure from B (S3(a)).
  assert.equal((await archive.fhir(proA, 'GET', `/Binary/${docB}`)).status, 404, 'A may not read B\'s document');

  const res = await auditOf(proA, client);
  assert.equal(res.status, 200);
  const event = eventsOf(res.body).find((e) => e.id === record!.event_id);
  assert.ok(event, 'A sees the disclosure of its own documents (S9)');
  const ofA = new Set((await docsOf(areaA, client)).map((d) => d.version_id));
  assert.ok(documentRefs(event).includes(docA));
  for (const id of documentRefs(event)) assert.ok(ofA.has(id), `${id} in B's record shown to A is A's`);
  assert.ok(!(event.entity ?? []).some((x) => x.role?.code === '24'), 'not B\'s query');
  assert.deepEqual(event.agent.filter((a) => a.type?.coding?.[0]?.code === '110153').map((a) => a.who?.identifier?.value), [areaA], 'the discloser is A alone');
  assert.ok(event.agent.some((a) => a.type?.coding?.[0]?.code === '110152' && a.who?.identifier?.value === areaB), 'the recipient is B');
  assert.ok((event.entity ?? []).some((x) => x.what?.reference === `Consent/${consentId}`), 'the consent A\'s documents were given on');
  assert.match(event.outcomeDesc ?? '', /^S9: /);

  // Nothing anywhere in A's whole answer names B's documents, B's query or B's withheld counts.
  const text = JSON.stringify(res.body);
  for (const d of await docsOf(areaB, client)) {
    assert.ok(!text.includes(d.version_id) && !text.includes(d.set_id), `B's document ${d.version_id} is not named to A`);
  }
  for (const e of eventsOf(res.body)) {
    const recipient = e.agent.find((a) => ['PROV', '110152'].includes(a.type?.coding?.[0]?.code ?? ''))?.who?.identifier?.value;
    if (recipient !== areaA) assert.ok(!(e.entity ?? []).some((x) => x.role?.code === '24'), `${e.id}: no query of ${recipient}`);
  }

  // The same through the read by id; a third area that neither wrote nor disclosed gets 404.
  const read = await archive.fhir<AuditEvent>(proA, 'GET', `/AuditEvent/${record!.event_id}`);
  assert.equal(read.status, 200);
  assert.deepEqual(read.body, event);
  const byC = await archive.fhir<OperationOutcome>(proC, 'GET', `/AuditEvent/${record!.event_id}`);
  assert.equal(byC.status, 404, 'C neither wrote nor disclosed');
  assert.equal(byC.body.resourceType, 'OperationOutcome');
  const [denied] = await archive.sql<{ outcome: string }>("select outcome from audit_event where organisation_oid = $1 and action = 'audit-read' order by recorded_at desc limit 1", [areaC]);
  assert.equal(denied?.outcome, 'denied', 'the attempt is traced');

  // B, the writer, sees its own record whole: its own documents and its query.
  const ofB = eventsOf((await auditOf(proB, client)).body).find((e) => e.id === record!.event_id)!;
  assert.ok(documentRefs(ofB).includes(docB) && documentRefs(ofB).includes(docA));
  assert.match(Buffer.from((ofB.entity ?? []).find((x) => x.role?.code === '24')!.query!, 'base64').toString('utf8'), /status=current/);
});

test('D10, issue 8: A\'s own refused read of B\'s document does not tell A the document\'s type, service task or why', async () => {
  const { client, docB } = await theLeakWorld();
  const [b] = (await docsOf(areaB, client)).filter((d) => d.version_id === docB);
  assert.equal((await archive.fhir(proA, 'GET', `/DocumentReference/${docB}`)).status, 404);
  const res = await auditOf(proA, client);
  const own = eventsOf(res.body).filter((e) => e.agent.some((a) => a.who?.identifier?.value === areaA && a.type?.coding?.[0]?.code === 'PROV'));
  const refused = own.find((e) => e.outcome === '4' && e.action === 'R');
  assert.ok(refused, 'A\'s refused read is in A\'s trail');
  assert.deepEqual(documentRefs(refused), [], 'the refused document is not named');
  assert.match(refused.outcomeDesc ?? '', /^D4: 1 document of another register not given/);
  const text = JSON.stringify(res.body);
  assert.ok(!text.includes(b!.set_id) && !text.includes('S3(a)'), 'neither its set id nor the prohibition that refused it');
});

test('D10, issue 8: the AuditEvent searchset counts every match in total, gives each entry a fullUrl that resolves, and pages by the opaque Patient id', async () => {
  const client = aPersonCode();
  await archive.openRelationship(proA, client);
  for (let i = 0; i < 3; i++) await archive.store(proA, aDocument().forClient(client).build());
  for (let i = 0; i < 2; i++) assert.equal((await archive.fhir(proA, 'POST', '/DocumentReference/_search', form(client, '&status=current'))).status, 200);
  const fhirId = await fhirIdOf(client);
  const [{ n }] = await archive.sql<{ n: number }>('select count(*)::int as n from audit_event a join person p using (person_key) where p.identity_code = $1 and a.organisation_oid = $2', [client, areaA]) as [{ n: number }];
  assert.ok(n >= 6, `records: ${n}`);

  const first = await auditOf(proA, client, '&_count=2');
  assert.equal(first.status, 200);
  assert.equal(first.body.total, n, 'total counts every match, not the page');
  assert.equal(first.body.entry!.length, 2);
  const self = first.body.link!.find((l) => l.relation === 'self')!.url;
  assert.equal(self, `${archive.baseUrl}/fhir/AuditEvent?patient=Patient%2F${fhirId}&_count=2`, 'self: the search as applied');
  const urls = first.body.link!.map((l) => l.url).join(' ');
  assert.ok(!urls.includes(client) && !urls.includes(encodeURIComponent(client)), 'no identity code in a link');

  // Follow next to the end: every record once, newest first, although each page read adds a record.
  const seen: string[] = [];
  let page: Bundle<AuditEvent> = first.body;
  for (let guard = 0; guard < 20; guard++) {
    for (const e of page.entry ?? []) {
      assert.equal(e.fullUrl, `${archive.baseUrl}/fhir/AuditEvent/${e.resource!.id}`);
      seen.push(e.resource!.id!);
    }
    const next = page.link?.find((l) => l.relation === 'next')?.url;
    if (!next) break;
    assert.ok(next.startsWith(`${archive.baseUrl}/fhir/AuditEvent?patient=Patient%2F${fhirId}&_count=2&_cursor=`));
    const res = await archive.fhir<Bundle<AuditEvent>>(proA, 'GET', next.slice(`${archive.baseUrl}/fhir`.length));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.total, n + seen.length / 2, 'total counts every match at the time of each page (each page read adds one)');
    page = res.body;
  }
  assert.equal(seen.length, n, 'every record of the first page\'s time, once');
  assert.equal(new Set(seen).size, n);

  // Each fullUrl resolves to the same AuditEvent, and the read is audited.
  const reads = async () => (await archive.sql<{ n: number }>("select count(*)::int as n from audit_event where action = 'audit-read' and outcome = 'success' and organisation_oid = $1", [areaA]))[0]!.n;
  const before = await reads();
  const entry = first.body.entry![1]!;
  const got = await archive.fhir<AuditEvent>(proA, 'GET', entry.fullUrl!.slice(`${archive.baseUrl}/fhir`.length));
  assert.equal(got.status, 200);
  assert.deepEqual(got.body, entry.resource);
  assert.equal(await reads(), before + 1, 'the read leaves a record');
  assert.equal((await archive.fhir(proA, 'GET', '/AuditEvent/not-a-uuid')).status, 404);
  assert.equal((await archive.fhir(proA, 'GET', '/AuditEvent/00000000-0000-4000-8000-000000000000')).status, 404);
});

test('D10, issue 8: a bad cursor or _count, or an unknown parameter, is a 400 OperationOutcome naming it', async () => {
  const client = aPersonCode();
  await archive.openRelationship(proA, client);
  for (const [extra, name] of [['&_cursor=bm9wZQ', '_cursor'], ['&_count=many', '_count'], ['&date=2026', 'date']] as const) {
    const res = await archive.fhir<OperationOutcome>(proA, 'POST', '/AuditEvent/_search', form(client, extra));
    assert.equal(res.status, 400, extra);
    assert.equal(res.body.resourceType, 'OperationOutcome');
    assert.match(JSON.stringify(res.body.issue), new RegExp(name));
  }
});

test('D10, issue 8: every AuditEvent a reader gets has what R4 requires, and no empty array or null', async () => {
  const { client } = await theLeakWorld();
  assert.equal((await archive.fhir(proB, 'POST', '/DocumentReference/_search', form(client, '&status=current'))).status, 200);
  const problems: string[] = [];
  const empty = (v: unknown, at: string): void => {
    if (v === null) problems.push(`${at} is null`);
    else if (Array.isArray(v)) { if (v.length === 0) problems.push(`${at} is []`); v.forEach((x, i) => empty(x, `${at}[${i}]`)); }
    else if (typeof v === 'object') for (const [k, x] of Object.entries(v as object)) empty(x, `${at}.${k}`);
  };
  for (const reader of [proA, proB]) {
    const res = await auditOf(reader, client);
    empty(res.body, 'Bundle');
    for (const e of eventsOf(res.body)) {
      // AuditEvent 1..1 / 1..* elements, and entity.detail's type and value (R4).
      if (!e.type?.code || !e.recorded || !e.agent?.length || !e.source?.observer) problems.push(`${e.id}: a required element is missing`);
      if (!e.agent.every((a) => typeof a.requestor === 'boolean')) problems.push(`${e.id}: agent.requestor missing`);
      for (const x of e.entity ?? []) for (const d of x.detail ?? []) if (!d.type || d.valueString === undefined) problems.push(`${e.id}: entity.detail without type or value`);
    }
  }
  assert.deepEqual(problems, []);
});

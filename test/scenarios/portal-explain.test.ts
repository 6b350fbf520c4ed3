// V14: "why can't the client see it?" answered over FHIR ($explain?viewer=...) by the decisions
// the portal enforces: the viewer's relation (V8, V9), the display rules (V2-V10), and the
// controller's archiving mode (L3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Parameters } from '@medplum/fhirtypes';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { guardianship, person, register } from '../support/registers.ts';
import { setControllerSettings } from '../../src/usecases/set-controller-settings.ts';

let archive: TestArchive;
let worker: Actor;
let supervisor: Actor;
let controller: string;
const child = aPersonCode('2015-05-05');
const grownUp = aPersonCode('2005-01-01');
const parent = aPersonCode('1980-05-05');
const ids: Record<string, string> = {};

before(async () => {
  archive = await startTestArchive();
  controller = await archive.controller('Selitysten hyvinvointialue');
  worker = await archive.actor(controller);
  supervisor = await archive.actor(controller, 'connecting', { roles: ['supervisor'] });
  await register(archive, person(child, 'Sini', 'Selitys'), person(parent, 'Seppo', 'Selitys'), person(grownUp, 'Saku', 'Selitys'),
    guardianship(child, parent), guardianship(grownUp, parent, { start: '2005-01-01' }));
  for (const code of [child, grownUp]) await archive.store(worker, aDocument().forClient(code).clientRelationship().build());
  const store = async (name: string, b: ReturnType<typeof aDocument>) => { ids[name] = (await archive.store(worker, b.build()))[0]!; };
  await store('plain', aDocument().forClient(child));
  await store('special', aDocument().forClient(child).specialContent());
  await store('hidden', aDocument().forClient(child).hiddenFromGuardians());
  await store('adult', aDocument().forClient(grownUp));
});
after(async () => archive.close());

async function fhirIdOf(code: string): Promise<string> {
  return (await archive.sql<{ fhir_id: string }>('select fhir_id::text from person where identity_code = $1', [code]))[0]!.fhir_id;
}

async function explain(doc: string, viewer: string, actor: Actor = supervisor): Promise<{ status: number; body: Parameters }> {
  const r = await archive.fhir(actor, 'GET', `/DocumentReference/${ids[doc]}/$explain?viewer=${encodeURIComponent(viewer)}`);
  return { status: r.status, body: r.body as Parameters };
}

const value = (p: Parameters, name: string) => p.parameter?.find((x) => x.name === name);
const rules = (p: Parameters) => (p.parameter ?? []).filter((x) => x.name === 'reason').map((x) => x.part!.find((y) => y.name === 'rule')!.valueCode);

test('V14, V1, V2: the client is shown a phase 2 document; the answer names the rules and the archiving mode (L3)', async () => {
  const r = await explain('plain', 'client');
  assert.equal(r.status, 200);
  assert.equal(value(r.body, 'shown')?.valueBoolean, true);
  assert.equal(value(r.body, 'relation')?.valueCode, 'self');
  assert.ok(rules(r.body).includes('V2'));
  assert.ok(rules(r.body).includes('L3'));
});

test('V14, V5(b), V6: special content is not shown to the client, and the portal says a restriction exists', async () => {
  const r = await explain('special', 'client');
  assert.equal(value(r.body, 'shown')?.valueBoolean, false);
  assert.equal(value(r.body, 'restricted')?.valueBoolean, true);
  assert.ok(rules(r.body).includes('V5(b)'));
});

test('V14, V8, V5(c): the guardian is not shown a document hidden from guardians, the child is', async () => {
  const guardian = await explain('hidden', await fhirIdOf(parent));
  assert.equal(value(guardian.body, 'relation')?.valueCode, 'guardian');
  assert.equal(value(guardian.body, 'shown')?.valueBoolean, false);
  assert.ok(rules(guardian.body).includes('V5(c)'));
  assert.equal(value((await explain('hidden', 'client')).body, 'shown')?.valueBoolean, true);
});

test('V14, V8: the guardian\'s right ended on the child\'s 18th birthday; the answer says so', async () => {
  const r = await explain('adult', await fhirIdOf(parent));
  assert.equal(value(r.body, 'shown')?.valueBoolean, false);
  assert.equal(value(r.body, 'relation'), undefined);
  assert.ok(rules(r.body).includes('V8'));
});

test('V14, L3: a controller archiving in batches is named with its time', async () => {
  const changed = await archive.database.db.withTransaction((tx) => setControllerSettings(tx, { controllerOid: controller, change: { archiving: { kind: 'batch', at: '02:00' } }, by: { system: { id: 't', name: 't' }, organisationOid: controller }, now: new Date().toISOString() }));
  assert.ok(changed.ok);
  const r = await explain('plain', 'client');
  const l3 = (r.body.parameter ?? []).find((x) => x.name === 'reason' && x.part!.some((y) => y.valueCode === 'L3'));
  assert.match(l3!.part!.find((y) => y.name === 'detail')!.valueString!, /batches at 02:00/);
});

test('V14: only a supervisor or archivist may ask, exactly one of requester and viewer is given, and the question is audited', async () => {
  assert.equal((await explain('plain', 'client', worker)).status, 403);
  const both = await archive.fhir(supervisor, 'GET', `/DocumentReference/${ids.plain}/$explain?viewer=client&requester=${controller}`);
  assert.equal(both.status, 400);
  const neither = await archive.fhir(supervisor, 'GET', `/DocumentReference/${ids.plain}/$explain`);
  assert.equal(neither.status, 400);
  const unknown = await explain('plain', '00000000-0000-4000-8000-000000000000');
  assert.equal(unknown.status, 422);
  const audited = await archive.sql<{ n: number }>("select count(*)::int as n from audit_event where action = 'explain' and body like '%portal%'");
  assert.ok(audited[0]!.n >= 5);
});

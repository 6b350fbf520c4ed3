// L3 and V10 through the use case: settings are recorded and audited, a bad change names its
// field and changes nothing, and a start date set here hides the controller's documents in the
// portal's list at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { setControllerSettings } from '../../src/usecases/set-controller-settings.ts';
import { controllerSettings } from '../../src/store/controller-settings.ts';
import { listPortalDocuments } from '../../src/usecases/list-portal-documents.ts';
import { portalSettings } from '../../src/usecases/portal-context.ts';
import type { SettingsChange } from '../../src/domain/controller-settings.ts';

let archive: TestArchive;
let controller: string;
let actor: Actor;
const client = aPersonCode('1960-06-06');
const by = { system: { id: 'test', name: 'test' }, organisationOid: '' };

before(async () => {
  archive = await startTestArchive();
  controller = await archive.controller('Asetusten hyvinvointialue');
  actor = await archive.actor(controller);
  await archive.store(actor, aDocument().forClient(client).inTask('older-people').clientRelationship().build());
  await archive.store(actor, aDocument().forClient(client).inTask('older-people').build());
});
after(async () => archive.close());

const change = (c: SettingsChange) => archive.database.db.withTransaction((tx) => setControllerSettings(tx, { controllerOid: controller, change: c, by: { ...by, organisationOid: controller }, now: new Date().toISOString() }));

async function portalShows(): Promise<number> {
  const [row] = await archive.sql<{ person_key: string }>('select person_key::text from person where identity_code = $1', [client]);
  const list = await archive.database.db.withConnection(async (c) => listPortalDocuments(c, { viewer: { citizenKey: row!.person_key, personKey: row!.person_key, relation: 'self' }, settings: await portalSettings(c, archive.config), now: new Date().toISOString() }));
  return list.total;
}

test('L3: a controller states its archiving mode and approval; the change is kept and audited in its trail', async () => {
  const before = await controllerSettings(archive.database.db.pool, controller);
  assert.deepEqual(before.archiving, { kind: 'real-time' });
  const result = await change({ archiving: { kind: 'batch', at: '02:30' }, autoApproval: false });
  assert.ok(result.ok);
  const after = await controllerSettings(archive.database.db.pool, controller);
  assert.deepEqual(after.archiving, { kind: 'batch', at: '02:30' });
  assert.equal(after.autoApproval, false);
  const audit = await archive.sql<{ n: number }>("select count(*)::int as n from audit_event where action = 'settings-change' and organisation_oid = $1", [controller]);
  assert.equal(audit[0]!.n, 1);
});

test('L3, V10: a bad change names its field and changes nothing', async () => {
  const before = await controllerSettings(archive.database.db.pool, controller);
  const result = await change({ archiving: { kind: 'batch', at: '24:00' }, portalFrom: '2027-13-01' });
  assert.ok(!result.ok);
  assert.deepEqual(result.error.problems.map((p) => p.expression), ['batch-time', 'portal-from']);
  assert.deepEqual(await controllerSettings(archive.database.db.pool, controller), before);
});

test('V10: a service task start date in the future hides the controller\'s documents of that task in the portal at once; back to the default shows them', async () => {
  const shown = await portalShows();
  assert.ok(shown >= 1);
  assert.ok((await change({ serviceTaskFrom: { 'older-people': '2099-01-01' } })).ok);
  assert.equal(await portalShows(), 0);
  assert.ok((await change({ serviceTaskFrom: { 'older-people': null } })).ok);
  assert.equal(await portalShows(), shown);
  assert.ok((await change({ portalFrom: '2099-01-01' })).ok);
  assert.equal(await portalShows(), 0);
  assert.ok((await change({ portalFrom: null })).ok);
  assert.equal(await portalShows(), shown);
});

test('L3: a unit has no settings of its own', async () => {
  const unit = await archive.unit(controller, 'Yksikkö');
  const result = await archive.database.db.withTransaction((tx) => setControllerSettings(tx, { controllerOid: unit, change: { autoApproval: true }, by, now: new Date().toISOString() }));
  assert.ok(!result.ok);
  assert.equal(result.error.status, 404);
});

// `kansio settings show|set` as an operator runs it (L3, V10): a change is printed back and kept,
// a bad option is named and changes nothing, an unknown controller is an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { aDataFolder } from '../support/kansio-process.ts';

const CONTROLLER = '1.2.246.10.88888.1';
let database: TestDatabase;
let dataDir: string;

before(async () => {
  database = await createTestDatabase();
  dataDir = await aDataFolder('kansio-settings-');
  // The schema first (the command migrates too), then the controller.
  assert.equal(kansio('settings', 'show', CONTROLLER).status, 1);
  await database.db.pool.query("insert into organisation (oid, name, kind) values ($1, 'Asetusalue', 'welfare-area')", [CONTROLLER]);
});
after(async () => {
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

function kansio(...args: string[]) {
  return spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: database.url, KANSIO_DATA_DIR: dataDir, KANSIO_DEMO: 'false', LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 120_000,
  });
}

test('L3, V10: kansio settings set records the archiving mode, approval and start dates, and show prints them', () => {
  const set = kansio('settings', 'set', CONTROLLER, '--archiving', 'batch', '--batch-time', '02:00', '--auto-approval', 'no', '--portal-from', '2026-01-01', '--task-from', 'child-protection=2027-01-01');
  assert.equal(set.status, 0, set.stderr);
  const show = kansio('settings', 'show', CONTROLLER, '--json');
  assert.equal(show.status, 0, show.stderr);
  assert.deepEqual(JSON.parse(show.stdout), {
    controllerOid: CONTROLLER, archiving: { kind: 'batch', at: '02:00' }, autoApproval: false, portalFrom: '2026-01-01', serviceTaskFrom: { 'child-protection': '2027-01-01' }, transitionPeriods: [],
  });
});

test('V10: kansio settings set adds, replaces and removes named transition periods; a bad one is named by its option and changes nothing', () => {
  const add = kansio('settings', 'set', CONTROLLER, '--transition', 'System change=client-journal-entry:2027-02-01..2027-03-31', '--transition', 'Migration=all:2027-02-01..2027-02-02');
  assert.equal(add.status, 0, add.stderr);
  assert.match(add.stdout, /'System change': client-journal-entry not shown 2027-02-01\.\.2027-03-31/);
  const replace = kansio('settings', 'set', CONTROLLER, '--transition', 'Migration=all:2027-02-01..2027-02-05');
  assert.equal(replace.status, 0, replace.stderr);
  const periods = () => JSON.parse(kansio('settings', 'show', CONTROLLER, '--json').stdout).transitionPeriods;
  assert.deepEqual(periods(), [
    { name: 'Migration', category: 'all', from: '2027-02-01', until: '2027-02-05' },
    { name: 'System change', category: 'client-journal-entry', from: '2027-02-01', until: '2027-03-31' },
  ]);
  const backwards = kansio('settings', 'set', CONTROLLER, '--transition', 'Late=all:2027-03-01..2027-02-01');
  assert.equal(backwards.status, 1);
  assert.match(backwards.stderr, /--transition: V10: a transition period cannot end/);
  const unknown = kansio('settings', 'set', CONTROLLER, '--remove-transition', 'No such');
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /--remove-transition: V10: .* has no transition period named 'No such'/);
  assert.equal(periods().length, 2);
  const removed = kansio('settings', 'set', CONTROLLER, '--remove-transition', 'Migration', '--remove-transition', 'System change');
  assert.equal(removed.status, 0, removed.stderr);
  assert.deepEqual(periods(), []);
});

test('L3, V10: a bad value is named by its option and changes nothing; an unknown controller is an error', () => {
  const before = kansio('settings', 'show', CONTROLLER, '--json').stdout;
  const bad = kansio('settings', 'set', CONTROLLER, '--batch-time', '25:00');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--batch-time/);
  const badTask = kansio('settings', 'set', CONTROLLER, '--task-from', 'nursing=2027-01-01');
  assert.equal(badTask.status, 1);
  assert.match(badTask.stderr, /--task-from.*not a service task/);
  assert.equal(kansio('settings', 'show', CONTROLLER, '--json').stdout, before);
  const unknown = kansio('settings', 'set', '1.2.246.10.77777.1', '--auto-approval', 'yes');
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /not a registered controller/);
});

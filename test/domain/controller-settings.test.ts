// L3 and V10: a controller's settings, the checks of a change and the late batch delivery.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSettingsChange, decideDeliveryLate, describeArchiving } from '../../src/domain/controller-settings.ts';
import { changeOf } from '../../src/cli/settings.ts';

const batch = { kind: 'batch', at: '02:00' } as const;
const due = '2026-12-01T00:00:00.000Z'; // 02:00 in Helsinki

test('L3: a controller archiving in real time is never late', () => {
  const d = decideDeliveryLate({ archiving: { kind: 'real-time' }, todayBatchInstant: null, lastStoredAt: null, now: '2026-12-01T10:00:00.000Z', graceMinutes: 60 });
  assert.equal(d.late, false);
  assert.equal(d.because[0]!.rule, 'L3');
});

test('L3: a batch is not late before its time and the grace, is late after it with nothing stored, and is on time once stored', () => {
  const at = (now: string, lastStoredAt: string | null) => decideDeliveryLate({ archiving: batch, todayBatchInstant: due, lastStoredAt, now, graceMinutes: 60 }).late;
  assert.equal(at('2026-12-01T00:30:00.000Z', null), false);
  assert.equal(at('2026-12-01T01:00:00.000Z', null), true);
  assert.equal(at('2026-12-01T01:00:00.000Z', '2026-11-30T00:10:00.000Z'), true, 'yesterday\'s delivery does not count for today');
  assert.equal(at('2026-12-01T01:00:00.000Z', '2026-12-01T00:05:00.000Z'), false);
});

test('L3, V14: the archiving mode says when a document of today arrives in the archive', () => {
  assert.match(describeArchiving(batch).detail, /batches at 02:00/);
  assert.match(describeArchiving({ kind: 'real-time' }).detail, /real time/);
});

test('L3, V10: a change is checked field by field, each problem naming its field', () => {
  assert.deepEqual(checkSettingsChange({ archiving: { kind: 'batch', at: '02:00' }, portalFrom: '2027-01-01', serviceTaskFrom: { 'child-protection': '2027-06-01' } }), []);
  const problems = checkSettingsChange({ archiving: { kind: 'batch', at: '25:00' }, portalFrom: '2027-02-30', serviceTaskFrom: { 'no-such-task': '2027-01-01', 'older-people': 'soon' } });
  assert.deepEqual(problems.map((p) => p.field), ['batch-time', 'portal-from', 'task-from', 'task-from']);
});

test('V10: a transition period is checked field by field: name, category, days, and an end not before its start', () => {
  assert.deepEqual(checkSettingsChange({ setTransitions: [{ name: 'System change', category: 'client-journal-entry', from: '2027-02-01', until: '2027-02-01' }] }), []);
  const problems = checkSettingsChange({ setTransitions: [
    { name: ' ', category: 'all', from: '2027-02-01', until: '2027-03-01' },
    { name: 'Bad', category: 'decisions' as never, from: '2027-02-30', until: 'soon' },
    { name: 'Backwards', category: 'all', from: '2027-03-01', until: '2027-02-01' },
    { name: 'Line\nbreak', category: 'all', from: '2027-03-01', until: '2027-03-02' },
  ] });
  assert.deepEqual(problems.map((p) => p.field), ['transition-name', 'transition-category', 'transition-from', 'transition-until', 'transition-until', 'transition-name']);
});

test('L3, V10: the command line options become a change, and a bad option is named', () => {
  assert.deepEqual(changeOf({ transition: ['System change=client-journal-entry:2027-02-01..2027-03-31'], removeTransition: ['Old'] }), {
    setTransitions: [{ name: 'System change', category: 'client-journal-entry', from: '2027-02-01', until: '2027-03-31' }], removeTransitions: ['Old'],
  });
  assert.match(changeOf({ transition: ['System change 2027-02-01'] }) as string, /--transition is NAME=CATEGORY:YYYY-MM-DD\.\.YYYY-MM-DD/);
  assert.deepEqual(changeOf({ archiving: 'batch', batchTime: '02:00', autoApproval: 'no' }), { archiving: { kind: 'batch', at: '02:00' }, autoApproval: false });
  assert.deepEqual(changeOf({ portalFrom: 'default', taskFrom: ['older-people=2027-01-01', 'child-protection=default'] }), { portalFrom: null, serviceTaskFrom: { 'older-people': '2027-01-01', 'child-protection': null } });
  assert.match(changeOf({ archiving: 'batch' }) as string, /--batch-time/);
  assert.match(changeOf({ archiving: 'weekly' }) as string, /--archiving/);
  assert.match(changeOf({ autoApproval: 'maybe' }) as string, /--auto-approval/);
  assert.match(changeOf({ taskFrom: ['older-people'] }) as string, /--task-from/);
});

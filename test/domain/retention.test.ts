// S10 Retention: the decision by example, each national default period and start event, the
// day before and the day it falls due, and the deployment's KANSIO_RETENTION.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceTaskCode, SERVICE_TASK_KEYS, type ServiceTaskKey } from '../../src/domain/codes/service-tasks.ts';
import { addYears, decideRetention, formatRetentionRules, NATIONAL_RETENTION, parseRetentionRules, type RetentionInput } from '../../src/domain/policy/retention.ts';
import { loadConfig, ConfigError } from '../../src/config.ts';

function input(task: ServiceTaskKey, facts: Partial<RetentionInput> = {}): RetentionInput {
  return {
    document: { serviceTask: task, createdAt: '2010-03-04T10:00:00Z', phase: '2' },
    relationshipEnd: null,
    matterClose: undefined,
    clientBirthDate: '1950-01-01',
    createdOn: '2010-03-04',
    rules: NATIONAL_RETENTION,
    today: '2026-06-01',
    ...facts,
  };
}

const dayBefore = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

// Each national default: the task, its start fact and how long (Act 703/2023; domain-rules S10).
const DEFAULTS: { task: ServiceTaskKey; years: number; start: string; facts: (day: string) => Partial<RetentionInput> }[] = [
  { task: 'families-with-children', years: 30, start: 'matter-close', facts: (day) => ({ matterClose: day }) },
  { task: 'working-age', years: 10, start: 'matter-close', facts: (day) => ({ matterClose: day }) },
  { task: 'older-people', years: 10, start: 'matter-close', facts: (day) => ({ matterClose: day }) },
  { task: 'substance-abuse', years: 10, start: 'matter-close', facts: (day) => ({ matterClose: day }) },
  { task: 'disability', years: 10, start: 'relationship-end', facts: (day) => ({ relationshipEnd: day }) },
  { task: 'child-protection', years: 2, start: 'death', facts: (day) => ({ clientDeathDate: day }) },
  { task: 'family-law', years: 120, start: 'birth', facts: (day) => ({ clientBirthDate: day }) },
];

test('S10: every service task has a national default period with its source', () => {
  assert.deepEqual(Object.keys(NATIONAL_RETENTION).sort(), [...SERVICE_TASK_KEYS].sort());
  for (const d of DEFAULTS) {
    assert.equal(NATIONAL_RETENTION[d.task].years, d.years, d.task);
    assert.equal(NATIONAL_RETENTION[d.task].start, d.start, d.task);
    assert.match(NATIONAL_RETENTION[d.task].source, /703\/2023/);
  }
  assert.match(NATIONAL_RETENTION['older-people'].source, /S10/);
  assert.match(NATIONAL_RETENTION['family-law'].source, /S10/);
});

for (const d of DEFAULTS) {
  test(`S10: ${d.task} is kept ${d.years} years from ${d.start}: not due the day before, due on the day`, () => {
    const start = '2001-05-20';
    const dueOn = addYears(start, d.years);
    const before = decideRetention(input(d.task, { ...d.facts(start), today: dayBefore(dueOn) }));
    assert.equal(before.due, false);
    assert.equal(before.dueOn, dueOn);
    assert.equal(before.because[0]!.rule, 'S10');
    const onTheDay = decideRetention(input(d.task, { ...d.facts(start), today: dueOn }));
    assert.equal(onTheDay.due, true);
    assert.equal(onTheDay.dueOn, dueOn);
    assert.match(onTheDay.because[0]!.detail, new RegExp(`${d.task}: ${d.years} years from ${d.start}.*${start}.*${dueOn}`));
  });
}

test('S10: a document whose start event has not happened is not due, however old', () => {
  const open = decideRetention(input('older-people', { matterClose: null, today: '2200-01-01' }));
  assert.deepEqual([open.due, open.dueOn], [false, null]);
  assert.match(open.because[0]!.detail, /the matter is not closed/);
  const lasting = decideRetention(input('disability', { relationshipEnd: null, today: '2200-01-01' }));
  assert.deepEqual([lasting.due, lasting.dueOn], [false, null]);
  assert.match(lasting.because[0]!.detail, /client relationship has not ended/);
  const alive = decideRetention(input('child-protection', { today: '2200-01-01' }));
  assert.deepEqual([alive.due, alive.dueOn], [false, null]);
  assert.match(alive.because[0]!.detail, /not known to have died/);
});

test('S10: a document outside any matter counts matter-close from the end of its client relationship', () => {
  const ended = decideRetention(input('working-age', { matterClose: undefined, relationshipEnd: '2012-02-01', today: '2022-02-01' }));
  assert.equal(ended.due, true);
  assert.match(ended.because[0]!.detail, /client relationship ended.*2012-02-01/);
  const lasting = decideRetention(input('working-age', { matterClose: undefined, relationshipEnd: null, today: '2200-01-01' }));
  assert.equal(lasting.due, false);
  // A document of a matter follows the matter, not the relationship.
  const matterOpen = decideRetention(input('working-age', { matterClose: null, relationshipEnd: '2000-01-01', today: '2200-01-01' }));
  assert.equal(matterOpen.due, false);
});

test('S10: legacy documents follow their service task', () => {
  const legacy = decideRetention(input('older-people', { document: { serviceTask: 'older-people', createdAt: '1999-01-01T00:00:00Z', phase: 'legacy' }, matterClose: '2000-01-01', today: '2010-01-01' }));
  assert.equal(legacy.due, true);
  assert.match(legacy.because[0]!.detail, /legacy/);
});

test('S10: a stored national service task code finds its task too', () => {
  const byCode = decideRetention({ ...input('older-people', { matterClose: '2000-01-01' }), document: { serviceTask: serviceTaskCode('older-people'), createdAt: '1999-01-01T00:00:00Z', phase: '2' } });
  assert.equal(byCode.due, true);
});

test('S10: a service task without a rule is kept', () => {
  const unknown = decideRetention({ ...input('older-people', { matterClose: '1900-01-01' }), document: { serviceTask: 'no-such-code', createdAt: '1900-01-01T00:00:00Z', phase: '2' } });
  assert.deepEqual([unknown.due, unknown.dueOn], [false, null]);
});

test('S10: 29 February plus whole years falls on 1 March in a common year', () => {
  assert.equal(addYears('2004-02-29', 10), '2014-03-01');
  assert.equal(addYears('2004-02-29', 4), '2008-02-29');
});

test('S10: KANSIO_RETENTION overrides the named tasks and keeps the national periods of the others', () => {
  const rules = parseRetentionRules('older-people=12y:relationship-end, family-law=100y:creation');
  assert.deepEqual(rules['older-people'], { years: 12, start: 'relationship-end', source: 'KANSIO_RETENTION' });
  assert.deepEqual(rules['family-law'], { years: 100, start: 'creation', source: 'KANSIO_RETENTION' });
  assert.deepEqual(rules['working-age'], NATIONAL_RETENTION['working-age']);
  const configured = decideRetention(input('older-people', { rules, matterClose: '2000-01-01', relationshipEnd: '2010-06-01', today: '2022-05-31' }));
  assert.equal(configured.due, false);
  assert.equal(configured.dueOn, '2022-06-01');
  assert.match(configured.because[0]!.detail, /KANSIO_RETENTION/);
  assert.equal(decideRetention(input('family-law', { rules, today: '2110-03-04' })).due, true);
  assert.equal(formatRetentionRules(rules).split(',').find((p) => p.startsWith('older-people')), 'older-people=12y:relationship-end');
});

test('S10: loadConfig reads KANSIO_RETENTION and names the bad part of a wrong one', () => {
  assert.deepEqual(loadConfig({}).retention, NATIONAL_RETENTION);
  assert.equal(loadConfig({ KANSIO_RETENTION: 'disability=15y:matter-close' }).retention.disability.years, 15);
  for (const [bad, message] of [
    ['older-people=10:matter-close', /not TASK=NUMBERy:START/],
    ['elderly=10y:matter-close', /unknown service task 'elderly'/],
    ['older-people=10y:closing', /unknown start event 'closing'/],
    ['older-people=0y:birth', /at least 1 year/],
    ['older-people=10y:birth,older-people=11y:birth', /given twice/],
  ] as const) {
    assert.throws(() => loadConfig({ KANSIO_RETENTION: bad }), (e: unknown) => e instanceof ConfigError && /^KANSIO_RETENTION: /.test(e.message) && message.test(e.message), bad);
  }
});

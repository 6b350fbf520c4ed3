// Whom a person may act for today (V7, V8, V9, S5) and whether a named representative is
// registered for their role (S3), as pure functions over the registers' rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideActingFor, decideActingForWithRefusals, decideRepresentativeRole, eighteenthBirthday, type ActingForInput } from '../../src/domain/policy/representation.ts';
import type { Mandate, Representation } from '../../src/domain/registers.ts';
import type { PersonKey } from '../../src/domain/types.ts';

const key = (k: string): PersonKey => k as PersonKey;
const SELF = key('1');
const CHILD = key('2');
const PRINCIPAL = key('3');
const OTHER = key('4');
const today = '2026-06-15';
const now = '2026-06-15T09:00:00.000Z';

const birthDates = new Map<string, string>([[CHILD, '2012-06-16'], [PRINCIPAL, '1941-02-08'], [OTHER, '1950-01-01']]);

function guardianship(overrides: Partial<Representation> = {}): Representation {
  return { personKey: CHILD, representativeKey: SELF, kind: 'guardian', startDate: '2012-06-16', endDate: null, ...overrides };
}
function mandate(overrides: Partial<Mandate> = {}): Mandate {
  return { principalKey: PRINCIPAL, mandateId: 'M-1', holderKey: SELF, scopes: ['view', 'consent'], validFrom: '2025-01-01', validUntil: null, revokedAt: null, ...overrides };
}
function input(more: Partial<ActingForInput> = {}): ActingForInput {
  return { self: { personKey: SELF, birthDate: '1980-01-01' }, representations: [], mandates: [], birthDates, today, now, ...more };
}
const rules = (d: { because: readonly { rule: string }[] }): string[] => d.because.map((b) => b.rule);
const others = (i: ActingForInput) => decideActingFor(i).slice(1);

test('V7: everyone acts for themself first, a minor too: view, consent and prohibit', () => {
  const adult = decideActingFor(input());
  assert.deepEqual(adult.map((a) => [a.personKey, a.basis]), [[SELF, 'self']]);
  assert.deepEqual(adult[0]!.may, { view: true, consent: true, prohibit: true });
  const minor = decideActingFor(input({ self: { personKey: SELF, birthDate: '2014-03-01' } }));
  assert.equal(minor[0]!.basis, 'self');
  assert.deepEqual(minor[0]!.may, { view: true, consent: true, prohibit: true });
  assert.deepEqual(rules(minor[0]!), ['V7']);
});

test('V8, S5: a guardian sees the child and consents for them, but may not prohibit', () => {
  const [child] = others(input({ representations: [guardianship()] }));
  assert.equal(child!.personKey, CHILD);
  assert.equal(child!.basis, 'guardian');
  assert.deepEqual(child!.may, { view: true, consent: true, prohibit: false });
  assert.deepEqual(rules(child!), ['V8', 'S5']);
});

test('V8: a guardian acts on the day before the 18th birthday, not on the birthday itself; the refusal says when it ended', () => {
  const relation = guardianship();
  assert.equal(eighteenthBirthday('2012-06-16'), '2030-06-16');
  const dayBefore = decideActingFor(input({ representations: [relation], today: '2030-06-15' }));
  assert.deepEqual(dayBefore.map((a) => a.basis), ['self', 'guardian']);
  const onTheDay = decideActingForWithRefusals(input({ representations: [relation], today: '2030-06-16' }));
  assert.deepEqual(onTheDay.acting.map((a) => a.basis), ['self']);
  assert.equal(onTheDay.refused.length, 1);
  assert.equal(onTheDay.refused[0]!.endedOn, '2030-06-16');
  assert.deepEqual(rules(onTheDay.refused[0]!), ['V8']);
  assert.match(onTheDay.refused[0]!.because[0]!.detail, /turned 18 on 2030-06-16/);
  assert.equal(onTheDay.refused[0]!.why, 'adult');
});

test('V8: a child born on 29 February turns 18 on 1 March of a common year', () => {
  assert.equal(eighteenthBirthday('2012-02-29'), '2030-03-01');
  assert.equal(eighteenthBirthday('2016-02-29'), '2034-03-01');
  const leapChild = new Map([[CHILD, '2012-02-29']]);
  assert.equal(others(input({ representations: [guardianship()], birthDates: leapChild, today: '2030-02-28' })).length, 1);
  assert.equal(others(input({ representations: [guardianship()], birthDates: leapChild, today: '2030-03-01' })).length, 0);
});

test('V8: a guardianship acts from its start to its end day inclusive', () => {
  const relation = guardianship({ startDate: '2026-06-15', endDate: '2026-06-20' });
  assert.equal(others(input({ representations: [relation], today: '2026-06-14' })).length, 0);
  assert.equal(others(input({ representations: [relation], today: '2026-06-15' })).length, 1);
  assert.equal(others(input({ representations: [relation], today: '2026-06-20' })).length, 1);
  const after = decideActingForWithRefusals(input({ representations: [relation], today: '2026-06-21' }));
  assert.equal(after.acting.length, 1);
  assert.equal(after.refused[0]!.endedOn, '2026-06-21');
  assert.equal(after.refused[0]!.why, 'ended');
  const before = decideActingForWithRefusals(input({ representations: [relation], today: '2026-06-14' }));
  assert.equal(before.refused[0]!.startsOn, '2026-06-15');
  assert.equal(before.refused[0]!.why, 'not-yet');
});

test('V8: the right to receive a minor\'s information lets one see, not consent nor prohibit', () => {
  const [child] = others(input({ representations: [guardianship({ kind: 'information-right' })] }));
  assert.equal(child!.basis, 'information-right');
  assert.deepEqual(child!.may, { view: true, consent: false, prohibit: false });
  assert.deepEqual(rules(child!), ['V8']);
  const grown = decideActingForWithRefusals(input({ representations: [guardianship({ kind: 'information-right' })], today: '2030-06-16' }));
  assert.equal(grown.acting.length, 1);
  assert.equal(grown.refused[0]!.relation, 'information-right');
});

test('V9: a mandate in force with scopes view and consent gives view, consent and prohibit', () => {
  const [principal] = others(input({ mandates: [mandate()] }));
  assert.equal(principal!.personKey, PRINCIPAL);
  assert.equal(principal!.basis, 'mandate');
  assert.deepEqual(principal!.may, { view: true, consent: true, prohibit: true });
  assert.deepEqual(rules(principal!), ['V9']);
});

test('V9: a view-only mandate lets one see, not consent nor prohibit; a consent-only one the reverse', () => {
  assert.deepEqual(others(input({ mandates: [mandate({ scopes: ['view'] })] }))[0]!.may, { view: true, consent: false, prohibit: false });
  assert.deepEqual(others(input({ mandates: [mandate({ scopes: ['consent'] })] }))[0]!.may, { view: false, consent: true, prohibit: true });
});

test('V9: an expired, a future or a revoked mandate gives nothing, and says why', () => {
  const cases: [Mandate, RegExp, 'endedOn' | 'startsOn', string, string][] = [
    [mandate({ validUntil: '2026-06-14' }), /expired: it was valid until 2026-06-14/, 'endedOn', '2026-06-15', 'expired'],
    [mandate({ validFrom: '2026-06-16' }), /valid from 2026-06-16/, 'startsOn', '2026-06-16', 'not-yet'],
    [mandate({ revokedAt: '2026-06-01T12:00:00.000Z' }), /revoked on 2026-06-01/, 'endedOn', '2026-06-01', 'revoked'],
    [mandate({ revokedAt: now }), /revoked/, 'endedOn', '2026-06-15', 'revoked'],
  ];
  for (const [m, why, field, day, kind] of cases) {
    const d = decideActingForWithRefusals(input({ mandates: [m] }));
    assert.deepEqual(d.acting.map((a) => a.basis), ['self'], why.source);
    assert.equal(d.refused.length, 1);
    assert.equal(d.refused[0]!.relation, 'mandate');
    assert.equal(d.refused[0]!.mandateId, 'M-1');
    assert.equal(d.refused[0]![field], day);
    assert.deepEqual(rules(d.refused[0]!), ['V9']);
    assert.match(d.refused[0]!.because[0]!.detail, why);
    assert.equal(d.refused[0]!.why, kind);
  }
  // Valid until today inclusive, and revoked only later: still in force.
  assert.equal(others(input({ mandates: [mandate({ validUntil: today, revokedAt: '2026-06-15T09:00:00.001Z' })] })).length, 1);
});

test('V9: a mandate acts for an adult principal only', () => {
  const d = decideActingForWithRefusals(input({ mandates: [mandate({ principalKey: CHILD })] }));
  assert.equal(d.acting.length, 1);
  assert.match(d.refused[0]!.because[0]!.detail, /adult/);
});

test('V9: a trustee and a continuing power of attorney give no portal access; the refusal says they act through a professional', () => {
  for (const kind of ['trustee', 'continuing-power-of-attorney'] as const) {
    const d = decideActingForWithRefusals(input({ representations: [guardianship({ personKey: OTHER, kind })] }));
    assert.deepEqual(d.acting.map((a) => a.basis), ['self'], kind);
    assert.equal(d.refused[0]!.relation, kind);
    assert.deepEqual(rules(d.refused[0]!), ['V9']);
    assert.match(d.refused[0]!.because[0]!.detail, /through a professional/);
  }
});

test('V13: self first, then the others by name; two relations to one person make one entry with both rights', () => {
  const names = new Map<string, string>([[CHILD, 'Ösmo Aalto'], [PRINCIPAL, 'Aino Heikkinen'], [OTHER, 'Bertta Virtanen']]);
  const list = decideActingFor(input({
    names,
    representations: [guardianship()],
    mandates: [mandate(), mandate({ principalKey: OTHER, mandateId: 'M-2', scopes: ['view'] }), mandate({ principalKey: OTHER, mandateId: 'M-3', scopes: ['consent'] })],
  }));
  assert.deepEqual(list.map((a) => a.personKey), [SELF, PRINCIPAL, OTHER, CHILD]);
  assert.deepEqual(list[2]!.may, { view: true, consent: true, prohibit: true });
  assert.deepEqual(rules(list[2]!), ['V9', 'V9']);
  // An expired mandate next to one in force is not reported as refused.
  const both = decideActingForWithRefusals(input({ mandates: [mandate(), mandate({ mandateId: 'M-0', validUntil: '2025-12-31' })] }));
  assert.deepEqual([both.acting.length, both.refused.length], [2, 0]);
});

test('S3: a named representative is checked against the register of their role on the day', () => {
  const client = { personKey: CHILD, birthDate: '2012-06-16' };
  const adult = { personKey: PRINCIPAL, birthDate: '1941-02-08' };
  const base = { representativeKey: SELF, representations: [], mandates: [], day: today, at: now };
  const guardian = decideRepresentativeRole({ ...base, role: '31', client, representations: [guardianship()] });
  assert.equal(guardian.allow, true, guardian.because[0]?.detail);
  assert.deepEqual(rules(guardian), ['S3']);
  // Information right is not guardianship; a guardianship of someone else does not count.
  for (const representations of [[guardianship({ kind: 'information-right' })], [guardianship({ representativeKey: OTHER })], []]) {
    const d = decideRepresentativeRole({ ...base, role: '31', client, representations });
    assert.equal(d.allow, false);
    assert.deepEqual(rules(d), ['S3']);
    assert.match(d.because[0]!.detail, /the population register has no guardianship of the client by the named representative on 2026-06-15/);
  }
  const grown = decideRepresentativeRole({ ...base, role: '31', client, representations: [guardianship()], day: '2030-06-16' });
  assert.equal(grown.allow, false);
  assert.match(grown.because[0]!.detail, /guardian acts only for a minor/);
  const unknown = decideRepresentativeRole({ ...base, role: '32', client: adult, representativeKey: undefined, representations: [guardianship({ personKey: PRINCIPAL, kind: 'trustee' })] });
  assert.equal(unknown.allow, false);
  for (const [role, kind] of [['32', 'trustee'], ['33', 'continuing-power-of-attorney']] as const) {
    const rel = guardianship({ personKey: PRINCIPAL, kind, startDate: '2020-01-01', endDate: '2026-06-15' });
    assert.equal(decideRepresentativeRole({ ...base, role, client: adult, representations: [rel] }).allow, true, role);
    assert.equal(decideRepresentativeRole({ ...base, role, client: adult, representations: [rel], day: '2026-06-16' }).allow, false, role);
    assert.equal(decideRepresentativeRole({ ...base, role: role === '32' ? '33' : '32', client: adult, representations: [rel] }).allow, false, `${role} is not the other role`);
  }
});

test('S3: a mandate holder (34) needs a mandate with scope consent in force, not revoked', () => {
  const client = { personKey: PRINCIPAL, birthDate: '1941-02-08' };
  const base = { role: '34' as const, client, representativeKey: SELF, representations: [], day: today, at: now };
  assert.equal(decideRepresentativeRole({ ...base, mandates: [mandate()] }).allow, true);
  const refusals: [Mandate[], RegExp][] = [
    [[mandate({ scopes: ['view'] })], /without the scope consent/],
    [[mandate({ validUntil: '2026-06-14' })], /not in force/],
    [[mandate({ revokedAt: '2026-06-01T00:00:00.000Z' })], /not in force/],
    [[mandate({ holderKey: OTHER })], /no mandate/],
    [[], /the mandate register has no mandate from the client to the named representative on 2026-06-15/],
  ];
  for (const [mandates, why] of refusals) {
    const d = decideRepresentativeRole({ ...base, mandates });
    assert.equal(d.allow, false, why.source);
    assert.deepEqual(rules(d), ['S3']);
    assert.match(d.because[0]!.detail, why);
  }
});

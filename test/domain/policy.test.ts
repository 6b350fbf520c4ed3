// The own-register and system-profile decisions as pure functions: decisions are values that
// carry the rule ids that made them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideOwnRegisterRead, decideOwnRegisterStore, hasActiveRelationship } from '../../src/domain/policy/own-register.ts';
import { decideProfileAllows, scopesForProfile, profileNeedsProfessional } from '../../src/domain/policy/system-profile.ts';
import type { ClientRelationship, ControllerOid, Requester, SetId } from '../../src/domain/types.ts';

const A = '1.2.246.10.1' as ControllerOid;
const B = '1.2.246.10.2' as ControllerOid;
const requester = (controllerOid: ControllerOid, profile: Requester['profile'] = 'connecting'): Requester => ({ systemId: 's', systemName: 'S', profile, controllerOid, scopes: [] });
const rel = (controllerOid: ControllerOid, serviceTask: string, startDate = '2025-01-01', endDate: string | null = null): ClientRelationship => ({ controllerOid, serviceTask, startDate, endDate });
const doc = (controllerOid: ControllerOid, status: 'current' | 'superseded' | 'entered-in-error' = 'current') => ({ controllerOid, serviceTask: 'disability', status, setId: 'x' as SetId });
const today = '2026-06-01';

test('D1: reading needs a client relationship with the document\'s controller in its service task, in force today', () => {
  const allowed = decideOwnRegisterRead({ requester: requester(A), document: doc(A), relationships: [rel(A, 'disability')], today });
  assert.equal(allowed.allow, true);
  assert.ok(allowed.because.some((b) => b.rule === 'D1'));
  for (const relationships of [[], [rel(A, 'older-people')], [rel(A, 'disability', '2026-07-01')], [rel(A, 'disability', '2025-01-01', '2026-05-31')], [rel(B, 'disability')]]) {
    const d = decideOwnRegisterRead({ requester: requester(A), document: doc(A), relationships, today });
    assert.equal(d.allow, false);
    assert.equal(d.because.at(-1)!.rule, 'D1');
  }
});

test('D1: a relationship ending today is still in force today', () => {
  assert.equal(hasActiveRelationship([rel(A, 'disability', '2025-01-01', today)], A, 'disability', today), true);
});

test('D2: the own register needs no consent; the decision says so', () => {
  const d = decideOwnRegisterRead({ requester: requester(A), document: doc(A), relationships: [rel(A, 'disability')], today });
  assert.ok(d.because.some((b) => b.rule === 'D2'));
});

test('D4: another controller\'s document is not given by the own-register decision', () => {
  const d = decideOwnRegisterRead({ requester: requester(B), document: doc(A), relationships: [rel(A, 'disability'), rel(B, 'disability')], today });
  assert.equal(d.allow, false);
  assert.deepEqual(d.because.map((b) => b.rule), ['D4']);
});

test('L2: an invalidated document is refused even in the own register', () => {
  const d = decideOwnRegisterRead({ requester: requester(A), document: doc(A, 'entered-in-error'), relationships: [rel(A, 'disability')], today });
  assert.equal(d.allow, false);
  assert.equal(d.because.at(-1)!.rule, 'L2');
});

test('D1: a client relationship document needs no relationship before it; other documents do', () => {
  assert.equal(decideOwnRegisterStore({ requester: requester(A), serviceTask: 'disability', relationships: [], today, isClientRelationshipDocument: true }).allow, true);
  assert.equal(decideOwnRegisterStore({ requester: requester(A), serviceTask: 'disability', relationships: [], today, isClientRelationshipDocument: false }).allow, false);
  assert.equal(decideOwnRegisterStore({ requester: requester(A), serviceTask: 'disability', relationships: [rel(A, 'disability')], today, isClientRelationshipDocument: false }).allow, true);
});

test('L5: each profile allows exactly its actions', () => {
  const table = {
    connecting: { store: true, search: true, read: true, invalidate: true },
    storing: { store: true, search: false, read: false, invalidate: true },
    reading: { store: false, search: true, read: true, invalidate: false },
    service: { store: true, search: false, read: false, invalidate: true },
  } as const;
  for (const [profile, actions] of Object.entries(table)) {
    for (const [action, allowed] of Object.entries(actions)) {
      const d = decideProfileAllows(profile as Requester['profile'], action as 'store');
      assert.equal(d.allow, allowed, `${profile} ${action}`);
      assert.equal(d.because[0]!.rule, 'L5');
    }
  }
});

test('L5: scopes follow the profile: a storing system gets no read scope, a reading system no write scope', () => {
  assert.ok(scopesForProfile('storing').every((s) => !/\.r|s$/.test(s.split('.')[1]!) || /c|u/.test(s.split('.')[1]!)));
  assert.ok(!scopesForProfile('storing').some((s) => s.endsWith('.rs') || s.endsWith('.r')));
  assert.ok(!scopesForProfile('reading').some((s) => /\.(c|cu)$/.test(s)));
});

test('L5, issue 8: only a service system imports earlier consent records, with a create-only Consent scope; it records none during a visit', () => {
  const importers = (['connecting', 'storing', 'reading', 'service'] as const).filter((p) => decideProfileAllows(p, 'import-consent').allow);
  assert.deepEqual(importers, ['service']);
  assert.equal(decideProfileAllows('service', 'record-consent').allow, false);
  assert.deepEqual(scopesForProfile('service').filter((s) => s.startsWith('system/Consent')), ['system/Consent.c']);
});

test('D9: every profile but service must bind a professional', () => {
  assert.deepEqual(['connecting', 'storing', 'reading', 'service'].map((p) => profileNeedsProfessional(p as Requester['profile'])), [true, true, true, false]);
});

// The consent service's recording decision as a pure function: which records may be written,
// and the rule ids of each refusal (D5, D7, D8, S2, S3, S5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideConsentRecording, decideRevocation, type NewConsentRecord, type RecordingInput } from '../../src/domain/policy/consent-recording.ts';
import type { ConsentFact } from '../../src/domain/consent.ts';
import type { PersonKey } from '../../src/domain/types.ts';

const now = '2026-06-15T10:00:00.000Z';
const adult = { birthDate: '1980-01-01' };
const minor = { birthDate: '2015-01-01' };
const informed: ConsentFact = { id: 'i1', kind: 'informing', informingVersion: '2024-1', givenAt: '2026-01-01T09:00:00.000Z', validFrom: '2026-01-01', revokedAt: null };
const client = { kind: 'client' } as const;
const guardian = { kind: 'representative', role: '31', personKey: '7' as PersonKey } as const;
const trustee = { kind: 'representative', role: '32', personKey: '8' as PersonKey } as const;

function input(record: Partial<NewConsentRecord>, more: Partial<RecordingInput> = {}): RecordingInput {
  return {
    record: { kind: 'social-welfare-consent', actor: client, channel: 'visit', givenAt: '2026-06-15T12:58:00+03:00', validFrom: '2026-06-15', imported: false, ...record },
    client: adult, existing: [informed], latestInformingVersion: '2024-1', now, clockSkewSeconds: 600, ...more,
  };
}
const rules = (d: { because: readonly { rule: string }[] }): string[] => d.because.map((b) => b.rule);

test('D5: no consent or prohibition before the latest informing; the informing itself needs none', () => {
  for (const existing of [[], [{ ...informed, informingVersion: '2022-1' }]]) {
    for (const kind of ['social-welfare-consent', 'prohibition'] as const) {
      const d = decideConsentRecording(input({ kind, scope: 'service-task', target: 'disability' }, { existing }));
      assert.equal(d.allow, false);
      assert.deepEqual(rules(d), ['D5']);
    }
  }
  assert.equal(decideConsentRecording(input({ kind: 'informing', informingVersion: '2024-1' }, { existing: [] })).allow, true);
  assert.deepEqual(rules(decideConsentRecording(input({ kind: 'informing', informingVersion: '1999-9' }, { existing: [] }))), ['D5']);
});

test('D5: a minor or a guardian may receive the informing', () => {
  assert.equal(decideConsentRecording(input({ kind: 'informing', informingVersion: '2024-1' }, { existing: [], client: minor })).allow, true);
  assert.equal(decideConsentRecording(input({ kind: 'informing', informingVersion: '2024-1', actor: guardian }, { existing: [], client: minor })).allow, true);
});

test('D7, D8: the decision names the channel rule of a consent and of a prohibition', () => {
  assert.ok(rules(decideConsentRecording(input({}))).includes('D7'));
  assert.ok(rules(decideConsentRecording(input({ kind: 'prohibition', scope: 'service-task', target: 'disability' }))).includes('D8'));
});

test('S2: a consent is valid from the day it is given, never earlier and never in advance', () => {
  assert.deepEqual(rules(decideConsentRecording(input({ givenAt: '2026-06-16T09:00:00+03:00', validFrom: '2026-06-16' }))), ['S2']);
  assert.deepEqual(rules(decideConsentRecording(input({ validFrom: '2026-06-14' }))), ['S2']);
  assert.deepEqual(rules(decideConsentRecording(input({ validFrom: '2026-06-16' }))), ['S2']);
  assert.equal(decideConsentRecording(input({ givenAt: '2026-06-10T12:00:00Z', validFrom: '2026-06-10', imported: true })).allow, true, 'imported later than given');
});

test('S2: a second consent while one is in force is a conflict; a revoked one is not', () => {
  const inForce: ConsentFact = { id: 'c1', kind: 'social-welfare-consent', givenAt: '2026-02-01T00:00:00.000Z', validFrom: '2026-02-01', revokedAt: null };
  const d = decideConsentRecording(input({}, { existing: [informed, inForce] }));
  assert.equal(d.allow, false);
  assert.equal(d.conflictWith, 'c1');
  assert.equal(decideConsentRecording(input({}, { existing: [informed, { ...inForce, revokedAt: '2026-03-01T00:00:00.000Z' }] })).allow, true);
  assert.equal(decideConsentRecording(input({ kind: 'health-consent' }, { existing: [informed, inForce] })).allow, true, 'health care consent is separate');
});

test('S3: the three prohibition kinds, each checked for what it names', () => {
  assert.equal(decideConsentRecording(input({ kind: 'prohibition', scope: 'controller', target: '1.2.3' }, { targetIsController: true })).allow, true);
  assert.deepEqual(rules(decideConsentRecording(input({ kind: 'prohibition', scope: 'controller', target: '1.2.3' }, { targetIsController: false }))), ['S3(a)']);
  assert.deepEqual(rules(decideConsentRecording(input({ kind: 'prohibition', scope: 'service-task', target: 'no-such-task' }))), ['S3(b)']);
  assert.equal(decideConsentRecording(input({ kind: 'prohibition', scope: 'document', target: 'set' }, { targetDocument: { phase: '2', generalType: 'decision' } })).allow, true);
  assert.equal(decideConsentRecording(input({ kind: 'prohibition', scope: 'document', target: 'set' }, { targetDocument: { phase: '1', generalType: 'client-journal-entry' } })).allow, true);
  for (const phase of ['1', 'legacy'] as const) {
    assert.deepEqual(rules(decideConsentRecording(input({ kind: 'prohibition', scope: 'document', target: 'set' }, { targetDocument: { phase, generalType: 'decision' } }))), ['S3(c)']);
  }
  assert.deepEqual(rules(decideConsentRecording(input({ kind: 'prohibition', scope: 'document', target: 'set' }))), ['S3(c)'], 'no such document of the client');
});

test('S3: a representative with a role may set a prohibition; a guardian acts only for a minor', () => {
  assert.equal(decideConsentRecording(input({ kind: 'prohibition', scope: 'service-task', target: 'disability', actor: trustee })).allow, true);
  assert.deepEqual(rules(decideConsentRecording(input({ actor: guardian }))), ['S3']);
});

test('S5: a guardian cannot prohibit for a child, but can acknowledge the informing and consent for the child', () => {
  const d = decideConsentRecording(input({ kind: 'prohibition', scope: 'service-task', target: 'disability', actor: guardian }, { client: minor }));
  assert.deepEqual(rules(d), ['S5']);
  assert.equal(decideConsentRecording(input({ actor: guardian }, { client: minor })).allow, true);
  assert.equal(decideConsentRecording(input({ kind: 'prohibition', scope: 'service-task', target: 'disability' }, { client: minor })).allow, true, 'the child itself may');
});

test('S5: a guardian cannot lift the child\'s prohibition; the child can; an informing is never revoked', () => {
  const p: ConsentFact = { id: 'p1', kind: 'prohibition', scope: 'service-task', target: 'disability', givenAt: '2026-02-01T00:00:00.000Z', validFrom: '2026-02-01', revokedAt: null };
  assert.deepEqual(rules(decideRevocation({ fact: p, actor: guardian, client: minor, now })), ['S5']);
  assert.equal(decideRevocation({ fact: p, actor: client, client: minor, now }).allow, true);
  assert.deepEqual(rules(decideRevocation({ fact: informed, actor: client, client: adult, now })), ['D5']);
  assert.equal(decideRevocation({ fact: { ...p, revokedAt: now }, actor: client, client: adult, now }).conflictWith, 'p1');
});

test('S2, D5: a record given just after midnight in Finland is in force at once, whatever the UTC date', () => {
  // 01:30 on the 16th in Helsinki is 22:30 on the 15th in UTC.
  const now2 = '2026-06-15T22:31:00.000Z';
  const informedLate: ConsentFact = { ...informed, givenAt: '2026-06-15T22:30:00.000Z', validFrom: '2026-06-16' };
  const consent = { givenAt: '2026-06-16T01:30:30+03:00', validFrom: '2026-06-16' };
  assert.equal(decideConsentRecording(input(consent, { existing: [informedLate], now: now2 })).allow, true);
  const first: ConsentFact = { id: 'c1', kind: 'social-welfare-consent', givenAt: '2026-06-15T22:30:30.000Z', validFrom: '2026-06-16', revokedAt: null };
  assert.equal(decideConsentRecording(input(consent, { existing: [informedLate, first], now: now2 })).conflictWith, 'c1');
});

test('D5: a consent dated before the day the client received the informing is refused', () => {
  // Only an import can be dated that far back (issue 8); it still comes after the informing.
  const d = decideConsentRecording(input({ givenAt: '2025-12-31T12:00:00+02:00', validFrom: '2025-12-31', imported: true }));
  assert.deepEqual(rules(d), ['D5']);
  assert.match(d.because[0]!.detail, /before the client received/);
});

// Issue 8: a record binds from when it is recorded, so its stated time may lie behind the
// server's clock only by the clock-skew allowance; an import by a service system keeps its time.

test('D5, issue 8: an informing dated a year ago is refused, naming D5 and the allowance', () => {
  const d = decideConsentRecording(input({ kind: 'informing', informingVersion: '2024-1', givenAt: '2025-06-15T10:00:00Z', validFrom: '2025-06-15' }, { existing: [] }));
  assert.equal(d.allow, false);
  assert.deepEqual(rules(d), ['D5']);
  assert.match(d.because[0]!.detail, /365 days before it is recorded.*at most 600 s/);
  assert.equal(d.conflictWith, undefined, 'a refusal, not a conflict (422, not 409)');
});

test('S2, S3, issue 8: a consent backdated 200 days, or a prohibition backdated 11 minutes, is refused with its own rule', () => {
  const consent = decideConsentRecording(input({ givenAt: '2025-11-27T10:00:00Z', validFrom: '2025-11-27' }));
  assert.deepEqual(rules(consent), ['S2']);
  assert.match(consent.because[0]!.detail, /200 days before/);
  const prohibition = decideConsentRecording(input({ kind: 'prohibition', scope: 'service-task', target: 'disability', givenAt: '2026-06-15T09:49:00Z' }));
  assert.deepEqual(rules(prohibition), ['S3']);
  assert.match(prohibition.because[0]!.detail, /11 minutes before/);
});

test('issue 8: within the allowance either way a record is accepted; the allowance is the configured one', () => {
  for (const givenAt of ['2026-06-15T09:55:00Z', '2026-06-15T09:50:00.000Z', '2026-06-15T10:09:59Z']) {
    assert.equal(decideConsentRecording(input({ givenAt })).allow, true, givenAt);
  }
  assert.deepEqual(rules(decideConsentRecording(input({ givenAt: '2026-06-15T10:10:01Z' }))), ['S2'], 'ahead by more than the allowance');
  assert.deepEqual(rules(decideConsentRecording(input({ givenAt: '2026-06-15T09:55:00Z' }, { clockSkewSeconds: 60 }))), ['S2'], 'a smaller configured allowance');
  assert.equal(decideConsentRecording(input({ givenAt: '2026-06-15T09:00:00Z' }, { clockSkewSeconds: 3600 })).allow, true, 'a larger one');
});

test('L5, issue 8: an import keeps its stated time, says so with both times, and is still never in advance', () => {
  const informing = decideConsentRecording(input({ kind: 'informing', informingVersion: '2024-1', givenAt: '2025-06-15T10:00:00Z', validFrom: '2025-06-15', imported: true }, { existing: [] }));
  assert.equal(informing.allow, true);
  const importReason = informing.because.find((b) => b.rule === 'L5');
  assert.match(importReason?.detail ?? '', /import.*2025-06-15T10:00:00Z.*recorded at 2026-06-15T10:00:00.000Z/);
  const earlierInforming: ConsentFact = { ...informed, givenAt: '2025-06-15T10:00:00.000Z', validFrom: '2025-06-15' };
  const consent = decideConsentRecording(input({ givenAt: '2025-11-27T10:00:00Z', validFrom: '2025-11-27', imported: true }, { existing: [earlierInforming] }));
  assert.equal(consent.allow, true);
  assert.deepEqual(rules(consent), ['D5', 'D7', 'L5', 'S2']);
  assert.deepEqual(rules(decideConsentRecording(input({ givenAt: '2026-06-16T10:00:00Z', validFrom: '2026-06-16', imported: true }))), ['S2'], 'an import dated in the future');
});

// The document access decision against an independent reference model written from
// docs/disclosure-decision.md alone (test/support/reference-access-model.ts). The generators draw
// from small universes (3 controllers, 3 service tasks, 3 set ids, a ten-day window around now)
// so that the cases where two facts meet, or just miss, come up often.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { decideDocumentAccess } from '../../src/domain/policy/document-access.ts';
import type { AccessDecision, AccessInput } from '../../src/domain/policy/access-input.ts';
import type { ConsentFact, ProducerAuthorisation } from '../../src/domain/consent.ts';
import { referenceAccess, referencePath, type ReferenceAnswer } from '../support/reference-access-model.ts';

type Relationship = AccessInput['relationships'][number];
type ControllerOid = Relationship['controllerOid'];

// ---------------------------------------------------------------------------------------------
// The universes.

const C1 = '1.2.246.10.99999.1';
const C2 = '1.2.246.10.99999.2';
const C3 = '1.2.246.10.99999.3';
const CONTROLLERS = [C1, C2, C3] as const;
/** Each controller's units: 1-2 each. */
const UNITS: Record<string, readonly string[]> = { [C1]: [`${C1}.1`, `${C1}.2`], [C2]: [`${C2}.1`], [C3]: [`${C3}.1`, `${C3}.2`] };
const ORGANISATIONS = CONTROLLERS.flatMap((c) => [c, ...UNITS[c]!]);
const TASKS = ['1', '2', '3'] as const;
const SET_IDS = ['0a5e1b1e-0000-4000-8000-000000000001', '0a5e1b1e-0000-4000-8000-000000000002', '0a5e1b1e-0000-4000-8000-000000000003'] as const;
const PHASES = ['legacy', '1', '2', '3'] as const;
const INFORMING_VERSIONS = ['2022-1', '2024-1'] as const;
const JUSTIFICATIONS = ['sosiaalihuoltolaki-41', 'lastensuojelulaki-25'] as const;

const TODAY = '2026-03-15';
const NOW_TIMES = ['T00:00:00.000Z', 'T12:00:00.000Z', 'T23:59:59.999Z'] as const;
/** today - 6 .. today + 3: before, on and after today. */
const PAST_DAYS = ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', TODAY] as const;
const DAYS = [...PAST_DAYS, '2026-03-16', '2026-03-17', '2026-03-18'] as const;
/** Revocation instants: earlier days, earlier, equal to and later than now on the same day, later days. */
const REVOCATIONS = [
  '2026-03-10T09:00:00.000Z',
  '2026-03-14T23:59:59.999Z',
  ...NOW_TIMES.map((t) => TODAY + t),
  `${TODAY}T06:00:00.000Z`,
  `${TODAY}T18:00:00.000Z`,
  '2026-03-16T00:00:00.000Z',
  '2026-03-18T09:00:00.000Z',
] as const;
/** Few givenAt values, so ties (and so the smallest-id rule) come up. */
const GIVEN_AT = ['2026-03-01T10:00:00.000Z', '2026-03-12T08:30:00.000Z', '2026-03-12T08:30:00.000Z', `${TODAY}T00:00:00.000Z`, `${TODAY}T12:00:00.000Z`, `${TODAY}T18:00:00.000Z`, '2026-03-17T08:00:00.000Z'] as const;
const CONSENT_IDS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'] as const;

// ---------------------------------------------------------------------------------------------
// The generators.

const pick = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);
/** Mostly `preferred`, sometimes anything from the universe (which may be the preferred one too). */
const mostly = <T>(preferred: T, universe: readonly T[]): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: fc.constant(preferred), weight: 1 }, { arbitrary: pick(universe), weight: 1 });
/** A start (validFrom, startDate): leaning to today or before, so that more records are in force. */
const startArb: fc.Arbitrary<string> = fc.oneof({ arbitrary: pick(PAST_DAYS), weight: 3 }, { arbitrary: pick(DAYS), weight: 2 });
const endDateArb: fc.Arbitrary<string | null> = fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: pick(DAYS), weight: 1 });
const revokedAtArb: fc.Arbitrary<string | null> = fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: pick(REVOCATIONS), weight: 2 });

const requesterArb = pick(CONTROLLERS).chain((controllerOid) =>
  pick([controllerOid, ...UNITS[controllerOid]!]).map((organisationOid) => ({ controllerOid, organisationOid })),
);

const documentArb = fc.record({
  controllerOid: pick(CONTROLLERS),
  serviceTask: pick(TASKS),
  setId: pick(SET_IDS),
  phase: pick(PHASES),
  status: fc.oneof(
    { arbitrary: fc.constant('current' as const), weight: 4 },
    { arbitrary: fc.constant('superseded' as const), weight: 1 },
    { arbitrary: fc.constant('entered-in-error' as const), weight: 1 },
  ),
});

type Base = Pick<AccessInput, 'requester' | 'document' | 'now' | 'latestInformingVersion' | 'legalJustification'>;

const baseArb: fc.Arbitrary<Base> = fc
  .record({
    requester: requesterArb,
    document: documentArb,
    now: pick(NOW_TIMES).map((t) => TODAY + t),
    latestInformingVersion: pick(INFORMING_VERSIONS),
    legalJustification: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: pick(JUSTIFICATIONS), weight: 1 }),
  })
  .map(({ legalJustification, ...rest }) => (legalJustification === undefined ? rest : { ...rest, legalJustification }));

// Relationships lean towards the requester's and the document's controllers so that D1 both holds and fails often.
const relationshipArb = (base: Base): fc.Arbitrary<Relationship> =>
  fc.record({
    controllerOid: fc
      .oneof(
        { arbitrary: fc.constant(base.requester.controllerOid), weight: 3 },
        { arbitrary: fc.constant(base.document.controllerOid), weight: 2 },
        { arbitrary: pick(CONTROLLERS), weight: 1 },
      )
      .map((c) => c as ControllerOid),
    serviceTask: mostly(base.document.serviceTask, TASKS),
    startDate: startArb,
    endDate: endDateArb,
  });

// Authorisations lean towards the document's register and task and the requester's units, so that
// every single condition of S7 both holds and fails often.
const authorisationArb = (base: Base): fc.Arbitrary<ProducerAuthorisation> =>
  fc.record({
    controllerOid: mostly(base.document.controllerOid, CONTROLLERS),
    serviceTask: mostly(base.document.serviceTask, TASKS),
    producerUnitOid: fc.oneof(fc.constant(base.requester.organisationOid), fc.constant(base.requester.controllerOid), pick(ORGANISATIONS)),
    startDate: startArb,
    endDate: endDateArb,
  });

type UnidentifiedFact = Omit<ConsentFact, 'id'>;
const common = { givenAt: pick(GIVEN_AT), validFrom: startArb, revokedAt: revokedAtArb };
const informingArb: fc.Arbitrary<UnidentifiedFact> = fc.record({ kind: fc.constant('informing' as const), informingVersion: pick(INFORMING_VERSIONS), ...common });
const consentArb: fc.Arbitrary<UnidentifiedFact> = fc.record({
  kind: fc.oneof({ arbitrary: fc.constant('social-welfare-consent' as const), weight: 3 }, { arbitrary: fc.constant('health-consent' as const), weight: 1 }),
  ...common,
});
// A prohibition's target mostly comes from its own scope's universe (matching the document or
// not), sometimes from another scope's universe (never matching the field its scope reads).
const prohibitionArb = (base: Base): fc.Arbitrary<UnidentifiedFact> =>
  fc
    .constantFrom('controller' as const, 'service-task' as const, 'document' as const)
    .chain((scope) => {
      const own = { controller: [base.document.controllerOid, ...CONTROLLERS, ...UNITS[base.document.controllerOid]!], 'service-task': [base.document.serviceTask, ...TASKS], document: [base.document.setId, ...SET_IDS] }[scope];
      const target = fc.oneof({ arbitrary: pick(own), weight: 4 }, { arbitrary: pick([...CONTROLLERS, ...TASKS, ...SET_IDS]), weight: 1 });
      return fc.record({ kind: fc.constant('prohibition' as const), scope: fc.constant(scope), target, ...common });
    });
const randomFactArb = (base: Base): fc.Arbitrary<UnidentifiedFact> =>
  fc.oneof({ arbitrary: informingArb, weight: 3 }, { arbitrary: consentArb, weight: 3 }, { arbitrary: prohibitionArb(base), weight: 2 });
// A third of the lists start with an informing of the latest version and a social welfare consent,
// both in force (the rest of the list is as random as ever), so that step 5's allow and every
// combination of its checks come up often; the others are 0-6 random facts.
const seededFactsArb = (base: Base): fc.Arbitrary<UnidentifiedFact[]> =>
  fc
    .tuple(
      fc.record({ kind: fc.constant('informing' as const), informingVersion: fc.constant(base.latestInformingVersion), givenAt: pick(GIVEN_AT), validFrom: pick(PAST_DAYS), revokedAt: fc.constant(null) }),
      fc.record({ kind: fc.constant('social-welfare-consent' as const), givenAt: pick(GIVEN_AT), validFrom: pick(PAST_DAYS), revokedAt: fc.constant(null) }),
      fc.array(randomFactArb(base), { maxLength: 4, size: 'max' }),
    )
    .map(([i, c, rest]) => [i, c, ...rest]);
const consentsArb = (base: Base): fc.Arbitrary<ConsentFact[]> =>
  fc
    .oneof({ arbitrary: fc.array(randomFactArb(base), { maxLength: 6, size: 'max' }), weight: 2 }, { arbitrary: seededFactsArb(base), weight: 1 })
    // Distinct ids in a random order, so that "smallest id" is not "first in the list".
    .chain((facts) =>
      fc.shuffledSubarray([...CONSENT_IDS], { minLength: facts.length, maxLength: facts.length }).map((ids) => facts.map((f, i) => ({ id: ids[i]!, ...f }))),
    );

// S8: the other clients of a shared matter's document. Their records are of every kind (their
// informing and consents must never count for the client), with their own ids; absent for most
// documents, as a document with one client has none.
const CO_CLIENT_IDS = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6'] as const;
const coClientConsentsArb = (base: Base): fc.Arbitrary<ConsentFact[] | undefined> =>
  fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: fc.constant<ConsentFact[]>([]), weight: 1 },
    {
      arbitrary: fc
        .array(fc.oneof({ arbitrary: prohibitionArb(base), weight: 4 }, { arbitrary: informingArb, weight: 1 }, { arbitrary: consentArb, weight: 1 }), { minLength: 1, maxLength: 3, size: 'max' })
        .map((facts) => facts.map((f, i) => ({ id: CO_CLIENT_IDS[i]!, ...f }))),
      weight: 2,
    },
  );

const inputArb: fc.Arbitrary<AccessInput> = baseArb.chain((base) =>
  fc
    .record({
      relationships: fc.oneof({ arbitrary: fc.constant([]), weight: 1 }, { arbitrary: fc.array(relationshipArb(base), { minLength: 1, maxLength: 3, size: 'max' }), weight: 4 }),
      authorisations: fc.array(authorisationArb(base), { maxLength: 3, size: 'max' }),
      consents: consentsArb(base),
      coClientConsents: coClientConsentsArb(base),
    })
    .map(({ coClientConsents, ...rest }) => ({ ...base, ...rest, ...(coClientConsents === undefined ? {} : { coClientConsents }) })),
);

// ---------------------------------------------------------------------------------------------
// Comparison.

/** The contract's part of a decision, in the model's shape. */
function project(d: AccessDecision): ReferenceAnswer {
  if (!d.allow) return { allow: false, denyRules: d.because.map((b) => b.rule) };
  const b = d.basis;
  switch (b.kind) {
    case 'own-register':
      return { allow: true, denyRules: [], basis: { kind: b.kind } };
    case 'authorisation':
      return { allow: true, denyRules: [], basis: { kind: b.kind, producerUnitOid: b.producerUnitOid, startDate: b.startDate, endDate: b.endDate } };
    case 'consent':
      return { allow: true, denyRules: [], basis: { kind: b.kind, consentId: b.consentId } };
    case 'statutory':
      return { allow: true, denyRules: [], basis: { kind: b.kind, justification: b.justification } };
    default:
      return { allow: true, denyRules: [], basis: { kind: (b as { kind: string }).kind } };
  }
}

const RUNS = Number(process.env.KANSIO_PROPERTY_RUNS ?? 100_000);

test(`D4 D3 D5 D6 S2 S3 S4 S6 S7 S8: the access decision agrees with the independent reference model on ${RUNS.toLocaleString('en-US')} random cases`, (t) => {
  const started = performance.now();
  fc.assert(
    fc.property(inputArb, (input) => {
      const decision = decideDocumentAccess(input);
      const model = referenceAccess(input);
      const production = project(decision);
      if (!isDeepStrictEqual(production, model)) {
        assert.fail(
          'the decision and the reference model disagree\n' +
            JSON.stringify({ input, path: referencePath(input), production: decision, productionProjected: production, model }, null, 2),
        );
      }
    }),
    { numRuns: RUNS },
  );
  t.diagnostic(`${RUNS} cases in ${Math.round(performance.now() - started)} ms`);
});

// ---------------------------------------------------------------------------------------------
// The generator reaches every branch.

test('D1 D2 D3 D4 D5 D6 L1 L2 S2 S3 S6 S7 S8: the generators reach every allow basis and every deny rule', (t) => {
  const counts = new Map<string, number>();
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const input of fc.sample(inputArb, { numRuns: 10_000 })) {
    const answer = referenceAccess(input);
    const path = referencePath(input);
    if (answer.allow) bump(`allow-${answer.basis!.kind}`);
    else {
      for (const rule of answer.denyRules) {
        bump(rule);
        bump(`${path}:${rule}`);
      }
    }
    // Several social welfare consents in force at an allow: the newest / smallest-id choice matters.
    const inForce = input.consents.filter((c) => c.kind === 'social-welfare-consent' && c.givenAt <= input.now && (c.revokedAt === null || c.revokedAt > input.now));
    if (answer.allow && answer.basis!.kind === 'consent' && inForce.length > 1) bump('consent-chosen-among-several');
    // S8: a prohibition reason that only another client's prohibition gives; the owner despite one.
    const withoutCoClients = referenceAccess({ ...input, coClientConsents: [] });
    if (answer.denyRules.some((r) => r.startsWith('S3') && !withoutCoClients.denyRules.includes(r))) bump('S8:co-client-prohibition-denies');
    if (!answer.allow && withoutCoClients.allow) bump('S8:co-client-prohibition-alone-denies'); // rarer: shown in the diagnostic only
    if (answer.allow && answer.basis!.kind === 'own-register' && (input.coClientConsents ?? []).some((c) => c.kind === 'prohibition')) bump('S8:owner-not-bound-by-co-client');
  }
  t.diagnostic(JSON.stringify(Object.fromEntries([...counts].sort())));
  const expected = [
    'allow-own-register',
    'allow-authorisation',
    'allow-consent',
    'allow-statutory',
    'D1',
    'L1',
    'L2',
    'S6',
    'D5',
    'S2',
    'S3(a)',
    'S3(b)',
    'S3(c)',
    'own-register:D1',
    'own-register:L2',
    'authorisation:L2',
    'disclosure:D1',
    'disclosure:L2',
    'consent-chosen-among-several',
    'S8:co-client-prohibition-denies',
    'S8:owner-not-bound-by-co-client',
  ];
  for (const key of expected) assert.ok((counts.get(key) ?? 0) >= 10, `${key} came up ${counts.get(key) ?? 0} times in 10,000 cases`);
});

// ---------------------------------------------------------------------------------------------
// The reference model itself, against hand-computed answers.

const NOW = `${TODAY}T12:00:00.000Z`;
const YESTERDAY = '2026-03-14';
const TOMORROW = '2026-03-16';
const rel = (controllerOid: string, serviceTask: string, startDate = '2026-01-01', endDate: string | null = null): Relationship => ({
  controllerOid: controllerOid as ControllerOid,
  serviceTask,
  startDate,
  endDate,
});
const fact = (id: string, kind: ConsentFact['kind'], extra: Partial<ConsentFact> = {}): ConsentFact => ({
  id,
  kind,
  givenAt: '2026-03-01T10:00:00.000Z',
  validFrom: '2026-03-01',
  revokedAt: null,
  ...extra,
});
const informing = (id = 'i1', informingVersion = '2024-1') => fact(id, 'informing', { informingVersion });
const prohibition = (id: string, scope: 'controller' | 'service-task' | 'document', target: string, extra: Partial<ConsentFact> = {}) =>
  fact(id, 'prohibition', { scope, target, ...extra });
const allProhibitions = [prohibition('p1', 'controller', C1), prohibition('p2', 'service-task', '2'), prohibition('p3', 'document', SET_IDS[0])];

/** C2's unit asks for C1's service task 2 document, set SET_IDS[0], phase 2, current. */
const input = (over: Partial<AccessInput> = {}): AccessInput => ({
  requester: { controllerOid: C2, organisationOid: `${C2}.1` },
  document: { controllerOid: C1, serviceTask: '2', setId: SET_IDS[0], phase: '2', status: 'current' },
  relationships: [rel(C2, '3')],
  authorisations: [],
  consents: [informing(), fact('s1', 'social-welfare-consent')],
  latestInformingVersion: '2024-1',
  now: NOW,
  ...over,
});
const denies = (rules: string[]): ReferenceAnswer => ({ allow: false, denyRules: rules });

test('S4: prohibitions do not bind the owner or an authorised producer (reference model)', () => {
  const consents = allProhibitions; // and no informing, no consent
  // The owner: C1 itself, with a relationship in the document's service task.
  const owner = input({ requester: { controllerOid: C1, organisationOid: `${C1}.2` }, relationships: [rel(C1, '2')], consents });
  assert.deepEqual(referenceAccess(owner), { allow: true, denyRules: [], basis: { kind: 'own-register' } });
  // The owner still needs its relationship in that service task (D1), and L2 still applies.
  assert.deepEqual(referenceAccess({ ...owner, relationships: [rel(C1, '1'), rel(C2, '2')] }), denies(['D1']));
  assert.deepEqual(referenceAccess({ ...owner, document: { ...owner.document, status: 'entered-in-error' } }), denies(['L2']));
  assert.deepEqual(referenceAccess({ ...owner, relationships: [], document: { ...owner.document, status: 'entered-in-error' } }), denies(['D1']));
  // An authorised producer unit of C2: no relationship, consent or informing needed, any phase.
  const a: ProducerAuthorisation = { controllerOid: C1, serviceTask: '2', producerUnitOid: `${C2}.1`, startDate: '2026-01-01', endDate: null };
  const producer = input({ authorisations: [a], relationships: [], consents, document: { ...input().document, phase: 'legacy', status: 'superseded' } });
  assert.deepEqual(referenceAccess(producer), { allow: true, denyRules: [], basis: { kind: 'authorisation', producerUnitOid: `${C2}.1`, startDate: '2026-01-01', endDate: null } });
  assert.deepEqual(referenceAccess({ ...producer, document: { ...producer.document, status: 'entered-in-error' } }), denies(['L2']));
  // Anyone else is bound: every failing check at once.
  assert.deepEqual(referenceAccess(input({ consents })), denies(['D5', 'S2', 'S3(a)', 'S3(b)', 'S3(c)']));
  assert.deepEqual(referenceAccess(input({ consents, document: { ...input().document, phase: '1' } })), denies(['S6', 'D5', 'S2', 'S3(a)', 'S3(b)', 'S3(c)']));
});

test('S2: a health care consent does not count; the basis is the newest social welfare consent, ties the smallest id (reference model)', () => {
  assert.deepEqual(referenceAccess(input({ consents: [informing(), fact('h1', 'health-consent')] })), denies(['S2']));
  assert.deepEqual(referenceAccess(input({ consents: [informing(), fact('h1', 'health-consent'), fact('s1', 'social-welfare-consent')] })), {
    allow: true,
    denyRules: [],
    basis: { kind: 'consent', consentId: 's1' },
  });
  // Given after now, revoked exactly now, revoked earlier today: none of them in force.
  for (const extra of [{ givenAt: `${TOMORROW}T08:00:00.000Z`, validFrom: TOMORROW }, { revokedAt: NOW }, { revokedAt: `${TODAY}T06:00:00.000Z` }]) {
    assert.deepEqual(referenceAccess(input({ consents: [informing(), fact('s1', 'social-welfare-consent', extra)] })), denies(['S2']));
  }
  // Given earlier today and revoked later today: in force.
  const later = fact('s1', 'social-welfare-consent', { givenAt: `${TODAY}T06:00:00.000Z`, validFrom: TODAY, revokedAt: `${TODAY}T18:00:00.000Z` });
  assert.equal(referenceAccess(input({ consents: [informing(), later] })).allow, true);
  const consents = [
    informing(),
    fact('s9', 'social-welfare-consent', { givenAt: '2026-03-10T08:00:00.000Z' }),
    fact('s7', 'social-welfare-consent', { givenAt: '2026-03-12T08:00:00.000Z' }),
    fact('s3', 'social-welfare-consent', { givenAt: '2026-03-12T08:00:00.000Z' }),
    fact('s1', 'social-welfare-consent', { givenAt: '2026-03-13T08:00:00.000Z', revokedAt: '2026-03-14T08:00:00.000Z' }),
    fact('s0', 'health-consent', { givenAt: '2026-03-14T08:00:00.000Z' }),
  ];
  assert.deepEqual(referenceAccess(input({ consents })).basis, { kind: 'consent', consentId: 's3' });
  // D5: the informing must be of the latest version.
  assert.deepEqual(referenceAccess(input({ consents: [informing('i1', '2022-1'), fact('s1', 'social-welfare-consent')] })), denies(['D5']));
});

test('S3(c): a per-document prohibition hits by set id only, while in force (reference model)', () => {
  const withProhibition = (p: ConsentFact) => input({ consents: [...input().consents, p] });
  assert.deepEqual(referenceAccess(withProhibition(prohibition('p1', 'document', SET_IDS[0]))), denies(['S3(c)']));
  assert.equal(referenceAccess(withProhibition(prohibition('p1', 'document', SET_IDS[1]))).allow, true);
  // A set id named under another scope does not hit; the document's controller named as a document does not either.
  assert.equal(referenceAccess(withProhibition(prohibition('p1', 'service-task', SET_IDS[0]))).allow, true);
  assert.equal(referenceAccess(withProhibition(prohibition('p1', 'document', C1))).allow, true);
  assert.deepEqual(referenceAccess(withProhibition(prohibition('p1', 'document', SET_IDS[0], { revokedAt: `${TODAY}T18:00:00.000Z` }))), denies(['S3(c)']));
  assert.equal(referenceAccess(withProhibition(prohibition('p1', 'document', SET_IDS[0], { revokedAt: `${TODAY}T06:00:00.000Z` }))).allow, true);
  assert.equal(referenceAccess(withProhibition(prohibition('p1', 'document', SET_IDS[0], { givenAt: `${TOMORROW}T08:00:00.000Z`, validFrom: TOMORROW }))).allow, true);
  assert.deepEqual(referenceAccess(withProhibition(prohibition('p1', 'document', SET_IDS[0], { givenAt: `${TODAY}T00:00:00.000Z`, validFrom: TODAY }))), denies(['S3(c)']));
  // In force from the instant given: a prohibition given later today does not bind yet.
  assert.equal(referenceAccess(withProhibition(prohibition('p1', 'document', SET_IDS[0], { givenAt: `${TODAY}T23:00:00.000Z`, validFrom: TODAY }))).allow, true);
  // (a) and (b) hit by the document's controller and service task.
  assert.deepEqual(referenceAccess(withProhibition(prohibition('p1', 'controller', C1))), denies(['S3(a)']));
  assert.equal(referenceAccess(withProhibition(prohibition('p1', 'controller', C2))).allow, true);
  assert.deepEqual(referenceAccess(withProhibition(prohibition('p1', 'service-task', '2'))), denies(['S3(b)']));
});

test('S8: another client\'s prohibitions bind a disclosure, their informing and consent never stand in, and the owner is not bound (reference model)', () => {
  const other = [prohibition('o1', 'controller', C1), prohibition('o2', 'document', SET_IDS[0])];
  // The client through whom it is reached has informing and consent: the other client's prohibitions still bind.
  assert.deepEqual(referenceAccess(input({ coClientConsents: other })), denies(['S3(a)', 'S3(c)']));
  assert.deepEqual(referenceAccess(input({ coClientConsents: [prohibition('o1', 'document', SET_IDS[1])] })).allow, true);
  // A revoked or future prohibition of the other client does not.
  assert.equal(referenceAccess(input({ coClientConsents: [prohibition('o1', 'controller', C1, { revokedAt: `${TODAY}T06:00:00.000Z` })] })).allow, true);
  assert.equal(referenceAccess(input({ coClientConsents: [prohibition('o1', 'controller', C1, { givenAt: `${TOMORROW}T08:00:00.000Z` })] })).allow, true);
  // Both clients prohibiting the same controller: one reason.
  assert.deepEqual(referenceAccess(input({ consents: [...input().consents, prohibition('p1', 'controller', C1)], coClientConsents: other })), denies(['S3(a)', 'S3(c)']));
  // The other client's informing and consent never stand in for the client's.
  assert.deepEqual(referenceAccess(input({ consents: [], coClientConsents: [informing('o1'), fact('o2', 'social-welfare-consent')] })), denies(['D5', 'S2']));
  // S4: neither the owner nor an authorised producer is bound; a statutory search is not either.
  const owner = input({ requester: { controllerOid: C1, organisationOid: C1 }, relationships: [rel(C1, '2')], coClientConsents: other });
  assert.deepEqual(referenceAccess(owner), { allow: true, denyRules: [], basis: { kind: 'own-register' } });
  const a: ProducerAuthorisation = { controllerOid: C1, serviceTask: '2', producerUnitOid: `${C2}.1`, startDate: '2026-01-01', endDate: null };
  assert.equal(referenceAccess(input({ authorisations: [a], coClientConsents: other })).basis?.kind, 'authorisation');
  assert.equal(referenceAccess(input({ legalJustification: JUSTIFICATIONS[0], coClientConsents: other })).basis?.kind, 'statutory');
});

test('D6: a legal justification reaches legacy, phase 1 and prohibited documents, but not L2, L1 or D1 (reference model)', () => {
  const statutory = { allow: true, denyRules: [], basis: { kind: 'statutory', justification: JUSTIFICATIONS[0] } };
  for (const phase of PHASES) {
    const i = input({ legalJustification: JUSTIFICATIONS[0], consents: allProhibitions, document: { ...input().document, phase } });
    assert.deepEqual(referenceAccess(i), statutory);
  }
  const i = input({ legalJustification: JUSTIFICATIONS[0], consents: [] });
  assert.deepEqual(referenceAccess({ ...i, document: { ...i.document, status: 'superseded' } }), denies(['L1']));
  assert.deepEqual(referenceAccess({ ...i, document: { ...i.document, status: 'entered-in-error' } }), denies(['L2']));
  assert.deepEqual(referenceAccess({ ...i, relationships: [rel(C1, '2')] }), denies(['D1']));
  assert.deepEqual(referenceAccess({ ...i, relationships: [rel(C2, '1', TOMORROW)] }), denies(['D1']));
  assert.deepEqual(referenceAccess({ ...i, relationships: [rel(C2, '1', '2026-01-01', YESTERDAY)] }), denies(['D1']));
  assert.deepEqual(referenceAccess({ ...i, relationships: [rel(C2, '1', TODAY, TODAY)] }), statutory);
  // The stops come in order: L2 before L1 before D1.
  assert.deepEqual(referenceAccess({ ...i, relationships: [], document: { ...i.document, status: 'entered-in-error' } }), denies(['L2']));
  assert.deepEqual(referenceAccess({ ...i, relationships: [], document: { ...i.document, status: 'superseded' } }), denies(['L1']));
});

test('S7: the authorisation window is inclusive at both ends, for the requester\'s organisation or controller (reference model)', () => {
  const a = (over: Partial<ProducerAuthorisation>): ProducerAuthorisation => ({ controllerOid: C1, serviceTask: '2', producerUnitOid: `${C2}.1`, startDate: '2026-01-01', endDate: null, ...over });
  // No relationship, no consents: without the authorisation this is a D1 denial on the disclosure path.
  const i = (authorisations: ProducerAuthorisation[]) => input({ authorisations, relationships: [], consents: [] });
  const kind = (x: AccessInput) => referenceAccess(x).basis?.kind ?? referenceAccess(x).denyRules.join(' ');
  assert.equal(kind(i([a({ startDate: TODAY })])), 'authorisation');
  assert.equal(kind(i([a({ endDate: TODAY })])), 'authorisation');
  assert.equal(kind(i([a({ startDate: TODAY, endDate: TODAY })])), 'authorisation');
  assert.equal(kind(i([a({ startDate: TOMORROW })])), 'D1');
  assert.equal(kind(i([a({ endDate: YESTERDAY })])), 'D1');
  assert.equal(kind(i([a({ producerUnitOid: C2 })])), 'authorisation');
  assert.equal(kind(i([a({ producerUnitOid: `${C3}.1` })])), 'D1');
  assert.equal(kind(i([a({ producerUnitOid: C1 })])), 'D1');
  assert.equal(kind(i([a({ serviceTask: '1' })])), 'D1');
  assert.equal(kind(i([a({ controllerOid: C3 })])), 'D1');
  // The first matching authorisation gives the basis.
  const chosen = referenceAccess(i([a({ endDate: YESTERDAY }), a({ producerUnitOid: C2, startDate: '2026-02-01' }), a({ startDate: '2026-03-01' })]));
  assert.deepEqual(chosen.basis, { kind: 'authorisation', producerUnitOid: C2, startDate: '2026-02-01', endDate: null });
  // Every phase is reachable; a superseded version too.
  assert.equal(kind({ ...i([a({})]), document: { ...input().document, phase: 'legacy', status: 'superseded' } }), 'authorisation');
});

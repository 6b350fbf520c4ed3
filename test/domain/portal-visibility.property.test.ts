// The portal visibility decision against an independent reference model written from
// docs/portal-visibility.md alone (test/support/reference-portal-model.ts), and the citizen's
// view of the audit trail (V11) against the properties it must never break. The generators draw
// from small universes (2 controllers, 2 service tasks, a six-day window around today, one type
// of every kind that matters) so that the cases where two facts meet, or just miss, come up often.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { allDocumentTypes, DOCUMENT_TYPE_SYSTEM } from '../../src/domain/codes/index.ts';
import { decidePortalVisibility, type PortalCategory, type PortalSettings, type PortalVisibilityInput } from '../../src/domain/policy/portal-visibility.ts';
import { decideCitizenAuditView } from '../../src/domain/policy/citizen-audit-view.ts';
import type { AuditBasis, AuditDocument, AuditRecord } from '../../src/domain/audit-record.ts';
import { referencePortal, type ReferencePortalAnswer } from '../support/reference-portal-model.ts';

// ---------------------------------------------------------------------------------------------
// The universes.

const C1 = '1.2.246.10.99999.1';
const C2 = '1.2.246.10.99999.2';
const CONTROLLERS = [C1, C2] as const;
const TASKS = ['1', '2'] as const;
const TODAY = '2026-03-15';
const DAYS = ['2026-03-13', '2026-03-14', TODAY, '2026-03-16', '2026-03-17'] as const;
const CATEGORIES: readonly PortalCategory[] = ['client-journal-entry', 'shared-matter', 'client-relationship', 'parenthood-investigation', 'adoption-counselling'];

// One type per (general type, subject group) pair of the national list: every kind the rules
// name, a handful of ordinary ones, and a code outside the list.
const TYPES: readonly { typeSystem: string; typeCode: string }[] = (() => {
  const seen = new Map<string, { typeSystem: string; typeCode: string }>();
  for (const t of allDocumentTypes()) {
    const key = `${t.generalType}|${t.subjectGroup}`;
    if (!seen.has(key)) seen.set(key, { typeSystem: t.system, typeCode: t.code });
  }
  return [...seen.values(), { typeSystem: DOCUMENT_TYPE_SYSTEM, typeCode: '99999' }];
})();

// ---------------------------------------------------------------------------------------------
// The generators.

const pick = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);
const often = <T>(value: T, other: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ arbitrary: fc.constant(value), weight: 2 }, { arbitrary: other, weight: 1 });
const dayOrNull = (nullWeight: number): fc.Arbitrary<string | null> => fc.oneof({ arbitrary: fc.constant(null), weight: nullWeight }, { arbitrary: pick(DAYS), weight: 1 });

const documentArb = fc.record({
  setId: fc.constant('0a5e1b1e-0000-4000-8000-000000000001'),
  controllerOid: pick(CONTROLLERS),
  serviceTask: pick(TASKS),
  type: pick(TYPES),
  phase: fc.oneof({ arbitrary: pick(['2', '3'] as const), weight: 4 }, { arbitrary: pick(['legacy', '1'] as const), weight: 1 }),
  status: fc.oneof({ arbitrary: fc.constant('current' as const), weight: 6 }, { arbitrary: pick(['superseded', 'entered-in-error'] as const), weight: 1 }),
  displayDelayedUntil: dayOrNull(3),
  specialContent: often(false, fc.boolean()),
  hiddenFromGuardians: often(false, fc.boolean()),
  portalOptIn: fc.boolean(),
  sharedMatter: often(false, fc.boolean()),
}).map(({ type, ...rest }) => ({ ...rest, ...type }));

const settingsArb: fc.Arbitrary<PortalSettings> = fc.record({
  categoryShownFrom: fc.tuple(...CATEGORIES.map(() => dayOrNull(1))).map((days) => Object.fromEntries(CATEGORIES.map((c, i) => [c, days[i]!])) as Record<PortalCategory, string | null>),
  // Listed with a day, listed with null (falls back to the default), or not listed.
  controllerStart: fc.dictionary(pick(CONTROLLERS), dayOrNull(1), { maxKeys: 2 }),
  defaultControllerStart: dayOrNull(2),
  serviceTaskStart: fc.dictionary(pick(CONTROLLERS.flatMap((c) => TASKS.map((t) => `${c}|${t}`))), pick(DAYS), { maxKeys: 2 }),
  // Absent, or up to two periods per controller, each from and until in the window (possibly backwards: then never in force).
  transitionPeriods: fc.option(fc.dictionary(pick(CONTROLLERS), fc.array(fc.record({
    name: fc.constantFrom('Migration', 'Check'),
    category: pick(['all', ...CATEGORIES] as const),
    from: pick(DAYS),
    until: pick(DAYS),
  }), { maxLength: 2 }), { maxKeys: 2 }), { nil: undefined }),
}, { requiredKeys: ['categoryShownFrom', 'controllerStart', 'defaultControllerStart', 'serviceTaskStart'] });

const inputArb: fc.Arbitrary<PortalVisibilityInput> = fc.record({
  viewer: pick(['self', 'guardian', 'information-right', 'mandate'] as const).map((kind) => ({ kind })),
  document: documentArb,
  settings: settingsArb,
  today: fc.constant(TODAY),
});

function project(input: PortalVisibilityInput): ReferencePortalAnswer {
  const d = decidePortalVisibility(input);
  return { show: d.show, restricted: d.show ? false : d.restricted, rules: d.because.map((b) => b.rule).sort() };
}

const RUNS = Number(process.env.KANSIO_PROPERTY_RUNS ?? 100_000);

test(`V2 V3 V4 V5 V6 V7 V8 V9 V10: the portal decision agrees with the independent reference model on ${RUNS.toLocaleString('en-US')} random cases`, (t) => {
  const started = performance.now();
  fc.assert(
    fc.property(inputArb, (input) => {
      const production = project(input);
      const model = referencePortal(input);
      if (!isDeepStrictEqual(production, model)) {
        assert.fail('the decision and the reference model disagree\n' + JSON.stringify({ input, production: decidePortalVisibility(input), model }, null, 2));
      }
    }),
    { numRuns: RUNS },
  );
  t.diagnostic(`${RUNS} cases in ${Math.round(performance.now() - started)} ms`);
});

test('V2 V3 V4 V5 V6 V10: the generators reach every rule, alone and together', (t) => {
  const counts = new Map<string, number>();
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const input of fc.sample(inputArb, { numRuns: 10_000 })) {
    const answer = referencePortal(input);
    const distinct = [...new Set(answer.rules)];
    if (answer.show) bump('show');
    else {
      for (const rule of distinct) bump(`hide:${rule}`);
      if (distinct.length === 1) bump(`only:${distinct[0]}`);
      if (answer.restricted) bump('restricted');
      if (!answer.restricted && distinct.some((r) => r.startsWith('V5'))) bump('V5-with-another');
      if (answer.rules.length > distinct.length) bump('repeated-rule');
    }
    if (answer.show && answer.rules.includes('V4')) bump('show:V4');
    if (answer.show && answer.rules.includes('V10')) bump('show:V10');
    if (answer.show && answer.rules.includes('V5(c)')) bump('show:V5(c)');
  }
  t.diagnostic(JSON.stringify(Object.fromEntries([...counts].sort())));
  const expected = ['show', 'restricted', 'V5-with-another', 'repeated-rule', 'show:V4', 'show:V10', 'show:V5(c)',
    ...['V2', 'V3', 'V4', 'V5(a)', 'V5(b)', 'V5(c)', 'V10'].flatMap((r) => [`hide:${r}`, `only:${r}`])];
  for (const key of expected) assert.ok((counts.get(key) ?? 0) >= 10, `${key} came up ${counts.get(key) ?? 0} times in 10,000 cases`);
});

// ---------------------------------------------------------------------------------------------
// V11: the citizen's view of an audit record.

const SET_IDS = ['s1', 's2', 's3', 's4'] as const;
// Markers that must never reach an entry: they stand for what the record holds for supervisors only.
const SECRET = 'SECRET-';

const basisArb: fc.Arbitrary<AuditBasis | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant({ kind: 'own-register' as const }),
  fc.constant({ kind: 'consent' as const, consentId: `${SECRET}consent` }),
  fc.constant({ kind: 'authorisation' as const, producerUnitOid: `${SECRET}unit`, startDate: '2026-01-01', endDate: null }),
  pick(['urgent-assistance', 'supervisory-authority']).map((justification) => ({ kind: 'statutory' as const, justification })),
);
const auditDocumentArb: fc.Arbitrary<AuditDocument> = fc
  .record({ setId: pick(SET_IDS), controllerOid: pick(CONTROLLERS), serviceTask: fc.option(pick(TASKS), { nil: undefined }), basis: basisArb })
  .map(({ setId, controllerOid, serviceTask, basis }) => ({
    versionId: `${SECRET}version-${setId}`, setId, typeCode: `type-of-${setId}`, controllerOid,
    ...(serviceTask !== undefined ? { serviceTask } : {}), ...(basis ? { basis } : {}),
  }));
const recordArb: fc.Arbitrary<AuditRecord> = fc
  .record({
    action: pick(['store', 'search', 'read', 'invalidate', 'audit-search', 'explain', 'consent-record', 'consent-revoke', 'consent-read', 'audit-read'] as const),
    outcome: pick(['success', 'denied', 'failed'] as const),
    personKey: fc.option(pick(['p1', 'p2']), { nil: undefined }),
    professional: fc.option(fc.constant({ id: `${SECRET}professional-id`, name: 'Maija Meikäläinen', title: 'sosiaalityöntekijä', organisationOid: C1 }), { nil: undefined }),
    documents: fc.option(fc.array(auditDocumentArb, { maxLength: 4 }), { nil: undefined }),
    disclosure: fc.option(fc.constant({ disclosers: [`${SECRET}discloser`], purpose: `${SECRET}purpose` }), { nil: undefined }),
    portal: fc.option(fc.record({ viewerPersonKey: fc.constant(`viewer-key`), relation: pick(['self', 'guardian', 'information-right', 'mandate'] as const) }), { nil: undefined }),
    consents: fc.option(fc.constant([{ consentId: `${SECRET}consent-id`, version: 1, kind: 'prohibition' }]), { nil: undefined }),
  })
  .map(({ professional, documents, disclosure, portal, consents, personKey, ...rest }) => ({
    eventId: 'e1', recordedAt: '2026-03-15T10:00:00.000Z', transaction: `${SECRET}transaction`, system: { id: `${SECRET}system`, name: `${SECRET}system-name` },
    organisationOid: C2, personFhirId: `${SECRET}fhir-id`,
    query: `${SECRET}query patient.identifier=010101A900X`, because: [{ rule: 'S3(c)', detail: `${SECRET}because` }],
    withheldElsewhere: [{ rule: 'S3(a)', detail: `${SECRET}withheld` }], detail: `${SECRET}detail`,
    ...rest,
    ...(personKey ? { personKey } : {}), ...(professional ? { professional } : {}), ...(documents ? { documents } : {}),
    ...(disclosure ? { disclosure } : {}), ...(portal ? { portal } : {}), ...(consents ? { consents } : {}),
  }));
const visibleArb = fc.subarray([...SET_IDS]).map((ids) => new Set<string>(ids));

const AUDIT_RUNS = Math.max(1, Math.floor(RUNS / 5));

test(`V11: no entry names a document outside the portal-visible set, or carries the query, the reasons or the system (${AUDIT_RUNS.toLocaleString('en-US')} random records)`, () => {
  fc.assert(
    fc.property(recordArb, visibleArb, (record, visible) => {
      const view = decideCitizenAuditView(record, visible);
      assert.equal(view.visible, record.personKey !== undefined);
      if (!view.visible) return;
      const { entry } = view;
      const listed = record.documents ?? [];
      for (const d of entry.documents) assert.ok(visible.has(d.setId), `names ${d.setId}, not visible`);
      assert.equal(entry.documents.length, listed.filter((d) => visible.has(d.setId)).length);
      assert.equal(entry.otherDocuments, listed.length - entry.documents.length);
      const text = JSON.stringify(entry);
      assert.ok(!text.includes(SECRET), `the entry carries a supervisor-only field: ${text}`);
      assert.ok(!text.includes('010101A900X'));
      // Nothing of a hidden document: neither its set id nor its type.
      for (const d of listed) if (!visible.has(d.setId)) assert.ok(!text.includes(d.setId) && !text.includes(d.typeCode), `hidden ${d.setId} shows`);
      if (record.portal?.relation === 'self') assert.ok(!text.includes('viewer-key'));
    }),
    { numRuns: AUDIT_RUNS },
  );
});

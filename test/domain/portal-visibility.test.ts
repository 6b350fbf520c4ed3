// The portal visibility decision (docs/portal-visibility.md) by example, one or more tests per
// rule id. The property test (portal-visibility.property.test.ts) covers the combinations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCUMENT_GROUP_SYSTEM, DOCUMENT_TYPE_SYSTEM } from '../../src/domain/codes/index.ts';
import {
  decidePortalVisibility,
  defaultPortalSettings,
  NO_PORTAL_CATEGORIES_SHOWN,
  portalCategoriesOf,
  portalCategoryOf,
  type PortalCategory,
  type PortalDecision,
  type PortalDocument,
  type PortalSettings,
  type ViewerRelation,
} from '../../src/domain/policy/portal-visibility.ts';

const TODAY = '2026-06-01';
const YESTERDAY = '2026-05-31';
const TOMORROW = '2026-06-02';
const C1 = '1.2.246.10.1';
const C2 = '1.2.246.10.2';

const T = (typeCode: string) => ({ typeSystem: DOCUMENT_TYPE_SYSTEM, typeCode });
const TYPES = {
  olderPeopleDecision: T('11000'),
  journalEntry: T('19013'),
  shelterPlan: T('15019'),
  violenceSafetyPlan: T('15025'),
  custodyInvestigation: T('7005'),
  paymentCommitment: T('9001'),
  socialAssistancePaymentCommitment: T('9002'),
  parenthoodRecord: T('7016'),
  adoptionStatement: T('7000'),
  clientRelationship: { typeSystem: DOCUMENT_GROUP_SYSTEM, typeCode: '1' },
} as const;

const SELF: ViewerRelation = { kind: 'self' };
const GUARDIAN: ViewerRelation = { kind: 'guardian' };
const INFORMATION_RIGHT: ViewerRelation = { kind: 'information-right' };
const MANDATE: ViewerRelation = { kind: 'mandate' };

const aDocument = (over: Partial<PortalDocument> = {}): PortalDocument => ({
  setId: '0a5e1b1e-0000-4000-8000-000000000001', controllerOid: C1, serviceTask: 'older-people',
  ...TYPES.olderPeopleDecision, phase: '2', status: 'current',
  displayDelayedUntil: null, specialContent: false, hiddenFromGuardians: false, portalOptIn: false, sharedMatter: false,
  ...over,
});
const allCategoriesFrom = (day: string | null): Record<PortalCategory, string | null> => ({
  'client-journal-entry': day, 'shared-matter': day, 'client-relationship': day, 'parenthood-investigation': day, 'adoption-counselling': day,
});

function decide(document: Partial<PortalDocument> = {}, { viewer = SELF, settings = defaultPortalSettings(), today = TODAY }: { viewer?: ViewerRelation; settings?: PortalSettings; today?: string } = {}): PortalDecision {
  return decidePortalVisibility({ viewer, document: aDocument(document), settings, today });
}
const rules = (d: PortalDecision): string[] => d.because.map((b) => b.rule);
function assertHidden(d: PortalDecision, expectedRules: string[], restricted: boolean): void {
  assert.equal(d.show, false, JSON.stringify(d));
  assert.deepEqual(rules(d), expectedRules);
  if (!d.show) assert.equal(d.restricted, restricted);
}

test('V1 V7: the client sees their own decision in phase 2; the decision says why', () => {
  const d = decide();
  assert.equal(d.show, true);
  assert.deepEqual(rules(d), ['V1', 'V7', 'V2']);
  for (const b of d.because) assert.ok(b.detail.length > 0);
});

test('V2: legacy and phase 1 documents are never shown; phase 2 and 3 are', () => {
  assertHidden(decide({ phase: 'legacy' }), ['V2'], false);
  assertHidden(decide({ phase: '1' }), ['V2'], false);
  assert.equal(decide({ phase: '2' }).show, true);
  assert.equal(decide({ phase: '3' }).show, true);
});

test('V3: shelter service, violence work and custody and visitation documents are never shown, whatever the settings', () => {
  const everything = defaultPortalSettings({ categoryShownFrom: allCategoriesFrom('2020-01-01') });
  for (const type of [TYPES.shelterPlan, TYPES.violenceSafetyPlan, TYPES.custodyInvestigation]) {
    assertHidden(decide(type, { settings: everything }), ['V3'], false);
    assertHidden(decide({ ...type, portalOptIn: true }, { settings: everything }), ['V3'], false);
  }
});

test('V3: payment commitments are never shown, in any subject group', () => {
  assertHidden(decide(TYPES.paymentCommitment), ['V3'], false);
  assertHidden(decide(TYPES.socialAssistancePaymentCommitment), ['V3'], false);
});

test('V3 L2: an invalidated document is never shown, and no restriction is signposted for it', () => {
  assertHidden(decide({ status: 'entered-in-error' }), ['V3'], false);
  assertHidden(decide({ status: 'entered-in-error', specialContent: true }), ['V3', 'V5(b)'], false);
});

test('V3 L1: an earlier version of a corrected document is never shown', () => {
  assertHidden(decide({ status: 'superseded' }), ['V3'], false);
});

test('V3: a type outside the national list is not shown (fail closed)', () => {
  assertHidden(decide(T('99999')), ['V3'], false);
});

test('V3: every never-shown reason is given, one per condition', () => {
  assertHidden(decide({ ...TYPES.shelterPlan, status: 'superseded' }), ['V3', 'V3'], false);
});

test('V4: client journal entries wait for the deployment\'s date', () => {
  assertHidden(decide(TYPES.journalEntry), ['V4'], false);
  const from = (day: string) => defaultPortalSettings({ categoryShownFrom: { ...NO_PORTAL_CATEGORIES_SHOWN, 'client-journal-entry': day } });
  assertHidden(decide(TYPES.journalEntry, { settings: from(TOMORROW) }), ['V4'], false);
  assert.equal(decide(TYPES.journalEntry, { settings: from(TODAY) }).show, true);
  assert.deepEqual(rules(decide(TYPES.journalEntry, { settings: from(YESTERDAY) })), ['V1', 'V7', 'V2', 'V4']);
});

test('V4: the client relationship document (document group 1505, code 1) waits for its setting', () => {
  assert.equal(portalCategoryOf({ ...TYPES.clientRelationship, sharedMatter: false }), 'client-relationship');
  assertHidden(decide(TYPES.clientRelationship), ['V4'], false);
  const on = defaultPortalSettings({ categoryShownFrom: { ...NO_PORTAL_CATEGORIES_SHOWN, 'client-relationship': TODAY } });
  assert.equal(decide(TYPES.clientRelationship, { settings: on }).show, true);
});

test('V4: parenthood investigation and adoption counselling documents wait for their settings', () => {
  for (const [type, category] of [[TYPES.parenthoodRecord, 'parenthood-investigation'], [TYPES.adoptionStatement, 'adoption-counselling']] as const) {
    assertHidden(decide(type), ['V4'], false);
    const on = defaultPortalSettings({ categoryShownFrom: { ...NO_PORTAL_CATEGORIES_SHOWN, [category]: YESTERDAY } });
    assert.equal(decide(type, { settings: on }).show, true);
    // Another category's setting does not help.
    const other = defaultPortalSettings({ categoryShownFrom: { ...allCategoriesFrom(YESTERDAY), [category]: null } });
    assertHidden(decide(type, { settings: other }), ['V4'], false);
  }
});

test('V4: a professional may opt a parenthood investigation or adoption counselling document in', () => {
  for (const type of [TYPES.parenthoodRecord, TYPES.adoptionStatement]) {
    const d = decide({ ...type, portalOptIn: true });
    assert.equal(d.show, true);
    assert.ok(d.because.some((b) => b.rule === 'V4' && b.detail.includes('opted')));
  }
});

test('V4: the opt-in lifts nothing else: not a journal entry, not the shared-matter hold', () => {
  assertHidden(decide({ ...TYPES.journalEntry, portalOptIn: true }), ['V4'], false);
  assertHidden(decide({ ...TYPES.clientRelationship, portalOptIn: true }), ['V4'], false);
  assertHidden(decide({ portalOptIn: true, sharedMatter: true }), ['V4'], false);
  // An opted-in parenthood document of a shared matter: the parenthood hold is lifted, the shared-matter one is not.
  assertHidden(decide({ ...TYPES.parenthoodRecord, portalOptIn: true, sharedMatter: true }), ['V4'], false);
  assertHidden(decide({ ...TYPES.parenthoodRecord, sharedMatter: true }), ['V4', 'V4'], false);
});

test('V4 S8: a shared-matter document is hidden until the setting allows it, then shown to each client', () => {
  assert.deepEqual(portalCategoriesOf(aDocument({ ...TYPES.journalEntry, sharedMatter: true })), ['client-journal-entry', 'shared-matter']);
  assertHidden(decide({ sharedMatter: true }), ['V4'], false);
  const on = defaultPortalSettings({ categoryShownFrom: { ...NO_PORTAL_CATEGORIES_SHOWN, 'shared-matter': TODAY } });
  const shown = decide({ sharedMatter: true }, { settings: on });
  assert.equal(shown.show, true);
  assert.deepEqual(rules(shown), ['V1', 'V7', 'V2', 'V4']);
  // Whoever acts for a client of the matter sees it too (which clients a matter has is decided by the store).
  assert.equal(decide({ sharedMatter: true }, { settings: on, viewer: GUARDIAN }).show, true);
  assert.equal(decide({ sharedMatter: true }, { settings: on, viewer: MANDATE }).show, true);
  // A shared-matter journal entry needs both categories.
  assertHidden(decide({ ...TYPES.journalEntry, sharedMatter: true }, { settings: on }), ['V4'], false);
});

test('V5(a): a delayed document is hidden until the day, then shown; the delay alone is signposted (V6)', () => {
  assertHidden(decide({ displayDelayedUntil: TOMORROW }), ['V5(a)'], true);
  assert.equal(decide({ displayDelayedUntil: TODAY }).show, true);
  assert.deepEqual(rules(decide({ displayDelayedUntil: YESTERDAY })), ['V1', 'V7', 'V2', 'V5(a)']);
});

test('V5(b): special content is never shown, to anyone; it is signposted as a restriction (V6)', () => {
  for (const viewer of [SELF, GUARDIAN, INFORMATION_RIGHT, MANDATE]) assertHidden(decide({ specialContent: true }, { viewer }), ['V5(b)'], true);
});

test('V5(c) V8: hidden from guardians hides it from a guardian and an information-right holder only', () => {
  assertHidden(decide({ hiddenFromGuardians: true }, { viewer: GUARDIAN }), ['V5(c)'], true);
  assertHidden(decide({ hiddenFromGuardians: true }, { viewer: INFORMATION_RIGHT }), ['V5(c)'], true);
  assert.equal(decide({ hiddenFromGuardians: true }, { viewer: SELF }).show, true);
  assert.equal(decide({ hiddenFromGuardians: true }, { viewer: MANDATE }).show, true);
});

test('V6: all restrictions together are signposted; a restriction with any other hiding rule is not', () => {
  assertHidden(decide({ displayDelayedUntil: TOMORROW, specialContent: true, hiddenFromGuardians: true }, { viewer: GUARDIAN }), ['V5(a)', 'V5(b)', 'V5(c)'], true);
  assertHidden(decide({ ...TYPES.shelterPlan, specialContent: true }), ['V3', 'V5(b)'], false);
  assertHidden(decide({ phase: '1', displayDelayedUntil: TOMORROW }), ['V2', 'V5(a)'], false);
  assertHidden(decide({ ...TYPES.journalEntry, hiddenFromGuardians: true }, { viewer: GUARDIAN }), ['V4', 'V5(c)'], false);
  assertHidden(decide({ specialContent: true }, { settings: defaultPortalSettings({ defaultControllerStart: TOMORROW }) }), ['V5(b)', 'V10'], false);
});

test('V6: every hiding reason is collected, not only the first', () => {
  const d = decide(
    { ...TYPES.parenthoodRecord, phase: 'legacy', status: 'superseded', sharedMatter: true, displayDelayedUntil: TOMORROW, specialContent: true, hiddenFromGuardians: true },
    { viewer: GUARDIAN, settings: defaultPortalSettings({ defaultControllerStart: TOMORROW, serviceTaskStart: { [`${C1}|older-people`]: TOMORROW } }) },
  );
  assertHidden(d, ['V2', 'V3', 'V4', 'V4', 'V5(a)', 'V5(b)', 'V5(c)', 'V10', 'V10'], false);
});

test('V7: a minor sees their own documents, even those hidden from their guardians', () => {
  const d = decide({ hiddenFromGuardians: true, serviceTask: 'child-protection' }, { viewer: SELF });
  assert.equal(d.show, true);
  assert.deepEqual(rules(d), ['V1', 'V7', 'V2', 'V5(c)']);
});

test('V8: a guardian and an information-right holder see the same as the minor', () => {
  for (const viewer of [GUARDIAN, INFORMATION_RIGHT]) {
    const d = decide({}, { viewer });
    assert.equal(d.show, true);
    assert.deepEqual(rules(d), ['V1', 'V8', 'V2']);
    assertHidden(decide(TYPES.journalEntry, { viewer }), ['V4'], false);
    assertHidden(decide({ displayDelayedUntil: TOMORROW }, { viewer }), ['V5(a)'], true);
  }
});

test('V9: a mandate holder sees the same as the client', () => {
  const d = decide({}, { viewer: MANDATE });
  assert.equal(d.show, true);
  assert.deepEqual(rules(d), ['V1', 'V9', 'V2']);
  assertHidden(decide({ specialContent: true }, { viewer: MANDATE }), ['V5(b)'], true);
  assertHidden(decide(TYPES.shelterPlan, { viewer: MANDATE }), ['V3'], false);
});

test('V10: a controller\'s own start date holds its documents back until that day', () => {
  const settings = defaultPortalSettings({ controllerStart: { [C1]: TOMORROW, [C2]: YESTERDAY } });
  assertHidden(decide({ controllerOid: C1 }, { settings }), ['V10'], false);
  assert.deepEqual(rules(decide({ controllerOid: C2 }, { settings })), ['V1', 'V7', 'V2', 'V10']);
  assert.equal(decide({ controllerOid: C1 }, { settings, today: TOMORROW }).show, true);
});

test('V10: controllers without a date of their own use the default; null default means no limit', () => {
  const late = defaultPortalSettings({ defaultControllerStart: TOMORROW, controllerStart: { [C2]: YESTERDAY } });
  assertHidden(decide({ controllerOid: C1 }, { settings: late }), ['V10'], false);
  assert.equal(decide({ controllerOid: C2 }, { settings: late }).show, true);
  // A controller listed with null uses the default as well.
  assertHidden(decide({ controllerOid: C1 }, { settings: { ...late, controllerStart: { [C1]: null } } }), ['V10'], false);
  assert.deepEqual(rules(decide({ controllerOid: C1 })), ['V1', 'V7', 'V2']);
});

test('V10: a service task\'s start date holds back that task\'s documents of that controller only', () => {
  const settings = defaultPortalSettings({ serviceTaskStart: { [`${C1}|child-protection`]: TOMORROW } });
  assertHidden(decide({ controllerOid: C1, serviceTask: 'child-protection' }, { settings }), ['V10'], false);
  assert.equal(decide({ controllerOid: C1, serviceTask: 'older-people' }, { settings }).show, true);
  assert.equal(decide({ controllerOid: C2, serviceTask: 'child-protection' }, { settings }).show, true);
  assert.equal(decide({ controllerOid: C1, serviceTask: 'child-protection' }, { settings, today: TOMORROW }).show, true);
  // Both dates apply: the later one decides.
  const both = defaultPortalSettings({ controllerStart: { [C1]: YESTERDAY }, serviceTaskStart: { [`${C1}|child-protection`]: TOMORROW } });
  assertHidden(decide({ controllerOid: C1, serviceTask: 'child-protection' }, { settings: both }), ['V10'], false);
});

test('V10: a named transition period hides its category of that controller\'s documents from its first to its last day', () => {
  const settings = defaultPortalSettings({
    categoryShownFrom: allCategoriesFrom(YESTERDAY),
    transitionPeriods: { [C1]: [{ name: 'System change', category: 'client-journal-entry', from: TODAY, until: TOMORROW }] },
  });
  const entry = decide({ ...TYPES.journalEntry, controllerOid: C1 }, { settings });
  assertHidden(entry, ['V10'], false);
  assert.deepEqual(entry.because[0]!.says, { key: 'v10.transition', values: { name: 'System change', category: 'client-journal-entry', from: TODAY, until: TOMORROW } });
  assert.equal(decide({ ...TYPES.journalEntry, controllerOid: C1 }, { settings, today: TOMORROW }).show, false, 'the last day is included');
  assert.equal(decide({ ...TYPES.journalEntry, controllerOid: C1 }, { settings, today: YESTERDAY }).show, true, 'not before it begins');
  assert.equal(decide({ ...TYPES.journalEntry, controllerOid: C1 }, { settings, today: '2026-06-03' }).show, true, 'not after it ends');
  assert.equal(decide({ ...TYPES.olderPeopleDecision, controllerOid: C1 }, { settings }).show, true, 'another category of the same controller');
  assert.equal(decide({ ...TYPES.journalEntry, controllerOid: C2 }, { settings }).show, true, 'the same category of another controller');
});

test('V10: a transition period of all documents hides every document of the controller; overlapping periods each give their reason', () => {
  const settings = defaultPortalSettings({
    categoryShownFrom: allCategoriesFrom(YESTERDAY),
    transitionPeriods: { [C1]: [
      { name: 'Migration', category: 'all', from: YESTERDAY, until: TODAY },
      { name: 'Journal check', category: 'client-journal-entry', from: TODAY, until: TODAY },
    ] },
  });
  assertHidden(decide({ ...TYPES.olderPeopleDecision, controllerOid: C1 }, { settings }), ['V10'], false);
  assertHidden(decide({ ...TYPES.journalEntry, controllerOid: C1 }, { settings }), ['V10', 'V10'], false);
  // With a professional's restriction, V6 signposts nothing: the transition period is not a restriction.
  assertHidden(decide({ ...TYPES.olderPeopleDecision, controllerOid: C1, specialContent: true }, { settings }), ['V5(b)', 'V10'], false);
  assert.equal(decide({ ...TYPES.olderPeopleDecision, controllerOid: C1 }, { settings, today: TOMORROW }).show, true);
});

test('V4: categories of the national list', () => {
  assert.equal(portalCategoryOf(aDocument(TYPES.olderPeopleDecision)), undefined);
  assert.equal(portalCategoryOf(aDocument(TYPES.journalEntry)), 'client-journal-entry');
  assert.equal(portalCategoryOf(aDocument(TYPES.clientRelationship)), 'client-relationship');
  assert.equal(portalCategoryOf(aDocument(TYPES.parenthoodRecord)), 'parenthood-investigation');
  assert.equal(portalCategoryOf(aDocument(TYPES.adoptionStatement)), 'adoption-counselling');
  assert.equal(portalCategoryOf(aDocument({ sharedMatter: true })), 'shared-matter');
});

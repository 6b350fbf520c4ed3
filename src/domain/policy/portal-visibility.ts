// V1-V10: may this document be shown in the citizen portal to this viewer today?
//
// One pure decision, specified in docs/portal-visibility.md. It collects every rule that hides
// the document, not only the first, so that the same value answers the portal (show it or not),
// V6 (is the only obstacle a professional's restriction, which the page may signpost?) and V14
// (why can't the client see it?). Whether the viewer may act for the client today is decided
// before this function is called; here the relation only matters for V5(c).
import {
  findDocumentType,
  isPaymentCommitment,
  NEVER_SHOWN_SUBJECT_GROUPS,
  type DocumentTypeEntry,
  type SubjectGroup,
} from '../codes/index.ts';
import type { DocumentStatus, Phase, Reason } from '../types.ts';
import type { TransitionPeriod } from '../controller-settings.ts';

export type PortalCategory = 'client-journal-entry' | 'shared-matter' | 'client-relationship' | 'parenthood-investigation' | 'adoption-counselling';

/** Every V4 category, in the order their reasons are given. */
export const PORTAL_CATEGORIES: readonly PortalCategory[] = ['client-relationship', 'client-journal-entry', 'parenthood-investigation', 'adoption-counselling', 'shared-matter'];

/** How the viewer relates to the client whose documents are shown. */
export type ViewerRelation = { readonly kind: 'self' } | { readonly kind: 'guardian' } | { readonly kind: 'information-right' } | { readonly kind: 'mandate' };

export interface PortalDocument {
  readonly setId: string;
  readonly controllerOid: string;
  readonly serviceTask: string;
  readonly typeSystem: string;
  readonly typeCode: string;
  readonly phase: Phase;
  readonly status: DocumentStatus;
  /** V5(a): shown from this day on (YYYY-MM-DD). */
  readonly displayDelayedUntil: string | null;
  /** V5(b) */
  readonly specialContent: boolean;
  /** V5(c) */
  readonly hiddenFromGuardians: boolean;
  /** V4: the author opted this adoption counselling or parenthood investigation document in. */
  readonly portalOptIn: boolean;
  /** S8/V4: a document of a matter with more than one client */
  readonly sharedMatter: boolean;
}

export interface PortalSettings {
  /** V4: per category, the day from which it is shown (YYYY-MM-DD), or null: not shown. */
  readonly categoryShownFrom: Readonly<Record<PortalCategory, string | null>>;
  /** V10: the controller's display start date; controllers not listed use defaultControllerStart. */
  readonly controllerStart: Readonly<Record<string, string | null>>;
  /** null = shown from the beginning */
  readonly defaultControllerStart: string | null;
  /** V10: start date per controller and service task: key `${controllerOid}|${serviceTask}` */
  readonly serviceTaskStart: Readonly<Record<string, string>>;
  /** V10: the controllers' named transition periods, per controller; absent: none. */
  readonly transitionPeriods?: Readonly<Record<string, readonly TransitionPeriod[]>>;
}

export interface PortalVisibilityInput {
  readonly viewer: ViewerRelation;
  readonly document: PortalDocument;
  readonly settings: PortalSettings;
  /** today in Finland, YYYY-MM-DD */
  readonly today: string;
}

export type PortalDecision =
  | { readonly show: true; readonly because: readonly Reason[] }
  | {
    readonly show: false;
    /** V6: true when only a professional's restriction (V5) hides it: the page says a restriction exists */
    readonly restricted: boolean;
    readonly because: readonly Reason[];
    /** V14: the checks it passed, for a checklist that marks the reasons above as the ones that hide it. */
    readonly passed?: readonly Reason[];
  };

/** V4: no category is shown until the deployment switches it on. */
export const NO_PORTAL_CATEGORIES_SHOWN: Readonly<Record<PortalCategory, null>> = Object.freeze({
  'client-journal-entry': null,
  'shared-matter': null,
  'client-relationship': null,
  'parenthood-investigation': null,
  'adoption-counselling': null,
});

/** The settings of a deployment that has set nothing: V4 categories hidden, no V10 start dates. */
export function defaultPortalSettings(over: Partial<PortalSettings> = {}): PortalSettings {
  return { categoryShownFrom: NO_PORTAL_CATEGORIES_SHOWN, controllerStart: {}, defaultControllerStart: null, serviceTaskStart: {}, ...over };
}

/** The key of PortalSettings.serviceTaskStart. */
export function serviceTaskStartKey(controllerOid: string, serviceTask: string): string {
  return `${controllerOid}|${serviceTask}`;
}

/** The category the document type itself puts it in (they never overlap in the national list). */
function typeCategory(entry: DocumentTypeEntry | undefined): PortalCategory | undefined {
  if (!entry) return undefined;
  // The client relationship document is the group code 1505/1 entry, whose general type this is.
  if (entry.generalType === 'client-relationship') return 'client-relationship';
  if (entry.generalType === 'client-journal-entry') return 'client-journal-entry';
  if (entry.subjectGroup === 'parenthood-investigation') return 'parenthood-investigation';
  if (entry.subjectGroup === 'adoption-counselling') return 'adoption-counselling';
  return undefined;
}

/**
 * Every V4 category the document falls in: at most one by its type, and shared-matter on top
 * when it belongs to a matter of several clients (S8). Each must be switched on for it to show.
 */
export function portalCategoriesOf(doc: Pick<PortalDocument, 'typeSystem' | 'typeCode' | 'sharedMatter'>): readonly PortalCategory[] {
  const byType = typeCategory(findDocumentType(doc.typeSystem, doc.typeCode));
  return [...(byType ? [byType] : []), ...(doc.sharedMatter ? ['shared-matter' as const] : [])];
}

/** The document's V4 category; where it has two, the one its type gives. */
export function portalCategoryOf(doc: Pick<PortalDocument, 'typeSystem' | 'typeCode' | 'sharedMatter'>): PortalCategory | undefined {
  return portalCategoriesOf(doc)[0];
}

// V4 (Finnish version): a professional may opt a single one of these in.
const OPT_IN_CATEGORIES: ReadonlySet<PortalCategory> = new Set<PortalCategory>(['parenthood-investigation', 'adoption-counselling']);

const CATEGORY_TEXT: Record<PortalCategory, string> = {
  'client-journal-entry': 'client journal entries',
  'shared-matter': 'documents of a shared matter',
  'client-relationship': 'the client relationship document',
  'parenthood-investigation': 'parenthood investigation documents',
  'adoption-counselling': 'adoption counselling documents',
};

const SUBJECT_GROUP_TEXT: Partial<Record<SubjectGroup, string>> = {
  'shelter-services': 'shelter services',
  'violence-work': 'work preventing violence in close relationships and in the family',
  'custody-and-visitation': 'custody and visitation investigations',
};

const VIEWER_REASON: Record<ViewerRelation['kind'], Reason> = {
  self: { rule: 'V7', detail: 'the client sees their own documents, a minor too', says: { key: 'v7.self' } },
  guardian: { rule: 'V8', detail: 'a guardian sees the same documents as the minor', says: { key: 'v8.guardianSees' } },
  'information-right': { rule: 'V8', detail: 'a person entitled to the minor\'s information sees the same documents as the minor', says: { key: 'v8.informationRightSees' } },
  mandate: { rule: 'V9', detail: 'a mandate holder sees the same documents as the client', says: { key: 'v9.mandateSees' } },
};

/** What one check found: reasons that hide the document, and reasons that let it through. */
interface Finding {
  readonly hides: readonly Reason[];
  readonly passes: readonly Reason[];
}
const hides = (...reasons: Reason[]): Finding => ({ hides: reasons, passes: [] });
const passes = (...reasons: Reason[]): Finding => ({ hides: [], passes: reasons });
const nothing: Finding = { hides: [], passes: [] };

// V2: the portal only understands structured (phase 2 or newer) documents.
function checkPhase({ document: d }: PortalVisibilityInput): Finding {
  if (d.phase === '2' || d.phase === '3') return passes({ rule: 'V2', detail: `stored in phase ${d.phase} format`, says: { key: 'v2.structured', values: { phase: d.phase } } });
  return hides(d.phase === 'legacy'
    ? { rule: 'V2', detail: 'legacy client data is never shown in the portal', says: { key: 'v2.legacy' } }
    : { rule: 'V2', detail: 'phase 1 documents are never shown in the portal', says: { key: 'v2.phase1' } });
}

// V3: never shown, whatever the settings or the professional decide.
function checkNeverShown({ document: d }: PortalVisibilityInput): Finding {
  const found: Reason[] = [];
  const entry = findDocumentType(d.typeSystem, d.typeCode);
  // Fail closed: a type outside the national list cannot be ruled out of the never-shown groups.
  if (!entry) found.push({ rule: 'V3', detail: `document type ${d.typeCode} of ${d.typeSystem} is not in the national code list, so it cannot be shown to be outside the never-shown categories`, says: { key: 'v3.unknownType', values: { code: d.typeCode } } });
  if (entry && NEVER_SHOWN_SUBJECT_GROUPS.has(entry.subjectGroup)) found.push({ rule: 'V3', detail: `documents of ${SUBJECT_GROUP_TEXT[entry.subjectGroup] ?? entry.subjectGroup} are never shown`, says: { key: 'v3.neverShown', values: { group: entry.subjectGroup } } });
  if (entry && isPaymentCommitment(entry)) found.push({ rule: 'V3', detail: 'payment commitments are never shown', says: { key: 'v3.payment' } });
  // L2 and L1 as seen from the portal.
  if (d.status === 'entered-in-error') found.push({ rule: 'V3', detail: 'the document was invalidated (L2)', says: { key: 'v3.invalidated' } });
  if (d.status === 'superseded') found.push({ rule: 'V3', detail: 'an earlier version of a corrected document (L1); only the newest version is shown', says: { key: 'v3.superseded' } });
  return hides(...found);
}

// V4: categories switched on nationally from a date; a professional's opt-in lifts only the
// adoption counselling and parenthood investigation hold, never another category's.
function checkCategories({ document: d, settings, today }: PortalVisibilityInput): Finding {
  const found: Finding[] = portalCategoriesOf(d).map((category) => {
    const from = settings.categoryShownFrom[category];
    if (from !== null && today >= from) return passes({ rule: 'V4', detail: `${CATEGORY_TEXT[category]} are shown from ${from}`, says: { key: 'v4.shownSince', values: { category, since: from } } });
    if (d.portalOptIn && OPT_IN_CATEGORIES.has(category)) return passes({ rule: 'V4', detail: `${CATEGORY_TEXT[category]} are not shown yet, but the professional opted this one in`, says: { key: 'v4.optedIn', values: { category } } });
    return hides(from === null
      ? { rule: 'V4', detail: `${CATEGORY_TEXT[category]} are not shown in this deployment yet`, says: { key: 'v4.notShown', values: { category } } }
      : { rule: 'V4', detail: `${CATEGORY_TEXT[category]} are shown from ${from}`, says: { key: 'v4.shownFrom', values: { category, from } } });
  });
  return { hides: found.flatMap((f) => f.hides), passes: found.flatMap((f) => f.passes) };
}

// V5: the professional's restrictions, each for a stated reason.
function checkDelay({ document: d, today }: PortalVisibilityInput): Finding {
  if (d.displayDelayedUntil === null) return nothing;
  return today < d.displayDelayedUntil
    ? hides({ rule: 'V5(a)', detail: `display delayed by the professional until ${d.displayDelayedUntil}`, says: { key: 'v5a.delayed', values: { until: d.displayDelayedUntil } } })
    : passes({ rule: 'V5(a)', detail: `display was delayed until ${d.displayDelayedUntil}`, says: { key: 'v5a.wasDelayed', values: { until: d.displayDelayedUntil } } });
}

function checkSpecialContent({ document: d }: PortalVisibilityInput): Finding {
  return d.specialContent ? hides({ rule: 'V5(b)', detail: 'marked as special content by the professional: never shown', says: { key: 'v5b.special' } }) : nothing;
}

// V5(c), V8: binds the guardians and others entitled to a minor's information only; the client
// (V7) and a mandate holder (V9, who stands in the client's place) are not guardians.
function checkHiddenFromGuardians({ document: d, viewer }: PortalVisibilityInput): Finding {
  if (!d.hiddenFromGuardians) return nothing;
  return viewer.kind === 'guardian' || viewer.kind === 'information-right'
    ? hides({ rule: 'V5(c)', detail: 'hidden from the guardians by the professional', says: { key: 'v5c.hidden' } })
    : passes({ rule: 'V5(c)', detail: 'hidden from the guardians, which does not bind the client or their mandate holder', says: { key: 'v5c.notBinding' } });
}

// V10: the controller's start date, and the start date of its service task.
function checkStartDates({ document: d, settings, today }: PortalVisibilityInput): Finding {
  // A controller listed with null falls back to the default, like one not listed (hasOwn keeps
  // inherited names such as "constructor" out of the lookup).
  const own = Object.hasOwn(settings.controllerStart, d.controllerOid) ? settings.controllerStart[d.controllerOid] : undefined;
  const controllerStart = own ?? settings.defaultControllerStart;
  const key = serviceTaskStartKey(d.controllerOid, d.serviceTask);
  const taskStart = Object.hasOwn(settings.serviceTaskStart, key) ? settings.serviceTaskStart[key]! : null;
  const found: Finding[] = [];
  if (controllerStart !== null) {
    found.push(today < controllerStart
      ? hides({ rule: 'V10', detail: `the controller ${d.controllerOid} shows its documents from ${controllerStart}`, says: { key: 'v10.controllerFrom', values: { from: controllerStart } } })
      : passes({ rule: 'V10', detail: `the controller ${d.controllerOid} has shown its documents since ${controllerStart}`, says: { key: 'v10.controllerSince', values: { since: controllerStart } } }));
  }
  if (taskStart !== null) {
    found.push(today < taskStart
      ? hides({ rule: 'V10', detail: `the controller ${d.controllerOid} shows documents of service task ${d.serviceTask} from ${taskStart}`, says: { key: 'v10.taskFrom', values: { task: d.serviceTask, from: taskStart } } })
      : passes({ rule: 'V10', detail: `the controller ${d.controllerOid} has shown documents of service task ${d.serviceTask} since ${taskStart}`, says: { key: 'v10.taskSince', values: { task: d.serviceTask, since: taskStart } } }));
  }
  return { hides: found.flatMap((f) => f.hides), passes: found.flatMap((f) => f.passes) };
}

// V10: the controller's named transition periods; one that has not begun or has ended says nothing.
function checkTransitionPeriods({ document: d, settings, today }: PortalVisibilityInput): Finding {
  const periods = settings.transitionPeriods && Object.hasOwn(settings.transitionPeriods, d.controllerOid) ? settings.transitionPeriods[d.controllerOid]! : [];
  if (periods.length === 0) return nothing;
  const categories = portalCategoriesOf(d);
  const hiding: Reason[] = [];
  for (const p of periods) {
    if (today < p.from || today > p.until) continue;
    if (p.category === 'all') {
      hiding.push({ rule: 'V10', detail: `the controller's transition period '${p.name}' hides all its documents from ${p.from} to ${p.until}`, says: { key: 'v10.transitionAll', values: { name: p.name, from: p.from, until: p.until } } });
    } else if (categories.includes(p.category)) {
      hiding.push({ rule: 'V10', detail: `the controller's transition period '${p.name}' hides ${CATEGORY_TEXT[p.category]} from ${p.from} to ${p.until}`, says: { key: 'v10.transition', values: { name: p.name, category: p.category, from: p.from, until: p.until } } });
    }
  }
  return hiding.length ? hides(...hiding) : nothing;
}

const CHECKS: readonly ((input: PortalVisibilityInput) => Finding)[] = [
  checkPhase, checkNeverShown, checkCategories, checkDelay, checkSpecialContent, checkHiddenFromGuardians, checkStartDates, checkTransitionPeriods,
];

/** V6: the professional's restrictions, the only reasons a page may say exist. */
export function isRestrictionRule(rule: string): boolean {
  return rule === 'V5(a)' || rule === 'V5(b)' || rule === 'V5(c)';
}

export function decidePortalVisibility(input: PortalVisibilityInput): PortalDecision {
  const findings = CHECKS.map((check) => check(input));
  const hiding = findings.flatMap((f) => f.hides);
  if (hiding.length > 0) {
    // V6: signpost a restriction only when nothing but the professional's restrictions hides the
    // document; otherwise even "a restriction exists" would reveal a V3/V4/V10 document.
    return { show: false, restricted: hiding.every((r) => isRestrictionRule(r.rule)), because: hiding, passed: findings.flatMap((f) => f.passes) };
  }
  const shown: Reason[] = [
    { rule: 'V1', detail: 'a social welfare document of the client', says: { key: 'v1.document' } },
    VIEWER_REASON[input.viewer.kind],
    ...findings.flatMap((f) => f.passes),
  ];
  return { show: true, because: shown };
}

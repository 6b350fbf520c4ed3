// An independent reference model of the portal visibility decision, written from
// docs/portal-visibility.md alone (never from src/domain/policy/portal-visibility.ts), for the
// property test in test/domain/portal-visibility.property.test.ts. From src/ it imports only
// types and the national code table (src/domain/codes), as the page allows.
//
// Deliberately not a sequence of checks: it reads the input into one flat record of facts,
// then evaluates a table of rows (rule id, how many reasons it gives to hide, how many to allow)
// and reads the answer off the counts.
import { findDocumentType } from '../../src/domain/codes/index.ts';
import type { PortalCategory, PortalVisibilityInput } from '../../src/domain/policy/portal-visibility.ts';

export interface ReferencePortalAnswer {
  show: boolean;
  /** Only meaningful when show is false. */
  restricted: boolean;
  /** Rule ids of the reasons, sorted, one entry per reason. */
  rules: string[];
}

interface Facts {
  known: boolean;
  group: string | undefined;
  general: string | undefined;
  phase: string;
  status: string;
  viewer: string;
  /** Per category: does the document fall in it; is it switched on; is it opted in. */
  inCategory: Record<PortalCategory, boolean>;
  switchedOn: Record<PortalCategory, boolean>;
  optedIn: Record<PortalCategory, boolean>;
  delay: string | null;
  special: boolean;
  hiddenFromGuardians: boolean;
  controllerStart: string | null;
  taskStart: string | null;
  /** How many of the controller's transition periods are in force and cover the document. */
  transitionsHiding: number;
  today: string;
}

const ALL: PortalCategory[] = ['client-journal-entry', 'shared-matter', 'client-relationship', 'parenthood-investigation', 'adoption-counselling'];

function facts(input: PortalVisibilityInput): Facts {
  const d = input.document;
  const s = input.settings;
  const t = findDocumentType(d.typeSystem, d.typeCode);
  const inCategory: Record<PortalCategory, boolean> = {
    'client-relationship': t?.generalType === 'client-relationship',
    'client-journal-entry': t?.generalType === 'client-journal-entry',
    'parenthood-investigation': t?.subjectGroup === 'parenthood-investigation',
    'adoption-counselling': t?.subjectGroup === 'adoption-counselling',
    'shared-matter': d.sharedMatter,
  };
  const switchedOn = {} as Record<PortalCategory, boolean>;
  const optedIn = {} as Record<PortalCategory, boolean>;
  for (const c of ALL) {
    const from = s.categoryShownFrom[c];
    switchedOn[c] = typeof from === 'string' && from <= input.today;
    optedIn[c] = d.portalOptIn && (c === 'parenthood-investigation' || c === 'adoption-counselling');
  }
  // "present and not null, otherwise the default"
  const listed = Object.keys(s.controllerStart).includes(d.controllerOid) ? s.controllerStart[d.controllerOid] : null;
  const taskKey = d.controllerOid + '|' + d.serviceTask;
  return {
    known: t !== undefined,
    group: t?.subjectGroup,
    general: t?.generalType,
    phase: d.phase,
    status: d.status,
    viewer: input.viewer.kind,
    inCategory,
    switchedOn,
    optedIn,
    delay: d.displayDelayedUntil,
    special: d.specialContent,
    hiddenFromGuardians: d.hiddenFromGuardians,
    controllerStart: listed !== null && listed !== undefined ? listed : s.defaultControllerStart,
    taskStart: Object.keys(s.serviceTaskStart).includes(taskKey) ? s.serviceTaskStart[taskKey]! : null,
    transitionsHiding: (s.transitionPeriods && Object.keys(s.transitionPeriods).includes(d.controllerOid) ? s.transitionPeriods[d.controllerOid]! : [])
      .filter((p) => p.from <= input.today && input.today <= p.until && (p.category === 'all' || inCategory[p.category])).length,
    today: input.today,
  };
}

const n = (b: boolean): number => (b ? 1 : 0);
const guardianLike = (f: Facts): boolean => ['guardian', 'information-right'].includes(f.viewer);
const lifted = (f: Facts, c: PortalCategory): boolean => f.switchedOn[c] || f.optedIn[c];

/** rule, how many hiding reasons it gives, how many allow reasons it gives (when nothing hides). */
const TABLE: readonly (readonly [string, (f: Facts) => number, (f: Facts) => number])[] = [
  ['V2', (f) => n(!['2', '3'].includes(f.phase)), (f) => n(['2', '3'].includes(f.phase))],
  ['V3', (f) =>
    n(!f.known) +
    n(['shelter-services', 'violence-work', 'custody-and-visitation'].includes(f.group ?? '')) +
    n(f.general === 'payment-commitment') +
    n(f.status === 'entered-in-error') +
    n(f.status === 'superseded'), () => 0],
  ['V4', (f) => ALL.filter((c) => f.inCategory[c] && !lifted(f, c)).length, (f) => ALL.filter((c) => f.inCategory[c] && lifted(f, c)).length],
  ['V5(a)', (f) => n(f.delay !== null && f.today < f.delay), (f) => n(f.delay !== null && f.today >= f.delay)],
  ['V5(b)', (f) => n(f.special), () => 0],
  ['V5(c)', (f) => n(f.hiddenFromGuardians && guardianLike(f)), (f) => n(f.hiddenFromGuardians && !guardianLike(f))],
  ['V10', (f) => n(f.controllerStart !== null && f.today < f.controllerStart) + n(f.taskStart !== null && f.today < f.taskStart) + f.transitionsHiding,
    (f) => n(f.controllerStart !== null && f.today >= f.controllerStart) + n(f.taskStart !== null && f.today >= f.taskStart)],
];

const VIEWER_RULE: Record<string, string> = { self: 'V7', guardian: 'V8', 'information-right': 'V8', mandate: 'V9' };
const RESTRICTIONS = new Set(['V5(a)', 'V5(b)', 'V5(c)']);

const repeat = (rule: string, times: number): string[] => Array.from({ length: times }, () => rule);

export function referencePortal(input: PortalVisibilityInput): ReferencePortalAnswer {
  const f = facts(input);
  const hiding = TABLE.flatMap(([rule, hide]) => repeat(rule, hide(f)));
  if (hiding.length) return { show: false, restricted: hiding.every((r) => RESTRICTIONS.has(r)), rules: hiding.sort() };
  const allowing = ['V1', VIEWER_RULE[f.viewer]!, ...TABLE.flatMap(([rule, , allow]) => repeat(rule, allow(f)))];
  return { show: true, restricted: false, rules: allowing.sort() };
}

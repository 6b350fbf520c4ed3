// L3 and V10: what a controller states about itself. Pure data and the checks of a change; the
// store keeps it (controller_setting, portal_display_start) and the CLI and the administration
// pages change it through one use case (src/usecases/set-controller-settings.ts).
import type { Reason } from './types.ts';
import { PORTAL_CATEGORIES, SERVICE_TASK_KEYS, type PortalCategory } from './codes/index.ts';
import { isCalendarDay } from './finnish-day.ts';

/** L3: real time, or in batches at a time of day (HH:MM, Finnish time). */
export type ArchivingMode = { readonly kind: 'real-time' } | { readonly kind: 'batch'; readonly at: string };

export interface ControllerSettings {
  readonly controllerOid: string;
  readonly archiving: ArchivingMode;
  /** L3: whether entries are approved automatically in the controller's own system. */
  readonly autoApproval: boolean;
  /** V10: the day from which the controller's documents are shown in the portal; null: the deployment's default. */
  readonly portalFrom: string | null;
  /** V10: a start day per service task. */
  readonly serviceTaskFrom: Readonly<Record<string, string>>;
  /** V10: named periods during which a category of the controller's documents is not shown. */
  readonly transitionPeriods: readonly TransitionPeriod[];
}

/**
 * V10: a named transition period: from `from` to `until` (Finnish days, both included) the
 * controller's documents of `category` (a V4 category, or 'all') are not shown in the portal.
 */
export interface TransitionPeriod {
  readonly name: string;
  readonly category: PortalCategory | 'all';
  readonly from: string;
  readonly until: string;
}

export const TRANSITION_CATEGORIES: readonly (PortalCategory | 'all')[] = ['all', ...PORTAL_CATEGORIES];

/** A change: only the fields named change. `portalFrom: null` returns to the deployment's default. */
export interface SettingsChange {
  readonly archiving?: ArchivingMode;
  readonly autoApproval?: boolean;
  readonly portalFrom?: string | null;
  /** Per service task: a day, or null to remove the task's own start day. */
  readonly serviceTaskFrom?: Readonly<Record<string, string | null>>;
  /** Transition periods to add, or to replace when one of the same name exists. */
  readonly setTransitions?: readonly TransitionPeriod[];
  /** Names of transition periods to remove. */
  readonly removeTransitions?: readonly string[];
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The problems of a change, each naming its field; empty when it can be made. */
export function checkSettingsChange(change: SettingsChange): { readonly field: string; readonly message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (change.archiving?.kind === 'batch' && !TIME.test(change.archiving.at)) {
    problems.push({ field: 'batch-time', message: `L3: a batch time is HH:MM (00:00-23:59), got '${change.archiving.at}'` });
  }
  if (change.portalFrom !== undefined && change.portalFrom !== null && !isCalendarDay(change.portalFrom)) {
    problems.push({ field: 'portal-from', message: `V10: the portal start is a day YYYY-MM-DD, got '${change.portalFrom}'` });
  }
  for (const [task, day] of Object.entries(change.serviceTaskFrom ?? {})) {
    if (!(SERVICE_TASK_KEYS as readonly string[]).includes(task)) problems.push({ field: 'task-from', message: `V10: '${task}' is not a service task; the tasks are ${SERVICE_TASK_KEYS.join(', ')}` });
    else if (day !== null && !isCalendarDay(day)) problems.push({ field: 'task-from', message: `V10: the start of ${task} is a day YYYY-MM-DD, got '${day}'` });
  }
  for (const period of change.setTransitions ?? []) problems.push(...checkTransitionPeriod(period));
  for (const name of change.removeTransitions ?? []) {
    if (typeof name !== 'string' || name.trim() === '') problems.push({ field: 'transition-name', message: 'V10: name the transition period to remove' });
  }
  return problems;
}

// Printable text only: the name is shown on pages and printed by the CLI.
const NAME = /^[^\p{Cc}]{1,100}$/u;

/** A transition period's problems, each naming its field. */
export function checkTransitionPeriod(period: TransitionPeriod): { readonly field: string; readonly message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (typeof period.name !== 'string' || period.name.trim() === '' || !NAME.test(period.name)) {
    problems.push({ field: 'transition-name', message: 'V10: a transition period has a name of 1 to 100 printable characters' });
  }
  if (!TRANSITION_CATEGORIES.includes(period.category)) {
    problems.push({ field: 'transition-category', message: `V10: the category of a transition period is one of ${TRANSITION_CATEGORIES.join(', ')}, got '${period.category}'` });
  }
  const from = isCalendarDay(period.from);
  const until = isCalendarDay(period.until);
  if (!from) problems.push({ field: 'transition-from', message: `V10: a transition period starts on a day YYYY-MM-DD, got '${period.from}'` });
  if (!until) problems.push({ field: 'transition-until', message: `V10: a transition period ends on a day YYYY-MM-DD, got '${period.until}'` });
  if (from && until && period.until < period.from) problems.push({ field: 'transition-until', message: `V10: a transition period cannot end (${period.until}) before it starts (${period.from})` });
  return problems;
}

/**
 * L3: is a batch delivery late? A controller archiving in batches delivers once a day at its
 * time; when that time has passed today (with `graceMinutes` for the batch to run) and nothing
 * has been stored since, the delivery is late. A real-time controller is never late by this test.
 * `now` and `lastStoredAt` are ISO instants; `todayBatchInstant` is today's batch time as an
 * instant (the caller resolves the Finnish time zone).
 */
export function decideDeliveryLate(input: { readonly archiving: ArchivingMode; readonly todayBatchInstant: string | null; readonly lastStoredAt: string | null; readonly now: string; readonly graceMinutes: number }): { readonly late: boolean; readonly because: readonly Reason[] } {
  const { archiving } = input;
  if (archiving.kind === 'real-time') return { late: false, because: [{ rule: 'L3', detail: 'archives in real time' }] };
  const due = input.todayBatchInstant;
  if (!due) return { late: false, because: [{ rule: 'L3', detail: `archives in batches at ${archiving.at}` }] };
  const deadline = new Date(Date.parse(due) + input.graceMinutes * 60_000).toISOString();
  if (input.now < deadline) return { late: false, because: [{ rule: 'L3', detail: `today's batch at ${archiving.at} is not due yet` }] };
  if (input.lastStoredAt !== null && input.lastStoredAt >= due) return { late: false, because: [{ rule: 'L3', detail: `today's batch at ${archiving.at} was delivered` }] };
  return { late: true, because: [{ rule: 'L3', detail: `today's batch at ${archiving.at} has not been delivered: nothing stored since ${due}` }] };
}

/** V14: what the archiving mode means for a document not yet in the archive, in a sentence. */
export function describeArchiving(archiving: ArchivingMode): Reason {
  return archiving.kind === 'real-time'
    ? { rule: 'L3', detail: 'this controller archives in real time: a document is in the archive when its system has stored it', says: { key: 'l3.realTime' } }
    : { rule: 'L3', detail: `this controller archives in batches at ${archiving.at}: a document written today arrives after that time`, says: { key: 'l3.batch', values: { time: archiving.at } } };
}

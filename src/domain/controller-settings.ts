// L3 and V10: what a controller states about itself. Pure data and the checks of a change; the
// store keeps it (controller_setting, portal_display_start) and the CLI and the administration
// pages change it through one use case (src/usecases/set-controller-settings.ts).
import type { Reason } from './types.ts';
import { SERVICE_TASK_KEYS } from './codes/index.ts';
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
}

/** A change: only the fields named change. `portalFrom: null` returns to the deployment's default. */
export interface SettingsChange {
  readonly archiving?: ArchivingMode;
  readonly autoApproval?: boolean;
  readonly portalFrom?: string | null;
  /** Per service task: a day, or null to remove the task's own start day. */
  readonly serviceTaskFrom?: Readonly<Record<string, string | null>>;
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

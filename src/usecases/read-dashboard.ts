// The archivist's front page (issue 10, L3, S9): documents stored per month and per service task,
// disclosures of the controller's documents per month, and whether today's batch delivery is
// late. Counts only, about the archivist's own controller; the reading is audited (D10).
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import { appendAudit } from '../store/audit.ts';
import { controllerSettings } from '../store/controller-settings.ts';
import { decideDeliveryLate, type ArchivingMode } from '../domain/controller-settings.ts';
import { finnishDay, startOfFinnishDay } from '../domain/finnish-day.ts';
import type { Reason } from '../domain/types.ts';
import { auditActor } from './audit-context.ts';
import { archivistRequester, type Archivist } from './archivist-context.ts';

/** How long after its time a batch may take before it counts as late. */
export const BATCH_GRACE_MINUTES = 60;

export interface Dashboard {
  /** YYYY-MM, oldest first, the last twelve months. */
  readonly months: readonly string[];
  readonly storedPerMonth: readonly number[];
  readonly storedPerTask: readonly { readonly task: string; readonly count: number }[];
  readonly disclosuresPerMonth: readonly number[];
  readonly archiving: ArchivingMode;
  readonly delivery: { readonly late: boolean; readonly because: readonly Reason[] };
}

function lastMonths(today: string, n: number): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (n - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

export async function readDashboard(connection: Connection, props: { readonly archivist: Archivist; readonly now: string }): Promise<Dashboard> {
  const controller = props.archivist.controllerOid;
  const today = finnishDay(props.now);
  const months = lastMonths(today, 12);
  const since = startOfFinnishDay(`${months[0]}-01`);
  const stored = await connection.query<{ month: string; task: string; n: number; last: string | null }>({
    name: 'dashboard-stored',
    text: `select to_char(stored_at at time zone 'Europe/Helsinki', 'YYYY-MM') as month, service_task as task, count(*)::int as n,
             to_char(max(stored_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last
           from document where controller_oid = $1 and stored_at >= $2 group by 1, 2`,
    values: [controller, since],
  });
  const disclosed = await connection.query<{ month: string; n: number }>({
    name: 'dashboard-disclosures',
    text: `select to_char(recorded_at at time zone 'Europe/Helsinki', 'YYYY-MM') as month, count(*)::int as n
           from audit_event where $1 = any(related_oids) and outcome = 'success' and recorded_at >= $2 group by 1`,
    values: [controller, since],
  });
  const perTask = new Map<string, number>();
  for (const r of stored.rows) perTask.set(r.task, (perTask.get(r.task) ?? 0) + r.n);
  const lastStoredAt = stored.rows.reduce<string | null>((a, r) => (r.last && (!a || r.last > a) ? r.last : a), null);
  const settings = await controllerSettings(connection, controller);
  const todayBatchInstant = settings.archiving.kind === 'batch'
    ? new Date(Date.parse(startOfFinnishDay(today)) + (Number(settings.archiving.at.slice(0, 2)) * 60 + Number(settings.archiving.at.slice(3))) * 60_000).toISOString()
    : null;
  const delivery = decideDeliveryLate({ archiving: settings.archiving, todayBatchInstant, lastStoredAt, now: props.now, graceMinutes: BATCH_GRACE_MINUTES });
  await appendAudit(connection, {
    eventId: randomUUID(), recordedAt: props.now, action: 'audit-search', transaction: 'archivist-dashboard', outcome: 'success', ...auditActor(archivistRequester(props.archivist)),
    because: [{ rule: 'D10', detail: 'the archivist reads the register\'s counts' }],
  });
  return {
    months,
    storedPerMonth: months.map((m) => stored.rows.filter((r) => r.month === m).reduce((a, r) => a + r.n, 0)),
    storedPerTask: [...perTask.entries()].sort((a, b) => b[1] - a[1]).map(([task, count]) => ({ task, count })),
    disclosuresPerMonth: months.map((m) => disclosed.rows.find((r) => r.month === m)?.n ?? 0),
    archiving: settings.archiving,
    delivery,
  };
}

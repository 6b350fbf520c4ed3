// L3 and V10: the controllers' own settings (migrations 0008, 0011 and 0014).
import type { Queryable } from './queryable.ts';
import type { ArchivingMode, ControllerSettings, TransitionPeriod } from '../domain/controller-settings.ts';

export async function controllerSettings(db: Queryable, controllerOid: string): Promise<ControllerSettings> {
  const r = await db.query<{ archiving_mode: string | null; batch_time: string | null; auto_approval: boolean | null; starts: { task: string; day: string }[]; periods: TransitionPeriod[] }>({
    name: 'controller-settings-get',
    text: `select s.archiving_mode, to_char(s.batch_time, 'HH24:MI') as batch_time, s.auto_approval,
             coalesce((select json_agg(json_build_object('task', p.service_task, 'day', to_char(p.shown_from, 'YYYY-MM-DD')))
                       from portal_display_start p where p.controller_oid = $1), '[]'::json) as starts,
             coalesce((select json_agg(json_build_object('name', t.name, 'category', t.category, 'from', to_char(t.hidden_from, 'YYYY-MM-DD'), 'until', to_char(t.hidden_until, 'YYYY-MM-DD')) order by t.hidden_from, t.name)
                       from portal_transition_period t where t.controller_oid = $1), '[]'::json) as periods
           from (select 1) one left join controller_setting s on s.controller_oid = $1`,
    values: [controllerOid],
  });
  const row = r.rows[0]!;
  const archiving: ArchivingMode = row.archiving_mode === 'batch' && row.batch_time ? { kind: 'batch', at: row.batch_time } : { kind: 'real-time' };
  return {
    controllerOid,
    archiving,
    autoApproval: row.auto_approval ?? true,
    portalFrom: row.starts.find((s) => s.task === '')?.day ?? null,
    serviceTaskFrom: Object.fromEntries(row.starts.filter((s) => s.task !== '').map((s) => [s.task, s.day])),
    transitionPeriods: row.periods,
  };
}

/** V10: every controller's transition periods, for the portal's decisions. */
export async function allTransitionPeriods(db: Queryable): Promise<Record<string, TransitionPeriod[]>> {
  const r = await db.query<{ controller_oid: string; name: string; category: TransitionPeriod['category']; hidden_from: string; hidden_until: string }>({
    name: 'transition-periods-all',
    text: `select controller_oid, name, category, to_char(hidden_from, 'YYYY-MM-DD') as hidden_from, to_char(hidden_until, 'YYYY-MM-DD') as hidden_until
           from portal_transition_period order by controller_oid, hidden_from, name`,
  });
  const out: Record<string, TransitionPeriod[]> = {};
  for (const row of r.rows) (out[row.controller_oid] ??= []).push({ name: row.name, category: row.category, from: row.hidden_from, until: row.hidden_until });
  return out;
}

export async function setTransitionPeriod(tx: Queryable, controllerOid: string, p: TransitionPeriod): Promise<void> {
  await tx.query({
    name: 'transition-period-set',
    text: `insert into portal_transition_period (controller_oid, name, category, hidden_from, hidden_until) values ($1, $2, $3, $4, $5)
           on conflict (controller_oid, name) do update set category = excluded.category, hidden_from = excluded.hidden_from, hidden_until = excluded.hidden_until`,
    values: [controllerOid, p.name, p.category, p.from, p.until],
  });
}

/** Whether a period of that name was there to remove. */
export async function removeTransitionPeriod(tx: Queryable, controllerOid: string, name: string): Promise<boolean> {
  const r = await tx.query({ name: 'transition-period-remove', text: 'delete from portal_transition_period where controller_oid = $1 and name = $2', values: [controllerOid, name] });
  return (r.rowCount ?? 0) > 0;
}

export async function writeArchiving(tx: Queryable, controllerOid: string, archiving: ArchivingMode, autoApproval: boolean): Promise<void> {
  await tx.query({
    name: 'controller-settings-set',
    text: `insert into controller_setting (controller_oid, archiving_mode, batch_time, auto_approval, updated_at) values ($1, $2, $3, $4, now())
           on conflict (controller_oid) do update set archiving_mode = excluded.archiving_mode, batch_time = excluded.batch_time,
             auto_approval = excluded.auto_approval, updated_at = now()`,
    values: [controllerOid, archiving.kind, archiving.kind === 'batch' ? archiving.at : null, autoApproval],
  });
}

export async function clearDisplayStart(tx: Queryable, controllerOid: string, serviceTask: string | null): Promise<void> {
  await tx.query({ name: 'portal-display-start-clear', text: 'delete from portal_display_start where controller_oid = $1 and service_task = $2', values: [controllerOid, serviceTask ?? ''] });
}

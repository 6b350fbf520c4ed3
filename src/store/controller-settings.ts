// L3 and V10: the controllers' own settings (migrations 0008 and 0011).
import type { Queryable } from './queryable.ts';
import type { ArchivingMode, ControllerSettings } from '../domain/controller-settings.ts';

export async function controllerSettings(db: Queryable, controllerOid: string): Promise<ControllerSettings> {
  const r = await db.query<{ archiving_mode: string | null; batch_time: string | null; auto_approval: boolean | null; starts: { task: string; day: string }[] }>({
    name: 'controller-settings-get',
    text: `select s.archiving_mode, to_char(s.batch_time, 'HH24:MI') as batch_time, s.auto_approval,
             coalesce((select json_agg(json_build_object('task', p.service_task, 'day', to_char(p.shown_from, 'YYYY-MM-DD')))
                       from portal_display_start p where p.controller_oid = $1), '[]'::json) as starts
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
  };
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

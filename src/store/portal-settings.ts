// V10: the controllers' portal display start dates (migration 0008).
import type { Queryable } from './queryable.ts';

export interface DisplayStart {
  readonly controllerOid: string;
  /** null: the controller as a whole. */
  readonly serviceTask: string | null;
  /** YYYY-MM-DD */
  readonly shownFrom: string;
}

export async function displayStarts(db: Queryable): Promise<DisplayStart[]> {
  const r = await db.query<{ controller_oid: string; service_task: string; shown_from: string }>({
    name: 'portal-display-starts',
    text: `select controller_oid, service_task, to_char(shown_from, 'YYYY-MM-DD') as shown_from from portal_display_start order by controller_oid, service_task`,
  });
  return r.rows.map((row) => ({ controllerOid: row.controller_oid, serviceTask: row.service_task === '' ? null : row.service_task, shownFrom: row.shown_from }));
}

let changes = 0;

/** Counts the changes this process made, so that a cache of the dates can tell it is stale. */
export function displayStartChanges(): number {
  return changes;
}

/** Marks a change made elsewhere in this process (a start date cleared). */
export function noteDisplayStartChange(): void {
  changes++;
}

export async function setDisplayStart(db: Queryable, start: DisplayStart): Promise<void> {
  changes++;
  await db.query({
    name: 'portal-display-start-set',
    text: `insert into portal_display_start (controller_oid, service_task, shown_from) values ($1, $2, $3)
           on conflict (controller_oid, service_task) do update set shown_from = excluded.shown_from`,
    values: [start.controllerOid, start.serviceTask ?? '', start.shownFrom],
  });
}

// Client relationships and matters, derived from the current version of their documents in
// the transaction that stores that version (architecture: "client relationships and matters are
// documents").
import type { Queryable } from './queryable.ts';

export interface RelationshipRecord {
  readonly personKey: string;
  readonly controllerOid: string;
  readonly serviceTask: string;
  readonly sourceSetId: string;
  readonly unitOid: string | null;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly worker: { readonly name: string | null; readonly phone: string | null; readonly email: string | null };
  readonly relatedPersons: readonly { readonly personKey: string; readonly roleCode: string }[];
  readonly producers: readonly { readonly unitOid: string; readonly startDate: string; readonly endDate: string | null }[];
}

/** Replaces the relationship rows for (person, controller, service task) with this version's. */
export async function replaceRelationship(tx: Queryable, rel: RelationshipRecord): Promise<void> {
  await tx.query({
    name: 'relationship-delete',
    text: 'delete from client_relationship where person_key = $1 and controller_oid = $2 and service_task = $3',
    values: [rel.personKey, rel.controllerOid, rel.serviceTask],
  });
  await tx.query({
    name: 'relationship-insert',
    text: `insert into client_relationship (person_key, controller_oid, service_task, source_set_id, unit_oid, start_date, end_date, worker_name, worker_phone, worker_email)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    values: [rel.personKey, rel.controllerOid, rel.serviceTask, rel.sourceSetId, rel.unitOid, rel.startDate, rel.endDate, rel.worker.name, rel.worker.phone, rel.worker.email],
  });
  for (const p of rel.relatedPersons) {
    await tx.query({
      name: 'relationship-person-insert',
      text: `insert into client_relationship_person (person_key, controller_oid, service_task, related_person_key, role_code)
             values ($1, $2, $3, $4, $5) on conflict do nothing`,
      values: [rel.personKey, rel.controllerOid, rel.serviceTask, p.personKey, p.roleCode],
    });
  }
  for (const p of rel.producers) {
    await tx.query({
      name: 'relationship-producer-insert',
      text: `insert into client_relationship_producer (person_key, controller_oid, service_task, producer_unit_oid, start_date, end_date)
             values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
      values: [rel.personKey, rel.controllerOid, rel.serviceTask, p.unitOid, p.startDate, p.endDate],
    });
  }
}

export interface MatterRecord {
  readonly matterSetId: string;
  readonly controllerOid: string;
  readonly serviceTask: string;
  readonly clients: readonly { readonly personKey: string; readonly joinedAt: string; readonly leftAt: string | null }[];
}

/**
 * S8: a membership is the interval [joined_at, left_at). A join or leave given as a day is a day
 * in Finland: a member from the start of the join day, through the whole leave day (as a client
 * relationship's end date is inclusive), so left_at is the start of the next day.
 */
const JOINED_AT = `case when $3::text ~ '^\\d{4}-\\d{2}-\\d{2}$' then $3::date::timestamp at time zone 'Europe/Helsinki' else $3::timestamptz end`;
const LEFT_AT = `case when $4::text ~ '^\\d{4}-\\d{2}-\\d{2}$' then ($4::date + 1)::timestamp at time zone 'Europe/Helsinki' else $4::timestamptz end`;

export async function replaceMatter(tx: Queryable, matter: MatterRecord): Promise<void> {
  await tx.query({
    name: 'matter-upsert',
    text: `insert into matter (matter_set_id, controller_oid, service_task) values ($1, $2, $3)
           on conflict (matter_set_id) do update set controller_oid = excluded.controller_oid, service_task = excluded.service_task`,
    values: [matter.matterSetId, matter.controllerOid, matter.serviceTask],
  });
  await tx.query({ name: 'matter-clients-delete', text: 'delete from matter_client where matter_set_id = $1', values: [matter.matterSetId] });
  for (const c of matter.clients) {
    await tx.query({
      name: 'matter-client-insert',
      text: `insert into matter_client (person_key, matter_set_id, joined_at, left_at) values ($1, $2, ${JOINED_AT}, ${LEFT_AT})`,
      values: [c.personKey, matter.matterSetId, c.joinedAt, c.leftAt],
    });
  }
}

/** The matter, and whether the person (if known) is one of its clients (at any time). */
export async function matterExists(db: Queryable, matterSetId: string, personKey: string | undefined): Promise<{ controllerOid: string; serviceTask: string; isClient: boolean } | undefined> {
  const r = await db.query<{ controller_oid: string; service_task: string; is_client: boolean }>({
    name: 'matter-get',
    text: `select controller_oid, service_task, exists (select 1 from matter_client c where c.matter_set_id = m.matter_set_id and c.person_key = $2) as is_client
           from matter m where matter_set_id = $1`,
    values: [matterSetId, personKey ?? null],
  });
  const row = r.rows[0];
  return row ? { controllerOid: row.controller_oid, serviceTask: row.service_task, isClient: row.is_client } : undefined;
}

export async function organisationExists(db: Queryable, oid: string): Promise<{ kind: string; parentOid: string | null } | undefined> {
  const r = await db.query<{ kind: string; parent_oid: string | null }>({ name: 'organisation-get', text: 'select kind, parent_oid from organisation where oid = $1', values: [oid] });
  const row = r.rows[0];
  return row ? { kind: row.kind, parentOid: row.parent_oid } : undefined;
}

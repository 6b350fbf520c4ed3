// Organisations: controllers (welfare areas, municipalities, private providers) and their units
// (parent_oid = the controller). Registered by the national operator (issue 10, onboarding).
import type { Queryable } from './queryable.ts';
import type { OrganisationKind } from '../domain/onboarding.ts';

export interface OrganisationRow {
  readonly oid: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  /** The controller of a unit; null for a controller. */
  readonly parentOid: string | null;
}

interface Row { oid: string; name: string; kind: OrganisationKind; parent_oid: string | null }
const toRow = (r: Row): OrganisationRow => ({ oid: r.oid, name: r.name, kind: r.kind, parentOid: r.parent_oid });

export async function getOrganisation(db: Queryable, oid: string): Promise<OrganisationRow | undefined> {
  const r = await db.query<Row>({ name: 'organisation-by-oid', text: 'select oid, name, kind, parent_oid from organisation where oid = $1', values: [oid] });
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

/** Every organisation, or one controller and its units; controllers before their units. */
export async function listOrganisations(db: Queryable, controllerOid?: string): Promise<OrganisationRow[]> {
  const r = await db.query<Row>({
    name: 'organisation-list',
    text: `select oid, name, kind, parent_oid from organisation
           where $1::text is null or oid = $1 or parent_oid = $1
           order by coalesce(parent_oid, oid), parent_oid nulls first, oid`,
    values: [controllerOid ?? null],
  });
  return r.rows.map(toRow);
}

/** Inserts the organisation, or sets its name when it exists (kind and parent never change). */
export async function upsertOrganisation(tx: Queryable, o: OrganisationRow): Promise<void> {
  await tx.query({
    name: 'organisation-upsert',
    text: `insert into organisation (oid, name, kind, parent_oid) values ($1, $2, $3, $4)
           on conflict (oid) do update set name = excluded.name`,
    values: [o.oid, o.name, o.kind, o.parentOid],
  });
}

export async function deleteOrganisation(tx: Queryable, oid: string): Promise<void> {
  await tx.query({ name: 'organisation-delete', text: 'delete from organisation where oid = $1', values: [oid] });
}

/** What still belongs to an organisation, by kind; a removal must wait until each is gone. */
export interface OrganisationDependents {
  readonly units: number;
  readonly systems: number;
  readonly professionals: number;
  /** Whether any document names it as controller, unit or author's organisation. */
  readonly documents: boolean;
  /** Whether any client relationship, matter or producer authorisation names it. */
  readonly relationships: boolean;
}

export async function organisationDependents(db: Queryable, oid: string): Promise<OrganisationDependents> {
  const r = await db.query<{ units: string; systems: string; professionals: string; documents: boolean; relationships: boolean }>({
    name: 'organisation-dependents',
    text: `select (select count(*) from organisation where parent_oid = $1) as units,
                  (select count(*) from client_system where controller_oid = $1) as systems,
                  (select count(*) from professional where organisation_oid = $1) as professionals,
                  exists (select 1 from document where controller_oid = $1 or unit_oid = $1 or author_organisation_oid = $1) as documents,
                  (exists (select 1 from client_relationship where controller_oid = $1 or unit_oid = $1)
                    or exists (select 1 from client_relationship_producer where producer_unit_oid = $1)
                    or exists (select 1 from matter where controller_oid = $1)) as relationships`,
    values: [oid],
  });
  const row = r.rows[0]!;
  return { units: Number(row.units), systems: Number(row.systems), professionals: Number(row.professionals), documents: row.documents, relationships: row.relationships };
}

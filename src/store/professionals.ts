// Professionals, identified by the subject serialNumber of their professional card (D9), each
// working in one organisation: a controller or one of its units.
import type { Queryable } from './queryable.ts';
import type { ControllerOid, OrganisationOid } from '../domain/types.ts';

export interface ProfessionalRow {
  readonly professionalId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly title: string;
  readonly organisationOid: OrganisationOid;
  /** The controller of the professional's unit; null when the organisation is itself a controller. */
  readonly organisationParentOid: OrganisationOid | null;
  /** Roles the controller gave them (D1: each controller manages its staff's access rights), e.g. supervisor, archivist. */
  readonly roles: readonly ProfessionalRole[];
}

/**
 * supervisor and archivist may ask why ($explain, V14); archivist uses the archivist interface
 * (L2); administrator registers its controller's client data systems and professionals on the
 * administration pages; operator is the national operator's (organisations, units, card CAs),
 * given only with the operator's own tool (src/domain/policy/administration.ts).
 */
export type ProfessionalRole = 'supervisor' | 'archivist' | 'administrator' | 'operator';
export const PROFESSIONAL_ROLES: readonly ProfessionalRole[] = ['supervisor', 'archivist', 'administrator', 'operator'];

export interface NewProfessional {
  readonly professionalId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly title: string;
  readonly organisationOid: string;
  readonly roles?: readonly ProfessionalRole[];
}

interface Row { professional_id: string; given_name: string; family_name: string; title: string; organisation_oid: string; parent_oid: string | null; roles: ProfessionalRole[] }

export async function getProfessional(db: Queryable, professionalId: string): Promise<ProfessionalRow | undefined> {
  const r = await db.query<Row>({
    name: 'professional-by-id',
    text: `select p.professional_id, p.given_name, p.family_name, p.title, p.organisation_oid, o.parent_oid, p.roles
           from professional p join organisation o on o.oid = p.organisation_oid
           where p.professional_id = $1`,
    values: [professionalId],
  });
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

function toRow(row: Row): ProfessionalRow {
  return {
    professionalId: row.professional_id,
    givenName: row.given_name,
    familyName: row.family_name,
    title: row.title,
    organisationOid: row.organisation_oid as OrganisationOid,
    organisationParentOid: row.parent_oid as OrganisationOid | null,
    roles: row.roles,
  };
}

/** Every professional, or those of one organisation (a controller's list includes its units'). */
export async function listProfessionals(db: Queryable, organisationOid?: string): Promise<ProfessionalRow[]> {
  const r = await db.query<Row>({
    name: 'professional-list',
    text: `select p.professional_id, p.given_name, p.family_name, p.title, p.organisation_oid, o.parent_oid, p.roles
           from professional p join organisation o on o.oid = p.organisation_oid
           where $1::text is null or p.organisation_oid = $1 or o.parent_oid = $1
           order by p.organisation_oid, p.professional_id`,
    values: [organisationOid ?? null],
  });
  return r.rows.map(toRow);
}

export async function deleteProfessional(tx: Queryable, professionalId: string): Promise<void> {
  await tx.query({ name: 'professional-delete', text: 'delete from professional where professional_id = $1', values: [professionalId] });
}

/** Registers a professional, or updates their name, title and organisation. */
export async function registerProfessional(tx: Queryable, p: NewProfessional): Promise<void> {
  await tx.query({
    name: 'professional-register',
    text: `insert into professional (professional_id, given_name, family_name, title, organisation_oid, roles) values ($1, $2, $3, $4, $5, $6)
           on conflict (professional_id) do update set given_name = excluded.given_name, family_name = excluded.family_name,
             title = excluded.title, organisation_oid = excluded.organisation_oid, roles = excluded.roles`,
    values: [p.professionalId, p.givenName, p.familyName, p.title, p.organisationOid, p.roles ?? []],
  });
}

/** D9: a professional works for a controller when their organisation is the controller or one of its units. */
export function isInController(
  professional: Pick<ProfessionalRow, 'organisationOid' | 'organisationParentOid'>,
  controllerOid: ControllerOid,
): boolean {
  return professional.organisationOid === controllerOid || professional.organisationParentOid === controllerOid;
}

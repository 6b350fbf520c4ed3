// The demo OpenID Connect provider's accounts: the people of the database with a name.
import type { Queryable } from './queryable.ts';

export interface DemoAccount {
  readonly fhirId: string;
  readonly identityCode: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly birthDate: string;
}

const COLUMNS = `fhir_id::text as "fhirId", identity_code as "identityCode", given_name as "givenName", family_name as "familyName", to_char(birth_date, 'YYYY-MM-DD') as "birthDate"`;

export async function demoAccounts(db: Queryable, limit: number): Promise<DemoAccount[]> {
  const r = await db.query<DemoAccount>({
    name: 'demo-accounts',
    text: `select ${COLUMNS} from person where given_name is not null and family_name is not null order by family_name, given_name, person_key limit $1`,
    values: [limit],
  });
  return r.rows;
}

export async function demoAccount(db: Queryable, fhirId: string): Promise<DemoAccount | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(fhirId)) return undefined;
  const r = await db.query<DemoAccount>({ name: 'demo-account', text: `select ${COLUMNS} from person where fhir_id = $1 and given_name is not null`, values: [fhirId] });
  return r.rows[0];
}

export interface DemoProfessional {
  readonly professionalId: string;
  readonly name: string;
  readonly title: string;
  readonly organisationName: string;
  readonly roles: readonly string[];
}

/** The demo provider's professional accounts: the professional registry, those with roles first. */
export async function demoProfessionals(db: Queryable, limit: number): Promise<DemoProfessional[]> {
  const r = await db.query<DemoProfessional>({
    name: 'demo-professionals',
    text: `select p.professional_id as "professionalId", p.given_name || ' ' || p.family_name as name, p.title, o.name as "organisationName", p.roles
           from professional p join organisation o on o.oid = p.organisation_oid
           order by cardinality(p.roles) desc, p.family_name, p.given_name limit $1`,
    values: [limit],
  });
  return r.rows;
}

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

// The population register as a table (migration 0007): read by the portal and the consent
// service through PopulationRegister, written by the registers import.
import type { Queryable } from './queryable.ts';
import type { PersonKey } from '../domain/types.ts';
import type { PopulationRegister, Representation, RepresentationKind } from '../domain/registers.ts';

interface Row { person_key: string; representative_key: string; kind: RepresentationKind; start_date: string; end_date: string | null }

const COLUMNS = `person_key::text, representative_key::text, kind, to_char(start_date, 'YYYY-MM-DD') as start_date, to_char(end_date, 'YYYY-MM-DD') as end_date`;

const toRepresentation = (r: Row): Representation => ({
  personKey: r.person_key as PersonKey, representativeKey: r.representative_key as PersonKey, kind: r.kind, startDate: r.start_date, endDate: r.end_date,
});

export const tablePopulationRegister: PopulationRegister<Queryable> = {
  async representationsOf(q, representativeKey) {
    const r = await q.query<Row>({
      name: 'population-representations-of',
      text: `select ${COLUMNS} from population_representation where representative_key = $1 order by person_key, kind, start_date`,
      values: [representativeKey],
    });
    return r.rows.map(toRepresentation);
  },
  async representativesOf(q, personKey) {
    const r = await q.query<Row>({
      name: 'population-representatives-of',
      text: `select ${COLUMNS} from population_representation where person_key = $1 order by representative_key, kind, start_date`,
      values: [personKey],
    });
    return r.rows.map(toRepresentation);
  },
};

/** Inserts the relation, or replaces the end date of the one with the same key (an import is idempotent). */
export async function upsertRepresentation(q: Queryable, r: Representation): Promise<void> {
  await q.query({
    name: 'population-representation-upsert',
    text: `insert into population_representation (person_key, representative_key, kind, start_date, end_date) values ($1, $2, $3, $4, $5)
           on conflict (person_key, representative_key, kind, start_date) do update set end_date = excluded.end_date`,
    values: [r.personKey, r.representativeKey, r.kind, r.startDate, r.endDate],
  });
}

/**
 * The person's key, the person created if the archive has not met them; names, when given,
 * replace the stored ones (the population register is the source of names). Lighter than
 * ensurePerson, which reads everything the access decisions need: an import does this per line.
 */
export async function personKeyFor(q: Queryable, p: { identityCode: string; birthDate: string; givenName?: string; familyName?: string }): Promise<{ personKey: PersonKey; created: boolean }> {
  const r = await q.query<{ person_key: string; created: boolean }>({
    name: 'population-person-key',
    text: `insert into person (identity_code, birth_date, given_name, family_name) values ($1, $2, $3, $4)
           on conflict (identity_code) do update set
             given_name = coalesce(excluded.given_name, person.given_name),
             family_name = coalesce(excluded.family_name, person.family_name)
           returning person_key::text, (xmax = 0) as created`,
    values: [p.identityCode, p.birthDate, p.givenName ?? null, p.familyName ?? null],
  });
  return { personKey: r.rows[0]!.person_key as PersonKey, created: r.rows[0]!.created };
}

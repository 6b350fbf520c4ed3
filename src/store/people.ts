// People: the client register's person rows. Identity codes stay inside this module, the FHIR
// mapping and the audit body; everything else refers to a person by person_key or fhir_id.
import type { Queryable } from './queryable.ts';
import type { ClientRelationship, PersonKey } from '../domain/types.ts';
import type { ConsentFact, ProducerAuthorisation } from '../domain/consent.ts';
import { AUTHORISATIONS_JSON, CONSENTS_JSON, toFacts } from './consents.ts';

export interface PersonRow {
  readonly personKey: PersonKey;
  readonly fhirId: string;
  readonly identityCode: string;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly birthDate: string;
  /** The client's relationships with every controller, read with the person (one round trip). */
  readonly relationships: readonly ClientRelationship[];
  /** The producer authorisations on those relationships (S7). */
  readonly authorisations: readonly ProducerAuthorisation[];
  /** The client's consent service records, current versions (D11). */
  readonly consents: readonly ConsentFact[];
}

export interface PersonDbRow {
  person_key: string; fhir_id: string; identity_code: string; given_name: string | null; family_name: string | null; birth_date: string;
  relationships: ClientRelationship[]; authorisations: ProducerAuthorisation[]; consents: Record<string, unknown>[];
}

export function toPerson(r: PersonDbRow): PersonRow {
  return {
    personKey: r.person_key as PersonKey, fhirId: r.fhir_id, identityCode: r.identity_code, givenName: r.given_name, familyName: r.family_name,
    birthDate: r.birth_date, relationships: r.relationships, authorisations: r.authorisations, consents: toFacts(r.consents),
  };
}

/** The relationships of the row's person as JSON in ClientRelationship's shape. */
export const RELATIONSHIPS_JSON = `(select coalesce(json_agg(json_build_object('controllerOid', r.controller_oid, 'serviceTask', r.service_task,
  'startDate', r.start_date, 'endDate', r.end_date)), '[]'::json) from client_relationship r where r.person_key = person.person_key)`;

// Everything the access decisions need about a client, read with the person in one round trip.
export const PERSON_COLUMNS = `person_key, fhir_id, identity_code, given_name, family_name, to_char(birth_date, 'YYYY-MM-DD') as birth_date,
  ${RELATIONSHIPS_JSON} as relationships, ${AUTHORISATIONS_JSON} as authorisations, ${CONSENTS_JSON} as consents`;

export async function findPersonByIdentityCode(db: Queryable, identityCode: string): Promise<PersonRow | undefined> {
  const r = await db.query<PersonDbRow>({ name: 'person-by-code', text: `select ${PERSON_COLUMNS} from person where identity_code = $1`, values: [identityCode] });
  return r.rows[0] ? toPerson(r.rows[0]) : undefined;
}

export async function findPersonByFhirId(db: Queryable, fhirId: string): Promise<PersonRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(fhirId)) return undefined;
  const r = await db.query<PersonDbRow>({ name: 'person-by-fhir-id', text: `select ${PERSON_COLUMNS} from person where fhir_id = $1`, values: [fhirId] });
  return r.rows[0] ? toPerson(r.rows[0]) : undefined;
}

/** A client as a request names them: by opaque Patient id, or by identity code. */
export type ClientRef = { readonly fhirId: string } | { readonly identityCode: string };

/** The client a request names: by opaque id when it gives one, else by identity code. */
export function clientRefOf(fhirId: string | undefined, identityCode: string | undefined): ClientRef | undefined {
  if (fhirId) return { fhirId };
  if (identityCode) return { identityCode };
  return undefined;
}

export function findPersonByRef(db: Queryable, ref: ClientRef): Promise<PersonRow | undefined> {
  return 'fhirId' in ref ? findPersonByFhirId(db, ref.fhirId) : findPersonByIdentityCode(db, ref.identityCode);
}

export async function findPersonByKey(db: Queryable, personKey: string): Promise<PersonRow | undefined> {
  const r = await db.query<PersonDbRow>({ name: 'person-by-key', text: `select ${PERSON_COLUMNS} from person where person_key = $1`, values: [personKey] });
  return r.rows[0] ? toPerson(r.rows[0]) : undefined;
}

/**
 * The person with this identity code, created if the archive has not met them before (a stored
 * document may be the first thing the archive hears of a client; names arrive from the
 * population register later).
 */
export async function ensurePerson(db: Queryable, p: { identityCode: string; birthDate: string; givenName?: string | null; familyName?: string | null }): Promise<PersonRow> {
  const r = await db.query<PersonDbRow>({
    name: 'person-ensure',
    text: `insert into person (identity_code, birth_date, given_name, family_name) values ($1, $2, $3, $4)
           on conflict (identity_code) do update set
             given_name = coalesce(excluded.given_name, person.given_name),
             family_name = coalesce(excluded.family_name, person.family_name)
           returning ${PERSON_COLUMNS}`,
    values: [p.identityCode, p.birthDate, p.givenName ?? null, p.familyName ?? null],
  });
  return toPerson(r.rows[0]!);
}

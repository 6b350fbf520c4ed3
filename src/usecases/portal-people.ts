// V7, V8, V9, V13: the people a logged-in person may act for today, from the population and
// mandate registers, with their names and opaque ids for the pages, and the relations that give
// nothing today (an 18th birthday passed, a mandate expired or revoked) so that the page can say
// why someone is no longer listed.
import type { Queryable } from '../store/queryable.ts';
import type { PersonKey } from '../domain/types.ts';
import { decideActingForWithRefusals, type ActingBasis, type RefusedRelation } from '../domain/policy/representation.ts';
import { finnishDay } from '../domain/finnish-day.ts';
import { TABLE_REGISTERS } from './representative-check.ts';

export interface ActingPerson {
  readonly personKey: string;
  /** Opaque id for forms (never the identity code). */
  readonly fhirId: string;
  readonly name: string;
  readonly basis: ActingBasis;
  readonly may: { readonly view: boolean; readonly consent: boolean; readonly prohibit: boolean };
}

export interface EndedRight {
  readonly name: string;
  readonly reason: 'adult' | 'guardianship-ended' | 'mandate-expired' | 'mandate-revoked' | 'mandate-future' | 'no-view' | 'not-in-portal';
  readonly date: string | undefined;
}

export interface PortalPeople {
  /** The person themself first, then those they act for. Only those they may view. */
  readonly allowed: readonly ActingPerson[];
  readonly refused: readonly EndedRight[];
}

interface PersonName { person_key: string; fhir_id: string; name: string; birth_date: string }

async function peopleByKey(db: Queryable, keys: readonly string[]): Promise<Map<string, PersonName>> {
  const r = await db.query<PersonName>({
    name: 'portal-people-names',
    text: `select person_key::text, fhir_id::text, coalesce(nullif(concat_ws(' ', given_name, family_name), ''), '–') as name, to_char(birth_date, 'YYYY-MM-DD') as birth_date
           from person where person_key = any($1::bigint[])`,
    values: [keys],
  });
  return new Map(r.rows.map((row) => [row.person_key, row]));
}

function endedReason(r: RefusedRelation): EndedRight['reason'] {
  const rules = r.because.map((b) => b.rule + ' ' + b.detail).join(' ');
  if (r.relation === 'mandate') {
    if (r.startsOn) return 'mandate-future';
    if (/revoked/.test(rules)) return 'mandate-revoked';
    if (/view/.test(rules) && !r.endedOn) return 'no-view';
    return 'mandate-expired';
  }
  // V9 names only mandates: a trustee or a continuing power of attorney acts through a professional.
  if (r.relation === 'trustee' || r.relation === 'continuing-power-of-attorney') return 'not-in-portal';
  return /18/.test(rules) ? 'adult' : 'guardianship-ended';
}

export async function actingFor(db: Queryable, citizenKey: string, now: string): Promise<PortalPeople> {
  const self = citizenKey as PersonKey;
  const [representations, mandates] = await Promise.all([
    TABLE_REGISTERS.population.representationsOf(db, self),
    TABLE_REGISTERS.mandates.mandatesHeldBy(db, self),
  ]);
  const keys = [...new Set([citizenKey, ...representations.map((r) => r.personKey), ...mandates.map((m) => m.principalKey)])];
  const people = await peopleByKey(db, keys);
  const decided = decideActingForWithRefusals({
    self: { personKey: citizenKey, birthDate: people.get(citizenKey)!.birth_date },
    representations, mandates,
    birthDates: new Map([...people.values()].map((p) => [p.person_key, p.birth_date])),
    names: new Map([...people.values()].map((p) => [p.person_key, p.name])),
    today: finnishDay(now), now,
  });
  const allowed = decided.acting.filter((a) => a.may.view).map((a) => ({ personKey: a.personKey, fhirId: people.get(a.personKey)!.fhir_id, name: people.get(a.personKey)!.name, basis: a.basis, may: a.may }));
  const notViewable = decided.acting.filter((a) => !a.may.view).map((a): EndedRight => ({ name: people.get(a.personKey)!.name, reason: 'no-view', date: undefined }));
  const refused = decided.refused.map((r): EndedRight => ({ name: people.get(r.personKey)?.name ?? '–', reason: endedReason(r), date: r.endedOn ?? r.startsOn }));
  return { allowed, refused: [...refused, ...notViewable] };
}

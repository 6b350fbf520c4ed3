// V7, V8, V9, V13: the people a logged-in person may act for today, from the population and
// mandate registers (read in one statement: viewerRelations in src/store/portal.ts), with their
// names and opaque ids for the pages, and the relations that give nothing today (an 18th
// birthday passed, a mandate expired or revoked) so that the page can say why someone is no
// longer listed.
import type { Queryable } from '../store/queryable.ts';
import { decideActingForWithRefusals, type ActingBasis, type RefusalWhy } from '../domain/policy/representation.ts';
import { finnishDay } from '../domain/finnish-day.ts';
import { viewerRelations } from '../store/portal.ts';

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
  readonly reason: 'adult' | 'guardianship-ended' | 'right-future' | 'unconfirmed' | 'mandate-expired' | 'mandate-revoked' | 'mandate-future' | 'no-view' | 'not-in-portal';
  readonly date: string | undefined;
}

export interface PortalPeople {
  /** The person themself first, then those they act for. Only those they may view. */
  readonly allowed: readonly ActingPerson[];
  readonly refused: readonly EndedRight[];
}

/** What the page says of a relation that gives nothing today. */
const ENDED_REASON: Readonly<Record<RefusalWhy, EndedRight['reason']>> = {
  'not-in-portal': 'not-in-portal', 'not-yet': 'right-future', 'birth-unknown': 'unconfirmed', adult: 'adult', ended: 'guardianship-ended',
  revoked: 'mandate-revoked', expired: 'mandate-expired', 'principal-minor': 'no-view', 'no-scope': 'no-view',
};

export async function actingFor(db: Queryable, citizenKey: string, now: string): Promise<PortalPeople> {
  const { representations, mandates, people: rows } = await viewerRelations(db, citizenKey);
  const people = new Map(rows.map((p) => [p.personKey, p]));
  const self = people.get(citizenKey);
  if (!self) throw new Error('the logged-in person is not in the person table');
  const decided = decideActingForWithRefusals({
    self: { personKey: citizenKey, birthDate: self.birthDate },
    representations, mandates,
    birthDates: new Map(rows.map((p) => [p.personKey, p.birthDate])),
    names: new Map(rows.map((p) => [p.personKey, p.name])),
    today: finnishDay(now), now,
  });
  const allowed = decided.acting.filter((a) => a.may.view).map((a) => ({ personKey: a.personKey, fhirId: people.get(a.personKey)!.fhirId, name: people.get(a.personKey)!.name, basis: a.basis, may: a.may }));
  const notViewable = decided.acting.filter((a) => !a.may.view).map((a): EndedRight => ({ name: people.get(a.personKey)!.name, reason: 'no-view', date: undefined }));
  const refused = decided.refused.map((r): EndedRight => ({ name: people.get(r.personKey)?.name ?? '–', reason: r.relation === 'mandate' && r.why === 'not-yet' ? 'mandate-future' : ENDED_REASON[r.why], date: r.endedOn ?? r.startsOn }));
  return { allowed, refused: [...refused, ...notViewable] };
}

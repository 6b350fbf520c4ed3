// Whom may a person act for today, and what may they do for them (V7, V8, V9, V13, S5)? And is
// a representative named on a consent service record registered for that role (S3)? Pure: the
// caller reads the population and mandate registers (src/domain/registers.ts) and the clock.
//
// - V7: everyone acts for themself, a minor too: view, consent, prohibit.
// - V8: a guardian, or a person entitled to a minor's information, while the child is under 18
//   and the relation is in force. A guardian may view and consent, not prohibit (S5); the
//   information right is to see only.
// - V9: a mandate holder, while the mandate is in force and not revoked, for an adult principal:
//   view with scope 'view', consent and prohibit with scope 'consent'.
// - A trustee or a continuing power of attorney gives no portal access: V9 names only mandates;
//   they act through a professional, who records their consents (S3 roles 32, 33).
import type { Decision, Reason, ReasonText } from '../types.ts';
import type { RepresentativeRole } from '../consent.ts';
import type { Mandate, Representation, RepresentationKind } from '../registers.ts';
import { ageOn } from '../identity-code.ts';

export type ActingBasis = 'self' | 'guardian' | 'information-right' | 'mandate';

export interface ActingFor {
  readonly personKey: string;
  readonly basis: ActingBasis;
  /** What the viewer may do for them. */
  readonly may: { readonly view: boolean; readonly consent: boolean; readonly prohibit: boolean };
  readonly because: readonly Reason[];
}

/** A relation of the registers that gives the viewer nothing today, with why (the portal says so; issue 10 explains it). */
export type RefusalWhy = 'not-in-portal' | 'not-yet' | 'birth-unknown' | 'adult' | 'ended' | 'revoked' | 'expired' | 'principal-minor' | 'no-scope';

export interface RefusedRelation {
  readonly personKey: string;
  readonly relation: RepresentationKind | 'mandate';
  /** Why it gives nothing today, as a value (the page says it in the person's language). */
  readonly why: RefusalWhy;
  /** The mandate's id, for a mandate. */
  readonly mandateId?: string;
  /** The first day the right no longer held (the 18th birthday, the day after the end, the revocation day), when it has ended. */
  readonly endedOn?: string;
  /** The first day of a right that has not begun yet. */
  readonly startsOn?: string;
  readonly because: readonly Reason[];
}

export interface ActingForInput {
  readonly self: { readonly personKey: string; readonly birthDate: string };
  /** Relations in which self is the representative. */
  readonly representations: readonly Representation[];
  /** Mandates held by self. */
  readonly mandates: readonly Mandate[];
  /** Birth dates of the represented persons and the principals. */
  readonly birthDates: ReadonlyMap<string, string>;
  /** Display names of the others, for the order of the list; absent, the person key orders. */
  readonly names?: ReadonlyMap<string, string>;
  /** YYYY-MM-DD in Finland. */
  readonly today: string;
  /** ISO instant: a mandate revoked at or before it gives nothing. */
  readonly now: string;
}

const ADULT_AGE = 18;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The day a person born on birthDate turns 18 (29 February: 1 March in a common year, as ageOn counts). */
export function eighteenthBirthday(birthDate: string): string {
  const year = Number(birthDate.slice(0, 4)) + ADULT_AGE;
  const monthDay = birthDate.slice(5);
  return `${year}-${monthDay === '02-29' && !isLeapYear(year) ? '03-01' : monthDay}`;
}

/** The day `days` after a YYYY-MM-DD day (before it, when negative). */
function dayOffset(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const dayAfter = (day: string): string => dayOffset(day, 1);
const dayBefore = (day: string): string => dayOffset(day, -1);

const isMinorOn = (birthDate: string, day: string): boolean => day < birthDate || ageOn(birthDate, day) < ADULT_AGE;

/** Where `day` lies against an inclusive window: before it, in it, or after it. */
function windowOf(day: string, from: string, until: string | null): 'before' | 'in' | 'after' {
  if (day < from) return 'before';
  return until !== null && day > until ? 'after' : 'in';
}

type Verdict =
  | { readonly grant: true; readonly entry: ActingFor }
  | { readonly grant: false; readonly refused: RefusedRelation };

const KIND_TEXT: Readonly<Record<RepresentationKind, string>> = {
  guardian: 'guardianship', 'information-right': 'right to receive the minor\'s information', trustee: 'trusteeship', 'continuing-power-of-attorney': 'continuing power of attorney',
};

/** V8, and the no of V9 to trustees and continuing powers of attorney. */
function judgeRepresentation(r: Representation, birthDates: ReadonlyMap<string, string>, today: string): Verdict {
  const refuse = (why: RefusalWhy, rule: string, detail: string, says: ReasonText, extra: Partial<RefusedRelation> = {}): Verdict =>
    ({ grant: false, refused: { personKey: r.personKey, relation: r.kind, why, ...extra, because: [{ rule, detail, says }] } });
  if (r.kind === 'trustee' || r.kind === 'continuing-power-of-attorney') {
    return refuse('not-in-portal', 'V9', `a ${r.kind === 'trustee' ? 'trustee' : 'continuing power of attorney holder'} does not act in the portal: only a mandate of the mandate register gives that (V9); a ${KIND_TEXT[r.kind]} acts through a professional, who records the consents it gives (S3)`, { key: 'v9.notInPortal', values: { kind: r.kind } });
  }
  const window = windowOf(today, r.startDate, r.endDate);
  if (window === 'before') return refuse('not-yet', 'V8', `the ${KIND_TEXT[r.kind]} begins on ${r.startDate}`, { key: 'v8.notYet', values: { kind: r.kind, from: r.startDate } }, { startsOn: r.startDate });
  const birthDate = birthDates.get(r.personKey);
  if (!birthDate) return refuse('birth-unknown', 'V8', 'the birth date of the child is not known, so the right cannot be confirmed', { key: 'v8.birthUnknown' });
  const adultOn = eighteenthBirthday(birthDate);
  const endedOn = [window === 'after' ? dayAfter(r.endDate!) : undefined, today >= adultOn ? adultOn : undefined].filter((d): d is string => d !== undefined).sort()[0];
  if (endedOn !== undefined) {
    const why = endedOn === adultOn ? `the child turned 18 on ${adultOn}` : `the population register ends it on ${r.endDate}`;
    const says: ReasonText = endedOn === adultOn ? { key: 'v8.endedAdult', values: { kind: r.kind, on: endedOn } } : { key: 'v8.ended', values: { kind: r.kind, on: endedOn } };
    return refuse(endedOn === adultOn ? 'adult' : 'ended', 'V8', `the ${KIND_TEXT[r.kind]} ended on ${endedOn}: ${why}`, says, { endedOn });
  }
  const until = r.endDate !== null && r.endDate < adultOn ? `until ${r.endDate}` : `until the day before the child turns 18 on ${adultOn}`;
  const lastDay = r.endDate !== null && r.endDate < adultOn ? r.endDate : dayBefore(adultOn);
  if (r.kind === 'guardian') {
    return {
      grant: true, entry: {
        personKey: r.personKey, basis: 'guardian', may: { view: true, consent: true, prohibit: false },
        because: [
          { rule: 'V8', detail: `guardian since ${r.startDate}, ${until}: sees the child's documents except those hidden from guardians (V5c)`, says: { key: 'v8.guardian', values: { since: r.startDate, until: lastDay } } },
          { rule: 'S5', detail: 'a guardian may acknowledge the informing and consent for the child, but not prohibit', says: { key: 's5.guardian' } },
        ],
      },
    };
  }
  return {
    grant: true, entry: {
      personKey: r.personKey, basis: 'information-right', may: { view: true, consent: false, prohibit: false },
      because: [{ rule: 'V8', detail: `entitled to receive the child's information since ${r.startDate}, ${until}: sees the child's documents, but does not act for the child`, says: { key: 'v8.informationRight', values: { since: r.startDate, until: lastDay } } }],
    },
  };
}

/** V9. */
function judgeMandate(m: Mandate, birthDates: ReadonlyMap<string, string>, today: string, now: string): Verdict {
  const refuse = (why: RefusalWhy, detail: string, says: ReasonText, extra: Partial<RefusedRelation> = {}): Verdict =>
    ({ grant: false, refused: { personKey: m.principalKey, relation: 'mandate', mandateId: m.mandateId, why, ...extra, because: [{ rule: 'V9', detail, says }] } });
  if (m.revokedAt !== null && m.revokedAt <= now) return refuse('revoked', `mandate ${m.mandateId} was revoked on ${m.revokedAt.slice(0, 10)}`, { key: 'v9.revoked', values: { on: m.revokedAt.slice(0, 10) } }, { endedOn: m.revokedAt.slice(0, 10) });
  const window = windowOf(today, m.validFrom, m.validUntil);
  if (window === 'before') return refuse('not-yet', `mandate ${m.mandateId} is valid from ${m.validFrom}`, { key: 'v9.notYet', values: { from: m.validFrom } }, { startsOn: m.validFrom });
  if (window === 'after') return refuse('expired', `mandate ${m.mandateId} expired: it was valid until ${m.validUntil}`, { key: 'v9.expired', values: { until: m.validUntil! } }, { endedOn: dayAfter(m.validUntil!) });
  const birthDate = birthDates.get(m.principalKey);
  if (!birthDate) return refuse('birth-unknown', 'the birth date of the principal is not known, so the mandate cannot be confirmed', { key: 'v9.birthUnknown' });
  if (isMinorOn(birthDate, today)) return refuse('principal-minor', `a mandate acts for an adult; the principal is under 18 until ${eighteenthBirthday(birthDate)} (a minor's guardian acts under V8)`, { key: 'v9.principalMinor', values: { adult: eighteenthBirthday(birthDate) } });
  const view = m.scopes.includes('view');
  const consent = m.scopes.includes('consent');
  if (!view && !consent) return refuse('no-scope', `mandate ${m.mandateId} has no scope that the portal knows ('view', 'consent')`, { key: 'v9.noScope' });
  const until = m.validUntil ? `until ${m.validUntil}` : 'until further notice';
  return {
    grant: true, entry: { personKey: m.principalKey, basis: 'mandate', may: { view, consent, prohibit: consent }, because: [{ rule: 'V9', detail: `mandate ${m.mandateId} from ${m.validFrom} ${until}, scope ${m.scopes.join(' and ')}: ${[view ? 'sees the same documents and log as the principal' : 'does not see the principal\'s documents', consent ? 'manages informing, consents and prohibitions' : 'does not manage consents'].join('; ')}`, says: { key: `v9.mandate.${view && consent ? 'viewConsent' : view ? 'view' : 'consent'}`, values: { from: m.validFrom } } }] },
  };
}

// One entry per person: the strongest basis names it, the rights are the union of every relation in force.
const BASIS_ORDER: readonly ActingBasis[] = ['self', 'guardian', 'information-right', 'mandate'];

/** V7, V8, V9 and S5, with the relations that give nothing today and why. */
export function decideActingForWithRefusals(input: ActingForInput): { readonly acting: ActingFor[]; readonly refused: RefusedRelation[] } {
  const { self, today, now, birthDates } = input;
  const selfEntry: ActingFor = {
    personKey: self.personKey, basis: 'self', may: { view: true, consent: true, prohibit: true },
    because: [isMinorOn(self.birthDate, today)
      ? { rule: 'V7', detail: 'a minor client sees their own documents too, and gives their own consents and prohibitions', says: { key: 'v7.minor' } }
      : { rule: 'V1', detail: 'the client sees their own documents and manages their own consents and prohibitions', says: { key: 'v1.self' } }],
  };
  const verdicts = [
    ...input.representations.filter((r) => r.personKey !== self.personKey).map((r) => judgeRepresentation(r, birthDates, today)),
    ...input.mandates.filter((m) => m.principalKey !== self.personKey).map((m) => judgeMandate(m, birthDates, today, now)),
  ];
  const granted = new Map<string, ActingFor>();
  for (const v of verdicts) {
    if (!v.grant) continue;
    const { personKey, basis, may, because } = v.entry;
    const before = granted.get(personKey);
    granted.set(personKey, before === undefined ? v.entry : {
      personKey,
      basis: BASIS_ORDER.indexOf(basis) < BASIS_ORDER.indexOf(before.basis) ? basis : before.basis,
      may: { view: before.may.view || may.view, consent: before.may.consent || may.consent, prohibit: before.may.prohibit || may.prohibit },
      because: [...before.because, ...because],
    });
  }
  const nameOf = (key: string): string => input.names?.get(key) ?? '';
  const order = (a: { personKey: string }, b: { personKey: string }): number =>
    nameOf(a.personKey).localeCompare(nameOf(b.personKey), 'fi') || compareKeys(a.personKey, b.personKey);
  // A relation that gives nothing is not news while another relation gives access to the same person.
  const refused = verdicts.flatMap((v) => (v.grant ? [] : [v.refused])).filter((r) => !granted.has(r.personKey)).sort(order);
  return { acting: [selfEntry, ...[...granted.values()].sort(order)], refused };
}

/** Everyone the viewer may act for today, themself first (V13), with what they may do. */
export function decideActingFor(input: ActingForInput): ActingFor[] {
  return decideActingForWithRefusals(input).acting;
}

function compareKeys(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export interface RepresentativeRoleInput {
  /** The role named on the consent service record (S3): 31 guardian, 32 trustee, 33 continuing power of attorney, 34 mandate holder. */
  readonly role: RepresentativeRole;
  readonly client: { readonly personKey: string; readonly birthDate: string };
  /** The named representative, or undefined when the archive does not know them (then no register has them either). */
  readonly representativeKey: string | undefined;
  /** The population register's relations in which the client is the represented person. */
  readonly representations: readonly Representation[];
  /** The mandates the client has given. */
  readonly mandates: readonly Mandate[];
  /** The day the record is given (YYYY-MM-DD in Finland). */
  readonly day: string;
  /** When it is given (ISO instant): a mandate revoked by then does not count. */
  readonly at: string;
}

const ROLE_KIND: Readonly<Record<Exclude<RepresentativeRole, '34'>, RepresentationKind>> = { '31': 'guardian', '32': 'trustee', '33': 'continuing-power-of-attorney' };

/**
 * S3: is the representative named on a consent service record registered for that role on that
 * day? The consent service checks the registers instead of taking the professional's word.
 */
export function decideRepresentativeRole(input: RepresentativeRoleInput): Decision {
  const { role, client, representativeKey, day } = input;
  const refuse = (detail: string): Decision => ({ allow: false, because: [{ rule: 'S3', detail }] });
  if (role === '34') {
    const held = input.mandates.filter((m) => m.principalKey === client.personKey && m.holderKey === representativeKey);
    const inForce = held.filter((m) => windowOf(day, m.validFrom, m.validUntil) === 'in' && (m.revokedAt === null || m.revokedAt > input.at));
    const withConsent = inForce.find((m) => m.scopes.includes('consent'));
    if (withConsent) return { allow: true, because: [{ rule: 'S3', detail: `the mandate register has mandate ${withConsent.mandateId} with scope consent from the client to the representative in force on ${day}` }] };
    const why = inForce.length > 0 ? `only mandates without the scope consent (${inForce.map((m) => m.mandateId).join(', ')})`
      : held.length > 0 ? `only mandates not in force on ${day} (${held.map((m) => m.mandateId).join(', ')})`
      : 'no mandate';
    return refuse(`the mandate register has ${why} from the client to the named representative on ${day}: a mandate holder (34) acts with a mandate of scope consent in force`);
  }
  const kind = ROLE_KIND[role];
  // A guardian acts only for a minor (S3), whatever the register says.
  if (kind === 'guardian' && !isMinorOn(client.birthDate, day)) {
    return refuse(`a guardian acts only for a minor client; the client turned 18 on ${eighteenthBirthday(client.birthDate)}: for an adult, a trustee, a continuing power of attorney holder or a mandate holder acts`);
  }
  const found = input.representations.find((r) => r.personKey === client.personKey && r.representativeKey === representativeKey && r.kind === kind && windowOf(day, r.startDate, r.endDate) === 'in');
  if (!found) return refuse(`the population register has no ${KIND_TEXT[kind]} of the client by the named representative on ${day}`);
  return { allow: true, because: [{ rule: 'S3', detail: `the population register has the ${KIND_TEXT[kind]} of the client by the representative from ${found.startDate}${found.endDate ? ` until ${found.endDate}` : ''}` }] };
}

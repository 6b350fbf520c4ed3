// The demo's population register and mandate register, consistent with the stories: the
// guardians and representatives named on the client relationship documents and on the consent
// service records are registered here, or the consent service would refuse them (S3). A few
// more relations show the portal's edges: a guardianship past the child's 18th birthday, a
// parent with only the right to the child's information, an expired, a revoked and a view-only
// mandate. The seed writes them as the JSON lines of `kansio registers import` and imports them
// through the same use case; people.md says whom to log in as to see each (V7, V8, V9).
import type { MandateScope, RepresentationKind } from '../domain/registers.ts';
import { PEOPLE, type PersonHandle } from './fixtures.ts';
import { identityCodeOf } from './bundles.ts';

export interface DemoRepresentation {
  readonly kind: RepresentationKind;
  /** The represented person. */
  readonly person: PersonHandle;
  readonly representative: PersonHandle;
  readonly start: string;
  readonly end?: string;
  /** What it shows in the portal or the consent service, for people.md. */
  readonly shows: string;
}

export interface DemoMandate {
  readonly id: string;
  readonly principal: PersonHandle;
  readonly holder: PersonHandle;
  readonly scopes: readonly MandateScope[];
  readonly validFrom: string;
  readonly validUntil?: string;
  /** ISO date-time with offset. */
  readonly revokedAt?: string;
  readonly shows: string;
}

const guardian = (person: PersonHandle, representative: PersonHandle, shows: string): DemoRepresentation =>
  ({ kind: 'guardian', person, representative, start: PEOPLE[person].birthDate, shows });

export const DEMO_REPRESENTATIONS: readonly DemoRepresentation[] = [
  guardian('eetu', 'laura', 'V8: Eetu\'s documents, except the meeting note hidden from his guardians (V5c); consents for him, but no prohibitions (S5)'),
  guardian('ella', 'laura', 'V8: Ella\'s documents; the placement decision only after its display delay (V5a)'),
  guardian('eetu', 'janne', 'V8: as Laura, for Eetu'),
  guardian('ella', 'janne', 'V8: as Laura, for Ella'),
  guardian('emma', 'jussi', 'V8: Emma\'s services for families with children'),
  guardian('anni', 'jussi', 'V8: Anni\'s guidance note'),
  guardian('aleksi', 'hanna', 'V8: Aleksi\'s child protection documents, except the one he forbade showing his guardian (V5c)'),
  guardian('onni', 'petra', 'V8: Onni\'s family law documents, the opted-in parenthood record (V4) among them'),
  guardian('sofia', 'petteri', 'V8, S3: Sofia\'s documents in both areas; he gave her informing and consent (S5: no prohibitions)'),
  { kind: 'information-right', person: 'onni', representative: 'tuomas', start: '2025-09-15',
    shows: 'V8: Onni\'s father, not his guardian, entitled to his information since paternity was established: sees Onni\'s documents, cannot consent for him' },
  guardian('mikael', 'raili', 'V8: Raili was Mikael\'s guardian until his 18th birthday on 2013-07-07: the portal says her right ended then'),
  { kind: 'continuing-power-of-attorney', person: 'mikael', representative: 'raili', start: '2025-01-15',
    shows: 'S3: she may give consents for Mikael during a visit; V9: no portal access (only a mandate gives that)' },
  { kind: 'trustee', person: 'veikko', representative: 'heikki', start: '2018-02-01',
    shows: 'S3: he may give consents for Veikko during a visit; V9: no portal access (only a mandate gives that)' },
];

export const DEMO_MANDATES: readonly DemoMandate[] = [
  { id: 'DEMO-M-2024-001', principal: 'pirkko', holder: 'tiina', scopes: ['view', 'consent'], validFrom: '2024-02-15',
    shows: 'V9: Pirkko\'s documents and log, and her consents and prohibitions (she prohibited area B\'s register for Pirkko, S3)' },
  { id: 'DEMO-M-2025-014', principal: 'oskari', holder: 'aili', scopes: ['view'], validFrom: '2025-04-28',
    shows: 'V9: view only: Oskari\'s documents and log, but not his consents' },
  { id: 'DEMO-M-2024-031', principal: 'helmi', holder: 'marja', scopes: ['view', 'consent'], validFrom: '2024-01-01', validUntil: '2025-12-31',
    shows: 'V9: expired on 2025-12-31: gives nothing; the portal says it ended' },
  { id: 'DEMO-M-2026-002', principal: 'helmi', holder: 'marja', scopes: ['view'], validFrom: '2026-01-12', revokedAt: '2026-02-16T12:00:00+02:00',
    shows: 'V9: revoked by Helmi on 2026-02-16: gives nothing; the portal says it ended' },
];

/** The demo registers as `kansio registers import` reads them: every demo person with their name, then the relations and the mandates. */
export function demoRegisterLines(): string[] {
  const people = (Object.keys(PEOPLE) as PersonHandle[]).map((h) =>
    ({ register: 'population', type: 'person', identityCode: identityCodeOf(h), givenName: PEOPLE[h].given, familyName: PEOPLE[h].family }));
  const relations = DEMO_REPRESENTATIONS.map((r) => ({
    register: 'population', type: 'representation', person: identityCodeOf(r.person), representative: identityCodeOf(r.representative), kind: r.kind, start: r.start, end: r.end ?? null,
  }));
  const mandates = DEMO_MANDATES.map((m) => ({
    register: 'mandate', id: m.id, principal: identityCodeOf(m.principal), holder: identityCodeOf(m.holder), scopes: m.scopes,
    validFrom: m.validFrom, validUntil: m.validUntil ?? null, revokedAt: m.revokedAt ?? null,
  }));
  return [...people, ...relations, ...mandates].map((line) => JSON.stringify(line));
}

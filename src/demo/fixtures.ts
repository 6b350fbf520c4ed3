// The demo's fixed cast: organisations, client data systems, professionals and people. The
// documents they produce are in stories.ts. Everything here is synthetic: the organisation OIDs
// sit under 1.2.246.10.99999, which no real organisation has, and every identity code uses an
// individual number 900-999, the range reserved for test identities. Odd individual numbers
// belong to men and even ones to women, as in real identity codes.
import type { RoleKey, ServiceTaskKey } from '../domain/codes/index.ts';
import type { Phase, SystemProfile } from '../domain/types.ts';
import type { ProfessionalRole } from '../store/professionals.ts';

/** Organisation OIDs. Units are child OIDs of their controller. */
export const ORG = {
  areaA: '1.2.246.10.99999.1',
  areaAAdults: '1.2.246.10.99999.1.1',
  areaAFamilies: '1.2.246.10.99999.1.2',
  areaB: '1.2.246.10.99999.2',
  areaBSocial: '1.2.246.10.99999.2.1',
  areaBOlder: '1.2.246.10.99999.2.2',
  producer: '1.2.246.10.99999.3',
  producerHomeCare: '1.2.246.10.99999.3.1',
  /** The national operator's own organisation: no register, only its operator staff (issue 10). */
  operator: '1.2.246.10.99999.9',
} as const;

export interface OrganisationFixture {
  readonly oid: string;
  readonly name: string;
  readonly kind: 'welfare-area' | 'private-provider' | 'unit' | 'operator';
  readonly parentOid?: string;
}

// Controllers before their units: the unit rows reference their parent.
export const ORGANISATIONS: readonly OrganisationFixture[] = [
  { oid: ORG.areaA, name: 'Demo-Pohjanmaan hyvinvointialue', kind: 'welfare-area' },
  { oid: ORG.areaB, name: 'Demo-Lapin hyvinvointialue', kind: 'welfare-area' },
  { oid: ORG.producer, name: 'Demo-Hoiva Oy', kind: 'private-provider' },
  { oid: ORG.operator, name: 'Demo-Kansio, valtakunnallinen operaattori', kind: 'operator' },
  { oid: ORG.areaAAdults, name: 'Demo-Pohjanmaa, aikuissosiaalityö ja vammaispalvelut', kind: 'unit', parentOid: ORG.areaA },
  { oid: ORG.areaAFamilies, name: 'Demo-Pohjanmaa, lapsiperheiden palvelut ja lastensuojelu', kind: 'unit', parentOid: ORG.areaA },
  { oid: ORG.areaBSocial, name: 'Demo-Lappi, Rovaniemen sosiaalityö', kind: 'unit', parentOid: ORG.areaB },
  { oid: ORG.areaBOlder, name: 'Demo-Lappi, ikäihmisten palvelut', kind: 'unit', parentOid: ORG.areaB },
  { oid: ORG.producerHomeCare, name: 'Demo-Hoiva, kotihoito Vaasa', kind: 'unit', parentOid: ORG.producer },
];

export interface SystemFixture {
  readonly clientId: string;
  readonly name: string;
  readonly controllerOid: string;
  readonly profile: SystemProfile;
  /** The algorithm of its client-assertion key (SMART Backend Services allows ES384 and RS384). */
  readonly alg: 'ES384' | 'RS384';
}

// One system of each profile for area A (L5), so every profile can be tried against the demo.
export const SYSTEMS: readonly SystemFixture[] = [
  { clientId: 'demo-connecting-a', name: 'Demo-Pohjanmaa asiakastietojärjestelmä', controllerOid: ORG.areaA, profile: 'connecting', alg: 'ES384' },
  { clientId: 'demo-storing-a', name: 'Demo-Pohjanmaa arkistointipalvelu', controllerOid: ORG.areaA, profile: 'storing', alg: 'RS384' },
  { clientId: 'demo-reading-a', name: 'Demo-Pohjanmaa katselusovellus', controllerOid: ORG.areaA, profile: 'reading', alg: 'ES384' },
  { clientId: 'demo-service-a', name: 'Demo-Pohjanmaa tiedonsiirtopalvelu', controllerOid: ORG.areaA, profile: 'service', alg: 'ES384' },
  { clientId: 'demo-connecting-b', name: 'Demo-Lappi asiakastietojärjestelmä', controllerOid: ORG.areaB, profile: 'connecting', alg: 'ES384' },
  { clientId: 'demo-connecting-p', name: 'Demo-Hoiva asiakastietojärjestelmä', controllerOid: ORG.producer, profile: 'connecting', alg: 'ES384' },
];

export interface ProfessionalFixture {
  readonly professionalId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly title: string;
  readonly organisationOid: string;
  readonly phone: string;
  readonly email: string;
  /**
   * Roles the controller gave them: a supervisor or an archivist may ask $explain (V14); an archivist
   * uses the archivist interface, an administrator the administration pages of their controller,
   * the national operator those of organisations and card CAs (issue 10).
   */
  readonly roles?: readonly ProfessionalRole[];
}

export const PROFESSIONALS: readonly ProfessionalFixture[] = [
  { professionalId: 'demo-pro-a1', givenName: 'Sanna', familyName: 'Virtanen', title: 'sosiaalityöntekijä', organisationOid: ORG.areaAAdults, phone: '+358 40 100 2001', email: 'sanna.virtanen@demo-pohjanmaa.example' },
  { professionalId: 'demo-pro-a2', givenName: 'Mikko', familyName: 'Korhonen', title: 'sosiaalityöntekijä', organisationOid: ORG.areaAFamilies, phone: '+358 40 100 2002', email: 'mikko.korhonen@demo-pohjanmaa.example', roles: ['supervisor', 'archivist'] },
  { professionalId: 'demo-pro-b1', givenName: 'Aino', familyName: 'Mäkelä', title: 'sosiaaliohjaaja', organisationOid: ORG.areaBSocial, phone: '+358 40 200 3001', email: 'aino.makela@demo-lappi.example' },
  { professionalId: 'demo-pro-p1', givenName: 'Juha', familyName: 'Nieminen', title: 'sosiaaliohjaaja', organisationOid: ORG.producerHomeCare, phone: '+358 40 300 4001', email: 'juha.nieminen@demo-hoiva.example' },
  // Issue 10: area A's administrator (its systems and professionals) and the national operator
  // (organisations and card CAs), who works in the operator's own organisation, not in a register.
  { professionalId: 'demo-admin-a', givenName: 'Päivi', familyName: 'Järvinen', title: 'tietohallinnon pääkäyttäjä', organisationOid: ORG.areaA, phone: '+358 40 100 2090', email: 'paivi.jarvinen@demo-pohjanmaa.example', roles: ['administrator'] },
  { professionalId: 'demo-operator', givenName: 'Timo', familyName: 'Lahtinen', title: 'palvelupäällikkö', organisationOid: ORG.operator, phone: '+358 40 900 1001', email: 'timo.lahtinen@demo-operaattori.example', roles: ['operator'] },
];

export interface PersonFixture {
  readonly given: string;
  readonly family: string;
  readonly birthDate: string;
  /** 900-999: the range of synthetic identity codes. */
  readonly individualNumber: number;
}

// Keyed by a short handle that the stories use. Minors (born 2012 or later) stay under 18
// until 2030 at least, so the guardian cases keep working for years.
export const PEOPLE = {
  // The Korpela family (area A): a shared matter of the parents, child protection for the children.
  laura: { given: 'Laura', family: 'Korpela', birthDate: '1985-04-12', individualNumber: 900 },
  janne: { given: 'Janne', family: 'Korpela', birthDate: '1983-09-30', individualNumber: 901 },
  ella: { given: 'Ella', family: 'Korpela', birthDate: '2017-11-21', individualNumber: 902 },
  eetu: { given: 'Eetu', family: 'Korpela', birthDate: '2014-06-02', individualNumber: 903 },
  // The Kallio family (area A): services for families with children.
  emma: { given: 'Emma', family: 'Kallio', birthDate: '2015-09-14', individualNumber: 904 },
  jussi: { given: 'Jussi', family: 'Kallio', birthDate: '1981-02-02', individualNumber: 905 },
  anni: { given: 'Anni', family: 'Kallio', birthDate: '2019-04-25', individualNumber: 906 },
  // Child protection (area A), and aftercare of a young adult.
  aleksi: { given: 'Aleksi', family: 'Niemi', birthDate: '2012-01-15', individualNumber: 907 },
  hanna: { given: 'Hanna', family: 'Niemi', birthDate: '1988-05-30', individualNumber: 908 },
  ville: { given: 'Ville', family: 'Mäkinen', birthDate: '2001-12-12', individualNumber: 909 },
  // Services for older people (area A; Pirkko also in area B); Tiina holds Pirkko's mandate.
  pirkko: { given: 'Pirkko', family: 'Heikkinen', birthDate: '1941-02-08', individualNumber: 910 },
  toivo: { given: 'Toivo', family: 'Jokinen', birthDate: '1938-04-01', individualNumber: 911 },
  tiina: { given: 'Tiina', family: 'Heikkinen', birthDate: '1968-07-19', individualNumber: 912 },
  // Disability services (area A): Heikki is Veikko's trustee, Raili holds Mikael's continuing power of attorney.
  veikko: { given: 'Veikko', family: 'Laine', birthDate: '1960-03-15', individualNumber: 913 },
  kaisa: { given: 'Kaisa', family: 'Rantanen', birthDate: '1992-05-05', individualNumber: 914 },
  heikki: { given: 'Heikki', family: 'Saarinen', birthDate: '1971-10-03', individualNumber: 915 },
  marja: { given: 'Marja', family: 'Ojala', birthDate: '1972-08-08', individualNumber: 916 },
  mikael: { given: 'Mikael', family: 'Heinonen', birthDate: '1995-07-07', individualNumber: 917 },
  raili: { given: 'Raili', family: 'Heinonen', birthDate: '1966-04-04', individualNumber: 918 },
  // Substance abuse services (area A, later area B).
  antti: { given: 'Antti', family: 'Lehtonen', birthDate: '1979-12-24', individualNumber: 919 },
  sari: { given: 'Sari', family: 'Koskinen', birthDate: '1975-06-17', individualNumber: 920 },
  oskari: { given: 'Oskari', family: 'Lindholm', birthDate: '1952-10-10', individualNumber: 921 },
  liisa: { given: 'Liisa', family: 'Turunen', birthDate: '1965-12-01', individualNumber: 922 },
  // Family law services (area A): parenthood investigation and adoption counselling.
  onni: { given: 'Onni', family: 'Salo', birthDate: '2023-08-10', individualNumber: 923 },
  aili: { given: 'Aili', family: 'Lindholm', birthDate: '1954-03-12', individualNumber: 924 },
  matti: { given: 'Matti', family: 'Hakala', birthDate: '1984-02-14', individualNumber: 925 },
  petra: { given: 'Petra', family: 'Salo', birthDate: '1990-01-28', individualNumber: 926 },
  // Area B (Lapland) clients, and the producer's own client.
  niilo: { given: 'Niilo', family: 'Aikio', birthDate: '1948-11-11', individualNumber: 927 },
  riikka: { given: 'Riikka', family: 'Hakala', birthDate: '1986-08-22', individualNumber: 928 },
  jouni: { given: 'Jouni', family: 'Magga', birthDate: '1999-03-03', individualNumber: 929 },
  elina: { given: 'Elina', family: 'Väisänen', birthDate: '1955-09-09', individualNumber: 930 },
  tuomas: { given: 'Tuomas', family: 'Peltonen', birthDate: '1987-11-30', individualNumber: 931 },
  sofia: { given: 'Sofia', family: 'Leinonen', birthDate: '2013-03-03', individualNumber: 932 },
  petteri: { given: 'Petteri', family: 'Leinonen', birthDate: '1980-06-06', individualNumber: 933 },
  helmi: { given: 'Helmi', family: 'Hämäläinen', birthDate: '1936-01-20', individualNumber: 934 },
} as const satisfies Record<string, PersonFixture>;

export type PersonHandle = keyof typeof PEOPLE;

/** Who stores: a system, and the professional bound to its token (none for a service system, D9). */
export const ACTORS = {
  a1: { system: 'demo-connecting-a', professional: 'demo-pro-a1' },
  a2: { system: 'demo-connecting-a', professional: 'demo-pro-a2' },
  /** The storing-profile system (RS384 key) used by the families unit for scanned paper. */
  a2s: { system: 'demo-storing-a', professional: 'demo-pro-a2' },
  /** The service system that moved the old client data system's records in (L4). */
  legacy: { system: 'demo-service-a', professional: undefined },
  b1: { system: 'demo-connecting-b', professional: 'demo-pro-b1' },
  p1: { system: 'demo-connecting-p', professional: 'demo-pro-p1' },
} as const satisfies Record<string, { system: string; professional: string | undefined }>;

export type ActorKey = keyof typeof ACTORS;

/** The content of a stored document, by kind. */
export type StepContent =
  /** Phase 1 and legacy: a one-page PDF with these lines. */
  | { readonly kind: 'pdf'; readonly lines: readonly string[] }
  /** Phase 2 and 3: structured JSON; phase 3 adds coded data. */
  | { readonly kind: 'json'; readonly text: readonly string[]; readonly data?: Readonly<Record<string, unknown>> }
  /** A client relationship document (group 1505 code 1). */
  | {
      readonly kind: 'relationship';
      readonly start: string;
      readonly end?: string;
      readonly unit: string;
      /** The named worker, shown in the portal (V1). */
      readonly worker: string;
      readonly related?: readonly (readonly [PersonHandle, RoleKey])[];
      /** D3, S7: producer units with the window of their register access authorisation. */
      readonly producers?: readonly { readonly unit: string; readonly start: string; readonly end?: string }[];
    }
  /** A matter document (group 1505 code 2); several clients make it a shared matter (S8). */
  | { readonly kind: 'matter'; readonly title: string; readonly clients: readonly PersonHandle[]; readonly joined: string; readonly parties?: readonly PersonHandle[] };

export interface StoreStep {
  readonly kind: 'store';
  /** A handle for later corrections, invalidations and matter links. */
  readonly ref?: string;
  /** When it was stored, Finnish local time 'YYYY-MM-DDTHH:MM' (the use case's clock). */
  readonly at: string;
  /** When the document was written, if earlier than stored (legacy data); local time as above. */
  readonly created?: string;
  readonly by: ActorKey;
  readonly client: PersonHandle;
  readonly task: ServiceTaskKey;
  /** Document type code (1.2.246.537.6.1506); relationship and matter documents have their group code. */
  readonly type: string;
  readonly phase: Phase;
  readonly title: string;
  readonly content: StepContent;
  /** V5: a display restriction, always with its reason. */
  readonly restriction?: { readonly delayedUntil?: string; readonly specialContent?: true; readonly hiddenFromGuardians?: true; readonly reason: string };
  /** V4: the author opts this adoption or parenthood document into the portal. */
  readonly portalOptIn?: true;
  /** S8: the ref of the matter document this document belongs to. */
  readonly matter?: string;
  /** L1: the ref of the document whose current version this one replaces. */
  readonly replaces?: string;
  /**
   * S7, D3: the organiser's register a producer stores into (DocumentReference.custodian), under
   * the register access authorisation on the organiser's client relationship record; absent, the
   * system's own register.
   */
  readonly register?: string;
}

export interface InvalidateStep {
  readonly kind: 'invalidate';
  readonly at: string;
  readonly by: ActorKey;
  /** The ref of the document whose current version is invalidated (L2). */
  readonly target: string;
  readonly reason: string;
}

/** Who gave (or revoked) a consent service record when the client did not: a legal representative (S3). */
export interface ConsentGiver {
  readonly person: PersonHandle;
  readonly role: Exclude<RoleKey, 'parent'>;
}

/** What a consent service record is (D5, S2, S3). A document prohibition names a store step's ref. */
export type ConsentRecordSpec =
  | { readonly kind: 'informing' }
  | { readonly kind: 'social-welfare-consent' }
  | { readonly kind: 'prohibition'; readonly controller: string }
  | { readonly kind: 'prohibition'; readonly task: ServiceTaskKey }
  | { readonly kind: 'prohibition'; readonly document: string };

/**
 * A consent service record (D11) given during a visit and recorded by the visiting professional
 * (D7, D8): a FHIR Consent read by readConsent and recorded by recordConsent, as POST
 * /fhir/Consent would. Dated at `at`, which is both when it was given and when it was recorded.
 */
export interface ConsentStep {
  readonly kind: 'consent';
  /** A handle for a later revocation. */
  readonly ref?: string;
  readonly at: string;
  readonly by: ActorKey;
  readonly client: PersonHandle;
  readonly record: ConsentRecordSpec;
  /** A legal representative who gave it; absent, the client gave it. */
  readonly givenBy?: ConsentGiver;
}

/** Revoking a consent or lifting a prohibition (D7, D8), as a PUT with status inactive would. */
export interface RevokeStep {
  readonly kind: 'revoke';
  readonly at: string;
  readonly by: ActorKey;
  /** The ref of the consent step whose record is revoked. */
  readonly target: string;
  /** A legal representative who revoked it; absent, the client did. */
  readonly revokedBy?: ConsentGiver;
}

export type Step = StoreStep | InvalidateStep | ConsentStep | RevokeStep;

/**
 * A request to try against the demo, with what it must show: refs of store steps whose current
 * version it returns (`sees`) and does not return (`withheld`), or for $explain whether the
 * document would be given and the rules the answer names. `shows` says it in words.
 */
export type DemoRequest =
  | {
      readonly kind: 'search';
      readonly by: ActorKey;
      readonly client: PersonHandle;
      /** D6: a statutory broad search with this legal justification code. */
      readonly legalJustification?: string;
      readonly sees: readonly string[];
      readonly withheld: readonly string[];
      readonly shows: string;
    }
  | {
      readonly kind: 'explain';
      /** A supervisor or archivist of the document's controller (V14). */
      readonly by: ActorKey;
      readonly document: string;
      /** The organisation whose professional would receive it. */
      readonly recipient: string;
      readonly given: boolean;
      readonly rules: readonly string[];
      readonly shows: string;
    };

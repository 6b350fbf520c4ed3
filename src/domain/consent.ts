// The consent service's records as the policy sees them (D5, D11, S2, S3, S5). Every kind is a
// record of one client: the Kanta informing acknowledgement, a disclosure consent (social
// welfare, or health care, which does not count here: S2) and the three prohibition kinds.
import type { PersonKey } from './types.ts';

export type ConsentKind = 'informing' | 'social-welfare-consent' | 'health-consent' | 'prohibition';

/** S3: (a) per controller, (b) per service task, (c) per document by its set id. */
export type ProhibitionScope = 'controller' | 'service-task' | 'document';

/** Legal representatives who may act for a client (S3): guardian, trustee, continuing power of attorney, mandate holder. */
export type RepresentativeRole = '31' | '32' | '33' | '34';
export const REPRESENTATIVE_ROLES: readonly RepresentativeRole[] = ['31', '32', '33', '34'];
export const GUARDIAN_ROLE: RepresentativeRole = '31';

/** Who gave the consent, prohibition or acknowledgement: the client, or a representative with a role. */
export type ConsentActor =
  | { readonly kind: 'client' }
  | { readonly kind: 'representative'; readonly role: RepresentativeRole; readonly personKey: PersonKey };

/** Where it was given: during a visit, recorded by a professional (D7, D8), or in the portal. */
export type ConsentChannel = 'visit' | 'portal';

/**
 * The decision-relevant part of the current version of one consent service record. A record is
 * in force at an instant `now` from the instant it was given until it is revoked. Instants are
 * ISO 8601 in UTC with milliseconds (as the store gives them), so they compare as strings.
 */
export interface ConsentFact {
  readonly id: string;
  readonly kind: ConsentKind;
  /** Prohibitions only. */
  readonly scope?: ProhibitionScope;
  /** Prohibitions only: the controller OID, the service task code, or the document set id. */
  readonly target?: string;
  /** Informing only: which version of the Kanta informing was acknowledged. */
  readonly informingVersion?: string;
  /** When it was given (ISO instant in UTC). */
  readonly givenAt: string;
  /** YYYY-MM-DD: the day it was given in the giver's time zone (S2: valid from that day). */
  readonly validFrom: string;
  /** ISO instant of the revocation, or null. */
  readonly revokedAt: string | null;
}

/** A producer unit named for a service task on the organiser's client relationship record (S7). */
export interface ProducerAuthorisation {
  /** The organiser, whose register the producer may use. */
  readonly controllerOid: string;
  readonly serviceTask: string;
  readonly producerUnitOid: string;
  /** YYYY-MM-DD, inclusive. */
  readonly startDate: string;
  /** YYYY-MM-DD, inclusive, or null for open-ended. */
  readonly endDate: string | null;
}

/** Is the record in force at `now`? See ConsentFact. */
export function inForce(fact: Pick<ConsentFact, 'givenAt' | 'revokedAt'>, now: string): boolean {
  return fact.givenAt <= now && (fact.revokedAt === null || fact.revokedAt > now);
}

/** Who gave a record, as a command names them: the client, or a representative by identity code. */
export type CommandActor =
  | { readonly kind: 'client' }
  | { readonly kind: 'representative'; readonly role: RepresentativeRole; readonly identityCode: string; readonly givenName?: string; readonly familyName?: string };

/**
 * A new consent service record as a command (D7, D8): what the FHIR Consent POST and the
 * portal's consent forms both become, so that one use case records both (src/usecases/record-consent.ts).
 */
export interface ConsentCommand {
  /** The client, by opaque id or identity code (the FHIR reference and identifier). */
  readonly patient: { readonly fhirId?: string; readonly identityCode?: string };
  readonly kind: ConsentKind;
  readonly scope?: ProhibitionScope;
  /** controller OID, service task key, or document set id (uuid, lower case) */
  readonly target?: string;
  /** a per-document prohibition may instead name a version (uuid, lower case); the use case resolves it to the set id */
  readonly targetVersionId?: string;
  readonly informingVersion?: string;
  readonly actor: CommandActor;
  /** When it was given: ISO date-time with a time zone offset or Z. */
  readonly givenAt: string;
  /** YYYY-MM-DD from which it is valid. */
  readonly validFrom: string;
  /** An earlier record brought over by a service system, keeping its stated time (L5). */
  readonly imported?: true;
}

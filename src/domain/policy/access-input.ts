// What the document access decision (own register, register access authorisation, disclosure
// between registers) works on, and what it answers. Kept apart from the decision so that the
// test suite's independent reference model can share the shapes without sharing the logic.
import type { ClientRelationship, DocumentStatus, Phase, Reason } from '../types.ts';
import type { ConsentFact, ProducerAuthorisation } from '../consent.ts';

export interface AccessRequester {
  /** The controller whose register the requesting system works in. */
  readonly controllerOid: string;
  /** The professional's organisation (a unit or the controller itself); the controller when there is no professional. */
  readonly organisationOid: string;
}

export interface AccessDocument {
  readonly controllerOid: string;
  readonly serviceTask: string;
  readonly setId: string;
  readonly phase: Phase;
  readonly status: DocumentStatus;
}

export interface AccessInput {
  readonly requester: AccessRequester;
  readonly document: AccessDocument;
  /** The client's client relationships with every controller. */
  readonly relationships: readonly ClientRelationship[];
  /** The producer units named on the client's relationship records (S7). */
  readonly authorisations: readonly ProducerAuthorisation[];
  /** The client's consent service records, current versions (D11). */
  readonly consents: readonly ConsentFact[];
  /**
   * S8: the consent service records of the document's other clients, when it is a document of
   * a shared matter reached through this client. Only their prohibitions count (they bind a
   * disclosure as the client's own do); their consents and informing never stand in for the
   * client's. Absent or empty for a document with one client.
   */
  readonly coClientConsents?: readonly ConsentFact[];
  /** The version of the Kanta informing currently in use (D5). */
  readonly latestInformingVersion: string;
  /** A validated legal justification code of a statutory broad search (D6, S6), if stated. */
  readonly legalJustification?: string;
  /** ISO instant of the decision. */
  readonly now: string;
}

/** On what ground a document is given: S9's basis. */
export type AccessBasis =
  | { readonly kind: 'own-register' }
  | { readonly kind: 'authorisation'; readonly producerUnitOid: string; readonly startDate: string; readonly endDate: string | null }
  | { readonly kind: 'consent'; readonly consentId: string }
  | { readonly kind: 'statutory'; readonly justification: string };

/**
 * allow with its basis and the reasons that granted it, or deny with every reason that denied
 * it. Rule ids are the ids of ../shared/domain-rules.md, with S3's letter: S3(a), S3(b), S3(c).
 */
export type AccessDecision =
  | { readonly allow: true; readonly basis: AccessBasis; readonly because: readonly Reason[] }
  | { readonly allow: false; readonly because: readonly Reason[] };

// Shared domain types. Branded ids keep a version id from standing where a set id is meant.
import type { IdentityCode } from './identity-code.ts';

export type PersonKey = string & { readonly __brand: 'PersonKey' };
export type SetId = string & { readonly __brand: 'SetId' };
export type VersionId = string & { readonly __brand: 'VersionId' };
export type OrganisationOid = string & { readonly __brand: 'OrganisationOid' };
/** A controller is an organisation whose register holds documents (a unit is not one). */
export type ControllerOid = OrganisationOid & { readonly __controller: true };

export type SystemProfile = 'connecting' | 'storing' | 'reading' | 'service';
export type Phase = 'legacy' | '1' | '2' | '3';
export type DocumentStatus = 'current' | 'superseded' | 'entered-in-error';

/** The party behind a request, as proven by its access token (SMART) and card statement (D9). */
export interface Requester {
  readonly systemId: string;
  readonly systemName: string;
  readonly profile: SystemProfile;
  /** The controller whose register the system works in. */
  readonly controllerOid: ControllerOid;
  /** The professional bound to the token (D9); absent only for service-profile systems. */
  readonly professional?: {
    readonly id: string;
    readonly name: string;
    readonly title: string;
    readonly organisationOid: OrganisationOid;
    /** Roles given by the controller: 'supervisor' and 'archivist' may ask why ($explain). */
    readonly roles?: readonly string[];
  };
  /** SMART scopes granted to the token. */
  readonly scopes: readonly string[];
}

/** A client relationship row as the policy sees it. */
export interface ClientRelationship {
  readonly controllerOid: ControllerOid;
  readonly serviceTask: string;
  readonly startDate: string;
  readonly endDate: string | null;
}

/** Document metadata the policy and the FHIR mapping work on. */
export interface DocumentMeta {
  readonly personKey: PersonKey;
  readonly personFhirId: string;
  readonly identityCode: IdentityCode;
  readonly versionId: VersionId;
  readonly setId: SetId;
  readonly versionNumber: number;
  readonly controllerOid: ControllerOid;
  readonly unitOid: string | null;
  readonly serviceTask: string;
  readonly typeSystem: string;
  readonly typeCode: string;
  readonly phase: Phase;
  readonly status: DocumentStatus;
  readonly title: string | null;
  readonly displayDelayedUntil: string | null;
  readonly specialContent: boolean;
  readonly hiddenFromGuardians: boolean;
  readonly restrictionReason: string | null;
  readonly portalOptIn: boolean;
  readonly authorProfessionalId: string | null;
  readonly authorGiven: string | null;
  readonly authorFamily: string | null;
  readonly authorOrganisationOid: string | null;
  readonly createdAt: string;
  readonly storedAt: string;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  readonly contentType: string;
  /** content.format: always with its system (migration 0006). */
  readonly formatSystem: string;
  readonly formatCode: string;
  readonly contentSha256: string;
  readonly contentSize: number;
  readonly language: string | null;
  readonly matterSetId: string | null;
  readonly replacesVersionId: string | null;
  readonly replacedByVersionId: string | null;
  readonly submissionSetId: string;
  readonly masterIdentifier: string | null;
  readonly invalidatedAt: string | null;
  readonly invalidationReason: string | null;
}

/** A reason in a decision: the rule id and a sentence about this case. */
export interface Reason {
  readonly rule: string;
  /** The sentence in English, as the audit record and the FHIR API give it. */
  readonly detail: string;
  /** The same sentence as a message and its values, for a page in the reader's language (V14). */
  readonly says?: ReasonText;
}

/**
 * A message key under `reasons.` in src/web/messages and its values. Values are plain strings;
 * their names say how a page shows them: from, until, on, since and adult are days; task a
 * service task; category a V4 category; group a subject group; kind a kind of representation.
 */
export interface ReasonText {
  readonly key: string;
  readonly values?: Readonly<Record<string, string>>;
}

/** A policy decision as a value: enforcement, the audit record and explanations all use it. */
export interface Decision {
  readonly allow: boolean;
  readonly because: readonly Reason[];
}

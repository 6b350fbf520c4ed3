// Kansio's FHIR extensions and local code systems, defined once. docs/fhir-extensions.md
// describes each; the CapabilityStatement lists them.

export const KANSIO_CANONICAL = 'https://kansio.fi/fhir';

export interface ExtensionDefinition {
  readonly url: string;
  readonly valueType: 'valueCode' | 'valueDate' | 'valueDateTime' | 'valueBoolean' | 'valueString' | 'valueIdentifier' | 'valueReference';
  readonly description: string;
}

function ext(name: string, valueType: ExtensionDefinition['valueType'], description: string): ExtensionDefinition {
  return { url: `${KANSIO_CANONICAL}/StructureDefinition/${name}`, valueType, description };
}

export const EXTENSIONS = {
  phase: ext('document-phase', 'valueCode', 'Format phase of the stored document: legacy (old client data, L4), 1 (PDF with basic metadata), 2 or 3 (structured). Left out, the document is stored as phase 1.'),
  displayDelayedUntil: ext('display-delayed-until', 'valueDate', 'V5(a): the portal shows the document from this date on. Needs restriction-reason.'),
  specialContent: ext('special-content', 'valueBoolean', 'V5(b): special content, never shown in the portal. Needs restriction-reason.'),
  hiddenFromGuardians: ext('hidden-from-guardians', 'valueBoolean', "V5(c): a child's document hidden from the guardians, decided by the author. Needs restriction-reason."),
  restrictionReason: ext('restriction-reason', 'valueString', 'V5: the stated reason for a display restriction.'),
  portalOptIn: ext('portal-opt-in', 'valueBoolean', "V4: the author's decision to show this adoption counselling or parenthood investigation document in the portal."),
  matter: ext('matter', 'valueIdentifier', 'S8: the matter (its matter document\'s set id as urn:uuid:...) the document belongs to; a shared matter makes it belong to every client of the matter.'),
  setId: ext('set-id', 'valueIdentifier', "S1: the stable id shared by all versions of a document (urn:uuid:...). Read-only: assigned by the archive."),
  consentChannel: ext('consent-channel', 'valueCode', 'D7, D8: where a Consent was given: visit (recorded by a professional) or portal. Read-only: set by the consent service.'),
  consentRevokedBy: ext('consent-revoked-by', 'valueReference', 'Who revoked a Consent: the patient (Patient/<id>) or a contained RelatedPerson (#id) acting as legal representative (S3). Given in the revoking PUT; absent there means the client.'),
  consentRevokedAt: ext('consent-revoked-at', 'valueDateTime', 'When a Consent was revoked. Read-only: set by the consent service.'),
  recordedBy: ext('recorded-by', 'valueReference', 'The professional (urn:oid:1.2.246.537.26) who recorded this version of a Consent (D7, D8). Read-only.'),
} as const satisfies Record<string, ExtensionDefinition>;

export const SYSTEMS = {
  identityCode: 'urn:oid:1.2.246.21',
  organisation: 'urn:oid:1.2.246.537.6.202.2008',
  documentType: 'urn:oid:1.2.246.537.6.1506',
  documentGroup: 'urn:oid:1.2.246.537.6.1505',
  serviceTask: 'urn:oid:1.2.246.537.6.1221',
  register: 'urn:oid:1.2.246.537.6.1264',
  relatedPersonRole: 'urn:oid:1.2.246.537.6.1284',
  professional: 'urn:oid:1.2.246.537.26',
  generalType: `${KANSIO_CANONICAL}/CodeSystem/document-general-type`,
  rfc3986: 'urn:ietf:rfc:3986',
  legalJustification: `${KANSIO_CANONICAL}/CodeSystem/legal-justification`,
  consentKind: `${KANSIO_CANONICAL}/CodeSystem/consent-kind`,
  /** IHE format codes (MHD DocumentReference.content.format). */
  formatCode: 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode',
  /** Format codes stored before Kansio required a system (migration 0006): the code as the source gave it. */
  unqualifiedFormatCode: `${KANSIO_CANONICAL}/CodeSystem/unqualified-format-code`,
  /** MHD SubmissionSet List code (submissionset, folder). */
  mhdListTypes: 'https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes',
} as const;

/** IHE format code: the MIME type describes the content fully. Kansio's default format. */
export const MIME_TYPE_SUFFICIENT = 'urn:ihe:iti:xds:2017:mimeTypeSufficient';

/** MHD SubmissionSet extensions (IHE, not Kansio's). */
export const MHD_EXTENSIONS = {
  sourceId: 'https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-sourceId',
  designationType: 'https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-designationType',
} as const;

/** The type system as stored (bare OID) from its FHIR system URI, or undefined if not ours. */
export function typeSystemOid(system: string | undefined): string | undefined {
  if (system === SYSTEMS.documentType) return '1.2.246.537.6.1506';
  if (system === SYSTEMS.documentGroup) return '1.2.246.537.6.1505';
  return undefined;
}

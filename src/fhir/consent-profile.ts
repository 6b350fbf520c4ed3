// The Kansio Consent profile's fixed codes, and the element checks its reader and its
// provision reader share.
import { KANSIO_CANONICAL } from './extensions.ts';
import { isValidDate } from './document-reference-in.ts';
import { get, type Json, type Sink } from './json-read.ts';

/** The codes of the Kansio Consent profile, shared by the readers and consent-out.ts. */
export const CONSENT_PROFILE = {
  url: `${KANSIO_CANONICAL}/StructureDefinition/kansio-consent`,
  scopeSystem: 'http://terminology.hl7.org/CodeSystem/consentscope',
  scopeCode: 'patient-privacy',
  loinc: 'http://loinc.org',
  loincPatientConsent: '59284-0',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  custodian: 'CST',
  /** ppc-1 wants a policy or a policyRule: the act that governs every record but the informing. */
  policyUri: `${KANSIO_CANONICAL}/policy/client-data-act-784-2021`,
  /**
   * meta.tag of a record imported from another system by a service system (L4, L5): it keeps
   * its stated dateTime. A workflow tag, as FHIR meant meta.tag: it says how the record came to
   * the server, not what the client consented to.
   */
  recordOriginSystem: `${KANSIO_CANONICAL}/CodeSystem/record-origin`,
  importCode: 'import',
} as const;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

export function isValidDateTime(text: string): boolean {
  return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text)) && isValidDate(text.slice(0, 10));
}

export function refuseModifiers(o: Json, at: string, add: Sink): void {
  // FHIR: a receiver that does not understand a modifier must refuse the resource.
  for (const key of ['modifierExtension', 'implicitRules']) {
    if (get(o, key) !== undefined) add({ code: 'not-supported', message: `${key} is not supported: it could change the meaning of the record`, expression: `${at}.${key}` });
  }
}

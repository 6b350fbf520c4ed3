// Presents a stored consent service record (D11) as a Kansio Consent: the local profile modelled
// on IHE PCF that docs/consent.md describes, and that consent-in.ts reads back.
import type { CodeableConcept, Consent, ConsentProvision, Extension, Patient, Reference, RelatedPerson } from '@medplum/fhirtypes';
import type { StoredActor, StoredConsent } from '../store/consents.ts';
import type { ConsentKind } from '../domain/consent.ts';
import { INFORMING_SYSTEM, informingVersion, roleByCode, SERVICE_TASK_KEYS, SERVICE_TASK_LABELS, serviceTaskCode, type ServiceTaskKey } from '../domain/codes/index.ts';
import { EXTENSIONS, SYSTEMS } from './extensions.ts';
import { CONSENT_PROFILE } from './consent-profile.ts';

export const CONSENT_SEARCH_PARAMETERS = [
  { name: 'patient', type: 'reference' as const, documentation: 'Patient/<id>: the client whose records are listed.' },
  { name: 'patient.identifier', type: 'token' as const, documentation: 'urn:oid:1.2.246.21|<personal identity code>; prefer POST _search.' },
  { name: 'category', type: 'token' as const, documentation: `A consent kind of ${SYSTEMS.consentKind}: informing, social-welfare-consent, health-consent or prohibition; comma-separated for several.` },
  { name: 'status', type: 'token' as const, documentation: 'active (not revoked) or inactive (revoked).' },
  { name: '_count', type: 'number' as const, documentation: 'Page size, at most 500, default 100; newest first (by when given). The searchset total counts every match.' },
  { name: '_offset', type: 'number' as const, documentation: 'Paging offset, as given in the next link.' },
];

const KIND_DISPLAY: Readonly<Record<ConsentKind, string>> = {
  informing: 'Kanta informing acknowledgement',
  'social-welfare-consent': 'Social welfare disclosure consent',
  'health-consent': 'Health care disclosure consent',
  prohibition: 'Disclosure prohibition',
};

type Representative = Extract<StoredActor, { kind: 'representative' }>;

/** Contained ids: the giver, and the revoker when another person or role. */
const GIVER = 'rep';
const REVOKER = 'revoker';

function relatedPerson(id: string, a: Representative, patientFhirId: string): RelatedPerson {
  const role = roleByCode(a.role);
  return {
    resourceType: 'RelatedPerson',
    id,
    identifier: [{ system: SYSTEMS.identityCode, value: a.identityCode }],
    patient: { reference: `Patient/${patientFhirId}` },
    relationship: [{ coding: [{ system: SYSTEMS.relatedPersonRole, code: a.role, ...(role ? { display: role.label.fi } : {}) }] }],
    ...(a.givenName || a.familyName ? { name: [{ ...(a.familyName ? { family: a.familyName } : {}), ...(a.givenName ? { given: [a.givenName] } : {}) }] } : {}),
  };
}

const sameRepresentative = (a: Representative, b: Representative): boolean => a.identityCode === b.identityCode && a.role === b.role;

function serviceTask(key: string): CodeableConcept {
  if (!(SERVICE_TASK_KEYS as readonly string[]).includes(key)) return { text: key };
  const task = key as ServiceTaskKey;
  return { coding: [{ system: SYSTEMS.serviceTask, code: serviceTaskCode(task), display: SERVICE_TASK_LABELS[task].fi }] };
}

function provision(c: StoredConsent): ConsentProvision {
  // S2: valid from the day given until revoked, so a period has a start and never an end.
  const period = { start: c.validFrom };
  if (c.kind !== 'prohibition' || c.target === null) return { type: 'permit', period };
  switch (c.scope) {
    case 'controller': // S3(a)
      return {
        type: 'deny', period,
        actor: [{
          role: { coding: [{ system: CONSENT_PROFILE.participationType, code: CONSENT_PROFILE.custodian, display: 'custodian' }] },
          reference: { identifier: { system: SYSTEMS.organisation, value: c.target } },
        }],
      };
    case 'service-task': // S3(b)
      return { type: 'deny', period, code: [serviceTask(c.target)] };
    default: // S3(c), by set id (S1)
      return { type: 'deny', period, data: [{ meaning: 'related', reference: { identifier: { system: SYSTEMS.rfc3986, value: `urn:uuid:${c.target}` } } }] };
  }
}

export function toConsent(c: StoredConsent): Consent {
  const patientRef: Reference<Patient> = { reference: `Patient/${c.personFhirId}` };
  const contained: RelatedPerson[] = [];
  let performer: Reference<Patient | RelatedPerson> = patientRef;
  if (c.actor.kind === 'representative') {
    contained.push(relatedPerson(GIVER, c.actor, c.personFhirId));
    performer = { reference: `#${GIVER}` };
  }
  const extension: Extension[] = [{ url: EXTENSIONS.consentChannel.url, valueCode: c.channel }];
  const pro = c.recordedBy.professional;
  if (pro) extension.push({ url: EXTENSIONS.recordedBy.url, valueReference: { identifier: { system: SYSTEMS.professional, value: pro.id }, display: pro.name } });
  if (c.revokedAt !== null) {
    const by = c.revokedBy;
    let revoker: Reference<Patient | RelatedPerson> = patientRef;
    if (by?.kind === 'representative') {
      const reuse = c.actor.kind === 'representative' && sameRepresentative(c.actor, by);
      if (!reuse) contained.push(relatedPerson(REVOKER, by, c.personFhirId));
      revoker = { reference: `#${reuse ? GIVER : REVOKER}` };
    }
    extension.push({ url: EXTENSIONS.consentRevokedBy.url, valueReference: revoker }, { url: EXTENSIONS.consentRevokedAt.url, valueDateTime: c.revokedAt });
  }
  const informing = c.kind === 'informing' && c.informingVersion !== null ? c.informingVersion : undefined;
  const informingLabel = informing ? informingVersion(informing)?.label.fi : undefined;
  return {
    resourceType: 'Consent',
    id: c.consentId,
    meta: { versionId: String(c.version), lastUpdated: c.recordedAt, profile: [CONSENT_PROFILE.url] },
    ...(contained.length ? { contained } : {}),
    extension,
    status: c.revokedAt !== null ? 'inactive' : 'active',
    scope: { coding: [{ system: CONSENT_PROFILE.scopeSystem, code: CONSENT_PROFILE.scopeCode, display: 'Privacy Consent' }] },
    category: [
      { coding: [{ system: CONSENT_PROFILE.loinc, code: CONSENT_PROFILE.loincPatientConsent, display: 'Patient consent' }] },
      { coding: [{ system: SYSTEMS.consentKind, code: c.kind, display: KIND_DISPLAY[c.kind] }] },
    ],
    patient: { ...patientRef, identifier: { system: SYSTEMS.identityCode, value: c.identityCode } },
    dateTime: c.givenAt,
    performer: [performer],
    // Given in the portal (D7, D8), the record has no recording organisation: the portal says so by name.
    organization: [c.channel === 'portal' ? { display: c.recordedBy.system.name } : { identifier: { system: SYSTEMS.organisation, value: c.recordedBy.organisationOid } }],
    // FHIR ppc-1 wants a policy or a policyRule; the informing names its version as the rule (D5).
    ...(informing
      ? { policyRule: { coding: [{ system: INFORMING_SYSTEM, code: informing, ...(informingLabel ? { display: informingLabel } : {}) }] } }
      : { policy: [{ uri: CONSENT_PROFILE.policyUri }] }),
    provision: provision(c),
  };
}

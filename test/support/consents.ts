// FHIR Consent resources of the Kansio Consent profile (docs/consent.md), built the way a
// client data system would send them, and a helper that records them through the real API.
import type { Consent, RelatedPerson } from '@medplum/fhirtypes';
import type { Actor, Response, TestArchive } from './archive.ts';
import { SYSTEMS, KANSIO_CANONICAL } from '../../src/fhir/extensions.ts';
import { serviceTaskCode, INFORMING_SYSTEM, type ServiceTaskKey } from '../../src/domain/codes/index.ts';

export const CONSENT_KIND_SYSTEM = `${KANSIO_CANONICAL}/CodeSystem/consent-kind`;

export type Representative = { readonly identityCode: string; readonly role: '12' | '31' | '32' | '33' | '34' };

export interface ConsentSpec {
  /** The client's identity code. */
  readonly client: string;
  /** ISO date-time with offset; default now. */
  readonly at?: string;
  /** provision.period.start, if to be sent. */
  readonly validFrom?: string;
  /** Given by a representative instead of the client. */
  readonly by?: Representative;
}

function base(spec: ConsentSpec, kind: string): Consent & { contained?: RelatedPerson[] } {
  const patient = { identifier: { system: SYSTEMS.identityCode, value: spec.client } };
  const rep: RelatedPerson | undefined = spec.by ? {
    resourceType: 'RelatedPerson', id: 'rep',
    patient,
    identifier: [{ system: SYSTEMS.identityCode, value: spec.by.identityCode }],
    relationship: [{ coding: [{ system: SYSTEMS.relatedPersonRole, code: spec.by.role }] }],
  } : undefined;
  return {
    resourceType: 'Consent',
    status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }, { coding: [{ system: CONSENT_KIND_SYSTEM, code: kind }] }],
    patient,
    dateTime: spec.at ?? new Date().toISOString(),
    ...(rep ? { contained: [rep], performer: [{ reference: '#rep' }] } : { performer: [patient] }),
  };
}

/** D5: the client (or a guardian) received the Kanta informing of this version. */
export function informing(spec: ConsentSpec & { readonly version?: string }): Consent {
  return { ...base(spec, 'informing'), policyRule: { coding: [{ system: INFORMING_SYSTEM, code: spec.version ?? '2024-1' }] } };
}

/** S2: the social welfare disclosure consent (or, with health, the health care one). */
export function disclosureConsent(spec: ConsentSpec & { readonly health?: boolean }): Consent {
  return { ...base(spec, spec.health ? 'health-consent' : 'social-welfare-consent'), provision: { type: 'permit', ...(spec.validFrom ? { period: { start: spec.validFrom } } : {}) } };
}

export type ProhibitionTarget =
  | { readonly controller: string }
  | { readonly task: ServiceTaskKey }
  | { readonly setId: string }
  | { readonly versionId: string };

/** S3: a prohibition per controller (a), per service task (b) or per document (c). */
export function prohibition(spec: ConsentSpec & { readonly on: ProhibitionTarget }): Consent {
  const on = spec.on;
  const provision: NonNullable<Consent['provision']> = 'controller' in on
    ? { type: 'deny', actor: [{ role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'CST' }] }, reference: { identifier: { system: SYSTEMS.organisation, value: on.controller } } }] }
    : 'task' in on
      ? { type: 'deny', code: [{ coding: [{ system: SYSTEMS.serviceTask, code: serviceTaskCode(on.task) }] }] }
      : 'setId' in on
        ? { type: 'deny', data: [{ meaning: 'related', reference: { identifier: { system: SYSTEMS.rfc3986, value: `urn:uuid:${on.setId}` } } }] }
        : { type: 'deny', data: [{ meaning: 'instance', reference: { reference: `DocumentReference/${on.versionId}` } }] };
  return { ...base(spec, 'prohibition'), provision };
}

/** Records a Consent and returns the response (201 with the stored Consent, or an OperationOutcome). */
export function record(archive: TestArchive, actor: Actor, consent: Consent): Promise<Response<Consent & { issue?: { diagnostics?: string }[] }>> {
  return archive.fhir(actor, 'POST', '/Consent', consent);
}

/** Records and insists on success; returns the Consent id. */
export async function recorded(archive: TestArchive, actor: Actor, consent: Consent): Promise<string> {
  const res = await record(archive, actor, consent);
  if (res.status !== 201) throw new Error(`recording the consent failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id!;
}

/** Revokes the current version with PUT status inactive and If-Match; by names who revoked it (default the client). */
export async function revoke(archive: TestArchive, actor: Actor, consentId: string, by?: Representative): Promise<Response<Consent>> {
  const current = await archive.fhir<Consent>(actor, 'GET', `/Consent/${consentId}`);
  if (current.status !== 200) throw new Error(`reading Consent/${consentId} failed with ${current.status}`);
  const body: Consent = { ...current.body, status: 'inactive' };
  if (by) {
    const rep: RelatedPerson = {
      resourceType: 'RelatedPerson', id: 'revoker', patient: current.body.patient!,
      identifier: [{ system: SYSTEMS.identityCode, value: by.identityCode }],
      relationship: [{ coding: [{ system: SYSTEMS.relatedPersonRole, code: by.role }] }],
    };
    body.contained = [...(body.contained ?? []), rep];
    body.extension = [...(body.extension ?? []), { url: `${KANSIO_CANONICAL}/StructureDefinition/consent-revoked-by`, valueReference: { reference: '#revoker' } }];
  }
  return archive.fhir<Consent>(actor, 'PUT', `/Consent/${consentId}`, body, { 'if-match': current.headers.get('etag') ?? '' });
}

/** Informing and a social welfare consent in force: what a disclosure between registers needs (D5, S2). */
export async function informedAndConsenting(archive: TestArchive, actor: Actor, client: string): Promise<{ informingId: string; consentId: string }> {
  const informingId = await recorded(archive, actor, informing({ client }));
  const consentId = await recorded(archive, actor, disclosureConsent({ client }));
  return { informingId, consentId };
}

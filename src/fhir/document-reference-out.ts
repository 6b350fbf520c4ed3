// Presents a stored version as an MHD DocumentReference.
import type { DocumentReference, Extension } from '@medplum/fhirtypes';
import type { StoredDocument } from '../store/documents.ts';
import { findDocumentType, serviceTaskCode, SERVICE_TASK_LABELS, type ServiceTaskKey } from '../domain/codes/index.ts';
import { EXTENSIONS, SYSTEMS } from './extensions.ts';

function typeSystemUri(oid: string): string {
  return `urn:oid:${oid}`;
}

export function toDocumentReference(d: StoredDocument, baseUrl: string): DocumentReference {
  const type = findDocumentType(d.typeSystem, d.typeCode);
  const extension: Extension[] = [
    { url: EXTENSIONS.phase.url, valueCode: d.phase },
    { url: EXTENSIONS.setId.url, valueIdentifier: { system: SYSTEMS.rfc3986, value: `urn:uuid:${d.setId}` } },
  ];
  if (d.displayDelayedUntil) extension.push({ url: EXTENSIONS.displayDelayedUntil.url, valueDate: d.displayDelayedUntil });
  if (d.specialContent) extension.push({ url: EXTENSIONS.specialContent.url, valueBoolean: true });
  if (d.hiddenFromGuardians) extension.push({ url: EXTENSIONS.hiddenFromGuardians.url, valueBoolean: true });
  if (d.restrictionReason) extension.push({ url: EXTENSIONS.restrictionReason.url, valueString: d.restrictionReason });
  if (d.portalOptIn) extension.push({ url: EXTENSIONS.portalOptIn.url, valueBoolean: true });
  if (d.matterSetId) extension.push({ url: EXTENSIONS.matter.url, valueIdentifier: { system: SYSTEMS.rfc3986, value: `urn:uuid:${d.matterSetId}` } });
  const task = d.serviceTask as ServiceTaskKey;
  const relatesTo: DocumentReference['relatesTo'] = d.replacesVersionId ? [{ code: 'replaces', target: { reference: `DocumentReference/${d.replacesVersionId}` } }] : undefined;
  return {
    resourceType: 'DocumentReference',
    id: d.versionId,
    meta: { versionId: '1', lastUpdated: d.storedAt },
    extension,
    ...(d.masterIdentifier ? { masterIdentifier: { system: SYSTEMS.rfc3986, value: d.masterIdentifier } } : {}),
    identifier: [
      { use: 'official', system: SYSTEMS.rfc3986, value: `urn:uuid:${d.versionId}` },
    ],
    status: d.status,
    type: { coding: [{ system: typeSystemUri(d.typeSystem), code: d.typeCode, ...(type ? { display: type.label.fi } : {}) }], ...(type ? { text: type.label.en } : {}) },
    ...(type ? { category: [{ coding: [{ system: SYSTEMS.generalType, code: type.generalType }] }] } : {}),
    subject: { reference: `Patient/${d.personFhirId}`, identifier: { system: SYSTEMS.identityCode, value: d.identityCode } },
    date: d.createdAt,
    ...(d.authorProfessionalId || d.authorOrganisationOid ? {
      author: [
        ...(d.authorProfessionalId ? [{ identifier: { system: SYSTEMS.professional, value: d.authorProfessionalId }, display: [d.authorGiven, d.authorFamily].filter(Boolean).join(' ') }] : []),
        ...(d.authorOrganisationOid ? [{ identifier: { system: SYSTEMS.organisation, value: d.authorOrganisationOid } }] : []),
      ],
    } : {}),
    custodian: { identifier: { system: SYSTEMS.organisation, value: d.controllerOid } },
    ...(relatesTo ? { relatesTo } : {}),
    ...(d.title ? { description: d.title } : {}),
    securityLabel: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: d.specialContent ? 'V' : 'R' }] }],
    content: [{
      attachment: {
        contentType: d.contentType,
        ...(d.language ? { language: d.language } : {}),
        url: `${baseUrl}/fhir/Binary/${d.versionId}`,
        size: d.contentSize,
        hash: d.sha1Base64,
        ...(d.title ? { title: d.title } : {}),
        creation: d.createdAt,
      },
      format: { system: d.formatSystem, code: d.formatCode },
    }],
    context: {
      ...(d.periodStart || d.periodEnd ? { period: { ...(d.periodStart ? { start: d.periodStart } : {}), ...(d.periodEnd ? { end: d.periodEnd } : {}) } } : {}),
      practiceSetting: { coding: [{ system: SYSTEMS.serviceTask, code: serviceTaskCode(task), display: SERVICE_TASK_LABELS[task]?.fi }] },
      ...(d.matterSetId ? { related: [{ identifier: { system: SYSTEMS.rfc3986, value: `urn:uuid:${d.matterSetId}` } }] } : {}),
    },
  };
}

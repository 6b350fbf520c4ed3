// Audit records as FHIR AuditEvent in IHE BALP shapes (Basic Audit Log Patterns):
// create (ITI-65), query (ITI-67), read (ITI-68) and update (invalidate), with the client as
// the patient entity, the system and professional as agents, and the decision's rule ids.
import type { AuditEvent, AuditEventEntity } from '@medplum/fhirtypes';
import type { AuditDocument, AuditRecord } from '../store/audit.ts';
import { SYSTEMS } from './extensions.ts';

export const AUDIT_EVENT_SEARCH_PARAMETERS = [
  { name: 'patient', type: 'reference' as const, documentation: 'Patient/<id>: the client the events concern.' },
  { name: 'patient.identifier', type: 'token' as const, documentation: 'urn:oid:1.2.246.21|<personal identity code>; prefer POST _search.' },
  { name: '_count', type: 'number' as const, documentation: 'At most 500, default 100; newest first. The searchset\'s total counts every record the requester may see.' },
  { name: '_cursor', type: 'string' as const, documentation: 'Where the next page starts: only as the searchset\'s next link gives it.' },
];

export const ACTION: Record<AuditRecord['action'], { action: 'C' | 'R' | 'E' | 'U' | 'D'; subtype: string }> = {
  store: { action: 'C', subtype: 'create' },
  search: { action: 'E', subtype: 'search-type' },
  read: { action: 'R', subtype: 'read' },
  invalidate: { action: 'U', subtype: 'update' },
  'audit-search': { action: 'E', subtype: 'search-type' },
  explain: { action: 'E', subtype: 'operation' },
  'consent-record': { action: 'C', subtype: 'create' },
  'consent-revoke': { action: 'U', subtype: 'update' },
  'consent-read': { action: 'R', subtype: 'read' },
  'audit-read': { action: 'R', subtype: 'read' },
  'portal-view': { action: 'E', subtype: 'search-type' },
  'portal-read': { action: 'R', subtype: 'read' },
  'portal-log': { action: 'E', subtype: 'search-type' },
  'settings-change': { action: 'U', subtype: 'update' },
  'legacy-import': { action: 'C', subtype: 'create' },
  destroy: { action: 'D', subtype: 'delete' },
  // Onboarding changes a register of the archive itself: an update whatever was added or removed.
  'admin-change': { action: 'U', subtype: 'update' },
};

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const LIFECYCLE = 'http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle';

/** S9's basis of one document, as the AuditEvent says it. */
function basisText(basis: AuditDocument['basis']): string | undefined {
  if (!basis) return undefined;
  switch (basis.kind) {
    case 'own-register': return 'own register (D2)';
    case 'authorisation': return `register access authorisation of ${basis.producerUnitOid} ${basis.startDate}..${basis.endDate ?? ''} (D3, S7)`;
    case 'consent': return `Consent/${basis.consentId} (D4, S2)`;
    case 'statutory': return `${SYSTEMS.legalJustification}|${basis.justification} (D6, S6)`;
  }
}

const OUTCOME: Record<AuditRecord['outcome'], '0' | '4' | '8'> = { success: '0', denied: '4', failed: '8' };

export function toAuditEvent(r: AuditRecord, baseUrl: string): AuditEvent {
  const kind = ACTION[r.action];
  const entity: AuditEventEntity[] = [];
  if (r.personFhirId) {
    entity.push({ what: { reference: `Patient/${r.personFhirId}` }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' }, role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' } });
  }
  for (const d of r.documents ?? []) {
    entity.push({
      what: { reference: `DocumentReference/${d.versionId}`, identifier: { system: SYSTEMS.rfc3986, value: `urn:uuid:${d.setId}` } },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '3', display: 'Report' },
      detail: [
        { type: 'document-type', valueString: d.typeCode },
        { type: 'register', valueString: d.controllerOid },
        ...(d.serviceTask ? [{ type: 'service-task', valueString: d.serviceTask }] : []),
        ...(d.basis ? [{ type: 'basis', valueString: basisText(d.basis)! }] : []),
      ],
    });
  }
  for (const c of r.consents ?? []) {
    entity.push({
      what: { reference: `Consent/${c.consentId}/_history/${c.version}` },
      type: { system: 'http://hl7.org/fhir/resource-types', code: 'Consent' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '4', display: 'Domain Resource' },
      detail: [{ type: 'kind', valueString: c.kind }],
    });
  }
  const bases = (r.documents ?? []).map((d) => d.basis).filter((b) => b?.kind === 'consent' || b?.kind === 'statutory');
  for (const consentId of new Set(bases.flatMap((b) => (b?.kind === 'consent' ? [b.consentId] : [])))) {
    // BALP disclosure: the consent that authorised it is an entity of the event.
    entity.push({ what: { reference: `Consent/${consentId}` }, type: { system: 'http://hl7.org/fhir/resource-types', code: 'Consent' }, role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '13', display: 'Security Resource' } });
  }
  if (r.query !== undefined) {
    entity.push({ type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2' }, role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '24', display: 'Query' }, query: Buffer.from(r.query).toString('base64') });
  }
  const disclosure = r.disclosure;
  const statutory = (r.documents ?? []).flatMap((d) => (d.basis?.kind === 'statutory' ? [d.basis.justification] : []));
  return {
    resourceType: 'AuditEvent',
    id: r.eventId,
    ...(disclosure ? { meta: { profile: ['https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PrivacyDisclosure.Source'] } } : {}),
    type: disclosure
      ? { system: DCM, code: '110106', display: 'Export' }
      : { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'Restful Operation' },
    subtype: [
      ...(disclosure ? [{ system: LIFECYCLE, code: 'disclose', display: 'Disclose Record Lifecycle Event' }] : []),
      { system: 'http://hl7.org/fhir/restful-interaction', code: kind.subtype },
      ...(/^ITI-\d+$/.test(r.transaction) ? [{ system: 'urn:ihe:event-type-code', code: r.transaction }] : []),
    ],
    ...(disclosure ? {
      purposeOfEvent: [{
        // FHIR forbids empty arrays: codes only for a statutory disclosure, words always.
        ...(statutory.length ? { coding: [...new Set(statutory)].map((code) => ({ system: SYSTEMS.legalJustification, code })) } : {}),
        text: disclosure.purpose,
      }],
    } : {}),
    action: kind.action,
    recorded: r.recordedAt,
    outcome: OUTCOME[r.outcome],
    ...(r.because?.length || r.detail ? { outcomeDesc: [...(r.because ?? []).map((b) => `${b.rule}: ${b.detail}`), ...(r.detail ? [r.detail] : [])].join('; ') } : {}),
    agent: [
      {
        type: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110150', display: 'Application' }] },
        who: { identifier: { value: r.system.id }, display: r.system.name },
        requestor: !r.professional,
      },
      ...(r.professional ? [{
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
        who: { identifier: { system: SYSTEMS.professional, value: r.professional.id }, display: r.professional.name },
        name: r.professional.title,
        requestor: true,
      }] : []),
      {
        type: disclosure
          ? { coding: [{ system: DCM, code: '110152', display: 'Destination Role ID' }] }
          : { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass', code: 'PROV', display: 'healthcare provider' }] },
        who: { identifier: { system: SYSTEMS.organisation, value: r.organisationOid } },
        requestor: false,
      },
      // S9: the discloser, the controller whose register gave the data.
      ...(disclosure?.disclosers ?? []).map((oid) => ({
        type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] },
        who: { identifier: { system: SYSTEMS.organisation, value: oid } },
        requestor: false,
      })),
    ],
    source: { observer: { display: 'Kansio', identifier: { value: baseUrl } }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }] },
    entity,
  };
}

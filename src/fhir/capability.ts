// The CapabilityStatement, built from the same declarations the routes use.
import type { CapabilityStatement } from '@medplum/fhirtypes';
import type { Config } from '../config.ts';
import { DOCUMENT_REFERENCE_SEARCH_PARAMETERS } from './search-params.ts';
import { AUDIT_EVENT_SEARCH_PARAMETERS } from './audit-event.ts';
import { OPERATIONS } from './operations.ts';
import { MHD_SUBMISSION_SET_PROFILE } from './record-out.ts';
import { CONSENT_SEARCH_PARAMETERS } from './consent-out.ts';
import { EXTENSIONS, KANSIO_CANONICAL } from './extensions.ts';

export function capabilityStatement(config: Config, version: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-23',
    kind: 'instance',
    software: { name: 'Kansio', version },
    implementation: { description: 'Kansio social welfare client data archive', url: `${config.baseUrl}/fhir` },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    instantiates: [
      'https://profiles.ihe.net/ITI/MHD/CapabilityStatement/IHE.MHD.DocumentRecipient',
      'https://profiles.ihe.net/ITI/MHD/CapabilityStatement/IHE.MHD.DocumentResponder',
    ],
    rest: [{
      mode: 'server',
      documentation: `Kansio extensions (all under ${EXTENSIONS.phase.url.replace(/\/[^/]+$/, '/')}): ${Object.values(EXTENSIONS).map((e) => `${e.url.split('/').pop()} (${e.valueType}): ${e.description}`).join(' | ')}`,
      security: {
        cors: false,
        service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
        description: 'SMART Backend Services (client_credentials with private_key_jwt, ES384 or RS384), tokens of at most 300 s, bound to a professional by a card-signed professional_assertion (D9). See /.well-known/smart-configuration.',
      },
      resource: [
        {
          type: 'DocumentReference',
          profile: 'https://profiles.ihe.net/ITI/MHD/StructureDefinition/IHE.MHD.Minimal.DocumentReference',
          interaction: [{ code: 'read' }, { code: 'search-type', documentation: 'ITI-67 Find Document References (GET, or POST _search with a form body). Token values take system|code, |code and code; commas OR, repeated parameters AND. Unknown parameters answer 400 unless the request says Prefer: handling=lenient, which ignores them and leaves them out of the self link.' }],
          searchParam: DOCUMENT_REFERENCE_SEARCH_PARAMETERS.filter((p) => !p.control).map((p) => ({
            name: p.name, type: p.type, ...(p.definition ? { definition: p.definition } : {}),
            documentation: `${p.source === 'ITI-67' ? 'ITI-67. ' : ''}${p.documentation}${p.modifiers ? ` Modifiers: ${p.modifiers.map((m) => `:${m}`).join(', ')}.` : ''}`,
          })),
          operation: OPERATIONS.filter((o) => o.resource?.includes('DocumentReference')).map((o) => ({ name: o.code!, definition: o.url!, documentation: o.description })),
        },
        { type: 'Binary', interaction: [{ code: 'read', documentation: 'ITI-68 Retrieve Document: the bytes with their content type, or a Binary resource with Accept: application/fhir+json' }] },
        {
          type: 'List',
          profile: MHD_SUBMISSION_SET_PROFILE,
          documentation: 'The ITI-65 SubmissionSets: List/<id> from the transaction response, read back by the system that stored it (any other requester gets 404). Created only within an ITI-65 transaction.',
          interaction: [{ code: 'read' }],
        },
        {
          type: 'Patient',
          documentation: 'The client a DocumentReference.subject refers to: id, the personal identity code (urn:oid:1.2.246.21), the name where known, the birth date. Answered to a requester whose controller has a client relationship with the client in force (D1) or who produces a service for the client (S7); 404 otherwise.',
          interaction: [{ code: 'read' }],
        },
        { type: 'OperationDefinition', documentation: 'The definitions of the operations listed here; public, like this statement.', interaction: [{ code: 'read' }] },
        {
          type: 'Consent',
          profile: `${KANSIO_CANONICAL}/StructureDefinition/kansio-consent`,
          documentation: 'The consent service (D11): Kanta informing acknowledgements (D5), social welfare and health care disclosure consents (S2) and prohibitions per controller, service task or document (S3). Modelled on IHE PCF; see docs/consent.md. A revocation is an update to status inactive that names the version in If-Match.',
          versioning: 'versioned-update',
          readHistory: true,
          updateCreate: false,
          conditionalUpdate: false,
          interaction: [{ code: 'create' }, { code: 'read' }, { code: 'vread' }, { code: 'history-instance' }, { code: 'update', documentation: 'Revocation only: status inactive, If-Match required' }, { code: 'search-type' }],
          searchParam: CONSENT_SEARCH_PARAMETERS.map((p) => ({ name: p.name, type: p.type, documentation: p.documentation })),
        },
        { type: 'AuditEvent', profile: 'https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientRead', interaction: [{ code: 'read', documentation: 'A record the requester may see (docs/audit.md); otherwise 404' }, { code: 'search-type' }], searchParam: AUDIT_EVENT_SEARCH_PARAMETERS.map((p) => ({ name: p.name, type: p.type, documentation: p.documentation })) },
      ],
      interaction: [{ code: 'transaction', documentation: 'ITI-65 Provide Document Bundle: atomic; a bundle with any error stores nothing' }],
    }],
  };
}

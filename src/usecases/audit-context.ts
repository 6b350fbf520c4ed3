// Builds the "who" of an audit record from the requester.
import type { Requester } from '../domain/types.ts';
import type { AuditRecord } from '../store/audit.ts';

export function auditActor(requester: Requester): Pick<AuditRecord, 'system' | 'professional' | 'organisationOid'> {
  return {
    system: { id: requester.systemId, name: requester.systemName },
    ...(requester.professional ? { professional: { id: requester.professional.id, name: requester.professional.name, title: requester.professional.title, organisationOid: requester.professional.organisationOid } } : {}),
    organisationOid: requester.controllerOid,
  };
}

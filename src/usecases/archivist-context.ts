// The archivist interface (L2) acts through the archive's use cases as a requester of its own:
// Kansio's archivist interface, working in the archivist's controller, with the archivist bound
// as the professional, so that the audit trail names them as it names any professional.
import type { ControllerOid, OrganisationOid, Requester } from '../domain/types.ts';

export interface Archivist {
  readonly professionalId: string;
  readonly name: string;
  readonly title: string;
  readonly controllerOid: string;
  readonly organisationOid: string;
  readonly roles: readonly string[];
}

export const ARCHIVIST_SYSTEM = { id: 'kansio-archivist', name: 'Kansio archivist interface' } as const;

export function archivistRequester(archivist: Archivist): Requester {
  return {
    systemId: ARCHIVIST_SYSTEM.id,
    systemName: ARCHIVIST_SYSTEM.name,
    // The archive's own interface, with a connecting system's rights within the controller's register (L5).
    profile: 'connecting',
    controllerOid: archivist.controllerOid as ControllerOid,
    professional: { id: archivist.professionalId, name: archivist.name, title: archivist.title, organisationOid: archivist.organisationOid as OrganisationOid, roles: archivist.roles },
    scopes: [],
  };
}

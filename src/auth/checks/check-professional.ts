// D9: the professional on the card is registered in Kansio and works for the controller of the
// system asking for the token (in the controller itself or one of its units). Refuses with
// invalid_grant otherwise: a system cannot act for another controller's staff.
import type { Queryable } from '../../store/queryable.ts';
import { getProfessional, isInController, type ProfessionalRow } from '../../store/professionals.ts';
import type { SystemRow } from '../../store/systems.ts';
import { InvalidGrant } from '../oauth-errors.ts';

export async function checkProfessionalWorksForController(db: Queryable, professionalId: string, system: SystemRow): Promise<ProfessionalRow> {
  const professional = await getProfessional(db, professionalId);
  if (!professional) {
    throw new InvalidGrant(`professional '${professionalId}' is not registered in Kansio; the controller must register them before they can use the archive`);
  }
  if (!isInController(professional, system.controllerOid)) {
    throw new InvalidGrant(`professional '${professionalId}' works for ${professional.organisationOid}, which is neither controller ${system.controllerOid} of system '${system.clientId}' nor one of its units (D9)`);
  }
  return professional;
}

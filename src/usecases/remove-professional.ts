// Issue 10 onboarding: a professional who left. From the commit on, their card binds no token
// (the token endpoint looks them up, D9); the documents they wrote keep their author details.
import type { Tx } from '../store/db.ts';
import { NotFound } from '../domain/errors.ts';
import { checkProfessionalId } from '../domain/onboarding.ts';
import { deleteProfessional, getProfessional } from '../store/professionals.ts';
import { recordRevocation } from '../store/revocations.ts';
import { auditAdminChange, authorise, refuseProblem, type AdminActor } from './admin-audit.ts';

export interface RemoveProfessionalProps {
  readonly professionalId: string;
  readonly actor: AdminActor;
  readonly now: string;
}

export async function removeProfessional(tx: Tx, props: RemoveProfessionalProps): Promise<void> {
  refuseProblem(checkProfessionalId('id', props.professionalId));
  const p = await getProfessional(tx, props.professionalId);
  if (!p) throw NotFound.of(`no professional ${props.professionalId} is registered`);
  authorise(props.actor, { entity: 'professional', before: p.organisationParentOid ?? p.organisationOid, rolesBefore: p.roles, rolesAfter: [] });
  await deleteProfessional(tx, p.professionalId);
  // Access tokens that bind them are refused too, by every server process within a second.
  await recordRevocation(tx, 'professional', p.professionalId, props.now);
  await auditAdminChange(tx, {
    actor: props.actor, now: props.now, organisationOid: p.organisationParentOid ?? p.organisationOid,
    admin: { entity: 'professional', id: p.professionalId, change: 'remove' },
    detail: `removed professional ${p.professionalId} (${p.givenName} ${p.familyName}) of ${p.organisationOid}`,
  });
}

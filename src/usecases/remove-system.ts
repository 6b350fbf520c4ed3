// Issue 10 onboarding: a system taken out of use. The token endpoint looks its row up on every
// token request, so from the commit on it gets no token; the access tokens it already holds are
// refused within a second (src/auth/revocations.ts).
import type { Tx } from '../store/db.ts';
import { NotFound } from '../domain/errors.ts';
import { checkClientId } from '../domain/onboarding.ts';
import { deleteSystem, getSystem } from '../store/systems.ts';
import { recordRevocation } from '../store/revocations.ts';
import { auditAdminChange, authorise, refuseProblem, type AdminActor } from './admin-audit.ts';

export interface RemoveSystemProps {
  readonly clientId: string;
  readonly actor: AdminActor;
  readonly now: string;
}

export async function removeSystem(tx: Tx, props: RemoveSystemProps): Promise<void> {
  refuseProblem(checkClientId('clientId', props.clientId));
  const system = await getSystem(tx, props.clientId);
  if (!system) throw NotFound.of(`no client data system is registered with client id ${props.clientId}`);
  authorise(props.actor, { entity: 'system', before: system.controllerOid });
  await deleteSystem(tx, props.clientId);
  // The access tokens it already holds are refused too, by every server process within a second.
  await recordRevocation(tx, 'system', props.clientId, props.now);
  await auditAdminChange(tx, {
    actor: props.actor, now: props.now, organisationOid: system.controllerOid,
    admin: { entity: 'system', id: system.clientId, change: 'remove' },
    detail: `removed client data system ${system.clientId} '${system.name}': it gets no token from now on and its access tokens are refused`,
  });
}

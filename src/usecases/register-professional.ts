// Issue 10 onboarding: a controller's administrator registers a professional, identified by the
// subject serialNumber of their professional card (D9), in the controller or one of its units,
// with the roles the controller gives them (D1). Registering again updates; identical is a no-op.
import type { Tx } from '../store/db.ts';
import { Unprocessable } from '../domain/errors.ts';
import { checkOid, checkOneOf, checkProfessionalId, checkText, firstProblem } from '../domain/onboarding.ts';
import { getOrganisation } from '../store/organisations.ts';
import { getProfessional, registerProfessional as upsertProfessional, PROFESSIONAL_ROLES, type ProfessionalRole } from '../store/professionals.ts';
import { auditAdminChange, authorise, refuseProblem, refuseUnexpected, type AdminActor, type Expect } from './admin-audit.ts';
import type { Change } from './register-organisation.ts';

export interface RegisterProfessionalProps {
  /** The card subject's serialNumber. */
  readonly professionalId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly title: string;
  /** The controller or unit they work in. */
  readonly organisationOid: string;
  readonly roles?: readonly string[] | undefined;
  readonly actor: AdminActor;
  readonly now: string;
  /** An add form's 'new' or a change form's 'existing'. */
  readonly expect?: Expect;
}

export async function registerProfessional(tx: Tx, props: RegisterProfessionalProps): Promise<{ change: Change }> {
  const roles = [...new Set(props.roles ?? [])].sort();
  refuseProblem(firstProblem(
    checkProfessionalId('id', props.professionalId), checkText('givenName', props.givenName), checkText('familyName', props.familyName),
    checkText('title', props.title), checkOid('organisation', props.organisationOid),
    ...roles.map((r) => checkOneOf('roles', r, PROFESSIONAL_ROLES)),
  ));
  const organisation = await getOrganisation(tx, props.organisationOid);
  if (!organisation) throw Unprocessable.of(`no organisation ${props.organisationOid} is registered: register it with kansio org add first`, 'organisation');
  const existing = await getProfessional(tx, props.professionalId);
  authorise(props.actor, {
    entity: 'professional', before: existing ? existing.organisationParentOid ?? existing.organisationOid : undefined,
    after: organisation.parentOid ?? organisation.oid, rolesBefore: existing?.roles ?? [], rolesAfter: roles,
  });
  refuseUnexpected(props.expect, existing !== undefined, `professional ${props.professionalId}`, 'id');
  const p = {
    professionalId: props.professionalId, givenName: props.givenName.trim(), familyName: props.familyName.trim(), title: props.title.trim(),
    organisationOid: props.organisationOid, roles: roles as ProfessionalRole[],
  };
  if (existing && existing.givenName === p.givenName && existing.familyName === p.familyName && existing.title === p.title
    && existing.organisationOid === p.organisationOid && [...existing.roles].sort().join() === roles.join()) return { change: 'unchanged' };
  const change = existing ? 'update' : 'add';
  await upsertProfessional(tx, p);
  await auditAdminChange(tx, {
    actor: props.actor, now: props.now, organisationOid: organisation.parentOid ?? organisation.oid,
    admin: { entity: 'professional', id: p.professionalId, change },
    detail: `${change === 'add' ? 'registered' : 'updated'} professional ${p.professionalId} (${p.givenName} ${p.familyName}, ${p.title}) in ${p.organisationOid}${roles.length ? `, roles ${roles.join(', ')}` : ''}`,
  });
  return { change };
}

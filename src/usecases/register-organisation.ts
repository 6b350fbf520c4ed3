// Issue 10 onboarding: the national operator registers a controller (welfare area, municipality,
// private provider) or a unit of one. Registering again with another name renames it; an
// identical registration changes nothing and writes no record (the demo seed re-runs it).
import type { Tx } from '../store/db.ts';
import { Conflict, Unprocessable } from '../domain/errors.ts';
import { checkOid, checkOneOf, checkText, firstProblem, isControllerKind, ORGANISATION_KINDS, type OrganisationKind } from '../domain/onboarding.ts';
import { getOrganisation, upsertOrganisation, type OrganisationRow } from '../store/organisations.ts';
import { auditAdminChange, authorise, refuseProblem, refuseUnexpected, type AdminActor, type Expect } from './admin-audit.ts';

export interface RegisterOrganisationProps {
  /** The organisation's OID (urn:oid:1.2.246.537.6.202.2008 identifiers), dot notation. */
  readonly oid: string;
  readonly name: string;
  /** welfare-area, municipality or private-provider for a controller; unit for a unit; operator for the national operator's own. */
  readonly kind: string;
  /** A unit's controller; none for a controller. */
  readonly parentOid?: string | undefined;
  readonly actor: AdminActor;
  readonly now: string;
  /** An add form's 'new' or a change form's 'existing'. */
  readonly expect?: Expect;
}

export type Change = 'add' | 'update' | 'unchanged';

export async function registerOrganisation(tx: Tx, props: RegisterOrganisationProps): Promise<{ organisation: OrganisationRow; change: Change }> {
  refuseProblem(firstProblem(checkOid('oid', props.oid), checkText('name', props.name), checkOneOf('kind', props.kind, ORGANISATION_KINDS)));
  const kind = props.kind as OrganisationKind;
  authorise(props.actor, { entity: 'organisation' });
  if (kind === 'unit') {
    refuseProblem(props.parentOid ? checkOid('parent', props.parentOid) : { field: 'parent', message: 'is required for a unit: the OID of its controller' });
    const parent = await getOrganisation(tx, props.parentOid!);
    if (!parent) throw Unprocessable.of(`no organisation ${props.parentOid} is registered: register the controller first`, 'parent');
    if (!isControllerKind(parent.kind)) throw Unprocessable.of(`${props.parentOid} is ${parent.kind === 'unit' ? 'a unit' : "the national operator's organisation"}; a unit's parent must be a controller`, 'parent');
  } else if (props.parentOid) {
    refuseProblem({ field: 'parent', message: `${kind === 'operator' ? "the national operator's organisation" : `a ${kind} is a controller and`} has no parent; use kind unit for a unit` });
  }
  const organisation: OrganisationRow = { oid: props.oid, name: props.name.trim(), kind, parentOid: kind === 'unit' ? props.parentOid! : null };
  const existing = await getOrganisation(tx, props.oid);
  refuseUnexpected(props.expect, existing !== undefined, `organisation ${props.oid}`, 'oid');
  if (existing && existing.kind !== organisation.kind) throw Conflict.of(`${props.oid} is registered as a ${existing.kind}; its kind cannot change`, 'kind');
  if (existing && existing.parentOid !== organisation.parentOid) throw Conflict.of(`${props.oid} is registered under ${existing.parentOid ?? 'no parent'}; its parent cannot change`, 'parent');
  if (existing && existing.name === organisation.name) return { organisation, change: 'unchanged' };
  const change = existing ? 'update' : 'add';
  await upsertOrganisation(tx, organisation);
  await auditAdminChange(tx, {
    actor: props.actor, now: props.now, organisationOid: organisation.parentOid ?? organisation.oid,
    admin: { entity: 'organisation', id: organisation.oid, change },
    detail: change === 'add' ? `registered ${kind} ${organisation.oid} '${organisation.name}'${organisation.parentOid ? ` under ${organisation.parentOid}` : ''}` : `renamed ${organisation.oid} from '${existing!.name}' to '${organisation.name}'`,
  });
  return { organisation, change };
}

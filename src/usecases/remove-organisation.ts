// Issue 10 onboarding: the operator removes an organisation registered by mistake. Refused while
// anything still names it: units, systems, professionals, documents (kept for their retention,
// S10), client relationships or matters; the message says which.
import type { Tx } from '../store/db.ts';
import { Conflict, NotFound } from '../domain/errors.ts';
import { checkOid } from '../domain/onboarding.ts';
import { deleteOrganisation, getOrganisation, organisationDependents } from '../store/organisations.ts';
import { auditAdminChange, authorise, refuseProblem, type AdminActor } from './admin-audit.ts';

export interface RemoveOrganisationProps {
  readonly oid: string;
  readonly actor: AdminActor;
  readonly now: string;
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

export async function removeOrganisation(tx: Tx, props: RemoveOrganisationProps): Promise<void> {
  refuseProblem(checkOid('oid', props.oid));
  authorise(props.actor, { entity: 'organisation' });
  const organisation = await getOrganisation(tx, props.oid);
  if (!organisation) throw NotFound.of(`no organisation ${props.oid} is registered`);
  const d = await organisationDependents(tx, props.oid);
  const still = [
    d.units ? plural(d.units, 'unit') : '',
    d.systems ? plural(d.systems, 'client data system') : '',
    d.professionals ? plural(d.professionals, 'professional') : '',
    d.documents ? 'documents' : '',
    d.relationships ? 'client relationships or matters' : '',
  ].filter(Boolean);
  if (still.length > 0) {
    const kept = d.documents || d.relationships ? '; documents, client relationships and matters stay in the archive for their retention period, so an organisation that has them is never removed' : '';
    throw Conflict.of(`organisation ${props.oid} still has ${still.join(', ')}: remove the units, systems and professionals first${kept}`, 'oid');
  }
  try {
    await deleteOrganisation(tx, props.oid);
  } catch (error) {
    // Another table that names it (the portal's display start dates, V10): say so plainly.
    if ((error as { code?: string }).code !== '23503') throw error;
    throw Conflict.of(`organisation ${props.oid} is still named by ${(error as { table?: string }).table ?? 'other records'}: remove those first`, 'oid');
  }
  await auditAdminChange(tx, {
    actor: props.actor, now: props.now, organisationOid: organisation.parentOid ?? organisation.oid,
    admin: { entity: 'organisation', id: organisation.oid, change: 'remove' },
    detail: `removed ${organisation.kind} ${organisation.oid} '${organisation.name}'`,
  });
}

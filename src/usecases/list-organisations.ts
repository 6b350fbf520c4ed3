// Issue 10 onboarding: the registered organisations, controllers before their units.
import type { Queryable } from '../store/queryable.ts';
import { listOrganisations as list, type OrganisationRow } from '../store/organisations.ts';

export interface ListOrganisationsProps {
  /** Only this controller and its units. */
  readonly controllerOid?: string | undefined;
}

export function listOrganisations(db: Queryable, props: ListOrganisationsProps = {}): Promise<OrganisationRow[]> {
  return list(db, props.controllerOid);
}

// Issue 10 onboarding: the registered client data systems, all or one controller's.
import type { Queryable } from '../store/queryable.ts';
import { listSystems as list, type SystemRow } from '../store/systems.ts';

export interface ListSystemsProps {
  readonly controllerOid?: string | undefined;
}

export function listSystems(db: Queryable, props: ListSystemsProps = {}): Promise<SystemRow[]> {
  return list(db, props.controllerOid);
}

// Issue 10 onboarding: the registered professionals, all or one organisation's (with its units').
import type { Queryable } from '../store/queryable.ts';
import { listProfessionals as list, type ProfessionalRow } from '../store/professionals.ts';

export interface ListProfessionalsProps {
  readonly organisationOid?: string | undefined;
}

export function listProfessionals(db: Queryable, props: ListProfessionalsProps = {}): Promise<ProfessionalRow[]> {
  return list(db, props.organisationOid);
}

// D1, issue 10: who may change the registry of organisations, client data systems, professionals
// and trusted card CAs. Three authorities:
//   - the operator's own tool on the server (the kansio CLI; the demo seed and the bench run as
//     it): anything, the operator role included;
//   - the national operator on the administration pages: organisations, units and card CAs;
//   - a controller's administrator on the administration pages: the client data systems and the
//     professionals of their own controller (and its units), with any role but 'operator'.
// The operator role makes its holder national operator, so no page gives or takes it: a
// controller's administrator must not be able to make anyone national operator.
import type { Decision } from '../types.ts';

export type AdminAuthority =
  | { readonly kind: 'operator-tool' }
  | { readonly kind: 'operator' }
  | { readonly kind: 'administrator'; readonly controllerOid: string };

/** The role only the operator's tool gives. */
export const OPERATOR_ROLE = 'operator';

/**
 * One change, with the controllers it touches: `before` the controller of the row as it is (none
 * when it is new), `after` the controller it will have (none for a removal). A professional's
 * controller is their organisation's controller (the organisation itself, or a unit's parent).
 */
export type AdminChange =
  | { readonly entity: 'organisation' | 'card-ca' }
  | { readonly entity: 'system'; readonly before?: string | undefined; readonly after?: string | undefined }
  | {
    readonly entity: 'professional'; readonly before?: string | undefined; readonly after?: string | undefined;
    readonly rolesBefore: readonly string[]; readonly rolesAfter: readonly string[];
  };

/** A decision with the input field a refusal concerns, so that a page and the CLI can name it. */
export interface AdminDecision extends Decision {
  readonly field?: string;
}

const allow = (detail: string): AdminDecision => ({ allow: true, because: [{ rule: 'D1', detail }] });
const refuse = (field: string, detail: string): AdminDecision => ({ allow: false, field, because: [{ rule: 'D1', detail }] });

/** The input field that names a system's or a professional's own id, and the one that names where it belongs. */
const FIELDS = { system: { id: 'clientId', place: 'controller' }, professional: { id: 'id', place: 'organisation' } } as const;

export function decideAdminChange(authority: AdminAuthority, change: AdminChange): AdminDecision {
  if (authority.kind === 'operator-tool') return allow("the operator's own tool on the server may change the whole registry");
  if (change.entity !== 'system' && change.entity !== 'professional') {
    return authority.kind === 'operator'
      ? allow('the national operator registers organisations and units and trusts professional-card CAs')
      : refuse('oid', 'only the national operator registers organisations and units and trusts professional-card CAs');
  }
  const fields = FIELDS[change.entity];
  if (authority.kind === 'operator') {
    return refuse(fields.id, `a controller's administrator registers its ${change.entity === 'system' ? 'client data systems' : 'professionals'}, not the national operator`);
  }
  const own = authority.controllerOid;
  // A row of another controller is not this administrator's to change, nor to take over.
  if (change.before !== undefined && change.before !== own) return refuse(fields.id, `is registered with another controller: only that controller's administrator may change it`);
  if (change.after !== undefined && change.after !== own) return refuse(fields.place, `is not ${own} or one of its units: an administrator registers only in their own controller`);
  if (change.entity === 'professional') {
    const had = change.rolesBefore.includes(OPERATOR_ROLE);
    const has = change.after !== undefined && change.rolesAfter.includes(OPERATOR_ROLE);
    if (has && !had) return refuse('roles', "the operator role is given only with the operator's own tool (kansio professional add), never on the administration pages");
    if (had && !has) return refuse(change.after === undefined ? fields.id : 'roles', "holds the operator role: only the operator's own tool takes it away or removes its holder");
  }
  return allow(`the administrator of ${own} manages its ${change.entity === 'system' ? 'client data systems' : 'professionals and their roles'}`);
}

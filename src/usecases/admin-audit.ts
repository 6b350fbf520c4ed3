// Issue 10: every onboarding change leaves an admin-change audit record in the transaction that
// makes it (D10), naming who made it, what changed and the controller it concerns.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import { appendAudit, type AuditRecord } from '../store/audit.ts';
import type { AuditAdminChange } from '../domain/audit-record.ts';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../domain/errors.ts';
import type { FieldProblem } from '../domain/onboarding.ts';
import { decideAdminChange, type AdminAuthority, type AdminChange } from '../domain/policy/administration.ts';

/**
 * Who made an onboarding change: the operator's tool (`kansio-cli` and the OS user), the demo
 * seed, the bench, or the administration pages with the professional logged in to them.
 */
export interface AdminActor {
  readonly id: string;
  readonly name: string;
  /** D1: what this actor may change. */
  readonly authority: AdminAuthority;
  /** D10: the professional who made the change on the administration pages, named in the record. */
  readonly professional?: { readonly id: string; readonly name: string; readonly title: string; readonly organisationOid: string };
}

/** The authority of the operator's own tool on the server: the CLI, and the demo seed and bench that run as it. */
export const OPERATOR_TOOL: AdminAuthority = { kind: 'operator-tool' };

/** D1: throws Forbidden naming the field when the actor may not make the change. */
export function authorise(actor: AdminActor, change: AdminChange): void {
  const decision = decideAdminChange(actor.authority, change);
  if (!decision.allow) throw Forbidden.of(decision.because.map((b) => `${b.detail} (${b.rule})`).join('; '), decision.field);
}

/** The organisation of records that concern no controller (card CAs: the national operator's). */
export const NATIONAL_OPERATOR = 'national-operator';

export async function auditAdminChange(tx: Tx, p: { actor: AdminActor; now: string; organisationOid: string; admin: AuditAdminChange; detail: string }): Promise<void> {
  const record: AuditRecord = {
    eventId: randomUUID(), recordedAt: p.now, action: 'admin-change', transaction: `${p.admin.entity}-${p.admin.change}`, outcome: 'success',
    system: { id: p.actor.id, name: p.actor.name }, ...(p.actor.professional ? { professional: p.actor.professional } : {}),
    organisationOid: p.organisationOid, admin: p.admin, detail: p.detail,
  };
  await appendAudit(tx, record);
}

/**
 * What a form expects: 'new' (an add form: an id already registered is refused, not updated) or
 * 'existing' (a change form: one removed meanwhile is not registered again). The CLI leaves it
 * out: its add registers or updates.
 */
export type Expect = 'new' | 'existing' | undefined;

/** Refuses a registration the form did not mean: `what` names the row, `field` its id field. */
export function refuseUnexpected(expect: Expect, exists: boolean, what: string, field: string): void {
  if (expect === 'new' && exists) throw Conflict.of(`${what} is already registered: change it instead of adding it again`, field);
  if (expect === 'existing' && !exists) throw NotFound.of(`${what} is not registered (any more)`);
}

/** Throws the first problem as InvalidInput whose expression is the field. */
export function refuseProblem(problem: FieldProblem | undefined): void {
  if (problem) throw InvalidInput.of(problem.message, problem.field);
}

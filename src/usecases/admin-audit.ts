// Issue 10: every onboarding change leaves an admin-change audit record in the transaction that
// makes it (D10), naming who made it, what changed and the controller it concerns.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import { appendAudit, type AuditRecord } from '../store/audit.ts';
import type { AuditAdminChange } from '../domain/audit-record.ts';
import { InvalidInput } from '../domain/errors.ts';
import type { FieldProblem } from '../domain/onboarding.ts';

/** Who made an onboarding change: the operator's tool (`kansio-cli` and the OS user), the demo seed, the bench. */
export interface AdminActor {
  readonly id: string;
  readonly name: string;
}

/** The organisation of records that concern no controller (card CAs: the national operator's). */
export const NATIONAL_OPERATOR = 'national-operator';

export async function auditAdminChange(tx: Tx, p: { actor: AdminActor; now: string; organisationOid: string; admin: AuditAdminChange; detail: string }): Promise<void> {
  const record: AuditRecord = {
    eventId: randomUUID(), recordedAt: p.now, action: 'admin-change', transaction: `${p.admin.entity}-${p.admin.change}`, outcome: 'success',
    system: { id: p.actor.id, name: p.actor.name }, organisationOid: p.organisationOid, admin: p.admin, detail: p.detail,
  };
  await appendAudit(tx, record);
}

/** Throws the first problem as InvalidInput whose expression is the field. */
export function refuseProblem(problem: FieldProblem | undefined): void {
  if (problem) throw InvalidInput.of(problem.message, problem.field);
}

// A request refused before any use case ran (its token's scopes do not allow it, L5) is still a
// request of an authenticated party about client data: it leaves a denied record (D10).
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { Reason, Requester } from '../domain/types.ts';
import { appendAudit, type AuditAction } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';

export async function auditRefusal(connection: Connection, props: { readonly requester: Requester; readonly action: AuditAction; readonly transaction: string; readonly because: readonly Reason[]; readonly now: string }): Promise<void> {
  await appendAudit(connection, {
    eventId: randomUUID(), recordedAt: props.now, action: props.action, transaction: props.transaction, outcome: 'denied',
    because: props.because, ...auditActor(props.requester),
  });
}

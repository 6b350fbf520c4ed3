// The read of one audit record by its id (the searchset's fullUrl), decided as the search
// decides (src/domain/policy/audit-visibility.ts): a record the requester may not see does not
// exist for it (404, like a document of another register). The read is itself audited (D10).
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { Requester } from '../domain/types.ts';
import { Forbidden, NotFound } from '../domain/errors.ts';
import { decideProfileAllows } from '../domain/policy/system-profile.ts';
import { hasActiveRelationship } from '../domain/policy/own-register.ts';
import { decideAuditVisibility } from '../domain/policy/audit-visibility.ts';
import { appendAudit, auditEventById, type AuditRecord } from '../store/audit.ts';
import { findPersonByKey } from '../store/people.ts';
import { auditActor } from './audit-context.ts';
import type { Result } from './result.ts';

const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReadAuditEventProps {
  /** The AuditEvent id as asked for: anything, since it comes from a URL. */
  readonly eventId: string;
  readonly requester: Requester;
  readonly now: string;
}

export async function readAuditEvent(connection: Connection, props: ReadAuditEventProps): Promise<Result<AuditRecord>> {
  const { requester, now } = props;
  const base = { eventId: randomUUID(), recordedAt: now, action: 'audit-read' as const, transaction: 'AuditEvent-read', ...auditActor(requester) };
  const profile = decideProfileAllows(requester.profile, 'read');
  if (!profile.allow) return { ok: false, error: Forbidden.of(`L5: ${profile.because[0]!.detail}`) };
  const notFound = NotFound.of(`AuditEvent/${props.eventId} is not found`);
  const record = EVENT_ID.test(props.eventId) ? await auditEventById(connection, props.eventId) : undefined;
  const view = record ? decideAuditVisibility(record, { controllerOid: requester.controllerOid }) : undefined;
  if (!view?.visible) {
    // An attempt at a record that is not the requester's: traced, and answered as if it did not
    // exist, so that the answer does not confirm that another register's record does.
    if (record) await appendAudit(connection, { ...base, outcome: 'denied', because: view?.because ?? [], detail: `AuditEvent/${record.eventId}` });
    return { ok: false, error: notFound };
  }
  const personRef = record!.personKey !== undefined ? { personKey: record!.personKey, personFhirId: record!.personFhirId } : {};
  if (record!.personKey !== undefined) {
    // D1 as for the search: the trail about a client is read for the client's matter.
    const person = await findPersonByKey(connection, record!.personKey);
    if (!person || !hasActiveRelationship(person.relationships, requester.controllerOid, undefined, now.slice(0, 10))) {
      await appendAudit(connection, { ...base, outcome: 'denied', ...personRef, because: [{ rule: 'D1', detail: 'no client relationship in force' }], detail: `AuditEvent/${record!.eventId}` });
      return { ok: false, error: Forbidden.of(`D1: ${requester.controllerOid} has no client relationship with this client in force`) };
    }
  }
  await appendAudit(connection, { ...base, outcome: 'success', ...personRef, because: view.because, detail: `AuditEvent/${record!.eventId}` });
  return { ok: true, value: view.record };
}

// Audit records about one client, as the requester's own organisation wrote them: a
// professional may see who of their own controller accessed the client's data. Reading the
// trail is itself an access to client data, so it leaves a record too (D10).
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { Requester } from '../domain/types.ts';
import { Forbidden } from '../domain/errors.ts';
import { decideProfileAllows } from '../domain/policy/system-profile.ts';
import { hasActiveRelationship } from '../domain/policy/own-register.ts';
import { appendAudit, auditEventsForPerson, type AuditRecord } from '../store/audit.ts';
import type { PersonRow } from '../store/people.ts';
import { auditActor } from './audit-context.ts';
import type { Result } from './result.ts';

export interface SearchAuditEventsProps {
  readonly person: PersonRow | undefined;
  readonly count: number;
  readonly requester: Requester;
  readonly now: string;
}

export async function searchAuditEvents(connection: Connection, props: SearchAuditEventsProps): Promise<Result<AuditRecord[]>> {
  const { person, requester, now } = props;
  const base = { eventId: randomUUID(), recordedAt: now, action: 'audit-search' as const, transaction: 'AuditEvent-search', ...auditActor(requester) };
  const profile = decideProfileAllows(requester.profile, 'search');
  if (!profile.allow) return { ok: false, error: Forbidden.of(`L5: ${profile.because[0]!.detail}`) };
  if (!person) return { ok: true, value: [] };
  const relationships = person.relationships;
  if (!hasActiveRelationship(relationships, requester.controllerOid, undefined, now.slice(0, 10))) {
    await appendAudit(connection, { ...base, outcome: 'denied', personKey: person.personKey, personFhirId: person.fhirId, because: [{ rule: 'D1', detail: 'no client relationship in force' }] });
    return { ok: false, error: Forbidden.of(`D1: ${requester.controllerOid} has no client relationship with this client in force`) };
  }
  const records = await auditEventsForPerson(connection, person.personKey, requester.controllerOid, props.count);
  await appendAudit(connection, { ...base, outcome: 'success', personKey: person.personKey, personFhirId: person.fhirId, because: [{ rule: 'D10', detail: 'own organisation\'s audit records' }] });
  return { ok: true, value: records };
}

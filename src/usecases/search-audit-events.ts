// Audit records about one client, as far as the requester's controller may see them
// (src/domain/policy/audit-visibility.ts): its own organisation's accesses (D10) and the
// disclosures of its own documents to others (S9), each cut down to what is the reader's.
// Reading the trail is itself an access to client data, so it leaves a record too (D10).
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { Requester } from '../domain/types.ts';
import { Forbidden } from '../domain/errors.ts';
import { decideProfileAllows } from '../domain/policy/system-profile.ts';
import { hasActiveRelationship } from '../domain/policy/own-register.ts';
import { decideAuditVisibility } from '../domain/policy/audit-visibility.ts';
import { appendAudit, auditEventsForPerson, countAuditEventsForPerson, type AuditPosition, type AuditRecord } from '../store/audit.ts';
import type { PersonRow } from '../store/people.ts';
import { auditActor } from './audit-context.ts';
import type { Result } from './result.ts';

export interface SearchAuditEventsProps {
  /** The client, already resolved from patient or patient.identifier; undefined if unknown. */
  readonly person: PersonRow | undefined;
  /** Page size. */
  readonly count: number;
  /** The last record of the previous page, when following a next link. */
  readonly after?: AuditPosition;
  readonly requester: Requester;
  readonly now: string;
}

export interface AuditPage {
  /** The records of this page as the requester may see them, newest first. */
  readonly records: readonly AuditRecord[];
  /** Every record of the client the requester may see, across all pages. */
  readonly total: number;
  /** Where the next page starts, when there may be one. */
  readonly next?: AuditPosition;
}

export async function searchAuditEvents(connection: Connection, props: SearchAuditEventsProps): Promise<Result<AuditPage>> {
  const { person, requester, now } = props;
  const base = { eventId: randomUUID(), recordedAt: now, action: 'audit-search' as const, transaction: 'AuditEvent-search', ...auditActor(requester) };
  const profile = decideProfileAllows(requester.profile, 'search');
  if (!profile.allow) return { ok: false, error: Forbidden.of(`L5: ${profile.because[0]!.detail}`) };
  if (!person) return { ok: true, value: { records: [], total: 0 } };
  const personRef = { personKey: person.personKey, personFhirId: person.fhirId };
  if (!hasActiveRelationship(person.relationships, requester.controllerOid, undefined, now.slice(0, 10))) {
    await appendAudit(connection, { ...base, outcome: 'denied', ...personRef, because: [{ rule: 'D1', detail: 'no client relationship in force' }] });
    return { ok: false, error: Forbidden.of(`D1: ${requester.controllerOid} has no client relationship with this client in force`) };
  }
  const reader = { controllerOid: requester.controllerOid };
  const rows = await auditEventsForPerson(connection, person.personKey, reader.controllerOid, props.count, props.after);
  const total = await countAuditEventsForPerson(connection, person.personKey, reader.controllerOid);
  const records = rows.flatMap(({ record }) => {
    const view = decideAuditVisibility(record, reader);
    return view.visible ? [view.record] : [];
  });
  await appendAudit(connection, {
    ...base, outcome: 'success', ...personRef,
    because: [{ rule: 'D10', detail: `${records.length} of the client's audit records: the own organisation's accesses and the disclosures of its documents (S9)` }],
  });
  const last = rows.at(-1);
  return { ok: true, value: { records, total, ...(rows.length === props.count && last ? { next: last.position } : {}) } };
}

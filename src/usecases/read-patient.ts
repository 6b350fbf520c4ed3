// GET Patient/<id>: the client as Kansio knows them (identity code, name if known, birth date),
// to a requester who may see the client (D1, S7). Reading it is an access to client data: it is
// audited, allowed or not (D10). A refusal is 404, like an unknown id.
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { Requester } from '../domain/types.ts';
import { Forbidden, NotFound } from '../domain/errors.ts';
import { decideProfileAllows } from '../domain/policy/system-profile.ts';
import { decidePatientRead } from '../domain/policy/record-reads.ts';
import { findPersonByFhirId, type PersonRow } from '../store/people.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import { accessRequester } from './document-access.ts';
import type { Result } from './result.ts';

export interface ReadPatientProps {
  /** The opaque Patient id (person.fhir_id). */
  readonly fhirId: string;
  readonly requester: Requester;
  /** The clock, as an ISO instant. */
  readonly now: string;
}

export async function readPatient(connection: Connection, props: ReadPatientProps): Promise<Result<PersonRow>> {
  const { requester, now } = props;
  const base = { eventId: randomUUID(), recordedAt: now, action: 'read' as const, transaction: 'Patient-read', ...auditActor(requester) };
  const notFound = NotFound.of(`Patient/${props.fhirId} is not found`);
  const profile = decideProfileAllows(requester.profile, 'read');
  if (!profile.allow) {
    await appendAudit(connection, { ...base, outcome: 'denied', because: profile.because, detail: `Patient/${props.fhirId}` });
    return { ok: false, error: Forbidden.of(`L5: ${profile.because[0]!.detail}`) };
  }
  const person = await findPersonByFhirId(connection, props.fhirId);
  if (!person) return { ok: false, error: notFound };
  const decision = decidePatientRead({ requester: accessRequester(requester), relationships: person.relationships, authorisations: person.authorisations, today: now.slice(0, 10) });
  const who = { personKey: person.personKey, personFhirId: person.fhirId };
  await appendAudit(connection, { ...base, outcome: decision.allow ? 'success' : 'denied', ...who, because: decision.because });
  return decision.allow ? { ok: true, value: person } : { ok: false, error: notFound };
}

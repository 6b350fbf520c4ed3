// GET List/<id>: the ITI-65 SubmissionSet, answered to the system that stored it (others get
// 404, never a confirmation that the set exists). The set names its client: audited (D10).
// Reading is a read (L5): a connecting system reads back what it stored; a storing-only or
// service system's token has no List.r scope.
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { Requester } from '../domain/types.ts';
import { NotFound } from '../domain/errors.ts';
import { decideSubmissionSetRead } from '../domain/policy/record-reads.ts';
import { getSubmissionSet, type SubmissionSetRow } from '../store/submission-sets.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import type { Result } from './result.ts';

export interface ReadSubmissionSetProps {
  /** The List id from the transaction response's location. */
  readonly id: string;
  readonly requester: Requester;
  /** The clock, as an ISO instant. */
  readonly now: string;
}

export async function readSubmissionSet(connection: Connection, props: ReadSubmissionSetProps): Promise<Result<SubmissionSetRow>> {
  const { requester, now } = props;
  const set = await getSubmissionSet(connection, props.id);
  if (!set) return { ok: false, error: NotFound.of(`List/${props.id} is not found`) };
  const decision = decideSubmissionSetRead({ requesterSystemId: requester.systemId, storedBySystemId: set.systemId });
  await appendAudit(connection, {
    eventId: randomUUID(), recordedAt: now, action: 'read', transaction: 'List-read', ...auditActor(requester),
    outcome: decision.allow ? 'success' : 'denied', personKey: set.personKey, personFhirId: set.personFhirId, because: decision.because,
    detail: `List/${set.submissionSetId}`,
  });
  return decision.allow ? { ok: true, value: set } : { ok: false, error: NotFound.of(`List/${props.id} is not found`) };
}

// L2 Invalidation: a document stored by mistake becomes entered-in-error with a reason. It is
// kept for the archivist, and disappears from ITI-67 and ITI-68 for everyone else.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import type { Requester } from '../domain/types.ts';
import { Conflict, Forbidden, NotFound } from '../domain/errors.ts';
import { decideProfileAllows } from '../domain/policy/system-profile.ts';
import { getDocument, invalidate, type StoredDocument } from '../store/documents.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import type { Result } from './result.ts';

export interface InvalidateDocumentProps {
  readonly versionId: string;
  /** Why the document is invalidated (required, kept with the document). */
  readonly reason: string;
  readonly requester: Requester;
  readonly now: string;
}

export async function invalidateDocument(tx: Tx, props: InvalidateDocumentProps): Promise<Result<StoredDocument>> {
  const { requester, now } = props;
  const base = { eventId: randomUUID(), recordedAt: now, action: 'invalidate' as const, transaction: 'invalidate', detail: props.reason, ...auditActor(requester) };
  const profile = decideProfileAllows(requester.profile, 'invalidate');
  if (!profile.allow) {
    await appendAudit(tx, { ...base, outcome: 'denied', because: profile.because });
    return { ok: false, error: Forbidden.of(`L5: ${profile.because[0]!.detail}`) };
  }
  const document = await getDocument(tx, props.versionId, true);
  // Another register's document is not ours to know about (D4).
  if (!document || document.controllerOid !== requester.controllerOid) return { ok: false, error: NotFound.of(`DocumentReference/${props.versionId} is not found`) };
  if (document.status !== 'current') {
    return { ok: false, error: Conflict.of(document.status === 'superseded'
      ? `DocumentReference/${document.versionId} is superseded; invalidate the current version DocumentReference/${document.replacedByVersionId}`
      : `DocumentReference/${document.versionId} is already invalidated`) };
  }
  await invalidate(tx, document.versionId, now, requester.professional?.id ?? requester.systemId, props.reason);
  await appendAudit(tx, {
    ...base, outcome: 'success', personKey: document.personKey, personFhirId: document.personFhirId,
    documents: [{ versionId: document.versionId, setId: document.setId, typeCode: document.typeCode, controllerOid: document.controllerOid }],
    because: [...profile.because, { rule: 'L2', detail: 'invalidated by the owning register' }],
  });
  return { ok: true, value: { ...document, status: 'entered-in-error', invalidatedAt: now, invalidationReason: props.reason } };
}

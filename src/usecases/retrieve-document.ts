// ITI-68 Retrieve Document (and the read of one DocumentReference): the decision, the audit
// record and the bytes in one transaction (D10). 404 hides what the requester may not know
// exists; 410 tells an own-register requester that a version was superseded or invalidated.
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { Requester } from '../domain/types.ts';
import { Forbidden, Gone, NotFound } from '../domain/errors.ts';
import { decideProfileAllows } from '../domain/policy/system-profile.ts';
import { decideOwnRegisterRead } from '../domain/policy/own-register.ts';
import { getDocumentForDecision, type StoredDocument } from '../store/documents.ts';
import { postgresBlobStore } from '../store/blobs.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import type { Result } from './result.ts';

export interface RetrieveDocumentProps {
  /** The version id (DocumentReference id and Binary id are the same). */
  readonly versionId: string;
  /** 'content' returns the bytes (ITI-68), 'metadata' the DocumentReference only. */
  readonly what: 'content' | 'metadata';
  readonly requester: Requester;
  readonly now: string;
}

export async function retrieveDocument(connection: Connection, props: RetrieveDocumentProps): Promise<Result<{ document: StoredDocument; bytes?: Buffer }>> {
  const { requester, now } = props;
  const isContent = props.what === 'content';
  const base = { eventId: randomUUID(), recordedAt: now, action: 'read' as const, transaction: isContent ? 'ITI-68' : 'DocumentReference-read', ...auditActor(requester) };
  const notFound = NotFound.of(`${isContent ? 'Binary' : 'DocumentReference'}/${props.versionId} is not found`);

  const profile = decideProfileAllows(requester.profile, 'read');
  if (!profile.allow) {
    await appendAudit(connection, { ...base, outcome: 'denied', because: profile.because, detail: props.versionId });
    return { ok: false, error: Forbidden.of(`L5: ${profile.because[0]!.detail}`) };
  }
  const found = await getDocumentForDecision(connection, props.versionId);
  if (!found) return { ok: false, error: notFound };
  const { document, relationships } = found;
  const personRef = { personKey: document.personKey, personFhirId: document.personFhirId };
  const docRef = [{ versionId: document.versionId, setId: document.setId, typeCode: document.typeCode, controllerOid: document.controllerOid }];
  const decision = decideOwnRegisterRead({ requester, document, relationships, today: now.slice(0, 10) });
  if (!decision.allow) {
    await appendAudit(connection, { ...base, outcome: 'denied', ...personRef, documents: docRef, because: decision.because });
    // Only the owning register may learn that an invalidated document exists (L2).
    const own = document.controllerOid === requester.controllerOid && decision.because.some((b) => b.rule === 'L2');
    return { ok: false, error: own ? Gone.of(`DocumentReference/${document.versionId} was invalidated (entered-in-error) on ${document.invalidatedAt?.slice(0, 10)}: ${document.invalidationReason ?? ''}`.trim()) : notFound };
  }
  if (isContent && document.status === 'superseded') {
    // L1: only the newest version is served as the document; earlier versions stay archived.
    await appendAudit(connection, { ...base, outcome: 'denied', ...personRef, documents: docRef, because: [...decision.because, { rule: 'L1', detail: `superseded by ${document.replacedByVersionId}` }] });
    return { ok: false, error: Gone.of(`Binary/${document.versionId} was superseded by a correction: retrieve Binary/${document.replacedByVersionId}`) };
  }
  const bytes = isContent ? await postgresBlobStore.get(connection, Buffer.from(document.contentSha256, 'hex')) : undefined;
  await appendAudit(connection, { ...base, outcome: 'success', ...personRef, documents: docRef, because: decision.because });
  return { ok: true, value: { document, ...(bytes ? { bytes } : {}) } };
}

// ITI-68 Retrieve Document (and the read of one DocumentReference): the decision, the audit
// record and the bytes together (D10); reading a document of another register is a disclosure
// with its own record (D4, S9). 404 hides what the requester may not know exists; 410 tells a
// requester who may see the document's register that a version was superseded or invalidated.
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { Requester } from '../domain/types.ts';
import { Forbidden, Gone, NotFound } from '../domain/errors.ts';
import { decideProfileAllows } from '../domain/policy/system-profile.ts';
import { getDocumentForDecision, type StoredDocument } from '../store/documents.ts';
import { postgresBlobStore } from '../store/blobs.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import { accessRequester, auditDocument, decideThroughClients, disclosureOf } from './document-access.ts';
import type { Result } from './result.ts';
import { countDecision } from '../ops/metrics.ts';

export interface RetrieveDocumentProps {
  /** The version id (DocumentReference id and Binary id are the same). */
  readonly versionId: string;
  /** 'content' returns the bytes (ITI-68), 'metadata' the DocumentReference only. */
  readonly what: 'content' | 'metadata';
  /** D6, S6: a validated legal justification of a statutory retrieval. */
  readonly legalJustification?: string;
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
  const { document } = found;
  // S8: a shared matter's document is reached through any of its clients; the access is that client's.
  const clients = [{ ...found, personKey: document.personKey, personFhirId: document.personFhirId }, ...found.members];
  const who = accessRequester(requester);
  const { client, decision } = decideThroughClients(who, document, clients, now, props.legalJustification);
  const personRef = { personKey: client.personKey, personFhirId: client.personFhirId };
  countDecision('document-access', decision);
  if (!decision.allow) {
    await appendAudit(connection, { ...base, outcome: 'denied', ...personRef, documents: [auditDocument(document)], because: decision.because });
    // Only a requester that may use the document's register (the owner, or its authorised
    // producer) learns that it was invalidated (L2); a disclosure recipient gets 404.
    const asCurrent = decideThroughClients(who, { ...document, status: 'current' }, clients, now, undefined).decision;
    const mayUseRegister = asCurrent.allow && (asCurrent.basis.kind === 'own-register' || asCurrent.basis.kind === 'authorisation');
    const invalidated = decision.because.some((b) => b.rule === 'L2');
    return { ok: false, error: invalidated && mayUseRegister ? Gone.of(`DocumentReference/${document.versionId} was invalidated (entered-in-error) on ${document.invalidatedAt?.slice(0, 10)}: ${document.invalidationReason ?? ''}`.trim()) : notFound };
  }
  const given = [{ document, basis: decision.basis }];
  if (isContent && document.status === 'superseded') {
    // L1: only the newest version is served as the document; earlier versions stay archived.
    await appendAudit(connection, { ...base, outcome: 'denied', ...personRef, documents: [auditDocument(document)], because: [...decision.because, { rule: 'L1', detail: `superseded by ${document.replacedByVersionId}` }] });
    return { ok: false, error: Gone.of(`Binary/${document.versionId} was superseded by a correction: retrieve Binary/${document.replacedByVersionId}`) };
  }
  const bytes = isContent ? await postgresBlobStore.get(connection, Buffer.from(document.contentSha256, 'hex')) : undefined;
  const disclosure = disclosureOf(requester.controllerOid, given);
  await appendAudit(connection, { ...base, outcome: 'success', ...personRef, documents: [auditDocument(document, decision.basis)], because: decision.because, ...(disclosure ? { disclosure } : {}) });
  return { ok: true, value: { document, ...(bytes ? { bytes } : {}) } };
}

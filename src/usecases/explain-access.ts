// V14 for professionals: would this document be given to a professional of that organisation,
// and if not, which rules stop it? Asked by a supervisor or archivist of the owning controller;
// answered by the very decision that ITI-67 and ITI-68 use, so the answer cannot drift from
// the enforcement. The question reads document metadata, so it is audited (D10).
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { Requester } from '../domain/types.ts';
import type { AccessDecision } from '../domain/policy/access-input.ts';
import { Forbidden, NotFound, Unprocessable } from '../domain/errors.ts';
import { getDocumentForDecision, type StoredDocument } from '../store/documents.ts';
import { organisationExists } from '../store/relationships.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import { auditDocument, decideThroughClients } from './document-access.ts';
import type { Result } from './result.ts';

export const EXPLAINING_ROLES: readonly string[] = ['supervisor', 'archivist'];

export interface ExplainAccessProps {
  readonly versionId: string;
  /** The organisation (controller or unit) whose professional would receive the document. */
  readonly recipientOid: string;
  readonly legalJustification?: string;
  readonly requester: Requester;
  readonly now: string;
}

export async function explainAccess(connection: Connection, props: ExplainAccessProps): Promise<Result<{ decision: AccessDecision; document: StoredDocument }>> {
  const { requester, now } = props;
  const base = { eventId: randomUUID(), recordedAt: now, action: 'explain' as const, transaction: 'DocumentReference-explain', detail: `would ${props.recipientOid} receive it?`, ...auditActor(requester) };
  const found = await getDocumentForDecision(connection, props.versionId);
  // Only the owning controller may ask about its document; to anyone else it does not exist.
  if (!found || found.document.controllerOid !== requester.controllerOid) return { ok: false, error: NotFound.of(`DocumentReference/${props.versionId} is not found`) };
  const { document } = found;
  const personRef = { personKey: document.personKey, personFhirId: document.personFhirId };
  const roles = requester.professional?.roles ?? [];
  if (!roles.some((r) => EXPLAINING_ROLES.includes(r))) {
    const because = [{ rule: 'V14', detail: 'only a supervisor or an archivist of the owning controller may ask why a document is or is not disclosed' }];
    await appendAudit(connection, { ...base, outcome: 'denied', ...personRef, documents: [auditDocument(document)], because });
    return { ok: false, error: Forbidden.of(`V14: ${because[0]!.detail}`) };
  }
  const recipient = await organisationExists(connection, props.recipientOid);
  if (!recipient) return { ok: false, error: Unprocessable.of(`requester ${props.recipientOid} is not a registered organisation`, 'requester', 'not-found') };
  const controllerOid = recipient.kind === 'unit' ? recipient.parentOid! : props.recipientOid;
  // S8: as a read would, through each client of a shared matter's document.
  const clients = [{ ...found, personKey: document.personKey, personFhirId: document.personFhirId }, ...found.members];
  const { decision } = decideThroughClients({ controllerOid, organisationOid: props.recipientOid }, document, clients, now, props.legalJustification);
  await appendAudit(connection, {
    ...base, outcome: 'success', ...personRef, documents: [auditDocument(document)],
    because: [{ rule: 'V14', detail: `explained: ${decision.allow ? 'would be given' : 'would not be given'} to ${props.recipientOid}` }, ...decision.because],
  });
  return { ok: true, value: { decision, document } };
}

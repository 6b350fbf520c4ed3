// L1, L2: one document of the archivist's own register with its whole version history, the
// invalidated and the superseded included. Audited as a read (D10).
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import { NotFound } from '../domain/errors.ts';
import { getDocument, versionsOfSet, type StoredDocument } from '../store/documents.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import { auditDocument } from './document-access.ts';
import { archivistRequester, type Archivist } from './archivist-context.ts';
import type { Result } from './result.ts';

export async function readRegisterDocument(connection: Connection, props: { readonly archivist: Archivist; readonly versionId: string; readonly now: string }): Promise<Result<{ document: StoredDocument; versions: StoredDocument[] }>> {
  const document = await getDocument(connection, props.versionId);
  // Another register's document does not exist for this archivist (D4).
  if (!document || document.controllerOid !== props.archivist.controllerOid) return { ok: false, error: NotFound.of('no such document in your register') };
  const versions = (await versionsOfSet(connection, document.setId)).filter((v) => v.controllerOid === props.archivist.controllerOid);
  await appendAudit(connection, {
    eventId: randomUUID(), recordedAt: props.now, action: 'read', transaction: 'archivist-document', outcome: 'success', ...auditActor(archivistRequester(props.archivist)),
    personKey: document.personKey, personFhirId: document.personFhirId,
    documents: versions.map((d) => auditDocument(d, { kind: 'own-register' })),
    because: [{ rule: 'L2', detail: 'the archivist reads a document of their own register with its versions' }],
  });
  return { ok: true, value: { document, versions } };
}

// One document in the portal (V1-V5, V10, S8): shown only when it is a document of the person on
// screen and the visibility decision shows it to this viewer; otherwise it is "not found", the
// same answer as for an id that does not exist, and the refusal is audited. The bytes and the
// audit record of the read are fetched and committed in one transaction.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import { appendAudit } from '../store/audit.ts';
import { postgresBlobStore } from '../store/blobs.ts';
import { portalDocumentOf, type PortalDocumentDetail } from '../store/portal.ts';
import { decidePortalVisibility, type PortalSettings } from '../domain/policy/portal-visibility.ts';
import { finnishDay } from '../domain/finnish-day.ts';
import { NotFound } from '../domain/errors.ts';
import { portalAuditActor, type PortalViewer } from './portal-context.ts';
import type { Result } from './result.ts';
import { auditDocument } from './document-access.ts';

export interface ReadPortalDocumentProps {
  readonly viewer: PortalViewer;
  readonly versionId: string;
  readonly settings: PortalSettings;
  readonly now: string;
}

export async function readPortalDocument(tx: Tx, props: ReadPortalDocumentProps): Promise<Result<{ document: PortalDocumentDetail; bytes: Buffer }>> {
  const { viewer, settings, now } = props;
  const base = { eventId: randomUUID(), recordedAt: now, action: 'portal-read' as const, transaction: 'portal-document', ...portalAuditActor(viewer) };
  const document = await portalDocumentOf(tx, props.versionId, viewer.personKey);
  const decision = document ? decidePortalVisibility({ viewer: { kind: viewer.relation }, document, settings, today: finnishDay(now) }) : undefined;
  if (!document || !decision?.show) {
    // The refusal's reasons are kept for the trail; the person sees only "not found".
    await appendAudit(tx, { ...base, outcome: 'denied', because: decision?.because ?? [{ rule: 'V1', detail: 'not a document of the person on screen' }] });
    return { ok: false, error: NotFound.of('no such document') };
  }
  const bytes = await postgresBlobStore.get(tx, Buffer.from(document.contentSha256, 'hex'));
  if (!bytes) throw new Error(`the bytes of document ${document.versionId} are missing from the blob store`);
  await appendAudit(tx, {
    ...base, outcome: 'success',
    documents: [auditDocument(document)],
  });
  return { ok: true, value: { document, bytes } };
}

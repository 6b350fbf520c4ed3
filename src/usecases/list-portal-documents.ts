// The portal's document list (V1-V6, V10, V13, S8): every document of the person, decided one
// by one by the pure visibility decision; what is shown and the client relationships (V1) are
// returned, and the audit record naming the page's documents is appended (one atomic
// statement, as the FHIR search's) before the page is sent; it needs no transaction around the
// read, and a page view costs two fewer round trips without one. A document hidden only by a professional's restriction is counted,
// so that the page can say a restriction exists without revealing the document (V6).
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import { appendAudit } from '../store/audit.ts';
import { portalListOf, type PortalDocumentRow, type PortalRelationshipRow } from '../store/portal.ts';
import type { PortalSettings } from '../domain/policy/portal-visibility.ts';
import { decideEach, portalAuditActor, type PortalViewer } from './portal-context.ts';
import { auditDocument } from './document-access.ts';

export interface ListPortalDocumentsProps {
  readonly viewer: PortalViewer;
  readonly settings: PortalSettings;
  /** ISO instant. */
  readonly now: string;
  /** Which page of the shown documents, newest first (1-based), and how many a page; all when absent. */
  readonly page?: { readonly number: number; readonly size: number };
}

export interface PortalDocumentList {
  /** The shown documents of the page asked for (all of them without paging). */
  readonly shown: readonly PortalDocumentRow[];
  /** How many documents are shown in all, over every page. */
  readonly total: number;
  /** V6: how many documents a restriction (V5) hides. */
  readonly restricted: number;
  readonly relationships: readonly PortalRelationshipRow[];
}

export async function listPortalDocuments(tx: Connection, props: ListPortalDocumentsProps): Promise<PortalDocumentList> {
  const { viewer, settings, now } = props;
  const { documents, relationships } = await portalListOf(tx, viewer.personKey);
  const { shown, restricted } = decideEach(documents, viewer, settings, now);
  const total = shown.length;
  // The audit record names what the page shows: the documents of this page.
  const page = props.page ? shown.slice((props.page.number - 1) * props.page.size, props.page.number * props.page.size) : shown;
  await appendAudit(tx, {
    eventId: randomUUID(), recordedAt: now, action: 'portal-view', transaction: 'portal-document-list', outcome: 'success',
    ...portalAuditActor(viewer),
    documents: page.map((d) => auditDocument(d)),
  });
  return { shown: page, total, restricted, relationships };
}

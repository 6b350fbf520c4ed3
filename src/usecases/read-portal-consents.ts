// D5, D7, D8 in the portal: the consent service records of the person on screen (current
// versions, in force or not), read and audited in one transaction like any other read. A
// per-document prohibition is named by its document only when the portal shows that document to
// this viewer (a prohibition a professional recorded on a shelter document must not name it,
// V3); the documents so named are listed in the audit record.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import { appendAudit } from '../store/audit.ts';
import { findConsents, type StoredConsent } from '../store/consents.ts';
import { portalDocumentsOf, type PortalDocumentRow } from '../store/portal.ts';
import type { PortalSettings } from '../domain/policy/portal-visibility.ts';
import { decideEach, portalAuditActor, type PortalViewer } from './portal-context.ts';
import { auditDocument } from './document-access.ts';

export interface PortalConsents {
  readonly records: readonly StoredConsent[];
  /** The documents of per-document prohibitions that the portal shows this viewer, by set id. */
  readonly prohibitedDocuments: ReadonlyMap<string, PortalDocumentRow>;
}

export async function readPortalConsents(tx: Tx, props: { readonly viewer: PortalViewer; readonly settings: PortalSettings; readonly now: string }): Promise<PortalConsents> {
  const { viewer, settings, now } = props;
  const { records } = await findConsents(tx, { personKey: viewer.personKey, count: 500, offset: 0 });
  const targets = new Set(records.filter((c) => c.kind === 'prohibition' && c.scope === 'document' && c.target).map((c) => c.target!));
  const prohibitedDocuments = new Map<string, PortalDocumentRow>();
  if (targets.size) {
    const { shown } = decideEach(await portalDocumentsOf(tx, viewer.personKey), viewer, settings, now);
    for (const d of shown) if (targets.has(d.setId)) prohibitedDocuments.set(d.setId, d);
  }
  await appendAudit(tx, {
    eventId: randomUUID(), recordedAt: now, action: 'consent-read', transaction: 'portal-consents', outcome: 'success', ...portalAuditActor(viewer),
    consents: records.map((c) => ({ consentId: c.consentId, version: c.version, kind: c.kind })),
    ...(prohibitedDocuments.size ? { documents: [...prohibitedDocuments.values()].map((d) => auditDocument(d)) } : {}),
  });
  return { records, prohibitedDocuments };
}

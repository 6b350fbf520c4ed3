// V11: the log of use and disclosure of a person's data, as the portal shows it: who viewed,
// searched or received it, when, with what basis, newest first, a page at a time. Each record
// passes decideCitizenAuditView, which names only documents the viewer may see in the portal
// (a shelter-service document's type is never shown, only that something was used). The
// person's own reading in the portal is left out; their consent changes show. Reading the log is itself audited.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import { appendAudit, auditEventsAboutPerson, type AuditPosition } from '../store/audit.ts';
import { portalDocumentsOf } from '../store/portal.ts';
import type { PortalSettings } from '../domain/policy/portal-visibility.ts';
import { decideCitizenAuditView, type CitizenAuditEntry } from '../domain/policy/citizen-audit-view.ts';
import { decideEach, portalAuditActor, type PortalViewer } from './portal-context.ts';
import { auditDocument } from './document-access.ts';

export interface ReadPortalLogProps {
  readonly viewer: PortalViewer;
  readonly settings: PortalSettings;
  readonly now: string;
  readonly pageSize: number;
  /** ISO instants: records from (inclusive) and before (exclusive). */
  readonly from?: string;
  readonly to?: string;
  readonly after?: AuditPosition;
}

export interface PortalLogPage {
  readonly entries: readonly CitizenAuditEntry[];
  /** The cursor of the next (older) page, when there is one. */
  readonly next: AuditPosition | undefined;
}

// Records are read in batches until a page is full: the person's own portal use is skipped.
const BATCHES = 5;
const OWN_READS: ReadonlySet<string> = new Set(['portal-view', 'portal-read', 'portal-log', 'consent-read']);

export async function readPortalLog(tx: Tx, props: ReadPortalLogProps): Promise<PortalLogPage> {
  const { viewer, settings, now } = props;
  const shown = new Map(decideEach(await portalDocumentsOf(tx, viewer.personKey), viewer, settings, now).shown.map((d) => [d.setId, d]));
  const visible = new Set(shown.keys());
  const entries: CitizenAuditEntry[] = [];
  let cursor = props.after;
  let next: AuditPosition | undefined;
  const batchSize = props.pageSize * 2;
  reading: for (let batch = 0; batch < BATCHES; batch++) {
    const rows = await auditEventsAboutPerson(tx, viewer.personKey, batchSize, { from: props.from, to: props.to }, cursor);
    for (const row of rows) {
      // The page is full and another record follows: the next page starts after the last one shown.
      if (entries.length === props.pageSize) { next = cursor; break reading; }
      cursor = row.position;
      // The viewer's own reading in the portal is left out; their consent changes stay (D7, D8).
      if (row.record.portal?.viewerPersonKey === viewer.citizenKey && OWN_READS.has(row.record.action)) continue;
      const view = decideCitizenAuditView(row.record, visible, viewer.personKey);
      if (view.visible) entries.push(view.entry);
    }
    if (rows.length < batchSize) break;
    // Still reading when the batches run out: what was read so far is the page, and the rest follows.
    if (batch === BATCHES - 1) next = cursor;
  }
  // The documents the page names (type and organisation of each), as any read of them would be.
  const named = new Map(entries.flatMap((e) => e.documents).flatMap((d) => (shown.has(d.setId) ? [[d.setId, shown.get(d.setId)!] as const] : [])));
  await appendAudit(tx, {
    eventId: randomUUID(), recordedAt: now, action: 'portal-log', transaction: 'portal-log', outcome: 'success', ...portalAuditActor(viewer),
    ...(named.size ? { documents: [...named.values()].map((d) => auditDocument(d)) } : {}),
  });
  return { entries, next };
}

// D10, L2: the archivist reads their controller's audit trail, newest first, with filters (when,
// what, who, on which basis): the records its organisation wrote and the disclosures of its documents, each as
// decideAuditVisibility lets the controller see it (another register's documents stay unnamed).
// Reading the trail is itself audited.
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import { appendAudit, auditEventsOfController, type AuditPosition, type AuditRecord } from '../store/audit.ts';
import { decideAuditVisibility } from '../domain/policy/audit-visibility.ts';
import { auditActor } from './audit-context.ts';
import { archivistRequester, type Archivist } from './archivist-context.ts';

export interface ReadRegisterAuditProps {
  readonly archivist: Archivist;
  readonly pageSize: number;
  readonly from?: string;
  readonly to?: string;
  readonly action?: string;
  /** Part of a professional's or system's name, or a professional id. */
  readonly who?: string;
  /** own-register, authorisation, consent or statutory. */
  readonly basis?: string;
  readonly after?: AuditPosition;
  readonly now: string;
}

export async function readRegisterAudit(connection: Connection, props: ReadRegisterAuditProps): Promise<{ records: AuditRecord[]; next: AuditPosition | undefined }> {
  const rows = await auditEventsOfController(connection, props.archivist.controllerOid, props.pageSize + 1, { from: props.from, to: props.to, action: props.action, who: props.who, basis: props.basis }, props.after);
  const page = rows.slice(0, props.pageSize);
  const records = page.flatMap((r) => {
    const view = decideAuditVisibility(r.record, { controllerOid: props.archivist.controllerOid });
    return view.visible ? [view.record] : [];
  });
  await appendAudit(connection, {
    eventId: randomUUID(), recordedAt: props.now, action: 'audit-search', transaction: 'archivist-audit', outcome: 'success', ...auditActor(archivistRequester(props.archivist)),
    because: [{ rule: 'D10', detail: `the archivist reads the controller's trail: ${records.length} records` }],
  });
  return { records, next: rows.length > props.pageSize ? page[page.length - 1]!.position : undefined };
}

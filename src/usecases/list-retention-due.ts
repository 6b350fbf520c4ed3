// S10, L2: what is due for destruction in the archivist's own register. A dry run of the same
// retention decision `kansio retention run` applies, limited to the archivist's controller, in
// the caller's one transaction with its audit record (D10): the archivist sees which documents
// (set ids, types, service tasks, due days) are past retention, never whose they are on this
// list. Destroying stays with the operator's command: it is irreversible, and the operator runs
// it for every register at once, at a time the operator chooses.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import type { RetentionRules } from '../domain/policy/retention.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import { archivistRequester, type Archivist } from './archivist-context.ts';
import { runRetention, type RetentionReport } from './run-retention.ts';

export interface ListRetentionDueProps {
  readonly archivist: Archivist;
  readonly rules: RetentionRules;
  /** Today in Finland (YYYY-MM-DD). */
  readonly today: string;
  readonly now: string;
}

export async function listRetentionDue(tx: Tx, props: ListRetentionDueProps): Promise<RetentionReport> {
  const report = await runRetention((fn) => fn(tx), {
    rules: props.rules, today: props.today, now: props.now, destroy: false, controllerOid: props.archivist.controllerOid,
  });
  await appendAudit(tx, {
    eventId: randomUUID(), recordedAt: props.now, action: 'search', transaction: 'archivist-retention-due', outcome: 'success',
    ...auditActor(archivistRequester(props.archivist)),
    documents: report.due.flatMap((d) => d.versionIds.map((versionId) => ({ versionId, setId: d.setId, typeCode: d.typeCode, controllerOid: d.controllerOid, serviceTask: d.serviceTask }))),
    because: [{ rule: 'S10', detail: `the archivist listed what is past retention in their own register on ${props.today}: ${report.due.length} of ${report.examined} documents` }, { rule: 'L2', detail: 'own register' }],
  });
  return report;
}

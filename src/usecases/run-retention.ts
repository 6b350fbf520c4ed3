// S10 Retention: `kansio retention run`. Lists the documents (sets of versions) past their
// service task's retention period and, with destroy, destroys them: every version, the blobs no
// other document uses, the client relationship and matter rows derived from them, and their
// place in their submission sets' lists. One audit record per destroyed document survives it
// (what: set id, version ids, type; whose: the person key; when; why: the S10 decision). Audit
// rows are append-only and are never touched, so `kansio audit verify` stays intact.
//
// Kept on purpose:
// - consent records, including a document prohibition naming a destroyed set id (S3): they are
//   the client's expressions of will with their own history (the table refuses deletes), and a
//   prohibition on a set that no longer exists hides nothing;
// - a matter or client relationship document while other documents still depend on it (its rows
//   decide S8 membership, D3/S7 access and the relationship's end, which other periods count
//   from): it is "held" and goes in a later run, after the documents that depend on it.
//
// The work goes in batches (one transaction each, `batchSize` documents), so that a large run
// never holds one giant transaction; the caller gives the transactions (runRetention takes the
// caller's transaction runner, retentionBatch one transaction).
import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import { decideRetention, type RetentionDecision, type RetentionRules } from '../domain/policy/retention.ts';
import { destroySets, heldSets, lockSets, retentionCandidates, type RetentionCandidate, type RetentionPass } from '../store/retention.ts';
import { appendAudit } from '../store/audit.ts';

export interface RetentionProps {
  readonly rules: RetentionRules;
  /** Today in Finland (YYYY-MM-DD): the day the periods are measured against. */
  readonly today: string;
  /** The clock, as an ISO instant, for the audit records. */
  readonly now: string;
  /** Destroy what is due; false (the default) only lists it. */
  readonly destroy: boolean;
  /** Documents examined per transaction. */
  readonly batchSize?: number;
  /** Only this controller's register (the archivist's view of what is due); all registers when absent. */
  readonly controllerOid?: string;
}

export interface DueDocument {
  readonly setId: string;
  readonly versionIds: readonly string[];
  readonly personKey: string;
  readonly controllerOid: string;
  /** The service task as stored (its key). */
  readonly serviceTask: string;
  readonly typeSystem: string;
  readonly typeCode: string;
  readonly phase: string;
  readonly dueOn: string;
  readonly because: RetentionDecision['because'];
  /** Destroyed in this run; false in a dry run, or when held (see `held`). */
  readonly destroyed: boolean;
  /** Why a due document was kept for now (a matter or relationship document others depend on). */
  readonly held?: string;
}

export interface BatchResult {
  readonly examined: number;
  readonly due: readonly DueDocument[];
  readonly blobsDestroyed: number;
  /** The last set id examined: the next batch starts after it; null when the pass is done. */
  readonly next: string | null;
}

export const RETENTION_PASSES: readonly RetentionPass[] = ['document', 'matter', 'relationship'];

const SYSTEM = { id: 'kansio-retention', name: 'kansio retention run' } as const;

function decide(c: RetentionCandidate, props: RetentionProps): RetentionDecision {
  return decideRetention({
    document: { serviceTask: c.serviceTask, createdAt: c.createdAt, phase: c.phase },
    relationshipEnd: c.relationshipEnd,
    matterClose: c.matterSetId === null ? undefined : c.matterClose,
    clientBirthDate: c.birthDate,
    createdOn: c.createdOn,
    rules: props.rules,
    today: props.today,
  });
}

/** One batch of one pass, in the caller's transaction. */
export async function retentionBatch(tx: Tx, pass: RetentionPass, after: string | null, props: RetentionProps): Promise<BatchResult> {
  const limit = props.batchSize ?? 500;
  const candidates = await retentionCandidates(tx, pass, after, limit, props.controllerOid);
  const due: { candidate: RetentionCandidate; decision: RetentionDecision & { dueOn: string } }[] = [];
  for (const candidate of candidates) {
    const decision = decide(candidate, props);
    if (decision.due && decision.dueOn !== null) due.push({ candidate, decision: { ...decision, dueOn: decision.dueOn } });
  }
  const next = candidates.length < limit ? null : candidates[candidates.length - 1]!.setId;
  const present = (c: RetentionCandidate, d: RetentionDecision & { dueOn: string }, destroyed: boolean, held?: string): DueDocument => ({
    setId: c.setId, versionIds: c.versionIds, personKey: c.personKey, controllerOid: c.controllerOid,
    serviceTask: c.serviceTask, typeSystem: c.typeSystem, typeCode: c.typeCode, phase: c.phase,
    dueOn: d.dueOn, because: d.because, destroyed, ...(held ? { held } : {}),
  });
  if (!props.destroy || due.length === 0) {
    return { examined: candidates.length, due: due.map((x) => present(x.candidate, x.decision, false)), blobsDestroyed: 0, next };
  }
  const setIds = due.map((x) => x.candidate.setId);
  const locked = await lockSets(tx, setIds);
  const held = pass === 'document' ? new Set<string>() : await heldSets(tx, setIds);
  const out: DueDocument[] = [];
  const destroy: string[] = [];
  for (const { candidate, decision } of due) {
    const versions = locked.get(candidate.setId) ?? [];
    // A version stored after the decision was read changes the facts: decide again next run.
    if (versions.join() !== candidate.versionIds.join()) {
      out.push(present(candidate, decision, false, 'the document changed during the run'));
    } else if (held.has(candidate.setId)) {
      out.push(present(candidate, decision, false, pass === 'matter' ? 'other documents of the matter remain' : 'other documents of the client relationship remain'));
    } else {
      destroy.push(candidate.setId);
      out.push(present(candidate, decision, true));
    }
  }
  const rows = destroy.length > 0 ? await destroySets(tx, destroy) : { blobs: 0 };
  for (const d of out.filter((x) => x.destroyed)) {
    // D10: the record outlives the document it names; the audit table is never changed.
    await appendAudit(tx, {
      eventId: randomUUID(), recordedAt: props.now, action: 'destroy', transaction: 'S10', outcome: 'success', system: SYSTEM,
      organisationOid: d.controllerOid, personKey: d.personKey,
      documents: d.versionIds.map((versionId) => ({ versionId, setId: d.setId, typeCode: d.typeCode, controllerOid: d.controllerOid, serviceTask: d.serviceTask })),
      because: d.because,
      detail: `destroyed after its retention period: set ${d.setId}, ${d.versionIds.length} version(s), type ${d.typeSystem}|${d.typeCode}, due on ${d.dueOn}`,
    });
  }
  return { examined: candidates.length, due: out, blobsDestroyed: rows.blobs, next };
}

export interface RetentionReport {
  readonly examined: number;
  readonly due: readonly DueDocument[];
  readonly destroyed: number;
  readonly held: number;
  readonly blobsDestroyed: number;
  /** Due documents per service task (key). */
  readonly perTask: Readonly<Record<string, { readonly due: number; readonly destroyed: number }>>;
}

/**
 * Every pass, batch by batch, each batch in a transaction of the caller's runner. `onBatch`
 * reports progress (documents examined so far).
 */
export async function runRetention(
  inTransaction: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
  props: RetentionProps,
  onBatch: (examined: number) => void = () => {},
): Promise<RetentionReport> {
  let examined = 0;
  let blobsDestroyed = 0;
  const due: DueDocument[] = [];
  for (const pass of RETENTION_PASSES) {
    let after: string | null = null;
    do {
      const start: string | null = after;
      const batch: BatchResult = await inTransaction((tx) => retentionBatch(tx, pass, start, props));
      examined += batch.examined;
      blobsDestroyed += batch.blobsDestroyed;
      due.push(...batch.due);
      after = batch.next;
      onBatch(examined);
    } while (after !== null);
  }
  const perTask: Record<string, { due: number; destroyed: number }> = {};
  for (const d of due) {
    const t = (perTask[d.serviceTask] ??= { due: 0, destroyed: 0 });
    t.due++;
    if (d.destroyed) t.destroyed++;
  }
  return {
    examined, due, blobsDestroyed, perTask,
    destroyed: due.filter((d) => d.destroyed).length,
    held: due.filter((d) => d.held !== undefined).length,
  };
}

// Group commit for the audit records of reads (issue 11, D10).
//
// A read (search, retrieve, explain, audit search, the portal's pages) used to commit its audit
// record on its own: one statement, one commit, one WAL flush per request. Here the records of
// concurrent reads are gathered and appended in one call of audit_append_batch (migration 0018):
// one statement and one commit for all of them. Each read's promise settles only when the batch
// holding its record has committed, and the read returns its data only after that, so D10 holds
// as before: no data leaves before its record is durable, and a crash loses no record of data
// that left (a batch that did not commit released nothing).
//
// A few writers run at once, each on a lane of its own (taken from the same round robin as the
// pooled connections' lanes, so that a process never waits on its own lane lock). While every
// writer is busy, new records queue; the next free writer takes all of them (up to a limit) in
// one batch. At low load a record goes out alone at once, so group commit adds no waiting.
import pg from 'pg';
import type { AuditRecord } from '../domain/audit-record.ts';
import { canonicalJson } from '../domain/canonical-json.ts';
import { takeAuditLane } from './audit-lanes.ts';

interface Pending {
  readonly record: AuditRecord;
  readonly body: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export interface AuditAppenderOptions {
  /** Batches written at once, each on its own lane and connection. */
  readonly writers: number;
  /** The most records one batch takes (a portal page's record is tens of kilobytes). */
  readonly maxBatch?: number;
}

/** Figures an operator and the benchmark read: how well records are being grouped. */
export interface AuditAppenderStats {
  readonly records: number;
  readonly batches: number;
  /** Records written again alone after their batch failed. */
  readonly retriedAlone: number;
  /** Records waiting now for a free writer. */
  readonly queued: number;
}

export class AuditGroupAppender {
  private readonly pool: pg.Pool;
  private readonly maxBatch: number;
  private readonly freeLanes: number[] = [];
  private queue: Pending[] = [];
  private busy = 0;
  private drained: (() => void)[] = [];
  private records = 0;
  private batches = 0;
  private retriedAlone = 0;

  /**
   * `pool` is the writers' own, of `writers` connections: the reads waiting here hold the request
   * pool's connections, and the writers must never wait for one of those (a full pool would then
   * wait on itself).
   */
  constructor(pool: pg.Pool, options: AuditAppenderOptions) {
    this.pool = pool;
    this.pool.on('error', () => {});
    this.maxBatch = options.maxBatch ?? 128;
    for (let i = 0; i < options.writers; i++) this.freeLanes.push(takeAuditLane());
  }

  /** Resolves when the record has committed; rejects when it could not be written. */
  append(record: AuditRecord): Promise<void> {
    const body = canonicalJson(record);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, body, resolve, reject });
      this.startWriters();
    });
  }

  stats(): AuditAppenderStats {
    return { records: this.records, batches: this.batches, retriedAlone: this.retriedAlone, queued: this.queue.length };
  }

  /** Waits for every queued record, then closes the writers' connections. */
  async close(): Promise<void> {
    if (this.busy > 0 || this.queue.length > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    await this.pool.end();
  }

  private startWriters(): void {
    while (this.queue.length > 0 && this.freeLanes.length > 0) {
      const lane = this.freeLanes.pop()!;
      const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
      this.queue = this.queue.length <= this.maxBatch ? [] : this.queue.slice(this.maxBatch);
      this.busy++;
      void this.write(lane, batch).finally(() => {
        this.busy--;
        this.freeLanes.push(lane);
        this.startWriters();
        if (this.busy === 0 && this.queue.length === 0) for (const resolve of this.drained.splice(0)) resolve();
      });
    }
  }

  private async write(lane: number, batch: Pending[]): Promise<void> {
    try {
      await this.insert(lane, batch);
      for (const p of batch) p.resolve();
    } catch (error) {
      // A lost connection may have lost only the commit's acknowledgement: writing the records
      // again could then record them twice. Only the server's refusal of the statement (an error
      // with a SQLSTATE) says that nothing of the batch was written.
      if (batch.length === 1 || !isStatementError(error)) {
        for (const p of batch) p.reject(error);
        return;
      }
      // The batch rolled back as a whole. One bad record must not fail the reads of the others:
      // each goes again alone, and only a record that fails alone fails its read.
      this.retriedAlone += batch.length;
      for (const p of batch) {
        try {
          await this.insert(lane, [p]);
          p.resolve();
        } catch (alone) {
          p.reject(alone);
        }
      }
    }
  }

  private async insert(lane: number, batch: readonly Pending[]): Promise<void> {
    const n = batch.length;
    const at = new Array<string>(n), ids = new Array<string>(n), actions = new Array<string>(n), outcomes = new Array<string>(n);
    const persons = new Array<string | null>(n), orgs = new Array<string | null>(n), bodies = new Array<string>(n), related = new Array<string | null>(n);
    for (let i = 0; i < n; i++) {
      const { record, body } = batch[i]!;
      at[i] = record.recordedAt;
      ids[i] = record.eventId;
      actions[i] = record.action;
      outcomes[i] = record.outcome;
      persons[i] = record.personKey ?? null;
      orgs[i] = record.organisationOid;
      bodies[i] = body;
      related[i] = record.disclosure ? JSON.stringify(record.disclosure.disclosers) : null;
    }
    await this.pool.query({
      name: 'audit-append-batch',
      text: 'select audit_append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      values: [lane, at, ids, actions, outcomes, persons, orgs, bodies, related],
    });
    this.records += n;
    this.batches++;
  }
}

/**
 * The server refused the statement (severity ERROR: its transaction rolled back), as opposed to a
 * broken connection or a FATAL end of the session, after which the commit may have happened.
 */
function isStatementError(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.severity === 'ERROR';
}

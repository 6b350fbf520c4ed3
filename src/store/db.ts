// Connection pool and transactions. A use case gets a connection or a transaction from here and
// passes it down; nothing else opens one.
//
// A use case that changes data runs in a transaction, with its audit record inside it. A use case
// that only reads runs on a plain connection: its reads, then its audit record, which has
// committed before any data is returned. That record goes by group commit (audit-appender.ts):
// the records of concurrent reads share one statement and one commit. A read-only transaction
// block would add nothing to that guarantee but two round trips (BEGIN, COMMIT) per request.
import pg from 'pg';
import { countPoolError, observePoolWait } from '../ops/metrics.ts';
import { AuditGroupAppender, type AuditAppenderStats } from './audit-appender.ts';
import { newPool } from './pg-pool.ts';
import { routeAuditThroughGroup, unrouteAudit } from './audit.ts';

/** One pooled connection, held for one use case. */
export type Connection = pg.PoolClient & { readonly __connection: true };

/** A connection inside an open transaction. */
export type Tx = Connection & { readonly __tx: true };

/** A connection inside a read-only REPEATABLE READ transaction: every query sees one snapshot. */
export type Snapshot = Connection & { readonly __snapshot: true };

export interface Db {
  readonly pool: pg.Pool;
  /** Runs fn in one transaction: commit when it resolves, roll back when it throws. */
  withTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn on one connection in autocommit mode: for use cases that only read (and audit). */
  withConnection<T>(fn: (connection: Connection) => Promise<T>): Promise<T>;
  /**
   * Runs fn in a read-only REPEATABLE READ transaction, so that a read spread over many
   * queries (`kansio audit verify`) sees the database as of one instant while others write.
   */
  withSnapshot<T>(fn: (snapshot: Snapshot) => Promise<T>): Promise<T>;
  /** Records and batches the group commit has written (undefined when it is off). */
  auditGroupStats(): AuditAppenderStats | undefined;
  close(): Promise<void>;
}

/** Two writers: one batch commits while the next gathers (measured in docs/benchmarks.md). */
export const DEFAULT_AUDIT_WRITERS = 2;

// Timestamps and dates come back as strings: the domain works with ISO text and never with the
// server's local time zone. bigint (int8) ids stay strings too.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface DbOptions {
  /**
   * Group-commit writers for the audit records of reads (KANSIO_AUDIT_WRITERS). 0 commits each
   * read's record on its own, on the read's connection, as before issue 11.
   */
  readonly auditWriters?: number;
  /**
   * DATABASE_URL leads to a pooler in transaction mode that keeps no prepared statements
   * (PgBouncer before 1.21, or max_prepared_statements = 0): see docs/scaling.md.
   */
  readonly transactionPooler?: boolean;
}

export function openDb(connectionString: string, poolSize: number, options: DbOptions = {}): Db {
  const pool = newPool(connectionString, poolSize, 'kansio', options.transactionPooler ?? false);
  // A connection's error outside a query (server restart, `terminating connection` at shutdown)
  // must never crash the process: an idle one is dropped by the pool, a checked-out one fails
  // its next query, which the use case reports.
  // (The pool re-emits an idle connection's error, which is counted once, on the connection.)
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => countPoolError()));
  const acquire = async (): Promise<pg.PoolClient> => {
    const started = performance.now();
    const client = await pool.connect();
    observePoolWait((performance.now() - started) / 1000);
    return client;
  };
  /** One transaction on one pooled connection: commit on success, roll back on failure. */
  const inTransaction = async <C extends Connection, T>(begin: string, fn: (client: C) => Promise<T>): Promise<T> => {
    const client = (await acquire()) as C;
    let broken = false;
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is gone: the pool must not hand it out again.
      await client.query('rollback').catch(() => { broken = true; });
      throw error;
    } finally {
      client.release(broken);
    }
  };
  const writers = options.auditWriters ?? DEFAULT_AUDIT_WRITERS;
  const appender = writers > 0 ? new AuditGroupAppender(newPool(connectionString, writers, 'kansio-audit', options.transactionPooler ?? false), { writers }) : undefined;
  return {
    pool,
    withTransaction: <T>(fn: (tx: Tx) => Promise<T>) => inTransaction('begin', fn),
    async withConnection<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
      const client = (await acquire()) as Connection;
      if (appender) routeAuditThroughGroup(client, appender);
      try {
        return await fn(client);
      } finally {
        if (appender) unrouteAudit(client);
        client.release();
      }
    },
    withSnapshot: <T>(fn: (snapshot: Snapshot) => Promise<T>) => inTransaction('begin isolation level repeatable read read only', fn),
    auditGroupStats: () => appender?.stats(),
    async close() {
      await appender?.close();
      await pool.end();
    },
  };
}

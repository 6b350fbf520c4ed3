// Connection pool and transactions. A use case gets a connection or a transaction from here and
// passes it down; nothing else opens one.
//
// A use case that changes data runs in a transaction, with its audit record inside it. A use case
// that only reads runs on a plain connection: its reads, then its audit record as one atomic
// statement that has committed before any data is returned. A read-only transaction block would
// add nothing to that guarantee but two round trips (BEGIN, COMMIT) per request.
import pg from 'pg';
import { countPoolError, observePoolWait } from '../ops/metrics.ts';

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
  close(): Promise<void>;
}

// Timestamps and dates come back as strings: the domain works with ISO text and never with the
// server's local time zone. bigint (int8) ids stay strings too.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface DbOptions {
  /**
   * DATABASE_URL leads to a pooler in transaction mode that keeps no prepared statements
   * (PgBouncer before 1.21, or max_prepared_statements = 0): see docs/scaling.md.
   */
  readonly transactionPooler?: boolean;
}

// Through a transaction-mode pooler, consecutive transactions of one pooled connection run on
// different server sessions. A named statement that pg prepared on one session is then missing
// on the next ("prepared statement ... does not exist"), or another client's is already there
// ("... already exists"). Without its name, pg prepares each query as the unnamed statement,
// in the same round trip that runs it, so nothing outlives the transaction.
function withoutStatementNames(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const unnamed = (config: unknown): unknown => {
    // A Submittable (a pg Query, pg-copy-streams' COPY) is passed on as it is: a copy would lose its methods.
    if (typeof config !== 'object' || config === null || !('name' in config) || 'submit' in config) return config;
    const { name: _name, ...rest } = config as { name: unknown };
    return rest;
  };
  (client as { query: (...args: unknown[]) => unknown }).query = (config: unknown, ...rest: unknown[]) => query(unnamed(config), ...rest);
}

export function openDb(connectionString: string, poolSize: number, options: DbOptions = {}): Db {
  // Every session works in UTC so that date arithmetic never depends on the server's zone. A
  // pooler refuses the startup packet's `options` (PgBouncer 1.18: "unsupported startup
  // parameter: options"), but it tracks TimeZone set per client and sets it again on each server
  // session it lends: there the zone is set once per new connection instead.
  const pool = new pg.Pool({
    connectionString, max: poolSize, application_name: 'kansio',
    ...(options.transactionPooler
      ? { verify: (client: pg.PoolClient, done: (error?: Error) => void) => {
          withoutStatementNames(client);
          client.query("set timezone to 'UTC'").then(() => done(), done);
        } }
      : { options: '-c TimeZone=UTC' }),
  });
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
  return {
    pool,
    withTransaction: <T>(fn: (tx: Tx) => Promise<T>) => inTransaction('begin', fn),
    async withConnection<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
      const client = (await acquire()) as Connection;
      try {
        return await fn(client);
      } finally {
        client.release();
      }
    },
    withSnapshot: <T>(fn: (snapshot: Snapshot) => Promise<T>) => inTransaction('begin isolation level repeatable read read only', fn),
    close: () => pool.end(),
  };
}

// Connection pool and transactions. A use case gets a transaction from here and passes it
// down; nothing else opens one.
import pg from 'pg';

/** A connection inside an open transaction. Store functions take one as their first argument. */
export type Tx = pg.PoolClient & { readonly __tx: true };

export interface Db {
  readonly pool: pg.Pool;
  /** Runs fn in one transaction: commit when it resolves, roll back when it throws. */
  withTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Timestamps and dates come back as strings: the domain works with ISO text and never with the
// server's local time zone. bigint (int8) ids stay strings too.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export function openDb(connectionString: string, poolSize: number): Db {
  // Every session works in UTC so that date arithmetic never depends on the server's zone.
  const pool = new pg.Pool({ connectionString, max: poolSize, application_name: 'kansio', options: '-c TimeZone=UTC' });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return {
    pool,
    async withTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const client = (await pool.connect()) as Tx;
      try {
        await client.query('begin');
        const result = await fn(client);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

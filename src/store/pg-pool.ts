// A pg pool as Kansio opens one: every session in UTC, and, behind a transaction-mode pooler
// without prepared statements (KANSIO_PG_TRANSACTION_POOLER, docs/scaling.md), no named
// statements. The request pool and the audit group-commit writers are both opened here, so
// that neither can miss a setting the other has.
import pg from 'pg';

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

export function newPool(connectionString: string, max: number, applicationName: string, transactionPooler: boolean): pg.Pool {
  // Every session works in UTC so that date arithmetic never depends on the server's zone. A
  // pooler refuses the startup packet's `options` (PgBouncer 1.18: "unsupported startup
  // parameter: options"), but it tracks TimeZone set per client and sets it again on each server
  // session it lends: there the zone is set once per new connection instead.
  return new pg.Pool({
    connectionString, max, application_name: applicationName,
    ...(transactionPooler
      ? { verify: (client: pg.PoolClient, done: (error?: Error) => void) => {
          withoutStatementNames(client);
          client.query("set timezone to 'UTC'").then(() => done(), done);
        } }
      : { options: '-c TimeZone=UTC' }),
  });
}

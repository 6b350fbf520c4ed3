// Starting and stopping the whole service: database (embedded or DATABASE_URL), migrations,
// audit partitions, keys, demo data on first start, HTTP server.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { openDb, type Db } from './store/db.ts';
import { migrate } from './store/migrate.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from './store/embedded.ts';
import { ensureAuditPartitions } from './store/audit.ts';
import { loadAuthKeys } from './auth/index.ts';
import { buildServer } from './server.ts';
import { listenForMetrics } from './ops/metrics.ts';
import { loadAuditSigner } from './ops/audit-signing-key.ts';
import { prepareCheckpointTarget } from './ops/checkpoint-log.ts';
import { startCheckpointTimer } from './ops/checkpoint-timer.ts';

/** A start that failed for a reason the operator can fix; the message says the cause and the fix. */
export class StartError extends Error {}

export interface Database {
  readonly db: Db;
  readonly url: string;
  readonly embedded: EmbeddedServer | undefined;
  close(): Promise<void>;
}

export async function openDatabase(config: Config, log?: Logger): Promise<Database> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    log?.info(`starting embedded PostgreSQL in ${config.dataDir}/pg`);
    embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPort, (line) => log?.warn(line));
    url = embedded.url;
  }
  const db = openDb(url, config.poolSize, { auditWriters: config.auditWriters, transactionPooler: config.transactionPooler });
  try {
    const applied = await migrate(db);
    if (applied.length) log?.info(`applied migrations: ${applied.join(', ')}`);
    await ensureAuditPartitions(db, new Date());
  } catch (error) {
    await db.close();
    await embedded?.stop();
    throw error;
  }
  return { db, url, embedded, async close() { await db.close(); await embedded?.stop(); } };
}

export interface RunningService {
  readonly app: FastifyInstance;
  readonly database: Database;
  readonly baseUrl: string;
  /** Port of the metrics listener, when KANSIO_METRICS_PORT asks for one. */
  readonly metricsPort: number | undefined;
  /**
   * Graceful: stops accepting connections, lets in-flight requests finish (closing their
   * connections after the grace period), then closes the pool and the embedded database.
   */
  stop(): Promise<void>;
}

export async function startService(config: Config, options: { log?: Logger; seed?: (database: Database, config: Config) => Promise<void> } = {}): Promise<RunningService> {
  const log = options.log ?? createLogger(config.logLevel);
  const database = await openDatabase(config, log);
  try {
    // The seed writes the demo card CA into the trust folder, so keys are loaded after it.
    if (options.seed) await options.seed(database, config);
    const keys = await loadAuthKeys(config);
    // D10 (issue 12): a missing key or an unwritable checkpoint folder fails the start, not a checkpoint later.
    const auditSigner = await loadAuditSigner(config);
    await prepareCheckpointTarget(config.auditCheckpoints);
    const app = await buildServer({ config, db: database.db, log, keys });
    await app.listen({ port: config.port, host: config.host }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') throw new StartError(`port ${config.port} on ${config.host} is in use (another Kansio, or another program): set PORT to a free port`);
      if (error.code === 'EACCES') throw new StartError(`this user may not listen on port ${config.port}: set PORT to 1024 or above`);
      if (error.code === 'EADDRNOTAVAIL') throw new StartError(`HOST ${config.host} is not an address of this machine: set HOST (127.0.0.1 or 0.0.0.0)`);
      throw error;
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const baseUrl = config.baseUrl.replace(/:\d+$/, `:${port}`);
    const metrics = config.metricsPort === undefined ? undefined : await listenForMetrics(config.metricsPort, config.metricsHost).catch(async (error: unknown) => {
      await app.close();
      throw new Error(`the metrics listener cannot use ${config.metricsHost}:${config.metricsPort} (${(error as Error).message}): choose another KANSIO_METRICS_PORT`);
    });
    const checkpoints = config.auditCheckpointSeconds > 0 ? startCheckpointTimer(config, database.db, auditSigner, log) : undefined;
    return {
      app, database, baseUrl, metricsPort: metrics?.port,
      async stop() {
        // No new checkpoint from now on; one under way finishes before the pool closes.
        await checkpoints?.stop();
        const grace = setTimeout(() => {
          log.warn(`requests still running after ${config.shutdownGraceSeconds} s (KANSIO_SHUTDOWN_GRACE_SECONDS): closing their connections`);
          app.server.closeAllConnections();
        }, config.shutdownGraceSeconds * 1000);
        try {
          // Fastify stops listening, answers 503 to requests arriving on open connections, and
          // resolves when every in-flight request has its response.
          await app.close();
        } finally {
          clearTimeout(grace);
        }
        await metrics?.close();
        // Only now: a use case still holding a connection would otherwise lose it mid-query.
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

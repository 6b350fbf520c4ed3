// `kansio start`: the whole service on one command.
import type { Config } from '../config.ts';
import { startService } from '../app.ts';
import pino from 'pino';
import { createLogger } from '../log.ts';
import { seedDemoData } from '../demo/seed.ts';
import { takeOverSignals, type EmbeddedConnectionInfo } from '../store/embedded.ts';

function database(info: EmbeddedConnectionInfo | undefined): string {
  if (!info) return 'DATABASE_URL';
  const where = info.transport === 'socket' ? `socket ${info.host}/.s.PGSQL.${info.port}, no TCP port` : `${info.host}:${info.port}`;
  return `embedded PostgreSQL in ${info.host === '127.0.0.1' ? info.passwordFile.replace(/pg-password$/, 'pg') : info.host} (${where}; psql -h ${info.host} -p ${info.port} -U ${info.user} ${info.database}, password in ${info.passwordFile})`;
}

export async function startCommand(config: Config): Promise<void> {
  // The log is written asynchronously: lines logged while a write is in flight go out together
  // in the next one, so that a busy server makes one write for many requests' lines instead of a
  // write each (issue 11: the request log's writes were 6-10% of a loaded server's CPU). Every
  // exit below flushes what is still buffered first.
  const destination = pino.destination({ dest: 1, sync: false });
  const log = createLogger(config.logLevel, destination);
  const exit = (code: number): never => {
    try { destination.flushSync(); } catch { /* stdout gone: nothing more can be said */ }
    process.exit(code);
  };
  const service = await startService(config, {
    log,
    ...(config.demo ? { seed: async (database, cfg) => { await seedDemoData(database.db, cfg, (line) => log.info(line)); } } : {}),
  });
  const lines = [
    '',
    `Kansio is running at ${service.baseUrl}`,
    `  FHIR (IHE MHD):          ${service.baseUrl}/fhir  (CapabilityStatement: ${service.baseUrl}/fhir/metadata)`,
    `  SMART configuration:     ${service.baseUrl}/.well-known/smart-configuration`,
    `  Token endpoint:          ${service.baseUrl}/auth/token`,
    `  Database:                ${database(service.database.embedded?.info)}`,
    ...(service.metricsPort !== undefined ? [`  Metrics (Prometheus):    http://${config.metricsHost}:${service.metricsPort}/metrics`] : []),
    `  Health and readiness:    ${service.baseUrl}/healthz, ${service.baseUrl}/readyz`,
    `  Audit checkpoints:       ${service.baseUrl}/audit/checkpoint, kept in ${config.auditCheckpoints.path} (ship it off the machine; docs/audit.md)`,
    ...(config.demo ? [`  Demo credentials:        ${config.dataDir}/demo/README.md`, `  A token for a try:       npm run kansio -- token --system demo-connecting-a --professional demo-pro-a1`] : []),
    '',
  ];
  console.log(lines.join('\n'));
  // Graceful shutdown (SIGTERM, SIGINT, and SIGHUP when the terminal closes): stop accepting,
  // finish in-flight requests (within KANSIO_SHUTDOWN_GRACE_SECONDS), close the pool, stop the
  // embedded database, exit 0. A second signal while that runs exits at once.
  takeOverSignals();
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      log.warn(`${signal} again: exiting without waiting`);
      exit(1);
    }
    stopping = true;
    log.info(`${signal}: stopping (finishing requests in flight, then closing the database)`);
    service.stop().then(
      () => { log.info('stopped'); exit(0); },
      (error: unknown) => { console.error(`kansio: stopping failed: ${(error as Error).message}`); exit(1); },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
}

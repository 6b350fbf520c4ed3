// `kansio start`: the whole service on one command.
import type { Config } from '../config.ts';
import { startService } from '../app.ts';
import { createLogger } from '../log.ts';
import { seedDemoData } from '../demo/seed.ts';
import type { EmbeddedConnectionInfo } from '../store/embedded.ts';

function database(info: EmbeddedConnectionInfo | undefined): string {
  if (!info) return 'DATABASE_URL';
  const where = info.transport === 'socket' ? `socket ${info.host}/.s.PGSQL.${info.port}, no TCP port` : `${info.host}:${info.port}`;
  return `embedded PostgreSQL in ${info.host === '127.0.0.1' ? info.passwordFile.replace(/pg-password$/, 'pg') : info.host} (${where}; psql -h ${info.host} -p ${info.port} -U ${info.user} ${info.database}, password in ${info.passwordFile})`;
}

export async function startCommand(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
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
    ...(config.demo ? [`  Demo credentials:        ${config.dataDir}/demo/README.md`, `  A token for a try:       npm run kansio -- token --system demo-connecting-a --professional demo-pro-a1`] : []),
    '',
  ];
  console.log(lines.join('\n'));
  const stop = async (signal: string): Promise<void> => {
    log.info(`${signal}: stopping`);
    await service.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

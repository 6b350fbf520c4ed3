// `kansio start`: the whole service on one command.
import type { Config } from '../config.ts';
import { startService } from '../app.ts';
import { createLogger } from '../log.ts';
import { seedDemoData } from '../demo/seed.ts';

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
    `  Database:                ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}/pg`}`,
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

// `kansio migrate` and `kansio seed`.
import type { Config } from '../config.ts';
import { openDatabase } from '../app.ts';
import { createLogger } from '../log.ts';
import { seedDemoData } from '../demo/seed.ts';
import { loadAuthKeys } from '../auth/index.ts';

export async function migrateCommand(config: Config): Promise<void> {
  const database = await openDatabase(config, createLogger(config.logLevel));
  await database.close();
  console.log('migrations are up to date');
}

export async function seedCommand(config: Config): Promise<void> {
  const database = await openDatabase(config, createLogger(config.logLevel));
  try {
    await loadAuthKeys(config);
    await seedDemoData(database.db, config, (line) => console.log(line));
  } finally {
    await database.close();
  }
}

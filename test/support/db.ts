// A fresh database per test file, cloned from the migrated template that test/run.ts prepared.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../src/store/db.ts';

export interface TestDatabase {
  readonly url: string;
  readonly db: Db;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.KANSIO_TEST_SERVER_URL;
  if (!url) throw new Error('run the tests with `npm test` (test/run.ts prepares the database server)');
  return url;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  // Named by the run (test/run.ts), which drops them when it ends or, if killed, at the next run.
  const name = `kansio_t_${process.env.KANSIO_TEST_RUN_ID ?? '0'}_${randomBytes(6).toString('hex')}`;
  const template = process.env.KANSIO_TEST_TEMPLATE ?? 'kansio_test_template';
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    // Cloning needs the template to have no other connections; retry while a sibling clones.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database "${name}" template "${template}"`);
        break;
      } catch (error) {
        if (attempt > 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = '/' + name;
  const db = openDb(url.toString(), 8);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.close();
      const a = new pg.Client({ connectionString: serverUrl() });
      await a.connect();
      await a.query(`drop database if exists "${name}" with (force)`).catch(() => {});
      await a.end();
    },
  };
}

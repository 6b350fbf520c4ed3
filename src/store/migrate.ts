// Applies the numbered SQL files in ./migrations once each, in order, under an advisory lock so
// that several processes starting together do not race.
import { readdir, readFile } from 'node:fs/promises';
import type { Db } from './db.ts';
import type { Queryable } from './queryable.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const LOCK_KEY = 7_415_926_535;

let shipped: Promise<string[]> | undefined;

/** The migration files this version of Kansio ships, in order (read once: /readyz asks often). */
export function migrationFiles(): Promise<string[]> {
  shipped ??= readdir(MIGRATIONS_DIR).then((files) => files.filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort());
  return shipped;
}

/** The migrations this version ships that the database has not applied (all when none are). */
export async function pendingMigrations(db: Queryable): Promise<string[]> {
  const table = await db.query<{ present: boolean }>("select to_regclass('schema_migration') is not null as present");
  const done = table.rows[0]!.present ? new Set((await db.query<{ name: string }>('select name from schema_migration')).rows.map((r) => r.name)) : new Set<string>();
  return (await migrationFiles()).filter((f) => !done.has(f));
}

export async function migrate(db: Db): Promise<string[]> {
  const files = await migrationFiles();
  const applied: string[] = [];
  const client = await db.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query('create table if not exists schema_migration (name text primary key, applied_at timestamptz not null default now())');
    const done = new Set((await client.query<{ name: string }>('select name from schema_migration')).rows.map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = await readFile(new URL(file, MIGRATIONS_DIR), 'utf8');
      await client.query('begin');
      try {
        await client.query(sql);
        await client.query('insert into schema_migration (name) values ($1)', [file]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`migration ${file} failed: ${(error as Error).message}`);
      }
      applied.push(file);
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    client.release();
  }
  return applied;
}

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

// Each file in a transaction of its own that first takes a transaction-level advisory lock and
// then reads which files are applied: a process that waited for the lock sees what the other
// committed, so each file runs once, in order, however many processes start together. The lock
// ends with its transaction, also through a transaction-mode pooler (PgBouncer), where a
// session-level lock would stay on whichever server session took it (docs/scaling.md).
export async function migrate(db: Db): Promise<string[]> {
  const files = await migrationFiles();
  const applied: string[] = [];
  for (;;) {
    const file = await db.withTransaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
      await tx.query('create table if not exists schema_migration (name text primary key, applied_at timestamptz not null default now())');
      const done = new Set((await tx.query<{ name: string }>('select name from schema_migration')).rows.map((r) => r.name));
      const next = files.find((f) => !done.has(f));
      if (next === undefined) return undefined;
      const sql = await readFile(new URL(next, MIGRATIONS_DIR), 'utf8');
      try {
        await tx.query(sql);
      } catch (error) {
        throw new Error(`migration ${next} failed: ${(error as Error).message}`);
      }
      // The moment it was applied: the transaction may have begun long before, waiting for the lock.
      await tx.query('insert into schema_migration (name, applied_at) values ($1, clock_timestamp())', [next]);
      return next;
    });
    if (file === undefined) return applied;
    applied.push(file);
  }
}

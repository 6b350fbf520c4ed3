// A logical backup of Kansio's own tables, and its restore. The backup reads every table in one
// repeatable-read snapshot, so it is consistent while the server runs (the audit chain's lane
// heads and records agree); the restore writes everything in one transaction, so a failed
// restore changes nothing. Why not pg_dump: docs/decisions/0012-backup-without-pg-dump.md.
//
// Format (gzip, one line each): a header `#{"format":"kansio-backup",...}`, then per table
// `#{"table":...,"columns":[...]}`, its rows as JSON objects (row_to_json), `#{"end":...,"rows":n}`,
// and a trailer `#{"complete":true,...}`: a backup without its trailer is refused as truncated.
import type pg from 'pg';
import type { Db } from './db.ts';

export const BACKUP_FORMAT = 'kansio-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: number;
  readonly createdAt: string;
  /** The migrations applied to the database the backup was taken from. */
  readonly migrations: readonly string[];
  readonly tables: readonly string[];
}

export class BackupError extends Error {}

/** Kansio's tables (partitions are read and written through their parent), in name order. */
async function tablesOf(client: pg.PoolClient): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition and c.relname <> 'schema_migration'
     order by c.relname`);
  return result.rows.map((r) => r.name);
}

/** Columns that take a value on insert (generated columns are computed again). */
async function columnsOf(client: pg.PoolClient, table: string): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
    [quote(table)]);
  return result.rows.map((r) => r.name);
}

function quote(identifier: string): string {
  return '"' + identifier.replaceAll('"', '""') + '"';
}

export interface BackupProgress {
  (table: string, rows: number, done: boolean): void;
}

/** Writes the whole database, from one snapshot, line by line. Returns the row count per table. */
export async function writeBackup(db: Db, write: (line: string) => Promise<void>, progress: BackupProgress, now: Date): Promise<Record<string, number>> {
  return db.withSnapshot(async (client) => {
    const migrations = (await client.query<{ name: string }>('select name from schema_migration order by name')).rows.map((r) => r.name);
    const tables = await tablesOf(client);
    const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now.toISOString(), migrations, tables };
    await write('#' + JSON.stringify(header));
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const columns = await columnsOf(client, table);
      await write('#' + JSON.stringify({ table, columns }));
      const list = columns.map(quote).join(', ');
      await client.query(`declare dump no scroll cursor for select row_to_json(t)::text as row from (select ${list} from ${quote(table)}) t`);
      let rows = 0;
      for (;;) {
        const batch = await client.query<{ row: string }>('fetch 1000 from dump');
        for (const r of batch.rows) await write(r.row);
        rows += batch.rows.length;
        if (batch.rows.length < 1000) break;
        progress(table, rows, false);
      }
      await client.query('close dump');
      counts[table] = rows;
      progress(table, rows, true);
      await write('#' + JSON.stringify({ end: table, rows }));
    }
    await write('#' + JSON.stringify({ complete: true, rows: counts }));
    return counts;
  });
}

/** True when the database holds anything beyond what the migrations create. */
export async function holdsData(db: Db): Promise<boolean> {
  return db.withConnection(async (client) => {
    for (const table of await tablesOf(client)) {
      const condition = table === 'audit_lane' ? 'where last_seq > 0' : '';
      const found = await client.query(`select 1 from ${quote(table)} ${condition} limit 1`);
      if (found.rowCount) return true;
    }
    return false;
  });
}

type Line = { kind: 'control'; value: Record<string, unknown> } | { kind: 'row'; text: string };

function parse(line: string): Line {
  return line.startsWith('#') ? { kind: 'control', value: JSON.parse(line.slice(1)) as Record<string, unknown> } : { kind: 'row', text: line };
}

/**
 * Replaces every table's rows with the backup's, in one transaction. The database must be
 * migrated exactly as the one the backup was taken from.
 */
export async function restoreBackup(db: Db, lines: AsyncIterable<string>, progress: BackupProgress): Promise<Record<string, number>> {
  return db.withTransaction(async (client) => {
    const iterator = lines[Symbol.asyncIterator]();
    const next = async (): Promise<Line | undefined> => {
      const r = await iterator.next();
      return r.done ? undefined : parse(r.value);
    };
    const first = await next().catch(() => undefined);
    const header = first?.kind === 'control' ? first.value as unknown as BackupHeader : undefined;
    if (header?.format !== BACKUP_FORMAT) throw new BackupError('this file is not a Kansio backup (kansio backup writes one)');
    if (header.version !== BACKUP_VERSION) throw new BackupError(`this backup has format version ${header.version}; this Kansio reads version ${BACKUP_VERSION}`);
    const applied = (await client.query<{ name: string }>('select name from schema_migration order by name')).rows.map((r) => r.name);
    if (applied.join() !== header.migrations.join()) {
      throw new BackupError(`the backup was taken at migrations ${header.migrations.join(', ')}, this Kansio has ${applied.join(', ')}: restore it with the Kansio version that wrote it, then upgrade`);
    }
    const tables = await tablesOf(client);
    const unknown = header.tables.filter((t) => !tables.includes(t));
    if (unknown.length) throw new BackupError(`the backup has tables this database lacks: ${unknown.join(', ')}`);

    // Rows go in as they were: foreign keys and the append-only triggers are not re-checked.
    await client.query('set local session_replication_role = replica');
    await client.query(`truncate ${tables.map(quote).join(', ')}`);
    const counts: Record<string, number> = {};
    let line = await next();
    while (line && !(line.kind === 'control' && line.value.complete === true)) {
      if (line.kind !== 'control' || typeof line.value.table !== 'string') throw new BackupError('the backup is damaged: a table section was expected');
      const table = line.value.table;
      const columns = line.value.columns as string[];
      const list = columns.map(quote).join(', ');
      const insert = `insert into ${quote(table)} (${list}) overriding system value select ${list} from json_populate_recordset(null::${quote(table)}, $1::json)`;
      const months = new Set<string>();
      let batch: string[] = [];
      let bytes = 0;
      let rows = 0;
      const flush = async (): Promise<void> => {
        if (!batch.length) return;
        if (table === 'audit_event') {
          // Each month's records go to that month's partition, created as at the original start.
          for (const text of batch) {
            const month = (JSON.parse(text) as { recorded_at: string }).recorded_at.slice(0, 7);
            if (!months.has(month)) { months.add(month); await client.query('select audit_ensure_partition($1)', [`${month}-15T00:00:00Z`]); }
          }
        }
        await client.query(insert, ['[' + batch.join(',') + ']']);
        rows += batch.length;
        progress(table, rows, false);
        batch = [];
        bytes = 0;
      };
      for (line = await next(); line?.kind === 'row'; line = await next()) {
        batch.push(line.text);
        bytes += line.text.length;
        if (batch.length >= 1000 || bytes > 8_000_000) await flush();
      }
      await flush();
      if (line?.kind !== 'control' || line.value.end !== table || line.value.rows !== rows) {
        throw new BackupError(`the backup is damaged or truncated in table ${table}: ${rows} rows read`);
      }
      counts[table] = rows;
      progress(table, rows, true);
      line = await next();
    }
    if (!line) throw new BackupError('the backup is truncated: it ends before its closing line (was it copied whole?)');
    await resetIdentities(client);
    return counts;
  });
}

/** Identity and serial columns continue after the highest restored value. */
async function resetIdentities(client: pg.PoolClient): Promise<void> {
  const result = await client.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns
     where table_schema = 'public' and (is_identity = 'YES' or column_default like 'nextval(%')`);
  for (const { table_name: table, column_name: column } of result.rows) {
    await client.query(`select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${quote(column)}) from ${quote(table)}), 0) + 1, false)`, [quote(table), column]);
  }
}

// `kansio backup [FILE]` and `kansio restore FILE`: a consistent logical backup of the database in
// use (taken while the server runs, if it runs), and its restore into an empty database, a fresh
// data folder included. For an external PostgreSQL see docs/operations.md: base backups and WAL
// archiving give point-in-time recovery, which this cannot.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.ts';
import path from 'node:path';
import { openDatabase } from '../app.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, holdsData, restoreBackup, writeBackup, type BackupProgress } from '../store/backup.ts';

function progressTo(stream: NodeJS.WritableStream): BackupProgress {
  return (table, rows, done) => {
    if (done) stream.write(`  ${table}: ${rows} row${rows === 1 ? '' : 's'}\n`);
    else if (rows % 10_000 === 0) stream.write(`  ${table}: ${rows} rows so far\n`);
  };
}

export function defaultBackupFile(now: Date): string {
  return `kansio-backup-${now.toISOString().replace(/[:.]/g, '-')}.jsonl.gz`;
}

/** Returns the exit code. */
export async function backupCommand(config: Config, file: string | undefined): Promise<number> {
  const target = file ?? defaultBackupFile(new Date());
  if (existsSync(target)) {
    console.error(`kansio backup: ${target} exists; name another file (a backup never overwrites one)`);
    return 1;
  }
  const pgDir = path.join(path.resolve(config.dataDir), 'pg');
  if (!config.databaseUrl && !existsSync(path.join(pgDir, 'PG_VERSION'))) {
    console.error(`kansio backup: there is no embedded database in ${config.dataDir} (KANSIO_DATA_DIR): nothing to back up`);
    return 1;
  }
  const partial = `${target}.partial`;
  const database = await openDatabase(config);
  try {
    console.error(`backing up ${config.databaseUrl ? 'the DATABASE_URL database' : `the embedded database in ${config.dataDir}`} to ${target}`);
    const gzip = createGzip();
    const done = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
    const write = async (line: string): Promise<void> => {
      if (!gzip.write(line + '\n')) await Promise.race([once(gzip, 'drain'), done]);
    };
    const counts = await writeBackup(database.db, write, progressTo(process.stderr), new Date());
    gzip.end();
    await done;
    // Only a whole backup gets the name asked for.
    await rename(partial, target);
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`backup written: ${target} (${rows} rows in ${Object.keys(counts).length} tables, ${((await stat(target)).size / 1024 / 1024).toFixed(1)} MiB); it holds personal data: keep it as carefully as the database`);
    return 0;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await database.close();
  }
}

/** The lines of a stream; a read or gunzip error ends the iteration with that error. */
async function* linesOf(stream: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let parts: string[] = [];
  for await (const chunk of stream) {
    let text = decoder.write(chunk);
    // Only the new text is searched: a row with a large document is one long line.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n')) {
      parts.push(text.slice(0, i));
      yield parts.join('');
      parts = [];
      text = text.slice(i + 1);
    }
    if (text) parts.push(text);
  }
  const last = parts.join('') + decoder.end();
  if (last) yield last;
}

function linesOfBackup(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  createReadStream(file).on('error', (error) => gunzip.destroy(error)).pipe(gunzip);
  return linesOf(gunzip);
}

function isGzipError(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' || /incorrect header check|unexpected end of file/.test((error as Error).message);
}

/** Why the file is not a backup this Kansio reads, or undefined when its header is right. */
async function headerProblem(file: string): Promise<string | undefined> {
  const lines = linesOfBackup(file);
  try {
    const first = (await lines.next()).value;
    const header = typeof first === 'string' && first.startsWith('#') ? JSON.parse(first.slice(1)) as { format?: string; version?: number } : undefined;
    if (header?.format !== BACKUP_FORMAT) return `${file} is not a Kansio backup (kansio backup writes one)`;
    if (header.version !== BACKUP_VERSION) return `${file} has backup format version ${header.version}; this Kansio reads version ${BACKUP_VERSION}`;
    return undefined;
  } catch (error) {
    if (isGzipError(error) || error instanceof SyntaxError) return `${file} is not a Kansio backup (kansio backup writes one)`;
    throw error;
  } finally {
    await lines.return(undefined);
  }
}

/** Returns the exit code. */
export async function restoreCommand(config: Config, file: string, options: { force?: boolean }): Promise<number> {
  if (!existsSync(file)) {
    console.error(`kansio restore: ${file}: no such file`);
    return 1;
  }
  // Checked before the database is opened: a wrong file must not create a database.
  const problem = await headerProblem(file);
  if (problem) {
    console.error(`kansio restore: ${problem}; nothing was changed`);
    return 1;
  }
  // Opening creates (and migrates) the embedded database in a fresh data folder.
  const database = await openDatabase(config);
  try {
    if (!options.force && await holdsData(database.db)) {
      console.error(`kansio restore: the database ${config.databaseUrl ? 'of DATABASE_URL' : `in ${config.dataDir}`} is not empty: restore into a fresh data folder (KANSIO_DATA_DIR), or add --force to replace everything in it`);
      return 1;
    }
    console.error(`restoring ${file} into ${config.databaseUrl ? 'the DATABASE_URL database' : `the embedded database in ${config.dataDir}`}`);
    const counts = await restoreBackup(database.db, linesOfBackup(file), progressTo(process.stderr)).catch((error: unknown) => {
      if (isGzipError(error)) throw new BackupError(`${file} is damaged (${(error as Error).message})`);
      if (/permission denied to set parameter "session_replication_role"/.test((error as Error).message)) {
        throw new BackupError('restoring needs a PostgreSQL superuser (it restores rows without re-running triggers); for an external PostgreSQL see docs/operations.md');
      }
      throw error;
    });
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`restored ${rows} rows in ${Object.keys(counts).length} tables from ${file}; check the audit trail with: kansio audit verify`);
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(`kansio restore: ${error.message}; nothing was changed`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

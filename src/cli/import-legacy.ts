// `kansio import-legacy MANIFEST` (L4, docs/legacy-import.md): stores a controller's old client
// data as legacy documents, with a progress bar (rate and time left), a reject file of the bad
// rows, and a summary. Ctrl-C stops after the batch being stored; running again resumes.
// Output never carries an identity code.
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Config } from '../config.ts';
import { openDatabase } from '../app.ts';
import { scrubIdentityCodes } from '../log.ts';
import { csvField, ManifestError, type ManifestFormat } from '../domain/legacy-manifest.ts';
import { DEFAULT_BATCH_SIZE, DEFAULT_MAX_FILE_BYTES, importLegacy } from '../usecases/import-legacy.ts';

export interface ImportLegacyOptions {
  readonly controller?: string;
  readonly rejects?: string;
  readonly format?: string;
  readonly batchSize?: string;
  readonly maxFileSize?: string;
  readonly quiet?: boolean;
}

/** readline starts reading as soon as it is created: create it when the loop begins. */
async function* linesOf(file: string): AsyncGenerator<string> {
  yield* createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
}

/** Lines in the file, for the progress bar's total (a fast pass over the bytes). */
async function countLines(file: string): Promise<number> {
  let n = 0;
  let last = 10;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
    if (chunk.length) last = chunk[chunk.length - 1]!;
  }
  return last === 10 ? n : n + 1;
}

export function manifestFormat(file: string, option: string | undefined): ManifestFormat | undefined {
  if (option) return option === 'csv' || option === 'jsonl' ? option : undefined;
  return ['.jsonl', '.ndjson', '.json'].includes(path.extname(file).toLowerCase()) ? 'jsonl' : 'csv';
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ManifestError(`${name} must be a positive whole number`);
  return n;
}

/** Exit codes: 0 every row stored or already stored; 2 done, with rejected rows; 1 not done (error or interrupted). */
export async function importLegacyCommand(config: Config, manifest: string, options: ImportLegacyOptions): Promise<number> {
  if (!existsSync(manifest) || !statSync(manifest).isFile()) {
    console.error(`kansio import-legacy: ${manifest}: no such file`);
    return 1;
  }
  const format = manifestFormat(manifest, options.format);
  if (!format) {
    console.error('kansio import-legacy: --format must be csv or jsonl');
    return 1;
  }
  let batchSize: number;
  let maxFileBytes: number;
  try {
    batchSize = positive(options.batchSize, DEFAULT_BATCH_SIZE, '--batch-size');
    maxFileBytes = positive(options.maxFileSize, DEFAULT_MAX_FILE_BYTES, '--max-file-size');
  } catch (error) {
    console.error(`kansio import-legacy: ${(error as Error).message}`);
    return 1;
  }
  const rejectsPath = options.rejects ?? `${manifest}.rejects.csv`;
  const rejects = createWriteStream(rejectsPath);
  rejects.write('line,reason\n');
  const total = options.quiet || !process.stderr.isTTY ? 0 : await countLines(manifest);
  const bar = total > 0 ? new cliProgress.SingleBar({
    stream: process.stderr, etaBuffer: 20, fps: 5,
    format: 'importing legacy data [{bar}] {value}/{total} rows | {rate} documents/s | {eta_formatted} left | {rejected} rejected',
  }, cliProgress.Presets.shades_classic) : undefined;
  const started = performance.now();
  bar?.start(total, 0, { rate: 0, rejected: 0 });
  const abort = new AbortController();
  const onSignal = (): void => { abort.abort(); console.error('\nkansio import-legacy: stopping after the batch being stored (run again to resume)'); };
  process.once('SIGINT', onSignal);
  const database = await openDatabase(config);
  try {
    const summary = await importLegacy({
      lines: linesOf(manifest), format, baseDir: path.dirname(path.resolve(manifest)), manifestName: path.basename(manifest),
      transaction: (fn) => database.db.withTransaction(fn), ...(options.controller ? { controllerOid: options.controller } : {}),
      by: { id: 'kansio-import-legacy', name: 'kansio import-legacy (operator)' }, now: () => new Date().toISOString(),
      batchSize, maxFileBytes, signal: abort.signal,
      reject: (line, reason) => { rejects.write(`${line},${csvField(scrubIdentityCodes(reason))}\n`); },
      progress: (c) => {
        const seconds = (performance.now() - started) / 1000;
        bar?.update(c.stored + c.skipped + c.rejected, { rate: Math.round((c.stored + c.skipped) / Math.max(seconds, 0.001)), rejected: c.rejected });
      },
    });
    bar?.stop();
    await new Promise<void>((resolve) => rejects.end(resolve));
    const seconds = (performance.now() - started) / 1000;
    console.log(`${summary.interrupted ? 'interrupted' : 'imported'} ${path.basename(manifest)}: ${summary.rows} rows, ${summary.stored} documents stored, ${summary.skipped} already stored, ${summary.rejected} rejected${summary.rejected ? ` (see ${rejectsPath})` : ''}; ${summary.newPeople} people new to the archive; ${summary.batches} batches in ${seconds.toFixed(1)} s (${Math.round(summary.stored / Math.max(seconds, 0.001))} documents/s)`);
    if (summary.interrupted) return 1;
    return summary.rejected > 0 ? 2 : 0;
  } catch (error) {
    bar?.stop();
    rejects.end();
    console.error(`kansio import-legacy: ${scrubIdentityCodes((error as Error).message)}; the batches stored before this one are kept: run again to resume`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    await database.close();
  }
}

// `kansio registers import FILE`: fills the population register and the mandate register from
// JSON lines (docs/registers.md). One transaction: a file with any bad line imports nothing, and
// every bad line is named with its number. Output never carries an identity code.
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import cliProgress from 'cli-progress';
import type { Config } from '../config.ts';
import { openDatabase } from '../app.ts';
import { scrubIdentityCodes } from '../log.ts';
import { importRegisters } from '../usecases/import-registers.ts';

// A progress bar only where it helps: a terminal, and a file long enough to wait for.
const PROGRESS_FROM = 1_000;

/** The file's lines. readline starts reading as soon as it is created, and lines it reads before the loop asks are lost: create it when the loop begins. */
async function* linesOf(file: string): AsyncGenerator<string> {
  yield* createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
}

/** Returns the exit code: 0 imported, 1 refused. */
export async function registersImportCommand(config: Config, file: string, options: { quiet?: boolean }): Promise<number> {
  if (!existsSync(file)) {
    console.error(`kansio registers import: ${file}: no such file`);
    return 1;
  }
  const bar = !options.quiet && process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: 'importing registers [{bar}] {value}/{total} records' }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  const database = await openDatabase(config);
  try {
    const result = await database.db.withTransaction((tx) => importRegisters(tx, {
      lines: linesOf(file),
      progress: (done, total) => {
        if (!bar || total < PROGRESS_FROM) return;
        if (!started) { bar.start(total, 0); started = true; }
        bar.update(done);
      },
    }));
    bar?.stop();
    if (!result.ok) {
      // A last line of defence: the reasons name fields, never values, but a code must not slip out.
      for (const p of result.problems) console.error(scrubIdentityCodes(`line ${p.line}: ${p.reason}`));
      console.error(`kansio registers import: ${result.problems.length} bad line${result.problems.length === 1 ? '' : 's'} in ${file}: nothing was imported`);
      return 1;
    }
    const s = result.summary;
    console.log(`registers imported from ${file}: ${s.people} people, ${s.representations} population register relations, ${s.mandates} mandates (${s.newPeople} people new to the archive)`);
    return 0;
  } finally {
    await database.close();
  }
}

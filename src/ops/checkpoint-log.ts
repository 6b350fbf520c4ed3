// D10 (issue 12): the audit checkpoints outside the database (KANSIO_AUDIT_CHECKPOINTS): a
// directory with one file per checkpoint, or one file they are appended to. Either is written
// once and never rewritten by Kansio; it is meant to be shipped off the machine (write-once
// object storage, another administrator's host, a witness), where the database's
// administrators cannot reach it (docs/audit.md).
import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type Config } from '../config.ts';

export type CheckpointTarget = Config['auditCheckpoints'];

/** Makes the directory (or the file's folder) at start, so that a bad path fails then, not a minute later. */
export async function prepareCheckpointTarget(target: CheckpointTarget): Promise<void> {
  const folder = target.kind === 'directory' ? target.path : path.dirname(target.path);
  await mkdir(folder, { recursive: true, mode: 0o755 }).catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(`KANSIO_AUDIT_CHECKPOINTS: cannot create ${folder} (${error.code ?? error.message})`);
  });
  if (target.kind === 'file' && (await stat(target.path).catch(() => undefined))?.isDirectory()) {
    throw new ConfigError(`KANSIO_AUDIT_CHECKPOINTS: ${target.path} is a directory; end the path with / to write one file per checkpoint there`);
  }
}

/** The file name of a checkpoint in the directory: its size (zero-padded, so names sort) and time. */
export function checkpointFileName(size: bigint, time: string): string {
  return `checkpoint-${String(size).padStart(16, '0')}-${time.replace(/[-:]/g, '')}.txt`;
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes one signed checkpoint and flushes it to the disk; returns where. */
export async function keepCheckpoint(target: CheckpointTarget, checkpoint: { readonly size: bigint; readonly time: string; readonly note: string }): Promise<string> {
  const file = target.kind === 'directory' ? path.join(target.path, checkpointFileName(checkpoint.size, checkpoint.time)) : target.path;
  // 'wx' never replaces a checkpoint file; 'a' only appends (O_APPEND), so a write lands whole at the end.
  const handle = await open(file, target.kind === 'directory' ? 'wx' : 'a', 0o644);
  try {
    await handle.write(checkpoint.note);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (target.kind === 'directory') await syncFolder(target.path);
  return file;
}

/**
 * Cuts a text of concatenated signed notes into notes. A note ends with its signature lines
 * (after its last blank line): the first line after them that is not a signature line starts
 * the next note. Blank lines between notes are skipped.
 */
export function splitNotes(content: string): string[] {
  const notes: string[] = [];
  let current: string[] = [];
  let inSignatures = false;
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const isSignature = line.startsWith('\u2014 ');
    if (inSignatures && !isSignature) {
      notes.push(current.join('\n') + '\n');
      current = [];
      inSignatures = false;
      if (line === '') continue;
    }
    if (isSignature && current.length > 0 && current[current.length - 1] === '') inSignatures = true;
    current.push(line);
  }
  if (current.length) notes.push(current.join('\n') + '\n');
  return notes;
}

/**
 * Every signed note in a file, or in the files of a directory (in name order: by size, for the
 * directory Kansio writes), with its source; a file at a time, so that a long history is never
 * held whole.
 */
export async function* checkpointNotes(where: string): AsyncGenerator<{ readonly source: string; readonly note: string }> {
  const info = await stat(where).catch((error: NodeJS.ErrnoException) => { throw new Error(`--checkpoints: cannot read ${where} (${error.code ?? error.message})`); });
  const files = info.isDirectory() ? (await readdir(where)).filter((f) => !f.startsWith('.')).sort().map((f) => path.join(where, f)) : [where];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const file of files) {
    if (!(await stat(file)).isFile()) continue;
    let text: string;
    try {
      text = decoder.decode(await readFile(file));
    } catch {
      throw new Error(`${file}: not UTF-8 text, so not a signed note`);
    }
    const notes = splitNotes(text);
    for (const [i, note] of notes.entries()) yield { source: notes.length > 1 ? `${file}, note ${i + 1}` : file, note };
  }
}

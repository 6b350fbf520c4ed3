// Key and certificate files that several processes sharing one data folder may race to create.
import { randomUUID } from 'node:crypto';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';

/**
 * Creates file with this content unless it exists; true when this call created it. Written aside
 * and linked into place, so exactly one process wins and none reads a partial file.
 */
export async function writeOnce(file: string, content: string, mode: number): Promise<boolean> {
  const aside = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(aside, content, { mode, flag: 'wx' });
  try {
    await link(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    await unlink(aside);
  }
}

/** Replaces file's content atomically. */
export async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const aside = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(aside, content, { mode, flag: 'wx' });
  await rename(aside, file);
}

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Reads a file another process is about to write (it won writeOnce on a sibling file first). */
export async function readSoon(file: string, waitMs = 5000): Promise<string> {
  for (const started = Date.now(); ; await new Promise((r) => setTimeout(r, 50))) {
    const text = await readIfExists(file);
    if (text !== undefined) return text;
    if (Date.now() - started > waitMs) throw new Error(`${file} did not appear; remove the half-written demo credentials and start again`);
  }
}

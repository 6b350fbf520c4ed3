// L4 `kansio import-legacy MANIFEST`: a controller's old client data stored as legacy documents
// (phase 'legacy', status current), searchable by the controller (D2 with D1), never shown in the
// portal (V2), and disclosed to another register only by a statutory broad search (S6). The
// policies already say so from the phase; this use case only stores.
//
// Each row is checked (src/domain/legacy-manifest.ts), its file read and hashed; a bad row goes to
// the reject callback with its line number and the import goes on. Good rows are stored in
// batches, one transaction each with one audit record per controller naming its documents, so an
// interruption leaves whole batches. Each document's masterIdentifier is derived from what the
// row says and the file's bytes, so a re-run finds what is stored and skips it (idempotent,
// resumable). While one batch is being stored, the next one is read: each file's bytes go
// straight into that batch's binary COPY data (docs/decisions/0020-legacy-import-with-copy.md).
import { hash, randomBytes, randomUUID } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { Tx } from '../store/db.ts';
import { appendAudit } from '../store/audit.ts';
import { organisationExists } from '../store/relationships.ts';
import { insertLegacyDocuments, legacyPersonKeys, lockLegacyImport, storedBlobs, storedMasterIdentifiers, type LegacyDocumentRow } from '../store/legacy-documents.ts';
import { BinaryCopy, CopyBuffers } from '../store/copy-binary.ts';
import { checkLegacyRow, ManifestReader, type LegacyRow, type ManifestFormat } from '../domain/legacy-manifest.ts';
import { finnishDay } from '../domain/finnish-day.ts';
import { uuidV7s } from '../domain/uuid-v7.ts';

export const DEFAULT_BATCH_SIZE = 5_000;
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface ImportLegacyProps {
  /** The manifest's lines, in order (CSV with its header, or JSON lines). */
  readonly lines: AsyncIterable<string> | Iterable<string>;
  readonly format: ManifestFormat;
  /** The folder that the manifest's file paths are relative to. */
  readonly baseDir: string;
  /** The manifest's name, for the audit records. */
  readonly manifestName: string;
  /** Runs one batch in one transaction (Db.withTransaction). */
  readonly transaction: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  /** The controller of rows that name none (--controller). */
  readonly controllerOid?: string;
  /** Who imports, for the audit records. */
  readonly by: { readonly id: string; readonly name: string };
  /** The clock, as an ISO instant, asked once a batch. */
  readonly now: () => string;
  readonly batchSize?: number;
  readonly maxFileBytes?: number;
  /** Called for each bad row, in line order. */
  readonly reject: (line: number, reason: string) => void;
  /** Called after each stored batch. */
  readonly progress?: (counts: ImportCounts) => void;
  /** When aborted, the import stops after the batch being stored has committed. */
  readonly signal?: AbortSignal;
}

export interface ImportCounts {
  /** Data rows read (the header and blank lines not counted). */
  readonly rows: number;
  readonly stored: number;
  /** Rows whose document is stored already (an earlier run, or the same row twice). */
  readonly skipped: number;
  readonly rejected: number;
  readonly newPeople: number;
  readonly batches: number;
}

export interface ImportSummary extends ImportCounts {
  /** True when the signal stopped the import before the manifest's end. */
  readonly interrupted: boolean;
}

/** A good row, its file read and hashed; `bytes` is a view of the batch's COPY data. */
interface Prepared { readonly line: number; readonly row: LegacyRow; readonly bytes: Buffer; readonly sha256: Buffer; readonly sha1: Buffer; readonly masterIdentifier: string }

/** The rows of one batch and the binary COPY data of their contents, each content once. */
class Batch {
  readonly rows: Prepared[] = [];
  readonly masterIdentifiers = new Set<string>();
  /** SHA-256 (hex) -> the bytes, a view of `blobs`. */
  readonly contents = new Map<string, Buffer>();
  readonly blobs: BinaryCopy;
  constructor(blobs: BinaryCopy) { this.blobs = blobs; }
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf', '.txt': 'text/plain', '.xml': 'application/xml', '.json': 'application/json', '.html': 'text/html', '.htm': 'text/html',
  '.rtf': 'application/rtf', '.doc': 'application/msword', '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.odt': 'application/vnd.oasis.opendocument.text', '.tif': 'image/tiff', '.tiff': 'image/tiff', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png',
};

/**
 * The document's stable key: a name-based UUID (RFC 9562 version 8, from SHA-256) over the
 * controller, the person, the service task, the type, the date and the file's bytes. The title
 * and the flag are left out, so that a corrected title in a re-run does not store a copy.
 */
export function legacyMasterIdentifier(row: Pick<LegacyRow, 'controllerOid' | 'identityCode' | 'serviceTask' | 'typeCode' | 'date'>, sha256: Buffer): string {
  const h = hash('sha256', ['kansio-legacy-v1', row.controllerOid, row.identityCode, row.serviceTask, row.typeCode, row.date, sha256.toString('hex')].join('\0'), 'buffer');
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/**
 * Reads document files into one reused buffer: no allocation per file, and the bytes are copied
 * once, into the batch's COPY data. Synchronous: a small file reads faster so than through the
 * thread pool, and the database works on the previous batch meanwhile.
 */
class FileReader {
  private scratch = Buffer.allocUnsafe(1 << 20);
  private readonly maxBytes: number;
  constructor(maxBytes: number) { this.maxBytes = maxBytes; }

  /** The file's bytes (valid until the next read), or why not. */
  read(file: string): Buffer | string {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? 'file does not exist' : code === 'EACCES' ? 'file is not readable (permission denied)' : `file cannot be opened (${code ?? 'error'})`;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) return 'file is not a regular file';
      if (st.size === 0) return 'file is empty';
      if (st.size > this.maxBytes) return `file is ${st.size} bytes, over the limit of ${this.maxBytes}`;
      if (st.size > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(st.size, this.scratch.length * 2));
      let at = 0;
      while (at < st.size) {
        const n = readSync(fd, this.scratch, at, st.size - at, null);
        if (n === 0) break;
        at += n;
      }
      return at === st.size ? this.scratch.subarray(0, at) : 'file changed while it was read';
    } catch (error) {
      return `file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    } finally {
      closeSync(fd);
    }
  }
}

/** Stores one batch: the rows not stored before, their people, one audit record per controller. */
async function storeBatch(tx: Tx, batch: Batch, props: ImportLegacyProps, newIds: (count: number, now: string) => string[], buffers: CopyBuffers): Promise<{ stored: number; skipped: number; newPeople: number }> {
  await lockLegacyImport(tx);
  const stored = await storedMasterIdentifiers(tx, [...batch.masterIdentifiers]);
  const fresh = stored.size === 0 ? batch.rows : batch.rows.filter((p) => !stored.has(p.masterIdentifier));
  if (fresh.length === 0) return { stored: 0, skipped: batch.rows.length, newPeople: 0 };
  const people = new Map<string, string>();
  for (const p of fresh) people.set(p.row.identityCode, p.row.birthDate);
  const { keys, created } = await legacyPersonKeys(tx, [...people].map(([identityCode, birthDate]) => ({ identityCode, birthDate })));
  // Content addressing: each content once, in this batch and in the archive. The COPY data read
  // ahead holds every content of the batch; it is rebuilt only when some are not to be stored.
  const needed = new Map<string, Buffer>();
  for (const p of fresh) needed.set(p.sha256.toString('hex'), p.sha256);
  const known = await storedBlobs(tx, [...needed.values()]);
  let blobs: BinaryCopy | undefined = batch.blobs;
  if (known.size > 0 || needed.size < batch.contents.size) {
    blobs = new BinaryCopy();
    for (const [hex, sha256] of needed) if (!known.has(hex)) blobs.row(2).bytea(sha256).bytea(batch.contents.get(hex)!);
    if (blobs.rows === 0) blobs = undefined;
  }
  const now = props.now();
  // Version ids, set ids and submission set ids (at most one a document), in increasing order.
  const ids = newIds(fresh.length * 3, now);
  let nextSet = fresh.length * 2;
  // MHD: a submission set concerns one client; one per person and controller of the batch.
  const sets = new Map<string, string>();
  const rows: LegacyDocumentRow[] = fresh.map((p, i) => {
    const setKey = `${p.row.controllerOid}|${p.row.identityCode}`;
    let submissionSetId = sets.get(setKey);
    if (!submissionSetId) sets.set(setKey, submissionSetId = ids[nextSet++]!);
    return {
      personKey: keys.get(p.row.identityCode)!, versionId: ids[i]!, setId: ids[fresh.length + i]!, submissionSetId,
      controllerOid: p.row.controllerOid, serviceTask: p.row.serviceTask, typeCode: p.row.typeCode, title: p.row.title, date: p.row.date,
      contentType: CONTENT_TYPES[path.extname(p.row.file).toLowerCase()] ?? 'application/octet-stream',
      size: p.bytes.length, sha256: p.sha256, sha1: p.sha1, masterIdentifier: p.masterIdentifier, oldClientRelationship: p.row.oldClientRelationship,
    };
  });
  await insertLegacyDocuments(tx, rows, blobs, now, buffers);
  const lines = `lines ${batch.rows[0]!.line}-${batch.rows.at(-1)!.line}`;
  for (const controllerOid of new Set(rows.map((r) => r.controllerOid))) {
    const mine = rows.filter((r) => r.controllerOid === controllerOid);
    await appendAudit(tx, {
      eventId: randomUUID(), recordedAt: now, action: 'legacy-import', transaction: 'legacy-import', outcome: 'success',
      system: props.by, organisationOid: controllerOid,
      documents: mine.map((r) => ({ versionId: r.versionId, setId: r.setId, typeCode: r.typeCode, controllerOid, serviceTask: r.serviceTask })),
      detail: `${mine.length} legacy documents from ${props.manifestName}, ${lines}`,
      because: [{ rule: 'L4', detail: 'the controller\'s old client data, stored as legacy documents: never shown in the portal (V2), disclosed only to a statutory broad search (S6)' }],
    });
  }
  return { stored: rows.length, skipped: batch.rows.length - rows.length, newPeople: created };
}

/**
 * COPY has no ON CONFLICT: a document's bytes stored by an ITI-65 transaction between this
 * batch's look-up and its COPY make the COPY fail with a unique violation. The batch has then
 * rolled back whole; it runs once more, and the look-up sees those bytes.
 */
async function storeBatchOnce(props: ImportLegacyProps, run: (tx: Tx) => Promise<{ stored: number; skipped: number; newPeople: number }>): Promise<{ stored: number; skipped: number; newPeople: number }> {
  try {
    return await props.transaction(run);
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    return props.transaction(run);
  }
}

export async function importLegacy(props: ImportLegacyProps): Promise<ImportSummary> {
  const batchSize = props.batchSize ?? DEFAULT_BATCH_SIZE;
  const maxBytes = props.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const reader = new ManifestReader(props.format);
  const controllers = new Map<string, boolean>();
  const counts = { rows: 0, stored: 0, skipped: 0, rejected: 0, newPeople: 0, batches: 0 };
  let today = finnishDay(props.now());
  // Each batch's ids are later than the previous batch's, even if the clock stands still.
  let lastMs = 0;
  const newIds = (count: number, now: string): string[] => {
    lastMs = Math.max(Date.parse(now), lastMs + 1);
    return uuidV7s(count, lastMs, randomBytes(count * 6));
  };
  const files = new FileReader(maxBytes);
  const buffers = new CopyBuffers();
  // A batch's contents, about: its size times a 2 KB file and its row header.
  const newBatch = (): Batch => new Batch(buffers.take(Math.min(batchSize, 100_000) * 2_200));
  let batch = newBatch();
  let pending: Promise<void> | undefined;
  // A failed batch is kept here rather than left as a rejected promise nobody awaits yet.
  let failure: { error: unknown } | undefined;
  const settle = async (): Promise<void> => {
    await pending;
    if (failure) throw failure.error;
  };

  const reject = (line: number, reason: string): void => { counts.rejected++; props.reject(line, reason); };
  const flush = async (): Promise<void> => {
    const full = batch;
    batch = newBatch();
    // One batch stores while the next one is read; a failure stops the import at the next flush.
    await settle();
    if (props.signal?.aborted || full.rows.length === 0) { buffers.give(full.blobs); pending = undefined; return; }
    pending = storeBatchOnce(props, (tx) => storeBatch(tx, full, props, newIds, buffers)).then((r) => {
      buffers.give(full.blobs);
      counts.stored += r.stored; counts.skipped += r.skipped; counts.newPeople += r.newPeople; counts.batches++;
      props.progress?.({ ...counts });
    }, (error: unknown) => { failure = { error }; });
  };

  let line = 0;
  for await (const text of props.lines) {
    line++;
    if (props.signal?.aborted) break;
    const read = reader.read(text);
    if (read === 'blank' || read === 'header') continue;
    counts.rows++;
    if ('reason' in read) { reject(line, read.reason); continue; }
    const checked = checkLegacyRow(read.fields, props.controllerOid, today);
    if (!checked.ok) { reject(line, checked.reason); continue; }
    const row = checked.row;
    let isController = controllers.get(row.controllerOid);
    if (isController === undefined) {
      const org = await props.transaction((tx) => organisationExists(tx, row.controllerOid));
      controllers.set(row.controllerOid, isController = org !== undefined && org.kind !== 'unit');
    }
    if (!isController) { reject(line, `controller ${row.controllerOid} is not a registered controller (a unit is not a register of its own)`); continue; }
    const content = files.read(path.resolve(props.baseDir, row.file));
    if (typeof content === 'string') { reject(line, content); continue; }
    const sha256 = hash('sha256', content, 'buffer');
    const masterIdentifier = legacyMasterIdentifier(row, sha256);
    // The same document twice in one batch is stored once.
    if (batch.masterIdentifiers.has(masterIdentifier)) { counts.skipped++; continue; }
    batch.masterIdentifiers.add(masterIdentifier);
    const hex = sha256.toString('hex');
    let bytes = batch.contents.get(hex);
    if (!bytes) batch.contents.set(hex, bytes = batch.blobs.row(2).bytea(sha256).byteaView(content));
    batch.rows.push({ line, row, bytes, sha256, sha1: hash('sha1', content, 'buffer'), masterIdentifier });
    if (batch.rows.length >= batchSize) {
      await flush();
      today = finnishDay(props.now());
    }
  }
  const interrupted = props.signal?.aborted === true;
  await flush();
  await settle();
  if (counts.batches === 0 && !interrupted) props.progress?.({ ...counts });
  return { ...counts, interrupted };
}

// L4: the manifest of a legacy data import (docs/legacy-import.md), one document a row, as CSV
// with a header or as JSON lines. Pure: a row's text in, a checked row or the reason out. The
// reasons name the field and never its value, so that a reject file or a terminal never shows an
// identity code. Whether the file exists and the controller is registered is checked by the use
// case (src/usecases/import-legacy.ts), which has the I/O.
import { parseIdentityCode, type IdentityCode } from './identity-code.ts';
import { DOCUMENT_TYPE_SYSTEM, findDocumentType, SERVICE_TASK_KEYS, type ServiceTaskKey } from './codes/index.ts';

/** The manifest's columns (CSV header names, JSON keys). */
export const MANIFEST_FIELDS = ['person', 'controller', 'serviceTask', 'type', 'date', 'file', 'oldClientRelationship', 'title'] as const;
type Field = (typeof MANIFEST_FIELDS)[number];
const REQUIRED: readonly Field[] = ['person', 'serviceTask', 'type', 'date', 'file', 'oldClientRelationship'];

/** One good row, before its file is read. */
export interface LegacyRow {
  readonly identityCode: IdentityCode;
  readonly birthDate: string;
  /** The controller whose register the document goes to (L4: its own old client data). */
  readonly controllerOid: string;
  readonly serviceTask: ServiceTaskKey;
  /** A code of the national document type list (1.2.246.537.6.1506). */
  readonly typeCode: string;
  /** YYYY-MM-DD: when the document was made in the old system. */
  readonly date: string;
  /** As written in the manifest: relative to the manifest's folder. */
  readonly file: string;
  /** The document belongs to a client relationship that had ended before the import (L4). */
  readonly oldClientRelationship: boolean;
  readonly title: string | null;
}

export type RowCheck = { readonly ok: true; readonly row: LegacyRow } | { readonly ok: false; readonly reason: string };

const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
const bad = (reason: string): RowCheck => ({ ok: false, reason });

function realDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (['true', 'yes', '1'].includes(v)) return true;
  if (['false', 'no', '0'].includes(v)) return false;
  return undefined;
}

/**
 * Checks one row's fields. `defaultController` is the --controller option; a row's own controller
 * column wins. `today` (YYYY-MM-DD) bounds the date: a document cannot predate nothing, nor be
 * made in the future.
 */
export function checkLegacyRow(fields: Readonly<Record<string, unknown>>, defaultController: string | undefined, today: string): RowCheck {
  for (const key of Object.keys(fields)) {
    if (!(MANIFEST_FIELDS as readonly string[]).includes(key)) return bad(`unknown field '${key}'`);
  }
  const text = (f: Field): string => (typeof fields[f] === 'string' ? (fields[f] as string).trim() : fields[f] === undefined || fields[f] === null ? '' : String(fields[f]));
  for (const f of REQUIRED) if (text(f) === '') return bad(`${f} is missing`);
  const person = parseIdentityCode(text('person'));
  if (!person.ok) return bad(`person is not a valid personal identity code: ${person.reason}`);
  const controllerOid = text('controller') || defaultController || '';
  if (controllerOid === '') return bad('controller is missing (give the column or --controller)');
  if (!OID.test(controllerOid)) return bad('controller must be an OID (digits and dots)');
  const task = text('serviceTask');
  if (!(SERVICE_TASK_KEYS as readonly string[]).includes(task)) return bad(`serviceTask must be one of ${SERVICE_TASK_KEYS.join(', ')}`);
  const typeCode = text('type');
  if (!findDocumentType(DOCUMENT_TYPE_SYSTEM, typeCode)) return bad(`type '${typeCode.slice(0, 20)}' is not a code of the national document type list (${DOCUMENT_TYPE_SYSTEM})`);
  const date = text('date');
  if (!realDate(date)) return bad('date must be a real date, YYYY-MM-DD');
  if (date > today) return bad(`date is after today (${today})`);
  if (date < person.birthDate) return bad('date is before the person\'s birth date');
  const file = text('file');
  if (file.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(file)) return bad('file must be a path relative to the manifest');
  const old = flag(fields.oldClientRelationship);
  if (old === undefined) return bad('oldClientRelationship must be true or false');
  const title = text('title');
  if (title.length > 500) return bad('title is longer than 500 characters');
  // PostgreSQL's text cannot hold NUL: caught here, it is one bad row rather than a failed batch.
  if (title.includes('\u0000')) return bad('title contains a NUL character');
  return {
    ok: true,
    row: { identityCode: person.code, birthDate: person.birthDate, controllerOid, serviceTask: task as ServiceTaskKey, typeCode, date, file, oldClientRelationship: old, title: title || null },
  };
}

/** One CSV record of one line (RFC 4180 quoting, "" for a quote); undefined when the quotes do not close. */
export function splitCsvLine(line: string): string[] | undefined {
  // Most rows quote nothing: the same fields, without a loop over every character (L4 speed).
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { out.push(field); field = ''; }
    else field += c;
  }
  if (quoted) return undefined;
  out.push(field);
  return out;
}

/** A CSV field for the reject file. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export type ManifestFormat = 'csv' | 'jsonl';

/**
 * Turns a manifest's lines into field records: the header names the CSV columns; a JSON line is
 * one object. Blank lines are skipped; `line` is the line's number in the file (the header is 1).
 */
export class ManifestReader {
  private header: string[] | undefined;
  readonly format: ManifestFormat;

  constructor(format: ManifestFormat) {
    this.format = format;
  }

  /** The fields of one line: a record, a reason, 'header' for the CSV header, or 'blank'. */
  read(text: string): { fields: Record<string, unknown> } | { reason: string } | 'header' | 'blank' {
    if (text.trim() === '') return 'blank';
    if (this.format === 'jsonl') {
      let value: unknown;
      try { value = JSON.parse(text); } catch { return { reason: 'not valid JSON' }; }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return { reason: 'a line must be one JSON object' };
      return { fields: value as Record<string, unknown> };
    }
    const cells = splitCsvLine(text.replace(/\r$/, ''));
    if (!cells) return { reason: 'a quoted field does not close on its line' };
    if (!this.header) {
      const unknown = cells.find((c) => !(MANIFEST_FIELDS as readonly string[]).includes(c.trim()));
      if (unknown !== undefined) throw new ManifestError(`the CSV header names an unknown column '${unknown.slice(0, 40)}' (columns: ${MANIFEST_FIELDS.join(', ')})`);
      this.header = cells.map((c) => c.trim());
      return 'header';
    }
    if (cells.length !== this.header.length) return { reason: `${cells.length} fields where the header has ${this.header.length}` };
    return { fields: Object.fromEntries(this.header.map((h, i) => [h, cells[i]!])) };
  }
}

/** A manifest that cannot be read at all (its header), as opposed to a bad row. */
export class ManifestError extends Error {}

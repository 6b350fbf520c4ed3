// The lines of a registers import file (docs/registers.md): one JSON object per line, a person or
// a representation of the population register, or a mandate of the mandate register. Pure: each
// line is checked on its own and every problem is reported with its line number. A reason never
// repeats a value from the line (it could be an identity code): it names the field instead.
import { parseIdentityCode } from './identity-code.ts';
import { MANDATE_SCOPES, REPRESENTATION_KINDS, type MandateScope, type RepresentationKind } from './registers.ts';

/** A checked identity code with the birth date it gives. */
export interface CodedPerson {
  readonly identityCode: string;
  readonly birthDate: string;
}

export type RegisterRecord =
  | { readonly type: 'person'; readonly person: CodedPerson; readonly givenName: string; readonly familyName: string }
  | { readonly type: 'representation'; readonly person: CodedPerson; readonly representative: CodedPerson; readonly kind: RepresentationKind; readonly start: string; readonly end: string | null }
  | { readonly type: 'mandate'; readonly id: string; readonly principal: CodedPerson; readonly holder: CodedPerson; readonly scopes: readonly MandateScope[]; readonly validFrom: string; readonly validUntil: string | null; readonly revokedAt: string | null };

export interface LineProblem {
  /** 1-based. */
  readonly line: number;
  readonly reason: string;
}

/** Longer lines are refused unread: no record of the format comes near it. */
export const MAX_LINE_LENGTH = 10_000;
const MAX_TEXT = 200;

const FIELDS: Readonly<Record<RegisterRecord['type'], readonly string[]>> = {
  person: ['register', 'type', 'identityCode', 'givenName', 'familyName'],
  representation: ['register', 'type', 'person', 'representative', 'kind', 'start', 'end'],
  mandate: ['register', 'id', 'principal', 'holder', 'scopes', 'validFrom', 'validUntil', 'revokedAt'],
};

class LineError extends Error {}
const fail = (reason: string): never => { throw new LineError(reason); };

/** A field name safe to repeat in a reason (never a value that could be an identity code). */
const fieldName = (name: string): string => (/^[A-Za-z]{1,40}$/.test(name) ? `'${name}'` : 'with an unexpected name');

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function date(o: Record<string, unknown>, field: string): string {
  const v = o[field];
  if (typeof v !== 'string' || !isRealDate(v)) fail(`${field} must be a real date YYYY-MM-DD`);
  return v as string;
}

function optionalDate(o: Record<string, unknown>, field: string): string | null {
  return o[field] === undefined || o[field] === null ? null : date(o, field);
}

function text(o: Record<string, unknown>, field: string): string {
  const v = o[field];
  if (typeof v !== 'string' || v.trim() === '') fail(`${field} must be a non-empty string`);
  if ((v as string).length > MAX_TEXT) fail(`${field} is longer than ${MAX_TEXT} characters`);
  return (v as string).trim();
}

function person(o: Record<string, unknown>, field: string): CodedPerson {
  const v = o[field];
  if (typeof v !== 'string') return fail(`${field} must be a personal identity code (a string)`);
  const parsed = parseIdentityCode(v);
  if (!parsed.ok) return fail(`${field} is not a valid personal identity code: ${parsed.reason}`);
  return { identityCode: parsed.code, birthDate: parsed.birthDate };
}

function instant(o: Record<string, unknown>, field: string): string | null {
  const v = o[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) || Number.isNaN(Date.parse(v)) || !isRealDate(v.slice(0, 10))) {
    return fail(`${field} must be null or a date and time with its offset, e.g. 2026-03-02T10:00:00+02:00`);
  }
  return new Date(v).toISOString();
}

function notBefore(first: string, last: string | null, names: string): void {
  if (last !== null && last < first) fail(`${names}: the end is before the start`);
}

function recordOf(o: Record<string, unknown>): RegisterRecord {
  const register = o.register;
  if (register !== 'population' && register !== 'mandate') return fail("register must be 'population' or 'mandate'");
  let type: RegisterRecord['type'];
  if (register === 'mandate') {
    if (o.type !== undefined && o.type !== 'mandate') fail("a mandate register record has no type, or type 'mandate'");
    type = 'mandate';
  } else {
    if (o.type !== 'person' && o.type !== 'representation') fail("a population register record has type 'person' or 'representation'");
    type = o.type as 'person' | 'representation';
  }
  const allowed = type === 'mandate' ? [...FIELDS.mandate, 'type'] : FIELDS[type];
  const unknown = Object.keys(o).filter((k) => !allowed.includes(k));
  if (unknown.length) fail(`unknown field ${fieldName(unknown[0]!)} in a ${type} record (fields: ${FIELDS[type].join(', ')})`);

  if (type === 'person') return { type, person: person(o, 'identityCode'), givenName: text(o, 'givenName'), familyName: text(o, 'familyName') };
  if (type === 'representation') {
    const represented = person(o, 'person');
    const representative = person(o, 'representative');
    if (represented.identityCode === representative.identityCode) fail('person and representative are the same person');
    const kind = o.kind;
    if (typeof kind !== 'string' || !(REPRESENTATION_KINDS as readonly string[]).includes(kind)) fail(`kind must be one of ${REPRESENTATION_KINDS.join(', ')}`);
    const start = date(o, 'start');
    const end = optionalDate(o, 'end');
    notBefore(start, end, 'start and end');
    return { type, person: represented, representative, kind: kind as RepresentationKind, start, end };
  }
  const id = text(o, 'id');
  const principal = person(o, 'principal');
  const holder = person(o, 'holder');
  if (principal.identityCode === holder.identityCode) fail('principal and holder are the same person');
  const scopes = o.scopes;
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => (MANDATE_SCOPES as readonly unknown[]).includes(s)) || new Set(scopes).size !== scopes.length) {
    fail(`scopes must be a non-empty list of distinct scopes from ${MANDATE_SCOPES.join(', ')}`);
  }
  const validFrom = date(o, 'validFrom');
  const validUntil = optionalDate(o, 'validUntil');
  notBefore(validFrom, validUntil, 'validFrom and validUntil');
  return { type, id, principal, holder, scopes: scopes as MandateScope[], validFrom, validUntil, revokedAt: instant(o, 'revokedAt') };
}

/** One line: a record, or why it is not one. A blank line is no record and no problem. */
export function parseRegisterLine(line: string): { ok: true; record: RegisterRecord | undefined } | { ok: false; reason: string } {
  if (line.length > MAX_LINE_LENGTH) return { ok: false, reason: `the line is longer than ${MAX_LINE_LENGTH} characters` };
  if (line.trim() === '') return { ok: true, record: undefined };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    // JSON.parse's message may quote the line; only the position is repeated.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    return { ok: false, reason: `not valid JSON${at ? ` (at character ${Number(at) + 1})` : ''}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  try {
    return { ok: true, record: recordOf(value as Record<string, unknown>) };
  } catch (error) {
    if (error instanceof LineError) return { ok: false, reason: error.message };
    throw error;
  }
}

// FHIR R4 search value syntax, independent of any resource: comma OR with backslash escapes,
// token `system|code`, `|code` and `code`, date values with a prefix and the precision given,
// and the `Prefer: handling=` header. Pure: no I/O, no clock.
// See http://hl7.org/fhir/R4/search.html (escaping, token, date, handling).
import type { Problem } from '../domain/errors.ts';

export type Sink = (problem: Problem) => void;

/** Splits one parameter value on unescaped commas (FHIR: `\,` is a literal comma). */
export function splitOr(value: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) { current += c + value[i + 1]; i++; continue; }
    if (c === ',') { out.push(current); current = ''; continue; }
    current += c;
  }
  out.push(current);
  return out.map((v) => v.trim());
}

/** Removes FHIR search escapes (`\,` `\|` `\$` `\\`). */
export function unescape(value: string): string {
  return value.replace(/\\([,|$\\])/g, '$1');
}

/**
 * A token as FHIR reads it: `code` (any system), `|code` (no system: system null),
 * `system|code`, and `system|` (any code of that system: code undefined).
 */
export interface Token {
  /** undefined: any system; null: the element has no system; a string: that system. */
  readonly system: string | null | undefined;
  /** undefined: any code of the system. */
  readonly code: string | undefined;
}

export function parseToken(value: string): Token {
  let bar = -1;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\') { i++; continue; }
    if (value[i] === '|') { bar = i; break; }
  }
  if (bar === -1) return { system: undefined, code: unescape(value) };
  const system = unescape(value.slice(0, bar));
  const code = unescape(value.slice(bar + 1));
  return { system: system === '' ? null : system, code: code === '' ? undefined : code };
}

/** The token back in its canonical text form, for the self link. */
export function tokenText(t: Token): string {
  const esc = (s: string): string => s.replace(/[\\,|$]/g, (c) => `\\${c}`);
  if (t.system === undefined) return esc(t.code ?? '');
  return `${t.system === null ? '' : esc(t.system)}|${t.code === undefined ? '' : esc(t.code)}`;
}

/**
 * Whether a token can match an element whose system is `system` (never absent in Kansio's
 * output), and if so the code it asks for: undefined code = any code of that system.
 */
export function tokenForSystem(t: Token, system: string): { matches: false } | { matches: true; code: string | undefined } {
  if (t.system === null) return { matches: false };
  if (t.system !== undefined && t.system !== system) return { matches: false };
  return { matches: true, code: t.code };
}

export type DatePrefix = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'sa' | 'eb';

/** A date search value: the prefix and the range its precision covers, [start, end). */
export interface DateRange {
  readonly prefix: DatePrefix;
  readonly start: string;
  readonly end: string;
}

const DATE_VALUE = /^([a-z]{2})?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const PREFIXES: readonly string[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'sa', 'eb'];

/** Milliseconds since the epoch of a UTC calendar time; years below 100 stay literal. */
function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const date = new Date(Date.UTC(2000, 0, 1, h, mi, s, ms));
  date.setUTCFullYear(y, mo, d);
  return date.getTime();
}

function daysIn(year: number, month: number): number {
  return new Date(utc(year, month + 1, 1) - 86_400_000).getUTCDate();
}

/**
 * Reads a FHIR date search value. The range is the precision of the value given: `2025` is the
 * whole year, `2025-03` the month, `2025-03-01T10:00` the minute. Dates and dateTimes without a
 * time zone are read in UTC. A value that names no real date (`2025-13`, `2025-02-30`,
 * `T25:00`) is refused, never rolled over.
 */
export function parseDateValue(name: string, value: string, add: Sink): DateRange | undefined {
  const m = DATE_VALUE.exec(value);
  const bad = (why: string): undefined => { add({ code: 'value', message: `${name}: '${value}' ${why}`, expression: name }); return undefined; };
  if (!m) return bad('is not a FHIR date search value: [prefix]YYYY[-MM[-DD[Thh:mm[:ss[.fff]][Z|+hh:mm]]]], e.g. ge2026-01-01');
  const prefix = m[1] ?? 'eq';
  if (prefix === 'ap') return bad('uses the prefix ap (approximately), which Kansio does not support; use ge and le');
  if (!PREFIXES.includes(prefix)) return bad(`has an unknown prefix '${prefix}'; use one of ${PREFIXES.join(', ')}`);
  const year = Number(m[2]);
  const month = m[3] === undefined ? undefined : Number(m[3]) - 1;
  const day = m[4] === undefined ? undefined : Number(m[4]);
  if (month !== undefined && (month < 0 || month > 11)) return bad(`has no month ${m[3]}`);
  if (day !== undefined && (day < 1 || day > daysIn(year, month!))) return bad(`is not a real date: ${m[2]}-${m[3]} has no day ${m[4]}`);
  if (m[5] === undefined) {
    const start = utc(year, month ?? 0, day ?? 1);
    const end = day !== undefined ? utc(year, month!, day + 1) : month !== undefined ? utc(year, month + 1, 1) : utc(year + 1, 0, 1);
    return { prefix: prefix as DatePrefix, start: new Date(start).toISOString(), end: new Date(end).toISOString() };
  }
  const [hour, minute] = [Number(m[5]), Number(m[6])];
  const second = m[7] === undefined ? undefined : Number(m[7]);
  if (hour > 23 || minute > 59 || (second ?? 0) > 59) return bad('is not a real time of day');
  let offset = 0;
  const zone = m[9];
  if (zone && zone !== 'Z') {
    const [zh, zm] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    if (zh > 14 || zm > 59) return bad(`has an impossible time zone offset ${zone}`);
    offset = (zone[0] === '-' ? -1 : 1) * (zh * 60 + zm) * 60_000;
  }
  const fraction = m[8];
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const start = utc(year, month!, day!, hour, minute, second ?? 0, ms) - offset;
  // The precision of the value: a minute, a second, or the fraction's last digit (at least 1 ms).
  const step = second === undefined ? 60_000 : fraction === undefined ? 1000 : Math.max(1, 1000 / 10 ** fraction.length);
  return { prefix: prefix as DatePrefix, start: new Date(start).toISOString(), end: new Date(start + Math.ceil(step)).toISOString() };
}

/** FHIR `Prefer: handling=strict|lenient`: what to do with parameters the server does not know. */
export type Handling = 'strict' | 'lenient';

export function handlingOf(prefer: string | string[] | undefined, fallback: Handling): Handling {
  const text = [prefer ?? []].flat().join(',');
  const m = /(?:^|[,;\s])handling\s*=\s*"?(strict|lenient)"?/i.exec(text);
  return m ? (m[1]!.toLowerCase() as Handling) : fallback;
}

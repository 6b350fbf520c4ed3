// Readers of ITI-67 search values, shared by the parameter declarations in search-params.ts:
// each turns the occurrences of one parameter into store criteria (SearchFilter) and records
// the parameter as applied, for the self link.
import type { DocumentStatus } from '../domain/types.ts';
import type { SearchFilter, StringMatch } from '../store/documents.ts';
import { findDocumentType } from '../domain/codes/index.ts';
import { SYSTEMS, typeSystemOid } from './extensions.ts';
import { parseDateValue, parseToken, tokenForSystem, tokenText, unescape, type Sink, type Token } from './search-values.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One occurrence of a parameter in the request: its modifier and its comma-separated values. */
export interface Occurrence {
  readonly modifier: string | undefined;
  readonly values: readonly string[];
}

/** What the readers build up: the store query, the client, and the search as applied. */
export interface Draft {
  filters: SearchFilter[];
  statuses?: DocumentStatus[];
  patientFhirId?: string;
  identityCode?: string;
  /** patient.identifier of another system: no client of the archive can match. */
  noClient?: boolean;
  count: number;
  offset: number;
  legalJustification?: string;
  applied: [string, string][];
}

export type Reader = (name: string, occurrences: readonly Occurrence[], draft: Draft, add: Sink) => void;

/** A parameter that may be given once, with one value. */
export function single(name: string, occurrences: readonly Occurrence[], add: Sink): string | undefined {
  if (occurrences.length > 1 || (occurrences[0]?.values.length ?? 0) > 1) add({ code: 'structure', message: `${name} may be given only once, with one value`, expression: name });
  return occurrences[0]?.values[0];
}

/**
 * A token parameter: each occurrence (ANDed) becomes one criterion from its tokens (ORed).
 * `toFilter` answers undefined when a token matches every document (system| of a system every
 * document has), which drops the criterion.
 */
export function tokens(toFilter: (tokens: readonly Token[], name: string, add: Sink) => SearchFilter | undefined): Reader {
  return (name, occurrences, draft, add) => {
    for (const o of occurrences) {
      const list = o.values.map(parseToken);
      const filter = toFilter(list, name, add);
      if (filter) draft.filters.push(filter);
      draft.applied.push([name, list.map(tokenText).join(',')]);
    }
  };
}

/** Codes asked of an element coded in `system`; 'all' when a token asks for any code of it. */
export function codesIn(list: readonly Token[], system: string): string[] | 'all' {
  const codes: string[] = [];
  for (const t of list) {
    const m = tokenForSystem(t, system);
    if (!m.matches) continue;
    if (m.code === undefined) return 'all';
    codes.push(m.code);
  }
  return codes;
}

export function dates(kind: 'created' | 'stored' | 'period'): Reader {
  return (name, occurrences, draft, add) => {
    for (const o of occurrences) {
      const ranges = o.values.map((v) => parseDateValue(name, v, add)).filter((r) => r !== undefined);
      draft.filters.push({ kind, dates: ranges });
      draft.applied.push([name, o.values.join(',')]);
    }
  };
}

export function strings(kind: 'author-given' | 'author-family'): Reader {
  return (name, occurrences, draft) => {
    for (const o of occurrences) {
      const mode: StringMatch['mode'] = o.modifier === 'exact' ? 'exact' : o.modifier === 'contains' ? 'contains' : 'starts';
      const values = o.values.map((v) => unescape(v).normalize('NFC'));
      draft.filters.push({ kind, matches: values.map((value) => ({ mode, value })) });
      draft.applied.push([o.modifier ? `${name}:${o.modifier}` : name, values.map((v) => v.replace(/[\\,$|]/g, (c) => `\\${c}`)).join(',')]);
    }
  };
}

/** A document-type code of the national list; a code not in it is refused (it can never match). */
export function typeCoding(t: Token, add: Sink): { system?: string; code?: string } | undefined {
  if (t.system === null) return undefined;
  if (t.system === undefined) return { code: t.code! };
  const oid = typeSystemOid(t.system);
  if (!oid) return undefined;
  if (t.code !== undefined && !findDocumentType(oid, t.code)) {
    add({ code: 'code-invalid', message: `type code '${t.code}' is not in ${t.system}`, expression: 'type' });
    return undefined;
  }
  return { system: oid, ...(t.code !== undefined ? { code: t.code } : {}) };
}

/**
 * related: a token (system|value, or any value with related:identifier) searches the
 * identifiers of context.related, where Kansio writes the matter as
 * urn:ietf:rfc:3986|urn:uuid:<matter set id>; a bare id is read as a reference to a version
 * (relatesTo) or a matter, as Kansio has always done.
 */
export function relatedValues(list: readonly Token[], byIdentifier: boolean, add: Sink): SearchFilter {
  const ids: string[] = [];
  const matters: string[] = [];
  let anyMatter = false;
  for (const t of list) {
    if (t.system === null || (t.system !== undefined && t.system !== SYSTEMS.rfc3986)) continue; // no such identifier is ever written
    if (t.system !== undefined || byIdentifier) {
      if (t.code === undefined) { anyMatter = true; continue; }
      const m = /^urn:uuid:([0-9a-f-]{36})$/i.exec(t.code);
      if (m && UUID.test(m[1]!)) matters.push(m[1]!.toLowerCase());
      continue;
    }
    const id = (t.code ?? '').replace(/^(DocumentReference\/|urn:uuid:)/i, '').toLowerCase();
    if (UUID.test(id)) ids.push(id);
    else add({ code: 'value', message: `related must be a DocumentReference id, urn:uuid:<id>, or ${SYSTEMS.rfc3986}|urn:uuid:<matter set id>`, expression: 'related' });
  }
  return { kind: 'related', ids, matters, anyMatter };
}

/** A whole number parameter within bounds. */
export function whole(name: string, value: string | undefined, fallback: number, min: number, max: number, add: Sink): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) { add({ code: 'value', message: `${name} must be a whole number from ${min} to ${max}`, expression: name }); return fallback; }
  return n;
}

// Typed access to untrusted JSON for the FHIR readers: each reader checks the type of what it
// reads, adds a problem with its FHIRPath on a mismatch, and returns undefined, so that a reader
// can collect every problem of a resource and throw them together.
import type { IssueCode, Problem } from '../domain/errors.ts';

export type Json = { readonly [key: string]: unknown };
export type Sink = (problem: Problem) => void;

export const MAX_STRING = 2000;

/**
 * A value as a message quotes it: JSON, cut to 80 characters, so that a hostile megabyte (or an
 * identity code pasted into the wrong element) is not echoed whole.
 */
export function shown(value: unknown): string {
  const text = JSON.stringify(value ?? null) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const get = (o: Json, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);

/** Adds a problem and gives undefined, so that a check can end with `return refuse(...)`. */
export function refuse(add: Sink, code: IssueCode, expression: string, message: string): undefined {
  add({ code, message, expression });
  return undefined;
}

export const missing = (expression: string, message: string, add: Sink): undefined => refuse(add, 'required', expression, message);

export function objectAt(o: Json, key: string, at: string, add: Sink, required?: string): Json | undefined {
  const v = get(o, key);
  if (v === undefined) return required ? missing(`${at}.${key}`, required, add) : undefined;
  if (isObject(v)) return v;
  add({ code: 'structure', message: `${key} must be a JSON object`, expression: `${at}.${key}` });
  return undefined;
}

export function arrayAt(o: Json, key: string, at: string, add: Sink, required?: string): unknown[] | undefined {
  const v = get(o, key);
  if (v === undefined) return required ? missing(`${at}.${key}`, required, add) : undefined;
  if (Array.isArray(v)) return v;
  add({ code: 'structure', message: `${key} must be a JSON array`, expression: `${at}.${key}` });
  return undefined;
}

export function stringAt(o: Json, key: string, at: string, add: Sink, required?: string): string | undefined {
  const v = get(o, key);
  const expression = `${at}.${key}`;
  if (v === undefined) return required ? missing(expression, required, add) : undefined;
  if (typeof v !== 'string') add({ code: 'structure', message: `${key} must be a string`, expression });
  else if (v.length > MAX_STRING) add({ code: 'too-long', message: `${key} is longer than ${MAX_STRING} characters`, expression });
  else if (v.trim() === '') add({ code: 'value', message: `${key} must not be empty`, expression });
  else return v;
  return undefined;
}

/** The objects of an array with their paths; anything else in it is a problem. */
export function objectsIn(list: readonly unknown[], at: string, add: Sink): [Json, string][] {
  const out: [Json, string][] = [];
  list.forEach((v, i) => {
    if (isObject(v)) out.push([v, `${at}[${i}]`]);
    else add({ code: 'structure', message: 'each entry must be a JSON object', expression: `${at}[${i}]` });
  });
  return out;
}

export interface Coding { readonly system?: string; readonly code?: string; readonly at: string }

export function codingsOf(cc: Json, at: string, add: Sink): Coding[] {
  return objectsIn(arrayAt(cc, 'coding', at, add) ?? [], `${at}.coding`, add)
    .map(([c, cAt]) => ({ system: stringAt(c, 'system', cAt, add), code: stringAt(c, 'code', cAt, add), at: cAt }));
}

/** The single element of a one-entry array of objects. */
export function onlyObject(o: Json, key: string, at: string, add: Sink, what: string): [Json, string] | undefined {
  const list = arrayAt(o, key, at, add, `${key} is required: ${what}`);
  if (!list) return undefined;
  if (list.length !== 1) {
    add({ code: 'structure', message: `${key} must have exactly one entry: ${what}`, expression: `${at}.${key}` });
    return undefined;
  }
  return objectsIn(list, `${at}.${key}`, add)[0];
}

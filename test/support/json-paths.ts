// Planting hostile values anywhere in a valid JSON document, for the fuzz tests.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside a JSON document. */
export function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => paths(v, [...prefix, i])));
  if (value && typeof value === 'object') return here.concat(...Object.entries(value).map(([k, v]) => paths(v, [...prefix, k])));
  return here;
}

/** A copy of the document with the value at the path replaced (defineProperty, so a '__proto__' key is a plain key). */
export function plant(doc: Json, path: (string | number)[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const copy = structuredClone(doc) as { [key: string]: Json };
  let cursor: { [key: string]: Json } = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key as string] as { [key: string]: Json };
  Object.defineProperty(cursor, path.at(-1)!, { value: replacement, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Where a character can be planted in a JSON document: inside a string value, or inside a property name. */
export type Slot = { readonly kind: 'value' | 'key'; readonly path: (string | number)[] };

export function slots(doc: Json): Slot[] {
  return paths(doc).flatMap((p): Slot[] => {
    const here = valueAt(doc, p);
    const out: Slot[] = typeof here === 'string' ? [{ kind: 'value', path: p }] : [];
    if (typeof p.at(-1) === 'string') out.push({ kind: 'key', path: p });
    return out;
  });
}

function valueAt(doc: Json, path: (string | number)[]): Json {
  let cursor: Json = doc;
  for (const key of path) cursor = (cursor as { [key: string]: Json })[key as string]!;
  return cursor;
}

/** A copy of the document with `text` inserted at `at` (modulo its length) into the string or property name of the slot. */
export function insertInto(doc: Json, slot: Slot, text: string, at: number): Json {
  const insert = (s: string) => { const i = at % (s.length + 1); return s.slice(0, i) + text + s.slice(i); };
  if (slot.kind === 'value') return plant(doc, slot.path, insert(valueAt(doc, slot.path) as string));
  const parentPath = slot.path.slice(0, -1);
  const key = slot.path.at(-1) as string;
  const parent = valueAt(doc, parentPath) as { [key: string]: Json };
  const renamed: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(parent)) Object.defineProperty(renamed, k === key ? insert(k) : k, { value: v, enumerable: true, writable: true, configurable: true });
  return plant(doc, parentPath, renamed);
}

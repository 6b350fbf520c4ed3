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

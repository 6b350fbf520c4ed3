// SMART system scopes as sets of permission letters per resource type. v2 letters are c r u d s
// (create, read, update, delete, search); v1 `read` is r+s, `write` is c+u+d, `*` is all five.
// Grants are always written in v2 form, one scope per resource: system/DocumentReference.crus.
import type { SystemProfile } from '../domain/types.ts';
import { scopesForProfile } from '../domain/policy/system-profile.ts';

export type Permission = 'c' | 'r' | 'u' | 'd' | 's';
const ORDER: readonly Permission[] = ['c', 'r', 'u', 'd', 's'];
const V1: Readonly<Record<string, readonly Permission[]>> = { read: ['r', 's'], write: ['c', 'u', 'd'], '*': ORDER };

/** Permission letters per resource type ('*' for every type). */
export type ScopeSet = Map<string, Set<Permission>>;

/** One scope as a resource and its letters, or undefined for anything but a plain system scope. */
export function parseScope(scope: string): { resource: string; permissions: readonly Permission[] } | undefined {
  // Fine-grained v2 scopes (?category=...) are not supported: such a scope is simply not granted.
  const m = /^system\/(\*|[A-Z][A-Za-z]*)\.([a-z*]+)$/.exec(scope);
  if (!m) return undefined;
  const [, resource, rest] = m as unknown as [string, string, string];
  const v1 = V1[rest];
  if (v1) return { resource, permissions: v1 };
  // v2: letters in the order c r u d s, each at most once.
  let at = 0;
  for (const letter of rest) {
    const i = ORDER.indexOf(letter as Permission, at);
    if (i < 0) return undefined;
    at = i + 1;
  }
  return { resource, permissions: [...rest] as Permission[] };
}

export function toScopeSet(scopes: Iterable<string>): ScopeSet {
  const set: ScopeSet = new Map();
  for (const scope of scopes) {
    const parsed = parseScope(scope);
    if (!parsed) continue;
    const letters = set.get(parsed.resource) ?? new Set<Permission>();
    for (const p of parsed.permissions) letters.add(p);
    set.set(parsed.resource, letters);
  }
  return set;
}

export function formatScopes(set: ScopeSet): string[] {
  return [...set]
    .filter(([, letters]) => letters.size > 0)
    .map(([resource, letters]) => `system/${resource}.${ORDER.filter((p) => letters.has(p)).join('')}`);
}

/** L5: the requested scopes intersected with what the profile allows, in v2 form. */
export function grantScopes(requested: readonly string[], profile: SystemProfile): string[] {
  const wanted = toScopeSet(requested);
  const allowed = toScopeSet(scopesForProfile(profile));
  const granted: ScopeSet = new Map();
  for (const [resource, letters] of allowed) {
    const asked = new Set([...(wanted.get(resource) ?? []), ...(wanted.get('*') ?? [])]);
    granted.set(resource, new Set([...letters].filter((p) => asked.has(p))));
  }
  return formatScopes(granted);
}

/** Whether granted scopes (as on a Requester) allow one permission on one resource type. */
export function scopeAllows(scopes: readonly string[], resource: string, permission: Permission): boolean {
  return scopes.some((scope) => {
    const parsed = parseScope(scope);
    return parsed !== undefined && (parsed.resource === resource || parsed.resource === '*') && parsed.permissions.includes(permission);
  });
}

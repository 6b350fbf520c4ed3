// A use case that must commit an audit record for a denied request returns the denial as a
// value instead of throwing (a throw would roll the audit record back); the adapter throws it
// after the commit.
import type { KansioError } from '../domain/errors.ts';

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: KansioError };

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

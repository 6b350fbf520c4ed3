// The population and mandate registers in a test archive, filled through the real import use
// case (the same lines `kansio registers import` reads): a representative must be registered
// before the consent service accepts them (S3).
import type { TestArchive } from './archive.ts';
import type { RepresentationKind, MandateScope } from '../../src/domain/registers.ts';
import { importRegisters } from '../../src/usecases/import-registers.ts';

export type RegisterLine = Record<string, unknown>;

/** A population register relation: `representative` acts for `person` (days inclusive; start defaults to 2000-01-01). */
export function representation(kind: RepresentationKind, person: string, representative: string, options: { start?: string; end?: string | null } = {}): RegisterLine {
  return { register: 'population', type: 'representation', person, representative, kind, start: options.start ?? '2000-01-01', end: options.end ?? null };
}

export const guardianship = (child: string, guardian: string, options: { start?: string; end?: string | null } = {}): RegisterLine => representation('guardian', child, guardian, options);

let mandates = 0;

/** A mandate from `principal` to `holder`, in force since 2000-01-01 with both scopes unless told otherwise. */
export function mandate(principal: string, holder: string, options: { id?: string; scopes?: readonly MandateScope[]; validFrom?: string; validUntil?: string | null; revokedAt?: string | null } = {}): RegisterLine {
  return {
    register: 'mandate', id: options.id ?? `TEST-M-${++mandates}`, principal, holder, scopes: options.scopes ?? ['view', 'consent'],
    validFrom: options.validFrom ?? '2000-01-01', validUntil: options.validUntil ?? null, revokedAt: options.revokedAt ?? null,
  };
}

export function person(identityCode: string, givenName: string, familyName: string): RegisterLine {
  return { register: 'population', type: 'person', identityCode, givenName, familyName };
}

/** Imports the records into the archive's registers, failing loudly on a bad one. */
export async function register(archive: TestArchive, ...records: RegisterLine[]): Promise<void> {
  const result = await archive.database.db.withTransaction((tx) => importRegisters(tx, { lines: records.map((r) => JSON.stringify(r)) }));
  if (!result.ok) throw new Error(`registers import refused: ${result.problems.map((p) => `line ${p.line}: ${p.reason}`).join('; ')}`);
}

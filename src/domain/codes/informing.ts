// Versions of the Kanta informing (D5). The informing is common to all social and health
// services; when its content changes, a new version is published, and a consent or prohibition
// can be recorded only after the client has received the version in use. A deployment adds a
// version here when Kanta publishes one; the last version whose date has come is the one in use.
import type { Labels } from './labels.ts';

export const INFORMING_SYSTEM = 'https://kansio.fi/fhir/CodeSystem/kanta-informing';

export interface InformingVersion {
  readonly version: string;
  /** YYYY-MM-DD: from this day on, this version is the latest. */
  readonly inUseFrom: string;
  readonly label: Labels;
}

const VERSIONS: readonly InformingVersion[] = Object.freeze([
  { version: '2022-1', inUseFrom: '2022-05-03', label: { fi: 'Kanta-informointi 2022', sv: 'Kanta-information 2022', en: 'Kanta informing 2022' } },
  { version: '2024-1', inUseFrom: '2024-01-01', label: { fi: 'Kanta-informointi 2024', sv: 'Kanta-information 2024', en: 'Kanta informing 2024' } },
]);

export function allInformingVersions(): readonly InformingVersion[] {
  return VERSIONS;
}

export function informingVersion(version: string): InformingVersion | undefined {
  return VERSIONS.find((v) => v.version === version);
}

/** The version in use on `today` (YYYY-MM-DD). */
export function latestInformingVersion(today: string): string {
  let latest = VERSIONS[0]!;
  for (const v of VERSIONS) if (v.inUseFrom <= today) latest = v;
  return latest.version;
}

// The demo population and mandate registers, consistent with the stories: every guardian named
// on a client relationship, the mandate and the representatives the consent steps name, and the
// cases the portal shows (V8: a guardianship past the 18th birthday, a right to a minor's
// information; V9: an expired, a revoked and a view-only mandate). Imported through the same use
// case as `kansio registers import`.
import { identityCodeOf } from './bundles.ts';
import type { PersonHandle } from './fixtures.ts';

type Line = Record<string, unknown>;

const ic = (h: PersonHandle): string => identityCodeOf(h);
const rep = (kind: string, person: PersonHandle, representative: PersonHandle, start: string, end: string | null = null): Line =>
  ({ register: 'population', type: 'representation', person: ic(person), representative: ic(representative), kind, start, end });
const mandate = (id: string, principal: PersonHandle, holder: PersonHandle, scopes: string[], validFrom: string, validUntil: string | null = null, revokedAt: string | null = null): Line =>
  ({ register: 'mandate', id, principal: ic(principal), holder: ic(holder), scopes, validFrom, validUntil, revokedAt });

export const DEMO_REGISTER_LINES: readonly Line[] = [
  // V8: guardians of the minors in the stories.
  rep('guardian', 'ella', 'laura', '2017-11-21'), rep('guardian', 'ella', 'janne', '2017-11-21'),
  rep('guardian', 'eetu', 'laura', '2014-06-02'), rep('guardian', 'eetu', 'janne', '2014-06-02'),
  rep('guardian', 'emma', 'jussi', '2015-09-14'), rep('guardian', 'anni', 'jussi', '2019-04-25'),
  rep('guardian', 'aleksi', 'hanna', '2012-01-15'),
  rep('guardian', 'onni', 'petra', '2023-08-10'),
  rep('guardian', 'sofia', 'petteri', '2013-03-03'),
  // V8: Matti is not Onni's guardian but has the right to receive his information.
  rep('information-right', 'onni', 'matti', '2024-01-01'),
  // V8: Hanna was Ville's guardian until his 18th birthday (2019-12-12): it gives nothing now.
  rep('guardian', 'ville', 'hanna', '2001-12-12'),
  // S3: legal representatives of adults, acting through a professional.
  rep('trustee', 'veikko', 'heikki', '2020-01-01'),
  rep('continuing-power-of-attorney', 'mikael', 'raili', '2022-05-01'),
  // V9: Tiina acts for Pirkko in everything; Marja's mandates for Helmi have expired or were revoked;
  // Liisa may see Oskari's documents but not manage his consents.
  mandate('DEMO-M-1', 'pirkko', 'tiina', ['view', 'consent'], '2025-01-01'),
  mandate('DEMO-M-2', 'helmi', 'marja', ['view', 'consent'], '2024-01-01', '2025-06-30'),
  mandate('DEMO-M-3', 'helmi', 'marja', ['view'], '2025-07-01', null, '2025-11-01T10:00:00Z'),
  mandate('DEMO-M-4', 'oskari', 'liisa', ['view'], '2025-03-01'),
];

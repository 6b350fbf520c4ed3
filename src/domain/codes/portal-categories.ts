// V4: the categories that the portal does not show at first, to be switched on later nationally.
// A deployment sets each one "shown from date D" or never (KANSIO_PORTAL_CATEGORIES).
import type { Labels } from './labels.ts';

export const PORTAL_CATEGORY_LABELS = {
  'client-journal-entry': { fi: 'Asiakaskertomusmerkinnät', sv: 'Anteckningar i klientjournalen', en: 'Client journal entries' },
  'shared-matter': { fi: 'Yhteisen asian asiakirjat', sv: 'Handlingar i gemensamma ärenden', en: 'Documents of a shared matter' },
  'client-relationship': { fi: 'Asiakkuusasiakirja', sv: 'Klientrelationshandling', en: 'Client relationship document' },
  'parenthood-investigation': { fi: 'Isyys- ja äitiysselvitykset', sv: 'Faderskaps- och moderskapsutredningar', en: 'Parenthood investigations' },
  'adoption-counselling': { fi: 'Adoptioneuvonta', sv: 'Adoptionsrådgivning', en: 'Adoption counselling' },
} as const satisfies Record<string, Labels>;

export type PortalCategory = keyof typeof PORTAL_CATEGORY_LABELS;
export const PORTAL_CATEGORIES = Object.keys(PORTAL_CATEGORY_LABELS) as readonly PortalCategory[];

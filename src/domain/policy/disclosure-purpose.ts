// S9: the purpose a disclosure record states, in words, from the bases on which the documents
// were given. One function, so that the recipient's record (src/usecases/document-access.ts)
// and the discloser's view of it (audit-visibility.ts) say the same.
import type { AccessBasis } from './access-input.ts';
import { legalJustification } from '../codes/index.ts';

const PURPOSE: Record<AccessBasis['kind'], string> = {
  'own-register': 'the client\'s social welfare service (D1)',
  authorisation: 'producing the purchased service on the organiser\'s behalf (D3)',
  consent: 'the client\'s social welfare service, with the client\'s disclosure consent (D4)',
  statutory: 'statutory right to information (D6)',
};

export function disclosurePurpose(bases: readonly AccessBasis[]): string {
  return [...new Set(bases.map((b) => b.kind === 'statutory'
    ? `${PURPOSE.statutory}: ${legalJustification(b.justification)?.label.en ?? b.justification}`
    : PURPOSE[b.kind]))].join('; ');
}

// Coded legal justifications of the statutory broad search (D6, S6). A search that states one
// also reaches legacy, phase 1 and prohibited documents of other registers, and the code is
// written to the disclosure record. The national code list is not public: these codes name the
// kinds of statutory right to information that social welfare work relies on, and a deployment
// replaces this table with the national list.
import type { Labels } from './labels.ts';

export const LEGAL_JUSTIFICATION_SYSTEM = 'https://kansio.fi/fhir/CodeSystem/legal-justification';

export interface LegalJustification {
  readonly code: string;
  readonly label: Labels;
}

const JUSTIFICATIONS: readonly LegalJustification[] = Object.freeze([
  { code: 'child-protection-assessment', label: { fi: 'Lastensuojelun tarpeen selvitys: lakisääteinen tiedonsaantioikeus (lastensuojelulaki 417/2007)', sv: 'Utredning av barnskyddsbehov: lagstadgad rätt till information (barnskyddslagen 417/2007)', en: 'Child protection needs assessment: statutory right to information (Child Welfare Act 417/2007)' } },
  { code: 'urgent-assistance', label: { fi: 'Kiireellinen avun tarve: tiedot välttämättömiä asiakkaan hoidon ja huolenpidon turvaamiseksi', sv: 'Brådskande hjälpbehov: uppgifterna är nödvändiga för att trygga klientens vård och omsorg', en: 'Urgent need for assistance: the data is necessary to secure the client\'s care' } },
  { code: 'social-welfare-client-act', label: { fi: 'Sosiaalihuollon asiakaslain mukainen tiedonsaantioikeus (812/2000)', sv: 'Rätt till information enligt lagen om klientens ställning och rättigheter inom socialvården (812/2000)', en: 'Right to information under the Act on the Status and Rights of Social Welfare Clients (812/2000)' } },
  { code: 'supervisory-authority', label: { fi: 'Valvontaviranomaisen lakisääteinen tiedonsaantioikeus', sv: 'Tillsynsmyndighetens lagstadgade rätt till information', en: 'Statutory right to information of a supervisory authority' } },
]);


export function legalJustification(code: string): LegalJustification | undefined {
  return JUSTIFICATIONS.find((j) => j.code === code);
}

export function allLegalJustifications(): readonly LegalJustification[] {
  return JUSTIFICATIONS;
}

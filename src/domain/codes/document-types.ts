// Generated once from the national document structure list (document-types.tsv, 202 rows)
// and kept as plain data, so nothing reads the TSV at run time. fi, and sv where published, are
// the official names with whitespace runs collapsed and the first letter capitalised; en, and sv
// where none is published, are our own translations. test/domain/codes.test.ts checks the table
// against the TSV, so a new TSV release shows up as a failing test.
import type { Labels } from './labels.ts';

/** Document type ("asiakirjarakenne") code system: the 1506 structures. */
export const DOCUMENT_TYPE_SYSTEM = '1.2.246.537.6.1506';
/** Document group code system: client relationship, matter and consent service documents. */
export const DOCUMENT_GROUP_SYSTEM = '1.2.246.537.6.1505';

/** Group code of the client relationship document (V3 sv, V4 fi). */
export const CLIENT_RELATIONSHIP_GROUP_CODE = '1';
/** Group code of the matter document: documents of a shared matter (V4, S8). */
export const MATTER_GROUP_CODE = '2';
/** Group codes of the consent service's own documents (D11). */
export const DISCLOSURE_CONSENT_GROUP_CODE = '8';
export const PROHIBITION_GROUP_CODE = '9';

/** One key per general type ("yleinen asiakirjatyyppi") in the TSV. */
export const GENERAL_TYPE_LABELS = {
  decision: { fi: 'Päätös', sv: 'Beslut', en: 'Decision' },
  plan: { fi: 'Suunnitelma', sv: 'Plan', en: 'Plan' },
  assessment: { fi: 'Arvio', sv: 'Bedömning', en: 'Assessment' },
  'client-journal-entry': { fi: 'Asiakaskertomusmerkintä', sv: 'Anteckning i klientjournalen', en: 'Client journal entry' },
  'payment-commitment': { fi: 'Maksusitoumus', sv: 'Betalningsförbindelse', en: 'Payment commitment' },
  request: { fi: 'Pyyntö', sv: 'Begäran', en: 'Request' },
  notification: { fi: 'Ilmoitus', sv: 'Anmälan', en: 'Notification' },
  statement: { fi: 'Lausunto', sv: 'Utlåtande', en: 'Statement' },
  report: { fi: 'Selvitys', sv: 'Utredning', en: 'Report' },
  summary: { fi: 'Yhteenveto', sv: 'Sammanfattning', en: 'Summary' },
  consent: { fi: 'Suostumus', sv: 'Samtycke', en: 'Consent' },
  agreement: { fi: 'Sopimus', sv: 'Avtal', en: 'Agreement' },
  application: { fi: 'Hakemus', sv: 'Ansökan', en: 'Application' },
  hearing: { fi: 'Kuulemisasiakirja', sv: 'Samrådshandling', en: 'Hearing document' },
  referral: { fi: 'Lähete', sv: 'Remiss', en: 'Referral' },
  calculation: { fi: 'Laskelma', sv: 'Beräkning', en: 'Calculation' },
  'client-relationship': { fi: 'Asiakkuusasiakirja', sv: 'Klientrelationshandling', en: 'Client relationship document' },
  matter: { fi: 'Asia-asiakirja', sv: 'Ärendehandling', en: 'Matter document' },
  'disclosure-consent': { fi: 'Luovutuslupa-asiakirja', sv: 'Tillståndshandling', en: 'Disclosure consent document' },
  prohibition: { fi: 'Kieltoasiakirja', sv: 'Förbudshandling', en: 'Prohibition document' },
} as const satisfies Record<string, Labels>;
export type GeneralType = keyof typeof GENERAL_TYPE_LABELS;

/**
 * One key per subject group in the TSV. 'unassigned' stands for the one structure the TSV
 * leaves without a group; its fi text is ours.
 */
export const SUBJECT_GROUP_LABELS = {
  common: { fi: 'Sosiaalihuollon palvelutehtäville yhteiset asiakasasiakirjat', sv: 'Klienthandlingar som är gemensamma för socialvårdens serviceuppgifter', en: 'Client documents common to all social welfare service tasks' },
  'matter-and-client-relationship': { fi: 'Asia- ja asiakkuusasiakirja', sv: 'Ärende- och klientrelationshandling', en: 'Matter and client relationship document' },
  'consent-service': { fi: 'Tahdonilmaisupalvelun asiakirjat', sv: 'Handlingar i viljeyttringstjänsten', en: 'Consent service documents' },
  'older-people-services': { fi: 'Iäkkäiden palvelujen asiakasasiakirjat', sv: 'Klienthandlingar inom äldreservicen', en: 'Client documents of services for older people' },
  'families-with-children-services': { fi: 'Lapsiperheiden palvelujen asiakasasiakirjat', sv: 'Klienthandlingar inom servicen för barnfamiljer', en: 'Client documents of services for families with children' },
  'working-age-services': { fi: 'Työikäisten palvelujen asiakasasiakirjat', sv: 'Klienthandlingar inom servicen för personer i arbetsför ålder', en: 'Client documents of services for working-age people' },
  'disability-services': { fi: 'Vammaispalvelujen asiakasasiakirjat', sv: 'Klienthandlingar inom funktionshinderservicen', en: 'Client documents of disability services' },
  'substance-abuse-and-addiction-services': { fi: 'Päihde- ja riippuvuustyön erityisten palvelujen asiakasasiakirjat', sv: 'Klienthandlingar inom särskild service inom arbetet med missbruk och beroende', en: 'Client documents of specialised substance abuse and addiction services' },
  'child-protection-common': { fi: 'Lastensuojelun yhteiset asiakasasiakirjat', sv: 'Gemensamma klienthandlingar inom barnskyddet', en: 'Common child protection client documents' },
  'child-protection-open-care': { fi: 'Lastensuojelun avohuollon asiakasasiakirjat', sv: 'Klienthandlingar inom barnskyddets öppenvård', en: 'Child protection open-care client documents' },
  'child-protection-substitute-care': { fi: 'Lastensuojelun sijaishuollon asiakasasiakirjat', sv: 'Klienthandlingar inom barnskyddets vård utom hemmet', en: 'Child protection substitute care client documents' },
  'child-protection-aftercare': { fi: 'Lastensuojelun jälkihuollon asiakasasiakirjat', sv: 'Klienthandlingar inom barnskyddets eftervård', en: 'Child protection aftercare client documents' },
  'child-protection-intensive-family-work': { fi: 'Lastensuojelun tehostetun perhetyön asiakasasiakirjat', sv: 'Klienthandlingar inom barnskyddets intensifierade familjearbete', en: 'Child protection intensive family work client documents' },
  'family-work': { fi: 'Perhetyön asiakasasiakirjat', sv: 'Klienthandlingar inom familjearbete', en: 'Family work client documents' },
  'family-group-home': { fi: 'Perheryhmäkotitoiminnan asiakasasiakirjat', sv: 'Klienthandlingar inom familjegrupphemsverksamhet', en: 'Family group home client documents' },
  'child-guidance-and-family-counselling': { fi: 'Kasvatus- ja perheneuvonnan asiakasasiakirjat', sv: 'Klienthandlingar inom rådgivningen i uppfostrings- och familjefrågor', en: 'Child guidance and family counselling client documents' },
  'support-relationship': { fi: 'Tukisuhdetoiminnan asiakasasiakirjat', sv: 'Klienthandlingar inom stödrelationsverksamhet', en: 'Support person and support family client documents' },
  'informal-care-support': { fi: 'Omaishoidon tuen asiakasasiakirjat', sv: 'Klienthandlingar inom stödet för närståendevård', en: 'Informal care support client documents' },
  'rehabilitative-work-activity': { fi: 'Kuntouttavan työtoiminnan asiakasasiakirjat', sv: 'Klienthandlingar inom arbetsverksamhet i rehabiliteringssyfte', en: 'Rehabilitative work activity client documents' },
  'social-assistance': { fi: 'Täydentävän ja ehkäisevän toimeentulotuen asiakasasiakirjat', sv: 'Klienthandlingar inom kompletterande och förebyggande utkomststöd', en: 'Supplementary and preventive social assistance client documents' },
  'social-credit': { fi: 'Sosiaalisen luototuksen asiakasasiakirjat', sv: 'Klienthandlingar inom social kreditgivning', en: 'Social credit client documents' },
  'shelter-services': { fi: 'Turvakotipalvelun asiakasasiakirjat', sv: 'Klienthandlingar inom skyddshemsservicen', en: 'Shelter service client documents' },
  'violence-work': { fi: 'Väkivaltatyön asiakasasiakirjat', sv: 'Klienthandlingar inom arbetet mot våld', en: 'Violence work client documents' },
  'adoption-counselling': { fi: 'Adoptioneuvonnan asiakasasiakirjat', sv: 'Klienthandlingar inom adoptionsrådgivning', en: 'Adoption counselling client documents' },
  'parenthood-investigation': { fi: 'Vanhemmuuden selvittämisen asiakasasiakirjat', sv: 'Klienthandlingar inom utredning av föräldraskap', en: 'Parenthood investigation client documents' },
  'custody-and-visitation': { fi: 'Lapsen huollon ja tapaamisoikeuden turvaamisen asiakasasiakirjat', sv: 'Klienthandlingar för tryggande av vårdnad om barn och umgängesrätt', en: 'Client documents on securing child custody and visitation rights' },
  'child-maintenance': { fi: 'Lapsen elatusavun turvaamisen asiakasasiakirjat', sv: 'Klienthandlingar för tryggande av underhåll till barn', en: 'Client documents on securing child maintenance' },
  'spousal-maintenance': { fi: 'Puolison elatusavun turvaamisen asiakasasiakirjat', sv: 'Klienthandlingar för tryggande av underhåll till make eller maka', en: 'Client documents on securing spousal maintenance' },
  'supervised-visitation': { fi: 'Tapaamisten valvonnan asiakasasiakirjat', sv: 'Klienthandlingar inom övervakning av umgänge', en: 'Supervised visitation client documents' },
  unassigned: { fi: 'Ei aihealuetta', sv: 'Utan ämnesgrupp', en: 'No subject group' },
} as const satisfies Record<string, Labels>;
export type SubjectGroup = keyof typeof SUBJECT_GROUP_LABELS;

export interface DocumentTypeEntry {
  readonly system: typeof DOCUMENT_TYPE_SYSTEM | typeof DOCUMENT_GROUP_SYSTEM;
  readonly code: string;
  readonly structureOid: string;
  readonly generalType: GeneralType;
  readonly subjectGroup: SubjectGroup;
  readonly label: Labels;
}

/** V3: documents of these subject groups are never shown in the citizen portal. */
export const NEVER_SHOWN_SUBJECT_GROUPS: ReadonlySet<SubjectGroup> = new Set<SubjectGroup>([
  'shelter-services', // V3: shelter services
  'violence-work', // V3: work preventing violence in close relationships and in the family
  'custody-and-visitation', // V3: custody and visitation investigations with their attachments
]);

/**
 * V4 (Finnish version): hidden by default; a professional may opt a single document in.
 * (The Swedish V3 lists adoption counselling as never shown; the Finnish reading is kept.)
 */
export const HIDDEN_BY_DEFAULT_SUBJECT_GROUPS: ReadonlySet<SubjectGroup> = new Set<SubjectGroup>([
  'adoption-counselling', // V4
  'parenthood-investigation', // V4
]);

/** V3: payment commitments ("Maksusitoumus") are never shown in the citizen portal. */
export function isPaymentCommitment(entry: Pick<DocumentTypeEntry, 'generalType'>): boolean {
  return entry.generalType === 'payment-commitment';
}

export function allDocumentTypes(): readonly DocumentTypeEntry[] {
  return DOCUMENT_TYPES;
}

export function findDocumentType(system: string, code: string): DocumentTypeEntry | undefined {
  return BY_SYSTEM_AND_CODE.get(lookupKey(system, code));
}

// A separator that cannot occur in an OID or a code keeps the composite key unambiguous.
function lookupKey(system: string, code: string): string {
  return `${system}|${code}`;
}

const G = DOCUMENT_GROUP_SYSTEM;
const T = DOCUMENT_TYPE_SYSTEM;

const DOCUMENT_TYPES: readonly DocumentTypeEntry[] = Object.freeze(([
  {
    system: G, code: '1', structureOid: '1.2.246.537.6.1505.1.2023.6.1',
    generalType: 'client-relationship', subjectGroup: 'matter-and-client-relationship',
    label: {
      fi: 'Asiakkuusasiakirja',
      sv: 'Klientrelationshandling',
      en: 'Client relationship document',
    },
  },
  {
    system: G, code: '2', structureOid: '1.2.246.537.6.1505.2.2022.6.28',
    generalType: 'matter', subjectGroup: 'matter-and-client-relationship',
    label: {
      fi: 'Asia-asiakirja',
      sv: 'Ärendehandling',
      en: 'Matter document',
    },
  },
  {
    system: G, code: '8', structureOid: '1.2.246.537.6.1505.8.2023.6.1',
    generalType: 'disclosure-consent', subjectGroup: 'consent-service',
    label: {
      fi: 'Luovutuslupa-asiakirja',
      sv: 'Tillståndshandling',
      en: 'Disclosure consent document',
    },
  },
  {
    system: G, code: '9', structureOid: '1.2.246.537.6.1505.9.2023.6.5',
    generalType: 'prohibition', subjectGroup: 'consent-service',
    label: {
      fi: 'Kieltoasiakirja',
      sv: 'Förbudshandling',
      en: 'Prohibition document',
    },
  },
  {
    system: T, code: '1000', structureOid: '1.2.246.537.6.1506.1000.2023.9.8',
    generalType: 'assessment', subjectGroup: 'older-people-services',
    label: {
      fi: 'Iäkkäiden palvelutarpeen arvio',
      sv: 'Bedömning av servicebehovet för äldre',
      en: 'Service need assessment for older people',
    },
  },
  {
    system: T, code: '1001', structureOid: '1.2.246.537.6.1506.1001.2022.6.28',
    generalType: 'summary', subjectGroup: 'child-guidance-and-family-counselling',
    label: {
      fi: 'Kasvatus- ja perheneuvonnan yhteenveto',
      sv: 'Sammanfattning från rådgivningen i uppfostrings- och familjefrågor',
      en: 'Child guidance and family counselling summary',
    },
  },
  {
    system: T, code: '1003', structureOid: '1.2.246.537.6.1506.1003.2022.6.28',
    generalType: 'assessment', subjectGroup: 'rehabilitative-work-activity',
    label: {
      fi: 'Kuntouttavan työtoiminnan arvio',
      sv: 'Bedömning av arbetsverksamhet i rehabiliteringssyfte',
      en: 'Rehabilitative work activity assessment',
    },
  },
  {
    system: T, code: '1004', structureOid: '1.2.246.537.6.1506.1004.2025.2.26',
    generalType: 'assessment', subjectGroup: 'custody-and-visitation',
    label: {
      fi: 'Lapsen huoltajan tarpeesta tehdyn ilmoituksen arvio',
      sv: 'Bedömning av anmälan om ett barns behov av vårdnadshavare',
      en: 'Assessment of a notification of a child\'s need for a guardian',
    },
  },
  {
    system: T, code: '1005', structureOid: '1.2.246.537.6.1506.1005.2023.9.8',
    generalType: 'assessment', subjectGroup: 'families-with-children-services',
    label: {
      fi: 'Lapsen ja perheen palvelutarpeen arvio',
      sv: 'Bedömning av ett barns och en familjs servicebehov',
      en: 'Service need assessment for a child and family',
    },
  },
  {
    system: T, code: '1006', structureOid: '1.2.246.537.6.1506.1006.2023.5.31',
    generalType: 'assessment', subjectGroup: 'child-protection-common',
    label: {
      fi: 'Lastensuojeluilmoituksen arvio',
      sv: 'Bedömning av barnskyddsanmälan',
      en: 'Assessment of a child protection notification',
    },
  },
  {
    system: T, code: '1008', structureOid: '1.2.246.537.6.1506.1008.2023.11.30',
    generalType: 'assessment', subjectGroup: 'substance-abuse-and-addiction-services',
    label: {
      fi: 'Päihde- ja riippuvuustyön erityisten palvelujen palvelutarpeen arvio',
      sv: 'Bedömning av servicebehovet vid särskild service inom arbetet med missbruk och beroende',
      en: 'Service need assessment for specialised substance abuse and addiction services',
    },
  },
  {
    system: T, code: '1009', structureOid: '1.2.246.537.6.1506.1009.2023.9.11',
    generalType: 'assessment', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon tarpeesta tehdyn ilmoituksen tai yhteydenoton arvio',
      sv: 'Bedömning av en kontakt eller anmälan gällande stödbehov inom socialvården',
      en: 'Assessment of a notification or contact concerning a need for social welfare',
    },
  },
  {
    system: T, code: '1010', structureOid: '1.2.246.537.6.1506.1010.2023.9.8',
    generalType: 'assessment', subjectGroup: 'social-credit',
    label: {
      fi: 'Sosiaalisen luototuksen tarpeen arvio',
      sv: 'Bedömning av behovet av social kreditgivning',
      en: 'Assessment of the need for social credit',
    },
  },
  {
    system: T, code: '1011', structureOid: '1.2.246.537.6.1506.1011.2024.12.19',
    generalType: 'assessment', subjectGroup: 'shelter-services',
    label: {
      fi: 'Turvakotipalvelun ensiarvio',
      sv: 'Första bedömning inom skyddshemsservicen',
      en: 'Initial assessment in shelter services',
    },
  },
  {
    system: T, code: '1012', structureOid: '1.2.246.537.6.1506.1012.2023.9.28',
    generalType: 'assessment', subjectGroup: 'working-age-services',
    label: {
      fi: 'Työikäisten palvelutarpeen arvio',
      sv: 'Bedömning av servicebehovet för personer i arbetsför ålder',
      en: 'Service need assessment for working-age people',
    },
  },
  {
    system: T, code: '1013', structureOid: '1.2.246.537.6.1506.1013.2024.9.30',
    generalType: 'assessment', subjectGroup: 'disability-services',
    label: {
      fi: 'Vammaispalvelujen palvelutarpeen arvio',
      sv: 'Bedömning av servicebehovet inom servicen för personer med funktionsnedsättning',
      en: 'Service need assessment for disability services',
    },
  },
  {
    system: T, code: '1014', structureOid: '1.2.246.537.6.1506.1014.2023.9.15',
    generalType: 'assessment', subjectGroup: 'violence-work',
    label: {
      fi: 'Vakavan parisuhdeväkivallan riskiarvio',
      sv: 'Riskbedömning gällande allvarligt våld i parförhållande',
      en: 'Risk assessment of serious intimate partner violence',
    },
  },
  {
    system: T, code: '1015', structureOid: '1.2.246.537.6.1506.1015.2022.9.28',
    generalType: 'assessment', subjectGroup: 'common',
    label: {
      fi: 'Ennakollisen lastensuojeluilmoituksen arvio',
      sv: 'Bedömning av en föregripande barnskyddsanmälan',
      en: 'Assessment of an anticipatory child protection notification',
    },
  },
  {
    system: T, code: '1016', structureOid: '1.2.246.537.6.1506.1016.2023.9.15',
    generalType: 'assessment', subjectGroup: 'violence-work',
    label: {
      fi: 'Häirinnän ja vainon riskiarvio',
      sv: 'Riskbedömning gällande trakasserier och förföljelse',
      en: 'Risk assessment of harassment and stalking',
    },
  },
  {
    system: T, code: '1017', structureOid: '1.2.246.537.6.1506.1017.2023.9.15',
    generalType: 'assessment', subjectGroup: 'violence-work',
    label: {
      fi: 'Lähisuhdeväkivaltakokemusten arvio',
      sv: 'Bedömning av upplevelser av våld i nära relation',
      en: 'Assessment of experiences of violence in close relationships',
    },
  },
  {
    system: T, code: '1018', structureOid: '1.2.246.537.6.1506.1018.2023.4.28',
    generalType: 'assessment', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Rajoituksen käytön arvio',
      sv: 'Bedömning av bruket av begränsning',
      en: 'Assessment of the use of restrictions',
    },
  },
  {
    system: T, code: '1019', structureOid: '1.2.246.537.6.1506.1019.2023.9.28',
    generalType: 'assessment', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon palvelutarpeen arvio',
      sv: 'Bedömning av servicebehov inom socialvården',
      en: 'Social welfare service need assessment',
    },
  },
  {
    system: T, code: '1021', structureOid: '1.2.246.537.6.1506.1021.2024.4.8',
    generalType: 'statement', subjectGroup: 'unassigned',
    label: {
      fi: 'Sosiaalinen selvitys perusopetuksen erityisen tuen tarpeen arviointia varten',
      sv: 'Social utredning för bedömning av behovet av särskilt stöd i grundläggande utbildning',
      en: 'Social report for assessing the need for special support in basic education',
    },
  },
  {
    system: T, code: '3002', structureOid: '1.2.246.537.6.1506.3002.2023.9.8',
    generalType: 'application', subjectGroup: 'substance-abuse-and-addiction-services',
    label: {
      fi: 'Hakemus päihde- ja riippuvuustyön erityiseen palveluun',
      sv: 'Ansökan om särskild service inom arbetet med missbruk och beroende',
      en: 'Application for specialised substance abuse and addiction services',
    },
  },
  {
    system: T, code: '3003', structureOid: '1.2.246.537.6.1506.3003.2024.11.1',
    generalType: 'application', subjectGroup: 'disability-services',
    label: {
      fi: 'Hakemus erityishuoltoon',
      sv: 'Ansökan om specialomsorger',
      en: 'Application for special care',
    },
  },
  {
    system: T, code: '3004', structureOid: '1.2.246.537.6.1506.3004.2023.5.31',
    generalType: 'application', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Huostaanottohakemus hallinto-oikeudelle',
      sv: 'Ansökan om omhändertagande till förvaltningsdomstolen',
      en: 'Application to the administrative court for taking a child into care',
    },
  },
  {
    system: T, code: '3005', structureOid: '1.2.246.537.6.1506.3005.2024.11.28',
    generalType: 'application', subjectGroup: 'older-people-services',
    label: {
      fi: 'Iäkkäiden palvelujen hakemus',
      sv: 'Ansökan om äldreservice',
      en: 'Application for services for older people',
    },
  },
  {
    system: T, code: '3006', structureOid: '1.2.246.537.6.1506.3006.2023.9.8',
    generalType: 'application', subjectGroup: 'families-with-children-services',
    label: {
      fi: 'Lapsiperheiden palvelujen hakemus',
      sv: 'Ansökan om service för barnfamiljer',
      en: 'Application for services for families with children',
    },
  },
  {
    system: T, code: '3007', structureOid: '1.2.246.537.6.1506.3007.2023.9.8',
    generalType: 'application', subjectGroup: 'child-protection-common',
    label: {
      fi: 'Lastensuojeluhakemus',
      sv: 'Ansökan om barnskydd',
      en: 'Application for child protection',
    },
  },
  {
    system: T, code: '3008', structureOid: '1.2.246.537.6.1506.3008.2023.5.31',
    generalType: 'application', subjectGroup: 'child-protection-common',
    label: {
      fi: 'Hakemus hallinto-oikeudelle lapsen tutkimiseksi',
      sv: 'Ansökan till förvaltningsdomstolen om tillstånd till undersökning av ett barn',
      en: 'Application to the administrative court for permission to examine a child',
    },
  },
  {
    system: T, code: '3010', structureOid: '1.2.246.537.6.1506.3010.2023.9.8',
    generalType: 'application', subjectGroup: 'social-credit',
    label: {
      fi: 'Sosiaalisen luoton hakemus',
      sv: 'Ansökan om social kredit',
      en: 'Application for social credit',
    },
  },
  {
    system: T, code: '3011', structureOid: '1.2.246.537.6.1506.3011.2023.9.8',
    generalType: 'application', subjectGroup: 'working-age-services',
    label: {
      fi: 'Työikäisten palvelujen hakemus',
      sv: 'Ansökan om service för personer i arbetsför ålder',
      en: 'Application for services for working-age people',
    },
  },
  {
    system: T, code: '3012', structureOid: '1.2.246.537.6.1506.3012.2022.1.11',
    generalType: 'application', subjectGroup: 'social-assistance',
    label: {
      fi: 'Täydentävän tai ehkäisevän toimeentulotuen hakemus',
      sv: 'Ansökan om kompletterande eller förebyggande utkomststöd',
      en: 'Application for supplementary or preventive social assistance',
    },
  },
  {
    system: T, code: '3013', structureOid: '1.2.246.537.6.1506.3013.2024.3.1',
    generalType: 'application', subjectGroup: 'disability-services',
    label: {
      fi: 'Vammaispalveluhakemus',
      sv: 'Ansökan om service för personer med funktionsnedsättning',
      en: 'Application for disability services',
    },
  },
  {
    system: T, code: '3015', structureOid: '1.2.246.537.6.1506.3015.2023.11.30',
    generalType: 'application', subjectGroup: 'social-credit',
    label: {
      fi: 'Sosiaalisen luoton muutoshakemus',
      sv: 'Ansökan om ändring i social kredit',
      en: 'Application to change a social credit',
    },
  },
  {
    system: T, code: '4000', structureOid: '1.2.246.537.6.1506.4000.2024.11.29',
    generalType: 'notification', subjectGroup: 'adoption-counselling',
    // sv: our translation, none is published
    label: {
      fi: 'Ilmoitus adoptionhakijoiden olosuhteiden muutoksesta',
      sv: 'Anmälan om ändring i adoptionssökandenas förhållanden',
      en: 'Notification of a change in the circumstances of adoption applicants',
    },
  },
  {
    system: T, code: '4001', structureOid: '1.2.246.537.6.1506.4001.2022.9.28',
    generalType: 'notification', subjectGroup: 'disability-services',
    label: {
      fi: 'Ilmoitus aluehallintovirastolle asiakkaan sitomisesta',
      sv: 'Anmälan om fastbildning av klient till regionförvaltningsverket',
      en: 'Notification to the Regional State Administrative Agency of a client having been restrained',
    },
  },
  {
    system: T, code: '4002', structureOid: '1.2.246.537.6.1506.4002.2023.5.31',
    generalType: 'notification', subjectGroup: 'rehabilitative-work-activity',
    label: {
      fi: 'Ilmoitus kuntouttavasta työtoiminnasta',
      sv: 'Anmälan om arbetsverksamhet i rehabiliteringssyfte',
      en: 'Notification of rehabilitative work activity',
    },
  },
  {
    system: T, code: '4003', structureOid: '1.2.246.537.6.1506.4003.2025.2.27',
    generalType: 'notification', subjectGroup: 'child-maintenance',
    label: {
      fi: 'Ilmoitus lapsen elatusavun lakimääräisestä muutoksesta',
      sv: 'Anmälan om lagstadgad ändring av underhållsbidrag till barn',
      en: 'Notification of a statutory change in child maintenance',
    },
  },
  {
    system: T, code: '4004', structureOid: '1.2.246.537.6.1506.4004.2025.2.26',
    generalType: 'notification', subjectGroup: 'custody-and-visitation',
    label: {
      fi: 'Ilmoitus lapsen huoltajan tarpeesta',
      sv: 'Anmälan om ett barns behov av vårdnadshavare',
      en: 'Notification of a child\'s need for a guardian',
    },
  },
  {
    system: T, code: '4006', structureOid: '1.2.246.537.6.1506.4006.2023.5.31',
    generalType: 'notification', subjectGroup: 'common',
    label: {
      fi: 'Ilmoitus sosiaalihuollon tarpeesta',
      sv: 'Anmälan om behov av socialvård',
      en: 'Notification of a need for social welfare',
    },
  },
  {
    system: T, code: '4009', structureOid: '1.2.246.537.6.1506.4009.2023.4.28',
    generalType: 'notification', subjectGroup: 'child-protection-common',
    label: {
      fi: 'Lastensuojeluilmoitus',
      sv: 'Barnskyddsanmälan',
      en: 'Child protection notification',
    },
  },
  {
    system: T, code: '4014', structureOid: '1.2.246.537.6.1506.4014.2023.9.8',
    generalType: 'notification', subjectGroup: 'social-credit',
    label: {
      fi: 'Vapaaehtoinen velkajärjestelyilmoitus',
      sv: 'Frivillig anmälan om skuldsanering',
      en: 'Voluntary debt settlement notification',
    },
  },
  {
    system: T, code: '4015', structureOid: '1.2.246.537.6.1506.4015.2022.9.28',
    generalType: 'notification', subjectGroup: 'common',
    label: {
      fi: 'Vastaus virka-apupyyntöön',
      sv: 'Svar på begäran om handräckning',
      en: 'Response to a request for official assistance',
    },
  },
  {
    system: T, code: '4018', structureOid: '1.2.246.537.6.1506.4018.2022.9.28',
    generalType: 'notification', subjectGroup: 'common',
    label: {
      fi: 'Yhteydenotto sosiaalihuollosta vastaavaan viranomaiseen',
      sv: 'Kontakt med myndighet som ansvarar för socialvården',
      en: 'Contact with the authority responsible for social welfare',
    },
  },
  {
    system: T, code: '4019', structureOid: '1.2.246.537.6.1506.4019.2022.9.28',
    generalType: 'notification', subjectGroup: 'common',
    label: {
      fi: 'Ennakollinen lastensuojeluilmoitus',
      sv: 'Föregripande barnskyddsanmälan',
      en: 'Anticipatory child protection notification',
    },
  },
  {
    system: T, code: '4020', structureOid: '1.2.246.537.6.1506.4020.2023.5.31',
    generalType: 'notification', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Ilmoitus hyvinvointialueen alueelle sijoitetusta lapsesta',
      sv: 'Anmälan om ett barn som har placerats på välfärdsområdets område',
      en: 'Notification of a child placed in the wellbeing services county\'s area',
    },
  },
  {
    system: T, code: '4021', structureOid: '1.2.246.537.6.1506.4021.2023.2.28',
    generalType: 'notification', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon ilmoitus toiselle viranomaiselle',
      sv: 'Anmälan från socialvården till en annan myndighet',
      en: 'Social welfare notification to another authority',
    },
  },
  {
    system: T, code: '4022', structureOid: '1.2.246.537.6.1506.4022.2024.8.29',
    generalType: 'notification', subjectGroup: 'supervised-visitation',
    label: {
      fi: 'Ilmoitus tapaamisten valvonnasta',
      sv: 'Anmälan om övervakning av umgänge',
      en: 'Notification of supervision of visits',
    },
  },
  {
    system: T, code: '4025', structureOid: '1.2.246.537.6.1506.4025.2024.11.1',
    generalType: 'notification', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Lapsen syntymän jälkeinen vanhemmuuden tunnustamisasiakirja',
      sv: 'Handling över erkännande av föräldraskap efter barnets födelse',
      en: 'Acknowledgement of parenthood after the child\'s birth',
    },
  },
  {
    system: T, code: '5002', structureOid: '1.2.246.537.6.1506.5002.2023.6.21',
    generalType: 'hearing', subjectGroup: 'child-protection-common',
    label: {
      fi: 'Lastensuojelun kuulemisasiakirja',
      sv: 'Samrådshandling inom barnskyddet',
      en: 'Child protection hearing document',
    },
  },
  {
    system: T, code: '5003', structureOid: '1.2.246.537.6.1506.5003.2022.9.28',
    generalType: 'hearing', subjectGroup: 'child-protection-common',
    label: {
      fi: 'Lastensuojelun mielipiteen selvittämisasiakirja',
      sv: 'Handling för utredning av åsikt inom barnskyddet',
      en: 'Child protection document on ascertaining views',
    },
  },
  {
    system: T, code: '5004', structureOid: '1.2.246.537.6.1506.5004.2023.6.21',
    generalType: 'hearing', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon kuulemisasiakirja',
      sv: 'Samrådshandling inom socialvården',
      en: 'Social welfare hearing document',
    },
  },
  {
    system: T, code: '5005', structureOid: '1.2.246.537.6.1506.5005.2023.9.28',
    generalType: 'hearing', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon mielipiteen selvittämisasiakirja',
      sv: 'Handling för utredning av åsikt inom socialvården',
      en: 'Social welfare document on ascertaining views',
    },
  },
  {
    system: T, code: '5007', structureOid: '1.2.246.537.6.1506.5007.2025.3.21',
    generalType: 'hearing', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Kuulemisasiakirja vanhemmuusasiassa',
      sv: 'Handling över hörande i föräldraskapsärendet',
      en: 'Hearing document in a parenthood matter',
    },
  },
  {
    system: T, code: '6000', structureOid: '1.2.246.537.6.1506.6000.2025.4.1',
    generalType: 'calculation', subjectGroup: 'child-maintenance',
    label: {
      fi: 'Lapsen elatusapulaskelma',
      sv: 'Beräkning av underhållsbidrag till barn',
      en: 'Child maintenance calculation',
    },
  },
  {
    system: T, code: '6002', structureOid: '1.2.246.537.6.1506.6002.2023.9.27',
    generalType: 'calculation', subjectGroup: 'social-credit',
    label: {
      fi: 'Sosiaalisen luoton maksuvaralaskelma',
      sv: 'Beräkning av betalningsmån för social kredit',
      en: 'Social credit repayment capacity calculation',
    },
  },
  {
    system: T, code: '6003', structureOid: '1.2.246.537.6.1506.6003.2023.11.29',
    generalType: 'calculation', subjectGroup: 'social-assistance',
    label: {
      fi: 'Täydentävän tai ehkäisevän toimeentulotuen laskelma',
      sv: 'Beräkning av kompletterande eller förebyggande utkomststöd',
      en: 'Supplementary or preventive social assistance calculation',
    },
  },
  {
    system: T, code: '7000', structureOid: '1.2.246.537.6.1506.7000.2024.11.29',
    generalType: 'statement', subjectGroup: 'adoption-counselling',
    // sv: our translation, none is published
    label: {
      fi: 'Adoptioneuvonnan lausunto',
      sv: 'Utlåtande från adoptionsrådgivningen',
      en: 'Adoption counselling statement',
    },
  },
  {
    system: T, code: '7004', structureOid: '1.2.246.537.6.1506.7004.2023.5.31',
    generalType: 'statement', subjectGroup: 'child-guidance-and-family-counselling',
    label: {
      fi: 'Kasvatus- ja perheneuvonnan lausunto',
      sv: 'Utlåtande från rådgivningen i uppfostrings- och familjefrågor',
      en: 'Child guidance and family counselling statement',
    },
  },
  {
    system: T, code: '7005', structureOid: '1.2.246.537.6.1506.7005.2025.3.21',
    generalType: 'statement', subjectGroup: 'custody-and-visitation',
    label: {
      fi: 'Lapsen huolto- ja tapaamisoikeusselvitys',
      sv: 'Utredning om vårdnad om barn och umgängesrätt',
      en: 'Child custody and visitation investigation',
    },
  },
  {
    system: T, code: '7006', structureOid: '1.2.246.537.6.1506.7006.2024.9.30',
    generalType: 'statement', subjectGroup: 'disability-services',
    label: {
      fi: 'Lausunto tahdosta riippumattoman erityishuollon edellytyksistä',
      sv: 'Utlåtande om förutsättningarna för specialomsorger oberoende av personens vilja',
      en: 'Statement on the conditions for involuntary special care',
    },
  },
  {
    system: T, code: '7008', structureOid: '1.2.246.537.6.1506.7008.2024.11.29',
    generalType: 'statement', subjectGroup: 'adoption-counselling',
    // sv: our translation, none is published
    label: {
      fi: 'Selvitys adoptionhakijoista',
      sv: 'Utredning om adoptionssökandena',
      en: 'Report on adoption applicants',
    },
  },
  {
    system: T, code: '7009', structureOid: '1.2.246.537.6.1506.7009.2023.5.31',
    generalType: 'statement', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon lausunto',
      sv: 'Socialvårdens utlåtande',
      en: 'Social welfare statement',
    },
  },
  {
    system: T, code: '7010', structureOid: '1.2.246.537.6.1506.7010.2024.11.29',
    generalType: 'statement', subjectGroup: 'adoption-counselling',
    // sv: our translation, none is published
    label: {
      fi: 'Todistus adoptioneuvonnan antamisesta',
      sv: 'Intyg över given adoptionsrådgivning',
      en: 'Certificate of adoption counselling given',
    },
  },
  {
    system: T, code: '7016', structureOid: '1.2.246.537.6.1506.7016.2024.11.1',
    generalType: 'statement', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Pöytäkirja vanhemmuuden selvittämisestä',
      sv: 'Protokoll över utredning av föräldraskap',
      en: 'Record of a parenthood investigation',
    },
  },
  {
    system: T, code: '7017', structureOid: '1.2.246.537.6.1506.7017.2024.11.4',
    generalType: 'statement', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Pöytäkirja avioliiton aikana syntyneen tai raskausaikana tunnustetun lapsen vanhemmuuden selvittämisestä',
      sv: 'Protokoll över utredning av föräldraskap till ett barn som har fötts under äktenskap eller som erkänts under graviditeten',
      en: 'Record of the investigation of parenthood of a child born in marriage or acknowledged during pregnancy',
    },
  },
  {
    system: T, code: '8002', structureOid: '1.2.246.537.6.1506.8002.2024.11.1',
    generalType: 'referral', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Oikeusgeneettisen vanhemmuustutkimuksen näytteenottoasiakirja',
      sv: 'Handling över provtagning för rättsgenetisk föräldraskapsundersökning',
      en: 'Sampling document for a forensic genetic parenthood test',
    },
  },
  {
    system: T, code: '8003', structureOid: '1.2.246.537.6.1506.8003.2024.11.29',
    generalType: 'referral', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Oikeusgeneettisen vanhemmuustutkimuksen tilaus',
      sv: 'Beställning av rättsgenetisk föräldraskapsundersökning',
      en: 'Order for a forensic genetic parenthood test',
    },
  },
  {
    system: T, code: '8004', structureOid: '1.2.246.537.6.1506.8004.2023.5.31',
    generalType: 'referral', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon lähete',
      sv: 'Remiss inom socialvården',
      en: 'Social welfare referral',
    },
  },
  {
    system: T, code: '9001', structureOid: '1.2.246.537.6.1506.9001.2023.5.31',
    generalType: 'payment-commitment', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon maksusitoumus',
      sv: 'Betalningsförbindelse inom socialvården',
      en: 'Social welfare payment commitment',
    },
  },
  {
    system: T, code: '9002', structureOid: '1.2.246.537.6.1506.9002.2023.9.27',
    generalType: 'payment-commitment', subjectGroup: 'social-assistance',
    label: {
      fi: 'Täydentävän tai ehkäisevän toimeentulotuen maksusitoumus',
      sv: 'Betalningsförbindelse för kompletterande eller förebyggande utkomststöd',
      en: 'Payment commitment for supplementary or preventive social assistance',
    },
  },
  {
    system: T, code: '10001', structureOid: '1.2.246.537.6.1506.10001.2024.11.4',
    generalType: 'request', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Lausuntopyyntö lähisukulaisen oikeusgeneettisestä vanhemmuustutkimuksesta',
      sv: 'Begäran om utlåtande om rättsgenetisk föräldraskapsundersökning som gäller nära släkting',
      en: 'Request for a statement on a forensic genetic parenthood test of a close relative',
    },
  },
  {
    system: T, code: '10002', structureOid: '1.2.246.537.6.1506.10002.2022.1.10',
    generalType: 'request', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon kuulemispyyntö',
      sv: 'Begäran om hörande inom socialvården',
      en: 'Social welfare request for a hearing',
    },
  },
  {
    system: T, code: '10004', structureOid: '1.2.246.537.6.1506.10004.2023.9.8',
    generalType: 'request', subjectGroup: 'social-credit',
    label: {
      fi: 'Maksuhäiriötiedustelu',
      sv: 'Förfrågan om betalningsstörningar',
      en: 'Payment default inquiry',
    },
  },
  {
    system: T, code: '10006', structureOid: '1.2.246.537.6.1506.10006.2023.9.8',
    generalType: 'request', subjectGroup: 'social-credit',
    label: {
      fi: 'Sosiaalisen luoton velkatiedustelu',
      sv: 'Skuldförfrågan för social kredit',
      en: 'Social credit debt inquiry',
    },
  },
  {
    system: T, code: '10008', structureOid: '1.2.246.537.6.1506.10008.2023.9.8',
    generalType: 'request', subjectGroup: 'social-credit',
    label: {
      fi: 'Ulosottolistauksen tilaus',
      sv: 'Beställning av utsökningslistning',
      en: 'Order for an enforcement register extract',
    },
  },
  {
    system: T, code: '10010', structureOid: '1.2.246.537.6.1506.10010.2021.9.30',
    generalType: 'request', subjectGroup: 'social-credit',
    label: {
      fi: 'Verotietopyyntö',
      sv: 'Begäran om skatteuppgifter',
      en: 'Request for tax information',
    },
  },
  {
    system: T, code: '10011', structureOid: '1.2.246.537.6.1506.10011.2022.9.28',
    generalType: 'request', subjectGroup: 'common',
    label: {
      fi: 'Virka-apupyyntö',
      sv: 'Begäran om handräckning',
      en: 'Request for official assistance',
    },
  },
  {
    system: T, code: '10012', structureOid: '1.2.246.537.6.1506.10012.2022.9.28',
    generalType: 'request', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon lisäselvityspyyntö',
      sv: 'Socialvårdens begäran om tilläggsutredning',
      en: 'Social welfare request for further information',
    },
  },
  {
    system: T, code: '10013', structureOid: '1.2.246.537.6.1506.10013.2025.4.1',
    generalType: 'request', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon lausuntopyyntö',
      sv: 'Socialvårdens begäran om utlåtande',
      en: 'Social welfare request for a statement',
    },
  },
  {
    system: T, code: '10014', structureOid: '1.2.246.537.6.1506.10014.2025.4.2',
    generalType: 'request', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon asiakirjapyyntö',
      sv: 'Socialvårdens begäran om handling',
      en: 'Social welfare request for documents',
    },
  },
  {
    system: T, code: '11000', structureOid: '1.2.246.537.6.1506.11000.2023.9.8',
    generalType: 'decision', subjectGroup: 'older-people-services',
    label: {
      fi: 'Iäkkäiden palvelupäätös',
      sv: 'Beslut om äldreservice',
      en: 'Decision on services for older people',
    },
  },
  {
    system: T, code: '11001', structureOid: '1.2.246.537.6.1506.11001.2023.9.8',
    generalType: 'decision', subjectGroup: 'families-with-children-services',
    label: {
      fi: 'Lapsiperheiden palvelupäätös',
      sv: 'Beslut om service för barnfamiljer',
      en: 'Decision on services for families with children',
    },
  },
  {
    system: T, code: '11002', structureOid: '1.2.246.537.6.1506.11002.2023.9.8',
    generalType: 'decision', subjectGroup: 'child-protection-common',
    label: {
      fi: 'Lastensuojelun palvelu- tai tukitoimipäätös',
      sv: 'Barnskyddets beslut om tjänster eller stödåtgärder',
      en: 'Child protection decision on services or support measures',
    },
  },
  {
    system: T, code: '11003', structureOid: '1.2.246.537.6.1506.11003.2024.3.1',
    generalType: 'decision', subjectGroup: 'substance-abuse-and-addiction-services',
    label: {
      fi: 'Päätös päihde- ja riippuvuustyön erityisestä palvelusta',
      sv: 'Beslut om särskild service inom arbetet med missbruk och beroende',
      en: 'Decision on specialised substance abuse and addiction services',
    },
  },
  {
    system: T, code: '11005', structureOid: '1.2.246.537.6.1506.11005.2024.11.29',
    generalType: 'decision', subjectGroup: 'adoption-counselling',
    // sv: our translation, none is published
    label: {
      fi: 'Päätös adoptioneuvonnan keskeyttämisestä',
      sv: 'Beslut om avbrytande av adoptionsrådgivning',
      en: 'Decision to discontinue adoption counselling',
    },
  },
  {
    system: T, code: '11007', structureOid: '1.2.246.537.6.1506.11007.2024.11.29',
    generalType: 'decision', subjectGroup: 'adoption-counselling',
    // sv: our translation, none is published
    label: {
      fi: 'Päätös adoptioneuvonnasta',
      sv: 'Beslut om adoptionsrådgivning',
      en: 'Decision on adoption counselling',
    },
  },
  {
    system: T, code: '11008', structureOid: '1.2.246.537.6.1506.11008.2024.11.4',
    generalType: 'decision', subjectGroup: 'disability-services',
    label: {
      fi: 'Päätös aineiden tai esineiden haltuunotosta kehitysvammaisten erityishuollossa',
      sv: 'Beslut om omhändertagande av ämnen och föremål inom specialomsorger om personer med utvecklingsstörning',
      en: 'Decision to confiscate substances or objects in special care for persons with intellectual disabilities',
    },
  },
  {
    system: T, code: '11009', structureOid: '1.2.246.537.6.1506.11009.2023.12.1',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös aineiden tai esineiden haltuunotosta lastensuojelussa',
      sv: 'Beslut om beslagtagning av ämnen och föremål inom barnskyddet',
      en: 'Decision to confiscate substances or objects in child protection',
    },
  },
  {
    system: T, code: '11010', structureOid: '1.2.246.537.6.1506.11010.2023.12.1',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös erityisen huolenpidon jatkamisesta',
      sv: 'Beslut om förlängning av särskild omsorg',
      en: 'Decision to extend a child\'s special care',
    },
  },
  {
    system: T, code: '11011', structureOid: '1.2.246.537.6.1506.11011.2023.12.1',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös erityisen huolenpidon lopettamisesta',
      sv: 'Beslut om upphörande av särskild omsorg',
      en: 'Decision to end a child\'s special care',
    },
  },
  {
    system: T, code: '11012', structureOid: '1.2.246.537.6.1506.11012.2023.12.1',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös erityisestä huolenpidosta',
      sv: 'Beslut om särskild omsorg',
      en: 'Decision on a child\'s special care',
    },
  },
  {
    system: T, code: '11014', structureOid: '1.2.246.537.6.1506.11014.2023.12.1',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös henkilönkatsastuksen toimittamisesta',
      sv: 'Beslut om utförande av kroppsbesiktning',
      en: 'Decision to carry out a body search',
    },
  },
  {
    system: T, code: '11018', structureOid: '1.2.246.537.6.1506.11018.2025.2.28',
    generalType: 'decision', subjectGroup: 'child-maintenance',
    label: {
      fi: 'Päätös lapsen elatussopimuksen vahvistamisesta',
      sv: 'Beslut om fastställande av avtal om underhållsbidrag till barn',
      en: 'Decision to confirm a child maintenance agreement',
    },
  },
  {
    system: T, code: '11019', structureOid: '1.2.246.537.6.1506.11019.2023.12.1',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös lapsen eristämisen jatkamisesta',
      sv: 'Beslut om förlängning av isolering av barn',
      en: 'Decision to extend the isolation of a child',
    },
  },
  {
    system: T, code: '11021', structureOid: '1.2.246.537.6.1506.11021.2023.12.1',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös lapsen eristämisestä',
      sv: 'Beslut om isolering av barn',
      en: 'Decision to isolate a child',
    },
  },
  {
    system: T, code: '11022', structureOid: '1.2.246.537.6.1506.11022.2025.2.28',
    generalType: 'decision', subjectGroup: 'custody-and-visitation',
    label: {
      fi: 'Päätös lapsen huolto- ja tapaamisoikeussopimuksen vahvistamisesta',
      sv: 'Beslut om fastställande av avtal om vårdnad om barn och umgängesrätt',
      en: 'Decision to confirm a child custody and visitation agreement',
    },
  },
  {
    system: T, code: '11023', structureOid: '1.2.246.537.6.1506.11023.2023.5.31',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös lapsen huostaanotosta ja sijaishuollosta',
      sv: 'Beslut om omhändertagande av barn och vård utom hemmet',
      en: 'Decision on taking a child into care and on substitute care',
    },
  },
  {
    system: T, code: '11024', structureOid: '1.2.246.537.6.1506.11024.2023.5.31',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    // sv as published says "upphörande" (ending); the fi name means keeping a child in care, en follows fi
    label: {
      fi: 'Päätös lapsen huostassapidosta',
      sv: 'Beslut om upphörande av omhändertagande av barn',
      en: 'Decision on keeping a child in care',
    },
  },
  {
    system: T, code: '11025', structureOid: '1.2.246.537.6.1506.11025.2023.5.31',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös lapsen kiireellisen sijoituksen jatkamisesta',
      sv: 'Beslut om förlängning av brådskande placering av barn',
      en: 'Decision to extend a child\'s emergency placement',
    },
  },
  {
    system: T, code: '11026', structureOid: '1.2.246.537.6.1506.11026.2023.5.31',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös lapsen kiireellisen sijoituksen lopettamisesta',
      sv: 'Beslut om upphörande av brådskande placering av barn',
      en: 'Decision to end a child\'s emergency placement',
    },
  },
  {
    system: T, code: '11027', structureOid: '1.2.246.537.6.1506.11027.2023.5.31',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös lapsen kiireellisestä sijoituksesta',
      sv: 'Beslut om brådskande placering av barn',
      en: 'Decision on a child\'s emergency placement',
    },
  },
  {
    system: T, code: '11028', structureOid: '1.2.246.537.6.1506.11028.2023.12.4',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös lapsen olinpaikan ilmoittamatta jättämisestä',
      sv: 'Beslut om att inte röja barnets vistelseort',
      en: 'Decision not to disclose a child\'s whereabouts',
    },
  },
  {
    system: T, code: '11030', structureOid: '1.2.246.537.6.1506.11030.2023.5.31',
    generalType: 'decision', subjectGroup: 'child-protection-open-care',
    label: {
      fi: 'Päätös lastensuojelun avohuollon sijoituksesta',
      sv: 'Beslut om placering inom barnskyddets öppenvård',
      en: 'Decision on an open-care placement in child protection',
    },
  },
  {
    system: T, code: '11031', structureOid: '1.2.246.537.6.1506.11031.2023.12.1',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös liikkumisvapauden rajoittamisen lopettamisesta',
      sv: 'Beslut om upphörande av begränsning av rörelsefriheten',
      en: 'Decision to end a restriction on freedom of movement',
    },
  },
  {
    system: T, code: '11032', structureOid: '1.2.246.537.6.1506.11032.2023.12.1',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös liikkumisvapauden rajoittamisesta',
      sv: 'Beslut om begränsning av rörelsefriheten',
      en: 'Decision to restrict freedom of movement',
    },
  },
  {
    system: T, code: '11033', structureOid: '1.2.246.537.6.1506.11033.2023.12.1',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös lähetyksen luovuttamatta jättämisestä',
      sv: 'Beslut om kvarhållande av försändelser',
      en: 'Decision to withhold a mail item',
    },
  },
  {
    system: T, code: '11035', structureOid: '1.2.246.537.6.1506.11035.2023.5.31',
    generalType: 'decision', subjectGroup: 'child-protection-aftercare',
    label: {
      fi: 'Päätös oikeudesta lastensuojelun jälkihuoltoon',
      sv: 'Beslut om rätt till eftervård inom barnskyddet',
      en: 'Decision on the right to child protection aftercare',
    },
  },
  {
    system: T, code: '11036', structureOid: '1.2.246.537.6.1506.11036.2023.12.1',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös omaisuuden tai lähetysten tarkastamisesta',
      sv: 'Beslut om granskning av egendom och försändelser',
      en: 'Decision to inspect property or mail items',
    },
  },
  {
    system: T, code: '11037', structureOid: '1.2.246.537.6.1506.11037.2024.11.4',
    generalType: 'decision', subjectGroup: 'disability-services',
    label: {
      fi: 'Päätös poistumisen estämisestä',
      sv: 'Beslut om kvarhållande',
      en: 'Decision to prevent a client from leaving',
    },
  },
  {
    system: T, code: '11038', structureOid: '1.2.246.537.6.1506.11038.2025.2.27',
    generalType: 'decision', subjectGroup: 'spousal-maintenance',
    // sv: our translation, none is published
    label: {
      fi: 'Päätös puolison elatussopimuksen vahvistamisesta',
      sv: 'Beslut om fastställande av avtal om underhållsbidrag till make eller maka',
      en: 'Decision to confirm a spousal maintenance agreement',
    },
  },
  {
    system: T, code: '11039', structureOid: '1.2.246.537.6.1506.11039.2024.10.31',
    generalType: 'decision', subjectGroup: 'disability-services',
    label: {
      fi: 'Päätös rajoittavien välineiden tai asusteiden käytöstä vakavassa vaaratilanteessa',
      sv: 'Beslut om användning av begränsande anordningar eller klädesplagg i allvarliga risksituationer',
      en: 'Decision on the use of restrictive devices or garments in a serious danger situation',
    },
  },
  {
    system: T, code: '11040', structureOid: '1.2.246.537.6.1506.11040.2024.10.31',
    generalType: 'decision', subjectGroup: 'disability-services',
    label: {
      fi: 'Päätös rajoittavien välineiden tai asusteiden toistuvasta käytöstä päivittäisissä toiminnoissa',
      sv: 'Beslut om återkommande användning av begränsande anordningar och klädesplagg i dagliga rutiner',
      en: 'Decision on the repeated use of restrictive devices or garments in daily activities',
    },
  },
  {
    system: T, code: '11041', structureOid: '1.2.246.537.6.1506.11041.2025.1.30',
    generalType: 'decision', subjectGroup: 'disability-services',
    label: {
      fi: 'Päätös rajoittavien välineiden tai asusteiden toistuvasta käytöstä vakavissa vaaratilanteissa',
      sv: 'Beslut om återkommande användning av begränsande anordningar eller klädesplagg i allvarliga risksituationer',
      en: 'Decision on the repeated use of restrictive devices or garments in serious danger situations',
    },
  },
  {
    system: T, code: '11042', structureOid: '1.2.246.537.6.1506.11042.2023.5.31',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös sijaishuoltopaikan muuttamisesta',
      sv: 'Beslut om byte av plats för vård utom hemmet',
      en: 'Decision to change a substitute care placement',
    },
  },
  {
    system: T, code: '11043', structureOid: '1.2.246.537.6.1506.11043.2023.9.8',
    generalType: 'decision', subjectGroup: 'social-credit',
    label: {
      fi: 'Päätös sosiaalisesta luotosta',
      sv: 'Beslut om social kredit',
      en: 'Decision on social credit',
    },
  },
  {
    system: T, code: '11044', structureOid: '1.2.246.537.6.1506.11044.2024.11.1',
    generalType: 'decision', subjectGroup: 'disability-services',
    label: {
      fi: 'Päätös erityishuollon lopettamisesta',
      sv: 'Beslut om avslutande av specialomsorger',
      en: 'Decision to end special care',
    },
  },
  {
    system: T, code: '11045', structureOid: '1.2.246.537.6.1506.11045.2025.1.30',
    generalType: 'decision', subjectGroup: 'disability-services',
    label: {
      fi: 'Päätös erityishuollosta',
      sv: 'Beslut om specialomsorger',
      en: 'Decision on special care',
    },
  },
  {
    system: T, code: '11046', structureOid: '1.2.246.537.6.1506.11046.2024.11.4',
    generalType: 'decision', subjectGroup: 'disability-services',
    label: {
      fi: 'Päätös tutkimuksesta tahdosta riippumattoman erityishuollon edellytysten selvittämiseksi',
      sv: 'Beslut om undersökning för att utreda förutsättningarna för specialomsorger oberoende av personens vilja',
      en: 'Decision on an examination to establish the conditions for involuntary special care',
    },
  },
  {
    system: T, code: '11047', structureOid: '1.2.246.537.6.1506.11047.2023.9.27',
    generalType: 'decision', subjectGroup: 'social-assistance',
    label: {
      fi: 'Päätös täydentävästä tai ehkäisevästä toimeentulotuesta',
      sv: 'Beslut om kompletterande eller förebyggande utkomststöd',
      en: 'Decision on supplementary or preventive social assistance',
    },
  },
  {
    system: T, code: '11048', structureOid: '1.2.246.537.6.1506.11048.2024.11.4',
    generalType: 'decision', subjectGroup: 'disability-services',
    label: {
      fi: 'Päätös valvotusta liikkumisesta',
      sv: 'Beslut om rörelsefrihet under övervakning',
      en: 'Decision on supervised movement',
    },
  },
  {
    system: T, code: '11049', structureOid: '1.2.246.537.6.1506.11049.2023.12.1',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös yhteydenpidon rajoittamisen lopettamisesta',
      sv: 'Beslut om upphörande av begränsning av kontakterna',
      en: 'Decision to end a restriction on contact',
    },
  },
  {
    system: T, code: '11050', structureOid: '1.2.246.537.6.1506.11050.2023.12.1',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös yhteydenpidon rajoittamisesta',
      sv: 'Beslut om begränsning av kontakterna',
      en: 'Decision to restrict contact',
    },
  },
  {
    system: T, code: '11052', structureOid: '1.2.246.537.6.1506.11052.2023.9.8',
    generalType: 'decision', subjectGroup: 'working-age-services',
    label: {
      fi: 'Työikäisten palvelupäätös',
      sv: 'Beslut om service för personer i arbetsför ålder',
      en: 'Decision on services for working-age people',
    },
  },
  {
    system: T, code: '11053', structureOid: '1.2.246.537.6.1506.11053.2024.11.5',
    generalType: 'decision', subjectGroup: 'disability-services',
    label: {
      fi: 'Vammaispalvelupäätös',
      sv: 'Beslut om service för personer med funktionsnedsättning',
      en: 'Decision on disability services',
    },
  },
  {
    system: T, code: '11054', structureOid: '1.2.246.537.6.1506.11054.2024.5.31',
    generalType: 'decision', subjectGroup: 'common',
    label: {
      fi: 'Välitystilipäätös',
      sv: 'Beslut om förmedlingskonto',
      en: 'Decision on an intermediary account',
    },
  },
  {
    system: T, code: '11055', structureOid: '1.2.246.537.6.1506.11055.2023.5.31',
    generalType: 'decision', subjectGroup: 'child-protection-open-care',
    label: {
      fi: 'Päätös lastensuojelun avohuollon sijoituksen lopettamisesta',
      sv: 'Beslut om att placering inom barnskyddets öppenvård ska avslutas',
      en: 'Decision to end an open-care placement in child protection',
    },
  },
  {
    system: T, code: '11056', structureOid: '1.2.246.537.6.1506.11056.2023.12.2',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Päätös luvatta laitoksesta poistuneen lapsen palauttamisesta',
      sv: 'Beslut om återförande av ett barn som utan tillstånd avlägsnat sig från anstalten',
      en: 'Decision to return a child who has left an institution without permission',
    },
  },
  {
    system: T, code: '11059', structureOid: '1.2.246.537.6.1506.11059.2024.9.30',
    generalType: 'decision', subjectGroup: 'child-protection-aftercare',
    label: {
      fi: 'Lastensuojelun jälkihuollon palvelu- tai tukitoimipäätös',
      sv: 'Barnskyddets beslut om tjänster eller stödåtgärder vid eftervård',
      en: 'Child protection aftercare decision on services or support measures',
    },
  },
  {
    system: T, code: '11060', structureOid: '1.2.246.537.6.1506.11060.2024.8.29',
    generalType: 'decision', subjectGroup: 'supervised-visitation',
    label: {
      fi: 'Päätös tapaamisten valvonnasta',
      sv: 'Beslut om övervakning av umgänge',
      en: 'Decision on supervision of visits',
    },
  },
  {
    system: T, code: '11061', structureOid: '1.2.246.537.6.1506.11061.2022.9.28',
    generalType: 'decision', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Toimeenpanopäätös hallinto-oikeuden ratkaisusta huostaanottoasiassa',
      sv: 'Beslut om verkställande av förvaltningsdomstolens avgörande i ärende som gäller omhändertagande',
      en: 'Decision to enforce an administrative court ruling in a care order matter',
    },
  },
  {
    system: T, code: '11062', structureOid: '1.2.246.537.6.1506.11062.2024.11.4',
    generalType: 'decision', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Päätös vanhemmuuden selvittämisen keskeyttämisestä',
      sv: 'Beslut om nedläggande av föräldraskapsutredning',
      en: 'Decision to discontinue a parenthood investigation',
    },
  },
  {
    system: T, code: '11063', structureOid: '1.2.246.537.6.1506.11063.2024.11.4',
    generalType: 'decision', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Päätös vanhemmuuden selvittämisen aloittamisesta uudestaan',
      sv: 'Beslut om att återuppta en föräldraskapsutredning',
      en: 'Decision to resume a parenthood investigation',
    },
  },
  {
    system: T, code: '11066', structureOid: '1.2.246.537.6.1506.11066.2024.10.31',
    generalType: 'decision', subjectGroup: 'family-group-home',
    label: {
      fi: 'Rajoituspäätös perheryhmäkotitoiminnassa',
      sv: 'Beslut om begränsning inom familjegrupphemsverksamhet',
      en: 'Decision on a restriction in a family group home',
    },
  },
  {
    system: T, code: '12000', structureOid: '1.2.246.537.6.1506.12000.2024.11.29',
    generalType: 'report', subjectGroup: 'adoption-counselling',
    // sv: our translation, none is published
    label: {
      fi: 'Adoptionhakijoiden taustaselvitys',
      sv: 'Bakgrundsutredning om adoptionssökandena',
      en: 'Background report on adoption applicants',
    },
  },
  {
    system: T, code: '12004', structureOid: '1.2.246.537.6.1506.12004.2024.11.29',
    generalType: 'report', subjectGroup: 'adoption-counselling',
    // sv: our translation, none is published
    label: {
      fi: 'Perheen sisäisen adoption osapuolten taustaselvitys',
      sv: 'Bakgrundsutredning om parterna i en adoption inom familjen',
      en: 'Background report on the parties to an intra-family adoption',
    },
  },
  {
    system: T, code: '12006', structureOid: '1.2.246.537.6.1506.12006.2022.6.28',
    generalType: 'report', subjectGroup: 'support-relationship',
    label: {
      fi: 'Tukiperheen hakijan tiedot',
      sv: 'Uppgifter om en sökande av stödfamilj',
      en: 'Information on a support family applicant',
    },
  },
  {
    system: T, code: '12011', structureOid: '1.2.246.537.6.1506.12011.2025.3.21',
    generalType: 'report', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Synnyttäneen äidin tai mahdollisen toisen vanhemman neuvotteluasiakirja vanhemmuuden selvittämiseksi',
      sv: 'Handling över överläggning för att utreda föräldraskap med den mor som har fött barnet eller den eventuella andra föräldern',
      en: 'Record of a consultation with the birth mother or a possible other parent to establish parenthood',
    },
  },
  {
    system: T, code: '12012', structureOid: '1.2.246.537.6.1506.12012.2024.11.28',
    generalType: 'report', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Lapsen neuvotteluasiakirja vanhemmuuden selvittämiseksi',
      sv: 'Handling över överläggning med barnet för att utreda föräldraskap',
      en: 'Record of a consultation with the child to establish parenthood',
    },
  },
  {
    system: T, code: '12013', structureOid: '1.2.246.537.6.1506.12013.2024.11.28',
    generalType: 'report', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Avioliiton aikana syntyneen tai raskausaikana tunnustetun lapsen vanhempien neuvotteluasiakirja vanhemmuuden selvittämiseksi',
      sv: 'Handling över överläggning med föräldrarna för att utreda föräldraskapet till ett barn som har fötts under äktenskapet eller som erkänts under graviditeten',
      en: 'Record of a consultation with the parents to establish parenthood of a child born in marriage or acknowledged during pregnancy',
    },
  },
  {
    system: T, code: '12014', structureOid: '1.2.246.537.6.1506.12014.2024.11.1',
    generalType: 'report', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Otaksutun synnyttäneen äidin tai lapsen laillisen edustajan neuvotteluasiakirja äitiyden selvittämiseksi',
      sv: 'Handling över överläggning för att utreda moderskap med den förmodade mor som har fött barnet eller barnets lagliga företrädare',
      en: 'Record of a consultation with the presumed birth mother or the child\'s legal representative to establish maternity',
    },
  },
  {
    system: T, code: '12015', structureOid: '1.2.246.537.6.1506.12015.2024.11.1',
    generalType: 'statement', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Pöytäkirja synnyttäneen äidin äitiyden selvittämisestä',
      sv: 'Protokoll över utredning av moderskapet för den mor som har fött barnet',
      en: 'Record of the investigation of the birth mother\'s maternity',
    },
  },
  {
    system: T, code: '13000', structureOid: '1.2.246.537.6.1506.13000.2025.4.2',
    generalType: 'agreement', subjectGroup: 'child-maintenance',
    label: {
      fi: 'Lapsen elatussopimus',
      sv: 'Avtal om underhållsbidrag till barn',
      en: 'Child maintenance agreement',
    },
  },
  {
    system: T, code: '13001', structureOid: '1.2.246.537.6.1506.13001.2025.4.2',
    generalType: 'agreement', subjectGroup: 'custody-and-visitation',
    label: {
      fi: 'Lapsen huolto- ja tapaamisoikeussopimus',
      sv: 'Avtal om vårdnad om barn och umgängesrätt',
      en: 'Child custody and visitation agreement',
    },
  },
  {
    system: T, code: '13003', structureOid: '1.2.246.537.6.1506.13003.2025.3.3',
    generalType: 'agreement', subjectGroup: 'spousal-maintenance',
    // sv: our translation, none is published
    label: {
      fi: 'Puolison elatussopimus',
      sv: 'Avtal om underhållsbidrag till make eller maka',
      en: 'Spousal maintenance agreement',
    },
  },
  {
    system: T, code: '13004', structureOid: '1.2.246.537.6.1506.13004.2023.6.21',
    generalType: 'agreement', subjectGroup: 'common',
    label: {
      fi: 'Sopimus työelämään osallistumiseen liittyvästä sosiaalipalvelusta',
      sv: 'Avtal om socialservice gällande deltagande i arbetslivet',
      en: 'Agreement on a social service related to participation in working life',
    },
  },
  {
    system: T, code: '13005', structureOid: '1.2.246.537.6.1506.13005.2023.9.8',
    generalType: 'agreement', subjectGroup: 'social-credit',
    label: {
      fi: 'Sopimus sosiaalisesta luotosta',
      sv: 'Avtal om social kredit',
      en: 'Social credit agreement',
    },
  },
  {
    system: T, code: '13007', structureOid: '1.2.246.537.6.1506.13007.2023.9.8',
    generalType: 'agreement', subjectGroup: 'common',
    label: {
      fi: 'Sopimus yksityisesti järjestettävästä sosiaalipalvelusta',
      sv: 'Avtal om ordnande av privat socialservice',
      en: 'Agreement on a privately arranged social service',
    },
  },
  {
    system: T, code: '14001', structureOid: '1.2.246.537.6.1506.14001.2024.11.29',
    generalType: 'consent', subjectGroup: 'adoption-counselling',
    // sv: our translation, none is published
    label: {
      fi: 'Lapsen suostumus adoptioon',
      sv: 'Barnets samtycke till adoption',
      en: 'Child\'s consent to adoption',
    },
  },
  {
    system: T, code: '14002', structureOid: '1.2.246.537.6.1506.14002.2024.10.31',
    generalType: 'consent', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Oikeudenomistajan suostumus',
      sv: 'Samtycke av rättsinnehavare',
      en: 'Consent of a successor in title',
    },
  },
  {
    system: T, code: '14003', structureOid: '1.2.246.537.6.1506.14003.2023.6.21',
    generalType: 'consent', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon valtakirja',
      sv: 'Fullmakt inom socialvården',
      en: 'Social welfare power of attorney',
    },
  },
  {
    system: T, code: '14004', structureOid: '1.2.246.537.6.1506.14004.2023.9.8',
    generalType: 'consent', subjectGroup: 'social-credit',
    label: {
      fi: 'Sosiaalisen luoton valtakirja',
      sv: 'Fullmakt för social kredit',
      en: 'Social credit power of attorney',
    },
  },
  {
    system: T, code: '14006', structureOid: '1.2.246.537.6.1506.14006.2024.11.29',
    generalType: 'consent', subjectGroup: 'adoption-counselling',
    // sv: our translation, none is published
    label: {
      fi: 'Suostumus adoptioon',
      sv: 'Samtycke till adoption',
      en: 'Consent to adoption',
    },
  },
  {
    system: T, code: '14007', structureOid: '1.2.246.537.6.1506.14007.2023.6.21',
    generalType: 'consent', subjectGroup: 'common',
    label: {
      fi: 'Suostumus sosiaalihuollon lausuntopyyntöön',
      sv: 'Samtycke till socialvårdens begäran om utlåtande',
      en: 'Consent to a social welfare request for a statement',
    },
  },
  {
    system: T, code: '14009', structureOid: '1.2.246.537.6.1506.14009.2025.3.21',
    generalType: 'consent', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Hyväksymisasiakirja vanhemmuusasiassa',
      sv: 'Handling över godkännande i föräldraskapsärendet',
      en: 'Approval document in a parenthood matter',
    },
  },
  {
    system: T, code: '15000', structureOid: '1.2.246.537.6.1506.15000.2024.11.29',
    generalType: 'plan', subjectGroup: 'adoption-counselling',
    // sv: our translation, none is published
    label: {
      fi: 'Adoptioneuvonnan suunnitelma',
      sv: 'Plan för adoptionsrådgivning',
      en: 'Adoption counselling plan',
    },
  },
  {
    system: T, code: '15001', structureOid: '1.2.246.537.6.1506.15001.2023.8.1',
    generalType: 'plan', subjectGroup: 'working-age-services',
    label: {
      fi: 'Aktivointisuunnitelma',
      sv: 'Aktiveringsplan',
      en: 'Activation plan',
    },
  },
  {
    system: T, code: '15002', structureOid: '1.2.246.537.6.1506.15002.2023.9.8',
    generalType: 'plan', subjectGroup: 'child-protection-common',
    label: {
      fi: 'Hoito- ja kasvatussuunnitelma',
      sv: 'Plan för vård och fostran',
      en: 'Care and upbringing plan',
    },
  },
  {
    system: T, code: '15003', structureOid: '1.2.246.537.6.1506.15003.2024.11.28',
    generalType: 'plan', subjectGroup: 'older-people-services',
    label: {
      fi: 'Iäkkäiden palvelujen asiakassuunnitelma',
      sv: 'Klientplan inom äldreservicen',
      en: 'Client plan for services for older people',
    },
  },
  {
    system: T, code: '15004', structureOid: '1.2.246.537.6.1506.15004.2023.9.8',
    generalType: 'plan', subjectGroup: 'older-people-services',
    label: {
      fi: 'Iäkkäiden palvelujen toteuttamissuunnitelma',
      sv: 'Genomförandeplan för äldreservice',
      en: 'Implementation plan for services for older people',
    },
  },
  {
    system: T, code: '15007', structureOid: '1.2.246.537.6.1506.15007.2024.11.28',
    generalType: 'plan', subjectGroup: 'families-with-children-services',
    label: {
      fi: 'Lapsiperheiden palvelujen asiakassuunnitelma',
      sv: 'Klientplan inom servicen för barnfamiljer',
      en: 'Client plan for services for families with children',
    },
  },
  {
    system: T, code: '15008', structureOid: '1.2.246.537.6.1506.15008.2023.9.27',
    generalType: 'plan', subjectGroup: 'families-with-children-services',
    label: {
      fi: 'Lapsiperheiden palvelujen toteuttamissuunnitelma',
      sv: 'Genomförandeplan för service för barnfamiljer',
      en: 'Implementation plan for services for families with children',
    },
  },
  {
    system: T, code: '15009', structureOid: '1.2.246.537.6.1506.15009.2024.11.28',
    generalType: 'plan', subjectGroup: 'child-protection-common',
    label: {
      fi: 'Lastensuojelun asiakassuunnitelma',
      sv: 'Klientplan för barnskyddet',
      en: 'Child protection client plan',
    },
  },
  {
    system: T, code: '15010', structureOid: '1.2.246.537.6.1506.15010.2024.11.28',
    generalType: 'plan', subjectGroup: 'child-protection-aftercare',
    label: {
      fi: 'Lastensuojelun jälkihuollon asiakassuunnitelma',
      sv: 'Klientplan för eftervård inom barnskyddet',
      en: 'Child protection aftercare client plan',
    },
  },
  {
    system: T, code: '15012', structureOid: '1.2.246.537.6.1506.15012.2022.9.28',
    generalType: 'plan', subjectGroup: 'informal-care-support',
    label: {
      fi: 'Omaishoidon tuen suunnitelma',
      sv: 'Plan för stödet för närståendevård',
      en: 'Informal care support plan',
    },
  },
  {
    system: T, code: '15014', structureOid: '1.2.246.537.6.1506.15014.2023.9.27',
    generalType: 'plan', subjectGroup: 'family-work',
    label: {
      fi: 'Perhetyön suunnitelma',
      sv: 'Plan för familjearbetet',
      en: 'Family work plan',
    },
  },
  {
    system: T, code: '15015', structureOid: '1.2.246.537.6.1506.15015.2024.11.28',
    generalType: 'plan', subjectGroup: 'substance-abuse-and-addiction-services',
    label: {
      fi: 'Päihde- ja riippuvuustyön erityisten palvelujen asiakassuunnitelma',
      sv: 'Klientplan vid särskild service inom arbetet med missbruk och beroende',
      en: 'Client plan for specialised substance abuse and addiction services',
    },
  },
  {
    system: T, code: '15016', structureOid: '1.2.246.537.6.1506.15016.2023.11.30',
    generalType: 'plan', subjectGroup: 'substance-abuse-and-addiction-services',
    label: {
      fi: 'Päihde- ja riippuvuustyön erityisten palvelujen toteuttamissuunnitelma',
      sv: 'Genomförandeplan för särskild service inom arbetet med missbruk och beroende',
      en: 'Implementation plan for specialised substance abuse and addiction services',
    },
  },
  {
    system: T, code: '15017', structureOid: '1.2.246.537.6.1506.15017.2022.9.28',
    generalType: 'plan', subjectGroup: 'child-protection-intensive-family-work',
    label: {
      fi: 'Tehostetun perhetyön suunnitelma',
      sv: 'Plan för intensifierat familjearbete',
      en: 'Intensive family work plan',
    },
  },
  {
    system: T, code: '15018', structureOid: '1.2.246.537.6.1506.15018.2023.9.27',
    generalType: 'plan', subjectGroup: 'support-relationship',
    label: {
      fi: 'Tukisuhdesuunnitelma',
      sv: 'Stödrelationsplan',
      en: 'Support relationship plan',
    },
  },
  {
    system: T, code: '15019', structureOid: '1.2.246.537.6.1506.15019.2024.11.29',
    generalType: 'plan', subjectGroup: 'shelter-services',
    label: {
      fi: 'Turvakotipalvelusuunnitelma',
      sv: 'Plan inom skyddshemsservicen',
      en: 'Shelter service plan',
    },
  },
  {
    system: T, code: '15020', structureOid: '1.2.246.537.6.1506.15020.2024.11.28',
    generalType: 'plan', subjectGroup: 'working-age-services',
    label: {
      fi: 'Työikäisten palvelujen asiakassuunnitelma',
      sv: 'Klientplan inom servicen för personer i arbetsför ålder',
      en: 'Client plan for services for working-age people',
    },
  },
  {
    system: T, code: '15021', structureOid: '1.2.246.537.6.1506.15021.2023.9.8',
    generalType: 'plan', subjectGroup: 'working-age-services',
    label: {
      fi: 'Työikäisten palvelujen toteuttamissuunnitelma',
      sv: 'Genomförandeplan för service för personer i arbetsför ålder',
      en: 'Implementation plan for services for working-age people',
    },
  },
  {
    system: T, code: '15022', structureOid: '1.2.246.537.6.1506.15022.2024.11.28',
    generalType: 'plan', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Vanhemmuuden tukemisen suunnitelma',
      sv: 'Klientplan för stöd i föräldraskapet',
      en: 'Plan for supporting parenthood',
    },
  },
  {
    system: T, code: '15023', structureOid: '1.2.246.537.6.1506.15023.2024.11.4',
    generalType: 'plan', subjectGroup: 'disability-services',
    label: {
      fi: 'Vammaispalvelujen asiakassuunnitelma',
      sv: 'Klientplan inom funktionshinderservicen',
      en: 'Client plan for disability services',
    },
  },
  {
    system: T, code: '15024', structureOid: '1.2.246.537.6.1506.15024.2024.11.4',
    generalType: 'plan', subjectGroup: 'disability-services',
    label: {
      fi: 'Vammaispalvelujen toteuttamissuunnitelma',
      sv: 'Genomförandeplan inom funktionshinderservicen',
      en: 'Implementation plan for disability services',
    },
  },
  {
    system: T, code: '15025', structureOid: '1.2.246.537.6.1506.15025.2023.9.15',
    generalType: 'plan', subjectGroup: 'violence-work',
    label: {
      fi: 'Turvasuunnitelma',
      sv: 'Säkerhetsplan',
      en: 'Safety plan',
    },
  },
  {
    system: T, code: '15026', structureOid: '1.2.246.537.6.1506.15026.2022.9.28',
    generalType: 'plan', subjectGroup: 'child-protection-common',
    label: {
      fi: 'Lastensuojelun toteuttamissuunnitelma',
      sv: 'Genomförandeplan för barnskyddet',
      en: 'Child protection implementation plan',
    },
  },
  {
    system: T, code: '15027', structureOid: '1.2.246.537.6.1506.15027.2023.9.8',
    generalType: 'plan', subjectGroup: 'common',
    label: {
      fi: 'Asiakkaan yksilöllinen varautumissuunnitelma',
      sv: 'Klientens individuella beredskapsplan',
      en: 'Client\'s individual preparedness plan',
    },
  },
  {
    system: T, code: '16000', structureOid: '1.2.246.537.6.1506.16000.2024.11.29',
    generalType: 'summary', subjectGroup: 'adoption-counselling',
    // sv: our translation, none is published
    label: {
      fi: 'Adoptoitavan lapsen taustatiedot',
      sv: 'Bakgrundsuppgifter om barnet som ska adopteras',
      en: 'Background information on the child to be adopted',
    },
  },
  {
    system: T, code: '16001', structureOid: '1.2.246.537.6.1506.16001.2024.11.1',
    generalType: 'summary', subjectGroup: 'disability-services',
    label: {
      fi: 'Selvitys rajoitustoimenpiteistä',
      sv: 'Rapport om begränsningsåtgärder',
      en: 'Report on restrictive measures',
    },
  },
  {
    system: T, code: '16002', structureOid: '1.2.246.537.6.1506.16002.2025.1.30',
    generalType: 'summary', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Sijoitettavan lapsen esitiedot',
      sv: 'Förhandsuppgifter om barn som ska placeras',
      en: 'Preliminary information on a child to be placed',
    },
  },
  {
    system: T, code: '16005', structureOid: '1.2.246.537.6.1506.16005.2023.4.28',
    generalType: 'summary', subjectGroup: 'child-protection-substitute-care',
    label: {
      fi: 'Yhteenveto perhehoidossa olevan lapsen tuesta',
      sv: 'Sammanfattning av stöd för barn i familjevård',
      en: 'Summary of support for a child in family care',
    },
  },
  {
    system: T, code: '16007', structureOid: '1.2.246.537.6.1506.16007.2022.9.28',
    generalType: 'summary', subjectGroup: 'disability-services',
    label: {
      fi: 'Yhteenveto rajoitustoimenpiteen jälkiselvittelystä',
      sv: 'Sammanfattning av genomgång i efterhand av begränsningsåtgärder',
      en: 'Summary of the follow-up review of a restrictive measure',
    },
  },
  {
    system: T, code: '16008', structureOid: '1.2.246.537.6.1506.16008.2024.11.1',
    generalType: 'summary', subjectGroup: 'parenthood-investigation',
    label: {
      fi: 'Yhteenveto vainajan oikeudenomistajista',
      sv: 'Sammanfattning av den avlidnes rättsinnehavare',
      en: 'Summary of the deceased\'s successors in title',
    },
  },
  {
    system: T, code: '16009', structureOid: '1.2.246.537.6.1506.16009.2022.6.28',
    generalType: 'summary', subjectGroup: 'common',
    label: {
      fi: 'Sosiaalihuollon yhteenveto',
      sv: 'Sammanfattning om en klient inom socialvården',
      en: 'Social welfare summary',
    },
  },
  {
    system: T, code: '16010', structureOid: '1.2.246.537.6.1506.16010.2024.11.1',
    generalType: 'summary', subjectGroup: 'family-group-home',
    label: {
      fi: 'Pöytäkirja rajoituksesta perheryhmäkotitoiminnassa',
      sv: 'Protokoll om begränsning inom familjegrupphemsverksamheten',
      en: 'Record of a restriction in a family group home',
    },
  },
  {
    system: T, code: '19001', structureOid: '1.2.246.537.6.1506.19001.2023.10.30',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Merkintä asian vireilletulosta',
      sv: 'Anteckning om inledande behandling av ärende',
      en: 'Entry on the initiation of a matter',
    },
  },
  {
    system: T, code: '19002', structureOid: '1.2.246.537.6.1506.19002.2022.1.10',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Merkintä sosiaalipalvelun alkamisesta',
      sv: 'Anteckning om inledande av socialservice',
      en: 'Entry on the start of a social service',
    },
  },
  {
    system: T, code: '19003', structureOid: '1.2.246.537.6.1506.19003.2022.1.10',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Merkintä ohjauksesta ja neuvonnasta',
      sv: 'Anteckning om handledning och rådgivning',
      en: 'Entry on guidance and advice',
    },
  },
  {
    system: T, code: '19004', structureOid: '1.2.246.537.6.1506.19004.2022.1.10',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Merkintä neuvottelusta',
      sv: 'Anteckning om överläggning',
      en: 'Entry on a consultation',
    },
  },
  {
    system: T, code: '19005', structureOid: '1.2.246.537.6.1506.19005.2022.1.10',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Merkintä tapaamisesta tai yhteydenotosta',
      sv: 'Anteckning om möte eller kontakt',
      en: 'Entry on a meeting or contact',
    },
  },
  {
    system: T, code: '19006', structureOid: '1.2.246.537.6.1506.19006.2022.9.28',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Merkintä neuvottelun, tapaamisen tai yhteydenoton peruuntumisesta',
      sv: 'Anteckning om inhibering av överläggning, möte eller kontakt',
      en: 'Entry on the cancellation of a consultation, meeting or contact',
    },
  },
  {
    system: T, code: '19007', structureOid: '1.2.246.537.6.1506.19007.2022.1.10',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Merkintä asiakkaan arjesta',
      sv: 'Anteckning om en klients vardag',
      en: 'Entry on the client\'s daily life',
    },
  },
  {
    system: T, code: '19008', structureOid: '1.2.246.537.6.1506.19008.2024.12.19',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Merkintä rajoitustoimenpiteestä',
      sv: 'Anteckning om begränsningsåtgärd',
      en: 'Entry on a restrictive measure',
    },
  },
  {
    system: T, code: '19009', structureOid: '1.2.246.537.6.1506.19009.2023.11.30',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Merkintä asiakasta koskevien tietojen pyytämisestä tai saamisesta',
      sv: 'Anteckning om begäran om eller tillgång till uppgifter om en klient',
      en: 'Entry on requesting or receiving information about the client',
    },
  },
  {
    system: T, code: '19010', structureOid: '1.2.246.537.6.1506.19010.2023.9.8',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Merkintä asiakastietojen luovuttamisesta',
      sv: 'Anteckning om utlämnande av klientuppgifter',
      en: 'Entry on disclosing client information',
    },
  },
  {
    system: T, code: '19012', structureOid: '1.2.246.537.6.1506.19012.2022.1.10',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Merkintä sosiaalipalvelun päättymisestä',
      sv: 'Anteckning om avslutning av socialservice',
      en: 'Entry on the end of a social service',
    },
  },
  {
    system: T, code: '19013', structureOid: '1.2.246.537.6.1506.19013.2022.1.10',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Muu asiakaskertomusmerkintä',
      sv: 'Annan anteckning i en klientjournal',
      en: 'Other client journal entry',
    },
  },
  {
    system: T, code: '19014', structureOid: '1.2.246.537.6.1506.19014.2022.6.28',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Merkintä terapeuttisesta työskentelystä',
      sv: 'Anteckning om terapeutiskt arbete',
      en: 'Entry on therapeutic work',
    },
  },
  {
    system: T, code: '19015', structureOid: '1.2.246.537.6.1506.19015.2022.6.28',
    generalType: 'client-journal-entry', subjectGroup: 'common',
    label: {
      fi: 'Merkintä asiakkaalle tehdystä tutkimuksesta',
      sv: 'Anteckning om en undersökning som klienten genomgått',
      en: 'Entry on an examination of the client',
    },
  },
] satisfies DocumentTypeEntry[]).map((e) => Object.freeze({ ...e, label: Object.freeze(e.label) })));

const BY_SYSTEM_AND_CODE: ReadonlyMap<string, DocumentTypeEntry> = new Map(
  DOCUMENT_TYPES.map((e) => [lookupKey(e.system, e.code), e]),
);

// What happened to each demo client, as the steps a client data system would have taken:
// client relationship documents first, then the documents of the service, corrections (L1) and
// invalidations (L2). The seed replays STEPS in time order through the real use cases.
//
// Coverage on purpose: all seven service tasks; every phase (legacy, 1, 2, 3); every display
// restriction (V5 a-c); a portal opt-in (V4); never-shown categories (V3: shelter services,
// violence work, custody and visitation, payment commitments); a shared matter (S8); producer
// units on relationship records (D3, S7) and a producer storing into the organiser's register;
// clients with documents in both welfare areas' registers (for disclosure between registers, D4);
// and the consent service (D5, D7, D8, S2, S3): informed and consenting clients, an uninformed
// one, a revoked consent, every prohibition kind, and a guardian acting for a minor. DEMO_REQUESTS
// at the end say what each professional then sees; data/demo/people.md lists them and the seed
// test checks every one of them.
import type { ServiceTaskKey } from '../domain/codes/index.ts';
import {
  ORG, type ActorKey, type ConsentGiver, type ConsentRecordSpec, type ConsentStep, type DemoRequest, type InvalidateStep, type PersonHandle,
  type RevokeStep, type Step, type StepContent, type StoreStep,
} from './fixtures.ts';

const FAMILIES: ServiceTaskKey = 'families-with-children';
const WORKING_AGE: ServiceTaskKey = 'working-age';
const OLDER: ServiceTaskKey = 'older-people';
const SUBSTANCE: ServiceTaskKey = 'substance-abuse';
const DISABILITY: ServiceTaskKey = 'disability';
const CHILD_PROTECTION: ServiceTaskKey = 'child-protection';
const FAMILY_LAW: ServiceTaskKey = 'family-law';

type RelationshipSpec = Omit<Extract<StepContent, { kind: 'relationship' }>, 'kind'>;
type DocSpec = Omit<StoreStep, 'kind' | 'content'> & { readonly text: readonly string[]; readonly data?: Readonly<Record<string, unknown>> };

/** A client relationship document: opens (or, corrected, changes) the relationship. */
function rel(at: string, by: ActorKey, client: PersonHandle, task: ServiceTaskKey, spec: RelationshipSpec, ref?: string): StoreStep {
  return { kind: 'store', ...(ref ? { ref } : {}), at, by, client, task, type: '1', phase: '3', title: 'Asiakkuusasiakirja', content: { kind: 'relationship', ...spec } };
}

/** A document; legacy and phase 1 documents are PDFs, phase 2 and 3 structured JSON. */
function doc(spec: DocSpec): StoreStep {
  const { text, data, ...rest } = spec;
  // Phase 3 means structured content: a phase 3 fixture without coded data is a mistake.
  if (spec.phase === '3' && !data) throw new Error(`demo fixture ${spec.type} at ${spec.at}: phase 3 needs data`);
  const content: StepContent = spec.phase === 'legacy' || spec.phase === '1'
    ? { kind: 'pdf', lines: text }
    : { kind: 'json', text, ...(data ? { data } : {}) };
  return { kind: 'store', ...rest, content };
}

/** L1: a corrected version of an earlier step, stored again by the same register. */
function fix(original: StoreStep, at: string, changes: { title?: string; text?: readonly string[]; data?: Readonly<Record<string, unknown>>; relationship?: Partial<RelationshipSpec> }): StoreStep {
  if (!original.ref) throw new Error('a corrected step needs a ref');
  const c = original.content;
  const content: StepContent =
    c.kind === 'relationship' ? { ...c, ...changes.relationship }
    : c.kind === 'pdf' ? { kind: 'pdf', lines: changes.text ?? c.lines }
    : c.kind === 'json' ? { kind: 'json', text: changes.text ?? c.text, ...(changes.data ?? c.data ? { data: changes.data ?? c.data } : {}) }
    : c;
  const { ref: _ref, ...rest } = original;
  return { ...rest, at, created: at, replaces: original.ref, title: changes.title ?? original.title, content };
}

function invalidate(at: string, by: ActorKey, target: string, reason: string): InvalidateStep {
  return { kind: 'invalidate', at, by, target, reason };
}

/** A consent service record given during a visit and recorded by the professional (D7, D8). */
function consent(at: string, by: ActorKey, client: PersonHandle, record: ConsentRecordSpec, options: { ref?: string; givenBy?: ConsentGiver } = {}): ConsentStep {
  return { kind: 'consent', ...(options.ref ? { ref: options.ref } : {}), at, by, client, record, ...(options.givenBy ? { givenBy: options.givenBy } : {}) };
}

function revoke(at: string, by: ActorKey, target: string, revokedBy?: ConsentGiver): RevokeStep {
  return { kind: 'revoke', at, by, target, ...(revokedBy ? { revokedBy } : {}) };
}

// V5(c) and V5(a) reasons, as a professional would write them.
const CHILD_FORBIDS = 'Lapsi on kieltänyt tietojen antamisen huoltajilleen; työntekijä on arvioinut kiellon lapsen edun mukaiseksi.';

function korpela(): Step[] {
  const plan = doc({ ref: 'korpela-plan', at: '2024-03-01T10:00', by: 'a2', client: 'laura', task: FAMILIES, type: '15007', phase: '2', matter: 'korpela-matter', title: 'Lapsiperheiden palvelujen asiakassuunnitelma', text: ['Tavoitteena arjen rytmin vakiintuminen ja vanhempien jaksaminen.', 'Perhetyöntekijä käy kotona kerran viikossa.'] });
  return [
    rel('2024-01-08T09:00', 'a2', 'laura', FAMILIES, { start: '2024-01-08', unit: ORG.areaAFamilies, worker: 'demo-pro-a2' }),
    rel('2024-01-08T09:05', 'a2', 'janne', FAMILIES, { start: '2024-01-08', unit: ORG.areaAFamilies, worker: 'demo-pro-a2' }),
    doc({ at: '2024-01-15T13:20', by: 'a2s', client: 'laura', task: FAMILIES, type: '3006', phase: '1', title: 'Lapsiperheiden palvelujen hakemus', text: ['Hakemus perhetyöhön.', 'Perhe toivoo tukea lasten päivärytmiin ja vanhempien jaksamiseen.'] }),
    doc({ ref: 'korpela-assessment', at: '2024-02-05T10:30', by: 'a2', client: 'laura', task: FAMILIES, type: '1005', phase: '2', title: 'Lapsen ja perheen palvelutarpeen arvio', text: ['Perheellä on tarve perhetyöhön.', 'Vanhemmat ovat motivoituneita ottamaan tukea vastaan.'] }),
    // S8: the parents are both clients of the matter; the children are only parties to it.
    { kind: 'store', ref: 'korpela-matter', at: '2024-02-20T09:00', by: 'a2', client: 'laura', task: FAMILIES, type: '2', phase: '3', title: 'Perheen tukeminen arjessa',
      content: { kind: 'matter', title: 'Perheen tukeminen arjessa', clients: ['laura', 'janne'], joined: '2024-02-20', parties: ['eetu', 'ella'] } },
    plan,
    doc({ ref: 'korpela-decision', at: '2024-03-10T11:00', by: 'a2', client: 'laura', task: FAMILIES, type: '11001', phase: '3', matter: 'korpela-matter', title: 'Lapsiperheiden palvelupäätös: perhetyö', text: ['Perheelle myönnetään perhetyötä 1.4.2024 alkaen.'], data: { decision: 'approved', service: 'perhetyö', validFrom: '2024-04-01', hoursPerWeek: 3 } }),
    fix(plan, '2024-09-02T14:00', { text: ['Tavoitteena arjen rytmin vakiintuminen ja vanhempien jaksaminen.', 'Perhetyö jatkuu joulukuuhun; käyntejä kaksi kertaa kuukaudessa.'] }),
    rel('2024-10-14T08:30', 'a2', 'eetu', CHILD_PROTECTION, { start: '2024-10-14', unit: ORG.areaAFamilies, worker: 'demo-pro-a2', related: [['laura', 'guardian'], ['janne', 'guardian']] }),
    rel('2024-10-14T08:35', 'a2', 'ella', CHILD_PROTECTION, { start: '2024-10-14', unit: ORG.areaAFamilies, worker: 'demo-pro-a2', related: [['laura', 'guardian'], ['janne', 'guardian']] }),
    doc({ at: '2024-10-14T10:30', by: 'a2', client: 'eetu', task: CHILD_PROTECTION, type: '4009', phase: '2', title: 'Lastensuojeluilmoitus', text: ['Koulu ilmoitti huolesta lapsen poissaoloista.'] }),
    doc({ at: '2024-10-21T13:00', by: 'a2', client: 'eetu', task: CHILD_PROTECTION, type: '1006', phase: '2', title: 'Lastensuojeluilmoituksen arvio', text: ['Lastensuojeluasia tulee vireille; tehdään palvelutarpeen arvio.'] }),
    doc({ at: '2024-11-20T09:45', by: 'a2', client: 'eetu', task: CHILD_PROTECTION, type: '15009', phase: '3', title: 'Lastensuojelun asiakassuunnitelma', text: ['Tavoitteena säännöllinen koulunkäynti.'], data: { goals: ['koulunkäynti', 'harrastus'], reviewBy: '2025-05-31' } }),
    doc({ at: '2025-01-15T15:10', by: 'a2', client: 'eetu', task: CHILD_PROTECTION, type: '19005', phase: '2', title: 'Merkintä tapaamisesta', restriction: { hiddenFromGuardians: true, reason: CHILD_FORBIDS }, text: ['Lapsi kertoi tapaamisessa kotitilanteestaan.'] }),
    doc({ at: '2025-02-03T10:00', by: 'a2', client: 'eetu', task: CHILD_PROTECTION, type: '11002', phase: '3', title: 'Lastensuojelun tukitoimipäätös', text: ['Lapselle myönnetään tukihenkilö.'], data: { decision: 'approved', measure: 'tukihenkilö', validFrom: '2025-02-10' } }),
    doc({ at: '2025-03-12T12:00', by: 'a2', client: 'ella', task: CHILD_PROTECTION, type: '11030', phase: '2', title: 'Päätös lastensuojelun avohuollon sijoituksesta',
      restriction: { delayedUntil: '2027-01-15', reason: 'Näyttäminen siirretään, kunnes lapsen ja huoltajien kuuleminen jatkosijoituksesta on tehty.' }, text: ['Lapsi sijoitetaan avohuollon tukitoimena yhdessä äidin kanssa perhekuntoutukseen.'] }),
  ];
}

function kallio(): Step[] {
  const guardian = { start: '2025-04-01', unit: ORG.areaAFamilies, worker: 'demo-pro-a2', related: [['jussi', 'guardian']] } as const;
  return [
    rel('2025-04-01T09:00', 'a2', 'jussi', FAMILIES, { start: '2025-04-01', unit: ORG.areaAFamilies, worker: 'demo-pro-a2' }),
    rel('2025-04-01T09:10', 'a2', 'emma', FAMILIES, guardian),
    rel('2025-04-01T09:15', 'a2', 'anni', FAMILIES, guardian),
    doc({ at: '2025-04-10T10:00', by: 'a2', client: 'emma', task: FAMILIES, type: '1005', phase: '2', title: 'Lapsen ja perheen palvelutarpeen arvio', text: ['Perhe tarvitsee kotipalvelua isän sairausloman ajaksi.'] }),
    doc({ at: '2025-04-11T14:00', by: 'a2s', client: 'jussi', task: FAMILIES, type: '3006', phase: '1', title: 'Lapsiperheiden palvelujen hakemus', text: ['Hakemus lapsiperheiden kotipalveluun.', 'Skannattu paperihakemus.'] }),
    doc({ at: '2025-05-05T09:30', by: 'a2', client: 'emma', task: FAMILIES, type: '15008', phase: '3', title: 'Lapsiperheiden palvelujen toteuttamissuunnitelma', text: ['Kotipalvelu kahtena aamuna viikossa.'], data: { service: 'kotipalvelu', visitsPerWeek: 2 } }),
    doc({ at: '2025-05-20T11:15', by: 'a2', client: 'anni', task: FAMILIES, type: '19003', phase: '2', title: 'Merkintä ohjauksesta ja neuvonnasta', text: ['Ohjattu perhe varhaiskasvatuksen palveluihin.'] }),
    doc({ at: '2025-06-16T13:00', by: 'a2', client: 'jussi', task: FAMILIES, type: '11001', phase: '2', title: 'Lapsiperheiden palvelupäätös: kotipalvelu', text: ['Perheelle myönnetään lapsiperheiden kotipalvelua 30.9.2025 asti.'] }),
  ];
}

function childProtection(): Step[] {
  const aftercare = doc({ ref: 'ville-aftercare', at: '2024-06-03T10:00', by: 'a2', client: 'ville', task: CHILD_PROTECTION, type: '11059', phase: '2', title: 'Lastensuojelun jälkihuollon tukitoimipäätös', text: ['Myönnetään tukiasunto ja taloudellinen tuki opintojen ajaksi.'] });
  return [
    rel('2025-06-02T09:00', 'a2', 'aleksi', CHILD_PROTECTION, { start: '2025-06-01', unit: ORG.areaAFamilies, worker: 'demo-pro-a2', related: [['hanna', 'guardian']] }),
    doc({ at: '2025-06-10T12:00', by: 'a2s', client: 'aleksi', task: CHILD_PROTECTION, type: '3007', phase: '1', title: 'Lastensuojeluhakemus', text: ['Huoltaja hakee lapselle lastensuojelun tukitoimia.'] }),
    doc({ at: '2025-07-01T10:30', by: 'a2', client: 'aleksi', task: CHILD_PROTECTION, type: '5003', phase: '2', title: 'Lastensuojelun mielipiteen selvittämisasiakirja', restriction: { hiddenFromGuardians: true, reason: CHILD_FORBIDS }, text: ['Lapsen oma näkemys tukitoimista.'] }),
    doc({ at: '2025-08-15T09:00', by: 'a2', client: 'aleksi', task: CHILD_PROTECTION, type: '15026', phase: '3', title: 'Lastensuojelun toteuttamissuunnitelma', text: ['Tukihenkilö tapaa lasta viikoittain.'], data: { measure: 'tukihenkilö', meetingsPerMonth: 4 } }),
    rel('2024-05-06T09:00', 'a2', 'ville', CHILD_PROTECTION, { start: '2019-08-01', unit: ORG.areaAFamilies, worker: 'demo-pro-a2' }),
    // L4: the old client data system's records, moved in by the service system.
    doc({ at: '2024-05-06T09:30', created: '2019-08-05T10:00', by: 'legacy', client: 'ville', task: CHILD_PROTECTION, type: '11023', phase: 'legacy', title: 'Päätös lapsen huostaanotosta ja sijaishuollosta', text: ['Vanhan asiakastietojärjestelmän asiakirja (siirretty 2024).', 'Päätös huostaanotosta ja sijoituksesta perhekotiin.'] }),
    doc({ at: '2024-05-20T13:00', by: 'a2', client: 'ville', task: CHILD_PROTECTION, type: '11035', phase: '2', title: 'Päätös oikeudesta lastensuojelun jälkihuoltoon', text: ['Nuorella on oikeus jälkihuoltoon 25 vuoden ikään asti.'] }),
    aftercare,
    // Ville applies to study in Rovaniemi: the adults' services assess his need for support.
    rel('2025-03-03T09:00', 'a1', 'ville', WORKING_AGE, { start: '2025-03-03', unit: ORG.areaAAdults, worker: 'demo-pro-a1' }),
    doc({ ref: 'ville-assessment', at: '2025-03-17T10:00', by: 'a1', client: 'ville', task: WORKING_AGE, type: '1012', phase: '2', title: 'Työikäisten palvelutarpeen arvio', text: ['Asiakas tarvitsee tukea opiskelupaikan hakemiseen ja omaan asumiseen.'] }),
    fix(aftercare, '2024-06-04T08:45', { text: ['Myönnetään tukiasunto ja taloudellinen tuki opintojen ajaksi.', 'Korjattu tuen alkamispäivä: 1.7.2024.'] }),
    doc({ ref: 'ville-aftercare-plan', at: '2024-09-16T10:00', by: 'a2', client: 'ville', task: CHILD_PROTECTION, type: '15010', phase: '3', title: 'Lastensuojelun jälkihuollon asiakassuunnitelma', text: ['Tavoitteena itsenäinen asuminen ja opintojen loppuun saattaminen.'], data: { goals: ['asuminen', 'opinnot'], reviewBy: '2025-09-30' } }),
  ];
}

function olderPeople(): Step[] {
  const pirkkoRel = rel('2024-03-04T09:00', 'a1', 'pirkko', OLDER, { start: '2024-03-01', unit: ORG.areaAAdults, worker: 'demo-pro-a1', related: [['tiina', 'mandate-holder']] }, 'pirkko-relationship');
  const pirkkoPlan = doc({ ref: 'pirkko-plan', at: '2024-05-06T10:00', by: 'a1', client: 'pirkko', task: OLDER, type: '15003', phase: '2', title: 'Iäkkäiden palvelujen asiakassuunnitelma', text: ['Kotihoito käy aamuin ja illoin.', 'Tytär hoitaa asiointia valtuutettuna.'] });
  // S7: the window of the producer's register access authorisation; long enough that the demo
  // producer keeps its access for years.
  const homeCare = { unit: ORG.producerHomeCare, start: '2025-03-01', end: '2029-12-31' };
  return [
    pirkkoRel,
    doc({ ref: 'pirkko-application', at: '2024-03-18T11:00', by: 'a1', client: 'pirkko', task: OLDER, type: '3005', phase: '1', title: 'Iäkkäiden palvelujen hakemus', text: ['Hakemus kotihoitoon.', 'Hakija: Pirkko Heikkinen, asioi valtuutettu Tiina Heikkinen.'] }),
    doc({ ref: 'pirkko-assessment', at: '2024-04-08T13:30', by: 'a1', client: 'pirkko', task: OLDER, type: '1000', phase: '2', title: 'Iäkkäiden palvelutarpeen arvio', text: ['Asiakas tarvitsee apua peseytymisessä ja lääkehoidossa.'] }),
    doc({ ref: 'pirkko-decision', at: '2024-04-22T10:00', by: 'a1', client: 'pirkko', task: OLDER, type: '11000', phase: '3', title: 'Iäkkäiden palvelupäätös: säännöllinen kotihoito', text: ['Myönnetään säännöllinen kotihoito.'], data: { decision: 'approved', service: 'säännöllinen kotihoito', visitsPerDay: 2, validFrom: '2024-05-01' } }),
    pirkkoPlan,
    // D3, S7: from March 2025 the producer's home care unit provides the service.
    fix(pirkkoRel, '2025-02-20T09:00', { relationship: { producers: [homeCare] } }),
    fix(pirkkoPlan, '2025-02-20T09:30', { text: ['Kotihoito käy aamuin ja illoin.', 'Kotihoidon tuottaja 1.3.2025 alkaen Demo-Hoiva Oy.'] }),
    doc({ at: '2025-02-24T14:00', by: 'a1', client: 'pirkko', task: OLDER, type: '9001', phase: '2', title: 'Sosiaalihuollon maksusitoumus', text: ['Maksusitoumus Demo-Hoiva Oy:lle kotihoidosta 1.3.2025-31.12.2029.'] }),
    // S7, D3: the producer's home care stores its visit notes into area A's register (custodian).
    doc({ ref: 'pirkko-home-visit', at: '2025-03-05T15:00', by: 'p1', client: 'pirkko', task: OLDER, type: '19007', phase: '2', register: ORG.areaA, title: 'Kotihoidon käyntimerkintä', text: ['Ensimmäinen kotihoidon käynti; lääkkeet jaettu dosettiin.', 'Asiakas kertoi viettävänsä kesän Lapissa.'] }),
    rel('2024-02-12T08:00', 'legacy', 'toivo', OLDER, { start: '2016-05-01', unit: ORG.areaAAdults, worker: 'demo-pro-a1' }),
    doc({ at: '2024-02-12T08:10', created: '2016-05-10T10:00', by: 'legacy', client: 'toivo', task: OLDER, type: '1000', phase: 'legacy', title: 'Iäkkäiden palvelutarpeen arvio', text: ['Vanhan asiakastietojärjestelmän asiakirja (siirretty 2024).', 'Palvelutarpeen arvio kotikäynnillä.'] }),
    doc({ at: '2024-02-12T08:11', created: '2016-06-01T09:00', by: 'legacy', client: 'toivo', task: OLDER, type: '11000', phase: 'legacy', title: 'Iäkkäiden palvelupäätös', text: ['Vanhan asiakastietojärjestelmän asiakirja (siirretty 2024).', 'Myönnetty ateriapalvelu.'] }),
    doc({ at: '2024-02-12T08:12', created: '2020-11-02T13:00', by: 'legacy', client: 'toivo', task: OLDER, type: '19013', phase: 'legacy', title: 'Asiakaskertomusmerkintä', text: ['Vanhan asiakastietojärjestelmän asiakirja (siirretty 2024).', 'Puhelu omaiselle.'] }),
    doc({ at: '2024-06-03T10:00', by: 'a1', client: 'toivo', task: OLDER, type: '15004', phase: '2', title: 'Iäkkäiden palvelujen toteuttamissuunnitelma', text: ['Ateriapalvelu jatkuu; lisäksi turvapuhelin.'] }),
    rel('2025-04-28T09:00', 'a1', 'oskari', OLDER, { start: '2025-04-28', unit: ORG.areaAAdults, worker: 'demo-pro-a1', producers: [{ unit: ORG.producerHomeCare, start: '2025-05-01', end: '2027-04-30' }] }),
    rel('2025-04-28T09:05', 'a1', 'aili', OLDER, { start: '2025-04-28', unit: ORG.areaAAdults, worker: 'demo-pro-a1' }),
    doc({ at: '2025-05-12T10:00', by: 'a1', client: 'oskari', task: OLDER, type: '15012', phase: '2', title: 'Omaishoidon tuen suunnitelma', text: ['Puoliso Aili Lindholm toimii omaishoitajana.'] }),
    doc({ at: '2025-05-19T13:00', by: 'a1', client: 'oskari', task: OLDER, type: '11000', phase: '3', title: 'Iäkkäiden palvelupäätös: omaishoidon tuki', text: ['Myönnetään omaishoidon tuki.'], data: { decision: 'approved', service: 'omaishoidon tuki', validFrom: '2025-06-01' } }),
    doc({ at: '2025-06-09T09:00', by: 'a1', client: 'aili', task: OLDER, type: '19005', phase: '2', title: 'Merkintä tapaamisesta tai yhteydenotosta', text: ['Omaishoitajan jaksamista käsitelty puhelimessa.'] }),
  ];
}

function disability(): Step[] {
  const plan = doc({ ref: 'veikko-plan', at: '2024-08-12T10:00', by: 'a1', client: 'veikko', task: DISABILITY, type: '15023', phase: '2', title: 'Vammaispalvelujen asiakassuunnitelma', text: ['Henkilökohtainen apu 20 tuntia kuukaudessa.'] });
  return [
    rel('2024-04-15T09:00', 'a1', 'veikko', DISABILITY, { start: '2018-02-01', unit: ORG.areaAAdults, worker: 'demo-pro-a1', related: [['heikki', 'trustee']] }),
    doc({ at: '2024-04-16T08:00', created: '2018-02-20T12:00', by: 'legacy', client: 'veikko', task: DISABILITY, type: '11053', phase: 'legacy', title: 'Vammaispalvelupäätös', text: ['Vanhan asiakastietojärjestelmän asiakirja (siirretty 2024).', 'Myönnetty kuljetuspalvelu.'] }),
    doc({ at: '2024-05-20T13:00', by: 'a1', client: 'veikko', task: DISABILITY, type: '3013', phase: '1', title: 'Vammaispalveluhakemus', text: ['Hakemus henkilökohtaiseen apuun.', 'Hakemuksen allekirjoittanut edunvalvoja Heikki Saarinen.'] }),
    doc({ at: '2024-06-17T10:30', by: 'a1', client: 'veikko', task: DISABILITY, type: '1013', phase: '2', title: 'Vammaispalvelujen palvelutarpeen arvio', text: ['Asiakas tarvitsee apua asioinnissa ja harrastuksissa.'] }),
    doc({ at: '2024-07-01T09:00', by: 'a1', client: 'veikko', task: DISABILITY, type: '11053', phase: '3', title: 'Vammaispalvelupäätös: henkilökohtainen apu', text: ['Myönnetään henkilökohtaista apua.'], data: { decision: 'approved', service: 'henkilökohtainen apu', hoursPerMonth: 20 } }),
    plan,
    fix(plan, '2025-01-13T11:00', { text: ['Henkilökohtainen apu 25 tuntia kuukaudessa (tarkistettu 1/2025).'] }),
    rel('2025-01-20T09:00', 'a1', 'mikael', DISABILITY, { start: '2025-01-15', unit: ORG.areaAAdults, worker: 'demo-pro-a1', related: [['raili', 'continuing-power-of-attorney']] }),
    doc({ at: '2025-01-22T10:00', by: 'a1', client: 'mikael', task: DISABILITY, type: '3003', phase: '1', title: 'Hakemus erityishuoltoon', text: ['Hakemus kehitysvammaisten erityishuoltoon.'] }),
    doc({ at: '2025-03-03T13:00', by: 'a1', client: 'mikael', task: DISABILITY, type: '11045', phase: '3', title: 'Päätös erityishuollosta', text: ['Myönnetään asumisen tuki ja päivätoiminta.'], data: { decision: 'approved', services: ['asumisen tuki', 'päivätoiminta'] } }),
    doc({ at: '2025-03-17T09:00', by: 'a1', client: 'mikael', task: DISABILITY, type: '15024', phase: '2', title: 'Vammaispalvelujen toteuttamissuunnitelma', text: ['Päivätoiminta neljänä päivänä viikossa.'] }),
  ];
}

function substanceAbuse(): Step[] {
  return [
    rel('2024-08-05T09:00', 'a1', 'antti', SUBSTANCE, { start: '2024-08-01', unit: ORG.areaAAdults, worker: 'demo-pro-a1' }),
    doc({ ref: 'antti-application', at: '2024-08-05T09:30', by: 'a1', client: 'antti', task: SUBSTANCE, type: '3002', phase: '1', title: 'Hakemus päihde- ja riippuvuustyön erityiseen palveluun', text: ['Hakemus laitoskuntoutukseen.'] }),
    doc({ at: '2024-08-19T10:00', by: 'a1', client: 'antti', task: SUBSTANCE, type: '1008', phase: '2', title: 'Palvelutarpeen arvio', text: ['Asiakas hyötyisi kuntoutusjaksosta ja sen jälkeisestä avotuesta.'] }),
    doc({ ref: 'antti-decision', at: '2024-09-09T13:00', by: 'a1', client: 'antti', task: SUBSTANCE, type: '11003', phase: '3', title: 'Päätös päihde- ja riippuvuustyön erityisestä palvelusta', text: ['Myönnetään kuuden viikon kuntoutusjakso.'], data: { decision: 'approved', service: 'laitoskuntoutus', weeks: 6 } }),
    doc({ ref: 'antti-wrong-client', at: '2024-09-10T15:00', by: 'a1', client: 'antti', task: SUBSTANCE, type: '19005', phase: '2', title: 'Merkintä tapaamisesta', text: ['Tapaaminen toisen asiakkaan kanssa (kirjattu väärälle asiakkaalle).'] }),
    invalidate('2024-09-11T08:15', 'a1', 'antti-wrong-client', 'Kirjaus tallennettiin väärälle asiakkaalle.'),
    doc({ at: '2024-10-07T10:00', by: 'a1', client: 'antti', task: SUBSTANCE, type: '15015', phase: '2', title: 'Päihde- ja riippuvuustyön asiakassuunnitelma', text: ['Avotuki kuntoutusjakson jälkeen kerran viikossa.'] }),
    // Antti moves to Lapland: area B's register gets his documents too (D4).
    rel('2025-09-01T09:00', 'b1', 'antti', SUBSTANCE, { start: '2025-08-25', unit: ORG.areaBSocial, worker: 'demo-pro-b1' }),
    doc({ ref: 'antti-assessment-b', at: '2025-09-08T10:00', by: 'b1', client: 'antti', task: SUBSTANCE, type: '1008', phase: '2', title: 'Palvelutarpeen arvio', text: ['Asiakas muuttanut Rovaniemelle; avotuki jatkuu.'] }),
    doc({ at: '2025-10-06T13:00', by: 'b1', client: 'antti', task: SUBSTANCE, type: '15016', phase: '3', title: 'Päihde- ja riippuvuustyön toteuttamissuunnitelma', text: ['Tapaamiset joka toinen viikko.'], data: { meetingsPerMonth: 2 } }),
    rel('2024-11-04T09:00', 'b1', 'tuomas', SUBSTANCE, { start: '2024-11-04', unit: ORG.areaBSocial, worker: 'demo-pro-b1' }),
    doc({ at: '2024-11-04T10:00', by: 'b1', client: 'tuomas', task: SUBSTANCE, type: '3002', phase: '1', title: 'Hakemus päihde- ja riippuvuustyön erityiseen palveluun', text: ['Hakemus avokuntoutukseen.'] }),
    doc({ at: '2024-12-02T10:00', by: 'b1', client: 'tuomas', task: SUBSTANCE, type: '11003', phase: '2', title: 'Päätös päihde- ja riippuvuustyön erityisestä palvelusta', text: ['Myönnetään avokuntoutus.'] }),
  ];
}

function workingAge(): Step[] {
  const sariRel = rel('2024-02-05T09:00', 'a1', 'sari', WORKING_AGE, { start: '2024-02-01', unit: ORG.areaAAdults, worker: 'demo-pro-a1' }, 'sari-relationship');
  return [
    rel('2025-02-03T08:30', 'a1', 'kaisa', WORKING_AGE, { start: '2025-02-03', unit: ORG.areaAAdults, worker: 'demo-pro-a1' }),
    // V3: shelter services and violence work are never shown; V5(b) on top for the safety plan.
    doc({ at: '2025-02-03T09:00', by: 'a1', client: 'kaisa', task: WORKING_AGE, type: '1011', phase: '2', title: 'Turvakotipalvelun ensiarvio', text: ['Asiakas saapui turvakotiin yöllä.'] }),
    doc({ at: '2025-02-05T10:00', by: 'a1', client: 'kaisa', task: WORKING_AGE, type: '15025', phase: '2', title: 'Turvasuunnitelma', restriction: { specialContent: true, reason: 'Tiedot voisivat vaarantaa asiakkaan turvallisuuden, jos ne tulisivat ulkopuolisen tietoon.' }, text: ['Turvallinen asuinpaikka ja yhteydenpito sovittu.'] }),
    doc({ at: '2025-02-17T13:00', by: 'a1', client: 'kaisa', task: WORKING_AGE, type: '3011', phase: '1', title: 'Työikäisten palvelujen hakemus', text: ['Hakemus asumisen tukeen.'] }),
    doc({ at: '2025-03-03T10:00', by: 'a1', client: 'kaisa', task: WORKING_AGE, type: '1012', phase: '2', title: 'Työikäisten palvelutarpeen arvio', text: ['Asiakas tarvitsee tukea uuden asunnon hankinnassa.'] }),
    doc({ at: '2025-03-24T11:00', by: 'a1', client: 'kaisa', task: WORKING_AGE, type: '11052', phase: '3', title: 'Työikäisten palvelupäätös: asumisen tuki', text: ['Myönnetään asumisen ohjaus.'], data: { decision: 'approved', service: 'asumisen ohjaus' } }),
    doc({ ref: 'kaisa-duplicate', at: '2025-03-24T11:05', by: 'a1', client: 'kaisa', task: WORKING_AGE, type: '11052', phase: '3', title: 'Työikäisten palvelupäätös: asumisen tuki', text: ['Myönnetään asumisen ohjaus.'], data: { decision: 'approved', service: 'asumisen ohjaus' } }),
    invalidate('2025-03-25T08:30', 'a1', 'kaisa-duplicate', 'Sama päätös tallennettiin kahteen kertaan.'),
    doc({ at: '2025-04-14T10:00', by: 'a1', client: 'kaisa', task: WORKING_AGE, type: '15020', phase: '3', title: 'Työikäisten palvelujen asiakassuunnitelma', text: ['Tavoitteena oma asunto kesään mennessä.'], data: { goals: ['asunto', 'työllistyminen'] } }),
    rel('2025-05-05T09:00', 'a1', 'marja', WORKING_AGE, { start: '2025-05-05', unit: ORG.areaAAdults, worker: 'demo-pro-a1' }),
    doc({ ref: 'marja-application', at: '2025-05-05T09:30', by: 'a1', client: 'marja', task: WORKING_AGE, type: '3012', phase: '1', title: 'Täydentävän toimeentulotuen hakemus', text: ['Hakemus lääkekuluihin.'] }),
    doc({ at: '2025-05-12T10:00', by: 'a1', client: 'marja', task: WORKING_AGE, type: '6003', phase: '2', title: 'Toimeentulotuen laskelma', text: ['Hyväksyttävät menot ylittävät tulot.'] }),
    doc({ ref: 'marja-decision', at: '2025-05-12T10:30', by: 'a1', client: 'marja', task: WORKING_AGE, type: '11047', phase: '3', title: 'Päätös täydentävästä toimeentulotuesta', text: ['Myönnetään täydentävää toimeentulotukea lääkekuluihin.'], data: { decision: 'approved', amountEur: 84.5 } }),
    doc({ at: '2025-05-12T10:45', by: 'a1', client: 'marja', task: WORKING_AGE, type: '9002', phase: '2', title: 'Toimeentulotuen maksusitoumus', text: ['Maksusitoumus apteekille 84,50 euroa.'] }),
    // A relationship that has ended: corrected with its end date after the last meeting.
    sariRel,
    doc({ at: '2024-02-19T10:00', by: 'a1', client: 'sari', task: WORKING_AGE, type: '1012', phase: '1', title: 'Työikäisten palvelutarpeen arvio', text: ['Asiakas tarvitsee tukea työllistymiseen.'] }),
    doc({ at: '2024-03-11T13:00', by: 'a1', client: 'sari', task: WORKING_AGE, type: '15001', phase: '2', title: 'Aktivointisuunnitelma', text: ['Kuntouttava työtoiminta kolmena päivänä viikossa.'] }),
    doc({ at: '2025-06-27T14:00', by: 'a1', client: 'sari', task: WORKING_AGE, type: '19012', phase: '2', title: 'Merkintä sosiaalipalvelun päättymisestä', text: ['Asiakas työllistyi; asiakkuus päättyy 30.6.2025.'] }),
    fix(sariRel, '2025-07-01T09:00', { relationship: { end: '2025-06-30' } }),
    rel('2025-08-04T09:00', 'a1', 'liisa', WORKING_AGE, { start: '2025-08-04', unit: ORG.areaAAdults, worker: 'demo-pro-a1' }),
    doc({ at: '2025-08-18T10:00', by: 'a1', client: 'liisa', task: WORKING_AGE, type: '1003', phase: '2', title: 'Kuntouttavan työtoiminnan arvio', text: ['Asiakas soveltuu kuntouttavaan työtoimintaan.'] }),
    doc({ at: '2025-09-01T10:00', by: 'a1', client: 'liisa', task: WORKING_AGE, type: '13004', phase: '3', title: 'Sopimus kuntouttavasta työtoiminnasta', text: ['Työtoiminta kierrätyskeskuksessa.'], data: { daysPerWeek: 3, validUntil: '2026-08-31' } }),
  ];
}

function familyLaw(): Step[] {
  return [
    rel('2025-09-01T09:00', 'a2', 'onni', FAMILY_LAW, { start: '2025-09-01', unit: ORG.areaAFamilies, worker: 'demo-pro-a2', related: [['petra', 'guardian']] }),
    rel('2025-09-01T09:05', 'a2', 'petra', FAMILY_LAW, { start: '2025-09-01', unit: ORG.areaAFamilies, worker: 'demo-pro-a2' }),
    // V4: parenthood investigation documents are hidden by default; this one is opted in.
    doc({ at: '2025-09-15T10:00', by: 'a2', client: 'onni', task: FAMILY_LAW, type: '7016', phase: '2', title: 'Pöytäkirja vanhemmuuden selvittämisestä', portalOptIn: true, text: ['Isyys on selvitetty; asiakirjat toimitetaan maistraattiin.'] }),
    doc({ at: '2025-09-15T10:30', by: 'a2', client: 'onni', task: FAMILY_LAW, type: '12012', phase: '2', title: 'Lapsen neuvotteluasiakirja vanhemmuuden selvittämiseksi', text: ['Neuvottelu lapsen äidin kanssa.'] }),
    doc({ at: '2025-10-06T13:00', by: 'a2', client: 'petra', task: FAMILY_LAW, type: '7005', phase: '2', title: 'Lapsen huolto- ja tapaamisoikeusselvitys', text: ['Selvitys käräjäoikeudelle lapsen huollosta ja tapaamisoikeudesta.'] }),
    doc({ at: '2025-10-20T10:00', by: 'a2', client: 'petra', task: FAMILY_LAW, type: '13000', phase: '3', title: 'Lapsen elatussopimus', text: ['Elatusapu 250 euroa kuukaudessa.'], data: { monthlyEur: 250, from: '2025-11-01' } }),
    rel('2025-10-06T09:00', 'a2', 'matti', FAMILY_LAW, { start: '2025-10-06', unit: ORG.areaAFamilies, worker: 'demo-pro-a2' }),
    rel('2025-10-06T09:05', 'a2', 'riikka', FAMILY_LAW, { start: '2025-10-06', unit: ORG.areaAFamilies, worker: 'demo-pro-a2' }),
    doc({ at: '2025-10-13T10:00', by: 'a2', client: 'matti', task: FAMILY_LAW, type: '15000', phase: '2', title: 'Adoptioneuvonnan suunnitelma', text: ['Neuvontakäynnit syksyn aikana.'] }),
    doc({ at: '2026-01-19T10:00', by: 'a2', client: 'matti', task: FAMILY_LAW, type: '12000', phase: '2', title: 'Adoptionhakijoiden taustaselvitys', text: ['Selvitys hakijoiden olosuhteista.'] }),
    doc({ at: '2026-03-02T13:00', by: 'a2', client: 'matti', task: FAMILY_LAW, type: '11007', phase: '3', title: 'Päätös adoptioneuvonnasta', portalOptIn: true, text: ['Adoptioneuvonta annettu; hakijat voivat jatkaa prosessia.'], data: { decision: 'completed' } }),
    doc({ at: '2026-03-02T13:30', by: 'a2', client: 'riikka', task: FAMILY_LAW, type: '7010', phase: '2', title: 'Todistus adoptioneuvonnan antamisesta', text: ['Todistus adoptioneuvonnan antamisesta hakijalle.'] }),
  ];
}

function areaB(): Step[] {
  return [
    // Pirkko spends the summer in Lapland: area B opens its own relationship and register (D4).
    rel('2025-07-01T09:00', 'b1', 'pirkko', OLDER, { start: '2025-06-15', unit: ORG.areaBOlder, worker: 'demo-pro-b1', related: [['tiina', 'mandate-holder']] }),
    doc({ at: '2025-07-03T10:00', by: 'b1', client: 'pirkko', task: OLDER, type: '1000', phase: '2', title: 'Iäkkäiden palvelutarpeen arvio', text: ['Tilapäinen kotihoito kesän ajaksi.'] }),
    doc({ ref: 'pirkko-summer-decision', at: '2025-07-10T10:00', by: 'b1', client: 'pirkko', task: OLDER, type: '11000', phase: '2', title: 'Iäkkäiden palvelupäätös: tilapäinen kotihoito', text: ['Myönnetään tilapäinen kotihoito 15.7.-31.8.2025.'] }),
    rel('2024-06-03T09:00', 'b1', 'niilo', OLDER, { start: '2024-06-03', unit: ORG.areaBOlder, worker: 'demo-pro-b1' }),
    doc({ at: '2024-06-03T10:00', by: 'b1', client: 'niilo', task: OLDER, type: '3005', phase: '1', title: 'Iäkkäiden palvelujen hakemus', text: ['Hakemus tehostettuun palveluasumiseen.'] }),
    doc({ at: '2024-06-24T10:00', by: 'b1', client: 'niilo', task: OLDER, type: '1000', phase: '2', title: 'Iäkkäiden palvelutarpeen arvio', text: ['Ympärivuorokautisen hoidon tarve.'] }),
    doc({ at: '2024-07-08T10:00', by: 'b1', client: 'niilo', task: OLDER, type: '11000', phase: '3', title: 'Iäkkäiden palvelupäätös: palveluasuminen', text: ['Myönnetään ympärivuorokautinen palveluasuminen.'], data: { decision: 'approved', service: 'ympärivuorokautinen palveluasuminen' } }),
    rel('2026-01-12T09:00', 'b1', 'helmi', OLDER, { start: '2026-01-12', unit: ORG.areaBOlder, worker: 'demo-pro-b1' }),
    doc({ at: '2026-01-26T10:00', by: 'b1', client: 'helmi', task: OLDER, type: '1000', phase: '2', title: 'Iäkkäiden palvelutarpeen arvio', text: ['Asiakas tarvitsee kotihoitoa kahdesti päivässä.'] }),
    rel('2025-01-07T09:00', 'b1', 'jouni', WORKING_AGE, { start: '2025-01-07', unit: ORG.areaBSocial, worker: 'demo-pro-b1' }),
    doc({ at: '2025-01-20T10:00', by: 'b1', client: 'jouni', task: WORKING_AGE, type: '1012', phase: '2', title: 'Työikäisten palvelutarpeen arvio', text: ['Tukea opintojen aloittamiseen.'] }),
    doc({ at: '2025-02-10T10:00', by: 'b1', client: 'jouni', task: WORKING_AGE, type: '15021', phase: '3', title: 'Työikäisten palvelujen toteuttamissuunnitelma', text: ['Opinto-ohjaus ja asumisen tuki.'], data: { services: ['opinto-ohjaus', 'asumisen tuki'] } }),
    rel('2025-04-07T09:00', 'b1', 'sofia', CHILD_PROTECTION, { start: '2025-04-07', unit: ORG.areaBSocial, worker: 'demo-pro-b1', related: [['petteri', 'guardian']] }),
    doc({ at: '2025-04-07T10:00', by: 'b1', client: 'sofia', task: CHILD_PROTECTION, type: '4009', phase: '2', title: 'Lastensuojeluilmoitus', text: ['Ilmoitus terveydenhoitajalta.'] }),
    doc({ ref: 'sofia-plan', at: '2025-05-05T10:00', by: 'b1', client: 'sofia', task: CHILD_PROTECTION, type: '15009', phase: '3', title: 'Lastensuojelun asiakassuunnitelma', text: ['Perheelle tehostettua perhetyötä.'], data: { measure: 'tehostettu perhetyö' } }),
  ];
}

function producer(): Step[] {
  // A client of the private producer's own register (a service the client bought directly).
  return [
    rel('2025-03-03T09:00', 'p1', 'elina', OLDER, { start: '2025-03-01', unit: ORG.producerHomeCare, worker: 'demo-pro-p1' }),
    doc({ at: '2025-03-10T10:00', by: 'p1', client: 'elina', task: OLDER, type: '15004', phase: '2', title: 'Iäkkäiden palvelujen toteuttamissuunnitelma', text: ['Kotihoito kolmesti viikossa, itse maksettu palvelu.'] }),
    doc({ at: '2025-06-02T10:00', by: 'p1', client: 'elina', task: OLDER, type: '19007', phase: '2', title: 'Merkintä asiakkaan arjesta', text: ['Asiakas ulkoili hoitajan kanssa.'] }),
  ];
}

// The Kanta informing acknowledgement every consent below rests on (D5).
const INFORMED = { kind: 'informing' } as const;
const CONSENTS = { kind: 'social-welfare-consent' } as const;

/**
 * Disclosure between registers (D4) and the consent service. Each record is dated when it was
 * given and recorded, after the client's informing, on a day the recording controller had a
 * client relationship in force; every date is fixed and in the past, so the records are in
 * force whenever the demo runs.
 */
function consents(): Step[] {
  return [
    // Pirkko, on her summer visit to Lapland, receives the informing and consents; she prohibits
    // area A's detailed assessment (S3(c)). Back home, her mandate holder Tiina prohibits the
    // disclosure of area B's records to anyone (S3(a)).
    consent('2025-07-01T09:30', 'b1', 'pirkko', INFORMED),
    consent('2025-07-01T09:35', 'b1', 'pirkko', CONSENTS),
    consent('2025-07-01T09:40', 'b1', 'pirkko', { kind: 'prohibition', document: 'pirkko-assessment' }),
    consent('2025-09-15T10:00', 'a1', 'pirkko', { kind: 'prohibition', controller: ORG.areaB }, { givenBy: { person: 'tiina', role: 'mandate-holder' } }),
    // Antti consents when he moves to Lapland, and revokes the consent two months later (D7).
    consent('2025-09-01T09:30', 'b1', 'antti', INFORMED),
    consent('2025-09-01T09:35', 'b1', 'antti', CONSENTS, { ref: 'antti-consent' }),
    revoke('2025-11-03T10:00', 'b1', 'antti-consent'),
    // Ville moves to Rovaniemi to study; he consents but prohibits his child protection
    // history (S3(b)): area B sees area A's working-age assessment only.
    rel('2025-09-02T09:00', 'b1', 'ville', WORKING_AGE, { start: '2025-09-01', unit: ORG.areaBSocial, worker: 'demo-pro-b1' }),
    consent('2025-09-02T09:30', 'b1', 'ville', INFORMED),
    consent('2025-09-02T09:35', 'b1', 'ville', CONSENTS),
    consent('2025-09-02T09:40', 'b1', 'ville', { kind: 'prohibition', task: CHILD_PROTECTION }),
    doc({ at: '2025-09-16T10:00', by: 'b1', client: 'ville', task: WORKING_AGE, type: '19005', phase: '2', title: 'Merkintä tapaamisesta tai yhteydenotosta', text: ['Opinnot ovat alkaneet; asumisen tuki jatkuu.'] }),
    // Sofia's family moves to Pohjanmaa; her guardian Petteri receives the informing and gives
    // the consent for her (S3: a guardian acts for a minor; S5: but may not prohibit for her).
    rel('2025-10-06T09:30', 'a2', 'sofia', FAMILIES, { start: '2025-10-06', unit: ORG.areaAFamilies, worker: 'demo-pro-a2', related: [['petteri', 'guardian']] }),
    consent('2025-10-06T10:00', 'a2', 'sofia', INFORMED, { givenBy: { person: 'petteri', role: 'guardian' } }),
    consent('2025-10-06T10:05', 'a2', 'sofia', CONSENTS, { givenBy: { person: 'petteri', role: 'guardian' } }),
    // Marja moves to Rovaniemi; nobody has given her the informing yet (D5).
    rel('2025-11-03T09:00', 'b1', 'marja', WORKING_AGE, { start: '2025-11-03', unit: ORG.areaBSocial, worker: 'demo-pro-b1' }),
  ];
}

/** Every step, in the order it happened (Array.prototype.sort is stable, so ties keep story order). */
export const STEPS: readonly Step[] = [
  ...korpela(), ...kallio(), ...childProtection(), ...olderPeople(), ...disability(),
  ...substanceAbuse(), ...workingAge(), ...familyLaw(), ...areaB(), ...producer(), ...consents(),
].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

const URGENT = 'urgent-assistance';

/**
 * What the demo shows: requests to try, each with what it must return (refs of store steps) and
 * what it must withhold, or the rules an explanation must name. people.md lists them; the seed
 * test runs every one through the use cases.
 */
export const DEMO_REQUESTS: readonly DemoRequest[] = [
  { kind: 'search', by: 'b1', client: 'pirkko', sees: ['pirkko-summer-decision', 'pirkko-decision', 'pirkko-plan', 'pirkko-home-visit'], withheld: ['pirkko-assessment', 'pirkko-application'],
    shows: "area B's own documents, and area A's decision, plan and the producer's visit note under her consent (D4); not the assessment she prohibited (S3(c)), nor area A's phase 1 application (S6)" },
  { kind: 'search', by: 'b1', client: 'pirkko', legalJustification: URGENT, sees: ['pirkko-application', 'pirkko-assessment'], withheld: [],
    shows: "a statutory broad search (D6): also area A's phase 1 application and the prohibited assessment; the justification goes into the disclosure record" },
  { kind: 'search', by: 'a1', client: 'pirkko', sees: ['pirkko-decision', 'pirkko-assessment'], withheld: ['pirkko-summer-decision'],
    shows: "area A's own documents; none of area B's: her mandate holder prohibited area B's register (S3(a))" },
  { kind: 'search', by: 'p1', client: 'pirkko', sees: ['pirkko-application', 'pirkko-assessment', 'pirkko-decision', 'pirkko-home-visit'], withheld: ['pirkko-summer-decision'],
    shows: "the producer's home care unit sees area A's older people's services, every phase, under its register access authorisation 1.3.2025-31.12.2029 (S7; prohibitions do not bind it, S4); not area B's" },
  { kind: 'search', by: 'b1', client: 'ville', sees: ['ville-assessment'], withheld: ['ville-aftercare-plan'],
    shows: "area A's working-age assessment under his consent; none of his child protection documents (prohibition per service task, S3(b))" },
  { kind: 'search', by: 'b1', client: 'antti', sees: ['antti-assessment-b'], withheld: ['antti-decision', 'antti-application'],
    shows: "area B's own documents only: he revoked his consent on 3.11.2025 (S2)" },
  { kind: 'search', by: 'b1', client: 'marja', sees: [], withheld: ['marja-decision', 'marja-application'],
    shows: "area B's relationship document only: she has not received the Kanta informing (D5) nor consented (S2)" },
  { kind: 'search', by: 'b1', client: 'marja', legalJustification: URGENT, sees: ['marja-decision', 'marja-application'], withheld: [],
    shows: "a statutory broad search (D6) reaches area A's documents, the phase 1 application included" },
  { kind: 'search', by: 'a2', client: 'sofia', sees: ['sofia-plan'], withheld: [],
    shows: "area B's child protection documents under the consent her guardian gave for her (D4, S3)" },
  { kind: 'search', by: 'a2', client: 'janne', sees: ['korpela-matter', 'korpela-plan', 'korpela-decision'], withheld: ['korpela-assessment'],
    shows: "the Korpelas' shared matter (S8): the matter document, the family's plan and decision, stored under Laura, are Janne's too; not Laura's own assessment outside the matter" },
  { kind: 'search', by: 'a2', client: 'eetu', sees: [], withheld: ['korpela-matter', 'korpela-plan', 'korpela-decision'],
    shows: "Eetu is only a party to his parents' shared matter, not a client: none of its documents (S8), only his own" },
  { kind: 'explain', by: 'a2', document: 'ville-aftercare-plan', recipient: ORG.areaBSocial, given: false, rules: ['S3(b)'],
    shows: "$explain by a supervisor: would Lapland's social work receive Ville's aftercare plan? No: his prohibition per service task (S3(b))" },
  { kind: 'explain', by: 'a2', document: 'pirkko-decision', recipient: ORG.areaBOlder, given: true, rules: [],
    shows: "$explain by a supervisor: would Lapland's older people's services receive Pirkko's decision? Yes, under her consent" },
  { kind: 'explain', by: 'a2', document: 'pirkko-application', recipient: ORG.areaBOlder, given: false, rules: ['S6'],
    shows: "$explain by a supervisor: Pirkko's phase 1 application is not disclosed without a legal justification (S6)" },
];

// Issue 8, section 3: ITI-67 processes every parameter the IHE MHD Document Responder must
// support, with FHIR's search semantics, and answers a complete searchset. Through the real HTTP
// interface on a small world: one area, three professionals (two with accented names), one
// client with documents that differ in each searchable element.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import type { Bundle, OperationOutcome } from '@medplum/fhirtypes';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode, provideBundle } from '../support/bundles.ts';
import { EXTENSIONS, SYSTEMS } from '../../src/fhir/extensions.ts';
import { DOCUMENT_REFERENCE_SEARCH_PARAMETERS, paramsFrom, parseDocumentSearch } from '../../src/fhir/search-params.ts';
import { KansioError } from '../../src/domain/errors.ts';

/** A searchset or an OperationOutcome, as one status or the other answers. */
type Answer = Omit<Bundle, 'resourceType'> & Omit<OperationOutcome, 'resourceType'> & { resourceType: string };

const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
let archive: TestArchive;
let pro: Actor;
let virtanen: Actor;
let korhonen: Actor;
let client: string;
let token: string;
const ids: Record<'rel' | 'd1' | 'd2' | 'matter' | 'd3', string> = { rel: '', d1: '', d2: '', matter: '', d3: '' };
let matterSetId = '';
const MASTER = 'urn:oid:1.2.246.10.77.1';
const FORMAT = 'urn:kansio:format:test-a';
const FORMAT_SYSTEM = 'https://example.org/fhir/CodeSystem/test-formats';
const IHE_FORMATS = 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode';

/** A professional of the area with the given names, as the professional register holds them. */
async function named(controllerOid: string, given: string, family: string): Promise<Actor> {
  const actor = await archive.actor(controllerOid);
  await archive.sql('update professional set given_name = $1, family_name = $2 where professional_id = $3', [given, family, actor.professionalId]);
  return actor;
}

before(async () => {
  archive = await startTestArchive();
  const area = await archive.controller('Search area');
  pro = await archive.actor(area);
  virtanen = await named(area, 'Väinö Aleksi', 'Virtanen');
  korhonen = await named(area, 'Åsa', 'Korhonen');
  client = aPersonCode();
  await archive.openRelationship(pro, client);
  ids.rel = (await archive.sql<{ version_id: string }>('select version_id from document'))[0]!.version_id;
  const d1 = aDocument().forClient(client).ofType('1005').createdAt('2025-03-15T10:00:00Z').masterIdentifier(MASTER).resource();
  d1.context!.period = { start: '2025-03-01', end: '2025-03-31' };
  d1.content[0]!.format = { system: FORMAT_SYSTEM, code: FORMAT };
  ids.d1 = (await archive.store(virtanen, provideBundle([d1])))[0]!;
  ids.d2 = (await archive.store(korhonen, aDocument().forClient(client).ofType('11000').createdAt('2025-06-01T12:00:00Z').specialContent().build()))[0]!;
  const matter = aDocument().forClient(client).withJson({ clients: [{ identifier: client, joined: '2026-01-01' }] }).resource();
  matter.type = { coding: [{ system: SYSTEMS.documentGroup, code: '2' }] };
  ids.matter = (await archive.store(pro, provideBundle([matter])))[0]!;
  matterSetId = (await archive.sql<{ set_id: string }>('select set_id from document where version_id = $1', [ids.matter]))[0]!.set_id;
  const d3 = aDocument().forClient(client).ofType('1021').resource();
  d3.extension!.push({ url: EXTENSIONS.matter.url, valueIdentifier: { system: SYSTEMS.rfc3986, value: `urn:uuid:${matterSetId}` } });
  ids.d3 = (await archive.store(pro, provideBundle([d3])))[0]!;
  token = await pro.token();
});
after(async () => archive.close());

const search = (extra: string, headers: Record<string, string> = {}) =>
  archive.fhir<Answer>(token, 'POST', '/DocumentReference/_search', `patient.identifier=${SYSTEMS.identityCode}|${client}&status=current&${extra}`, headers);

/** The names (rel, d1, ...) of the documents a search finds, sorted. */
async function found(extra: string): Promise<string[]> {
  const res = await search(extra);
  assert.equal(res.status, 200, `${extra}: ${JSON.stringify(res.body)}`);
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  return (res.body.entry ?? []).map((e) => byId.get(e.resource!.id!) ?? e.resource!.id!).sort();
}

async function refused(extra: string, message: RegExp, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await search(extra, headers);
  assert.equal(res.status, 400, `${extra}: ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body.resourceType, 'OperationOutcome');
  assert.match(res.body.issue[0]!.diagnostics!, message);
  return res.body;
}

const q = encodeURIComponent;

test('ITI-67, issue 8: token system|code must match the system; |code matches no system; code any system (identifier, type, security-label)', async () => {
  assert.deepEqual(await found(`identifier=${q(`${SYSTEMS.rfc3986}|${MASTER}`)}`), ['d1']);
  assert.deepEqual(await found(`identifier=${q(`urn:oid:9.9|${MASTER}`)}`), [], 'a foreign system must not match');
  assert.deepEqual(await found(`identifier=${q(MASTER)}`), ['d1']);
  assert.deepEqual(await found(`identifier=${q(`|${MASTER}`)}`), [], 'Kansio writes no identifier without a system');
  assert.deepEqual(await found(`identifier=${q(`urn:uuid:${ids.d2}`)}`), ['d2'], 'the version id as identifier');
  assert.deepEqual(await found(`type=${q(`${SYSTEMS.documentType}|1005`)}`), ['d1']);
  assert.deepEqual(await found('type=1005'), ['d1']);
  assert.deepEqual(await found(`type=${q('|1005')}`), []);
  assert.deepEqual(await found(`type=${q('http://loinc.org|1005')}`), []);
  assert.deepEqual(await found(`type=${q(`${SYSTEMS.documentGroup}|`)}`), ['matter', 'rel'], 'system| is any code of the system');
  assert.deepEqual(await found(`security-label=${q(`${CONFIDENTIALITY}|V`)}`), ['d2']);
  assert.deepEqual(await found('security-label=V'), ['d2']);
  assert.deepEqual(await found(`security-label=${q('urn:oid:9.9|V')}`), []);
  assert.deepEqual(await found(`security-label=${q(`${CONFIDENTIALITY}|N`)}`), [], 'a confidentiality code Kansio never assigns');
});

test('ITI-67, issue 8: category, setting and status take the three token forms', async () => {
  assert.deepEqual(await found('category=decision'), ['d2']);
  assert.deepEqual(await found(`category=${q(`${SYSTEMS.generalType}|assessment`)}`), ['d1']);
  assert.deepEqual(await found(`category=${q('|assessment')}`), []);
  assert.deepEqual(await found(`setting=${q(`${SYSTEMS.serviceTask}|1`)}`), ['d1', 'd2', 'd3', 'matter', 'rel']);
  assert.deepEqual(await found(`setting=${q('|1')}`), []);
  assert.deepEqual(await found(`setting=${q('urn:oid:9.9|1')}`), []);
  assert.deepEqual(await found(`type=1005&category=assessment`), ['d1'], 'type and category together AND');
  const res = await archive.fhir<Bundle>(token, 'POST', '/DocumentReference/_search', `patient.identifier=${SYSTEMS.identityCode}|${client}&status=${q('http://hl7.org/fhir/document-reference-status|current')}`);
  assert.equal(res.body.total, 5, 'status with its own system');
  await refused(`category=kitten`, /category 'kitten' is not a Kansio general type/);
});

test('ITI-67, issue 8: author.family=Vir finds Virtanen: strings match from the start, ignoring case and accents', async () => {
  assert.deepEqual(await found('author.family=Vir'), ['d1']);
  assert.deepEqual(await found('author.family=virtanen'), ['d1']);
  assert.deepEqual(await found(`author.family=${q('VÍRTANEN')}`), ['d1'], 'accents and case folded in the search value');
  assert.deepEqual(await found('author.family=tanen'), [], 'from the start, not anywhere');
  assert.deepEqual(await found('author.family:contains=TANEN'), ['d1']);
  assert.deepEqual(await found('author.family:exact=Virtanen'), ['d1']);
  assert.deepEqual(await found('author.family:exact=virtanen'), [], ':exact is exact');
  assert.deepEqual(await found('author.given=vaino'), ['d1'], 'Väinö folded to vaino');
  assert.deepEqual(await found('author.given=Aleksi'), ['d1'], 'any given name');
  assert.deepEqual(await found(`author.given=${q('Va\u0308i')}`), ['d1'], 'a decomposed ä in the value');
  assert.deepEqual(await found('author.given=asa'), ['d2'], 'Åsa folded to asa');
  assert.deepEqual(await found('author.family=vir,kor'), ['d1', 'd2'], 'comma is OR');
  assert.deepEqual(await found(`author.family=${q('vir\\,kor')}`), [], 'an escaped comma is a comma in the name');
});

test('ITI-67, issue 8: dates take the precision given and a date that does not exist (date=2025-13, 2025-02-30) is a 400', async () => {
  await refused('date=2025-13', /date: '2025-13' .*no month 13/);
  await refused('date=2025-02-30', /2025-02 has no day 30/);
  await refused('creation=2025-03-15T25:00Z', /not a real time of day/);
  await refused('date=ap2025', /prefix ap/);
  await refused(`period=${q('gt2025-03-15T10:00+15:00')}`, /impossible time zone/);
  assert.deepEqual(await found('date=2025'), ['d1', 'd2'], 'a year is the whole year');
  assert.deepEqual(await found('date=2025-03'), ['d1'], 'a month is the whole month');
  assert.deepEqual(await found('creation=2025-06-01'), ['d2'], 'creation is attachment.creation');
  assert.deepEqual(await found(`date=${q('2025-03-15T12:00+02:00')}`), ['d1'], 'a minute, with its time zone');
  assert.deepEqual(await found('date=2025-03-15T10:00:01Z'), [], 'a second is a second');
  assert.deepEqual(await found('date=2025-03,2025-06'), ['d1', 'd2'], 'comma is OR');
  assert.deepEqual(await found('date=ge2025-03-16&date=lt2026'), ['d2'], 'repeated parameters AND');
  assert.deepEqual(await found('date=sa2025-03-15&date=eb2025-07'), ['d2']);
  assert.deepEqual(await found('date=ne2025'), ['d3', 'matter', 'rel']);
});

test('ITI-67, issue 8: period is the time of service as a FHIR Period; a document without one never matches', async () => {
  assert.deepEqual(await found('period=ge2025-03-10&period=lt2025-03-20'), ['d1'], 'ge and lt find periods that overlap');
  assert.deepEqual(await found('period=2025-03'), ['d1'], 'eq: the period lies within March');
  assert.deepEqual(await found('period=2025-03-10'), [], 'eq: the period is not within one day');
  assert.deepEqual(await found('period=sa2025-02'), ['d1'], 'starts after February');
  assert.deepEqual(await found('period=eb2025-03-15'), [], 'does not end before the 15th');
  assert.deepEqual(await found('period=ge1900'), ['d1'], 'only documents with a period');
});

test('ITI-67, issue 8: facility and event are processed and match nothing; format matches system and code, and every stored format has a system', async () => {
  assert.deepEqual(await found('facility=anything'), []);
  assert.deepEqual(await found(`event=${q('http://snomed.info/sct|123')}`), []);
  assert.deepEqual(await found(`format=${q(FORMAT)}`), ['d1']);
  assert.deepEqual(await found(`format=${q(`${FORMAT_SYSTEM}|${FORMAT}`)}`), ['d1']);
  assert.deepEqual(await found(`format=${q(`${FORMAT_SYSTEM}|`)}`), ['d1']);
  assert.deepEqual(await found(`format=${q(`|${FORMAT}`)}`), [], 'every stored format has a system');
  assert.deepEqual(await found(`format=${q(`${IHE_FORMATS}|${FORMAT}`)}`), []);
  // ITI-65 gives a document stored without a format the IHE default.
  assert.ok((await found(`format=${q(`${IHE_FORMATS}|urn:ihe:iti:xds:2017:mimeTypeSufficient`)}`)).includes('d2'));
});

test('ITI-67, issue 8: related takes a token system|value (the matter in context.related) and ids (relatesTo)', async () => {
  // S8: the matter document belongs to its own matter, so it is found with the documents of it.
  assert.deepEqual(await found(`related=${q(`${SYSTEMS.rfc3986}|urn:uuid:${matterSetId}`)}`), ['d3', 'matter']);
  assert.deepEqual(await found(`related:identifier=${q(`urn:uuid:${matterSetId}`)}`), ['d3', 'matter']);
  assert.deepEqual(await found(`related=${q(`urn:oid:9.9|urn:uuid:${matterSetId}`)}`), []);
  assert.deepEqual(await found(`related=${q(`|urn:uuid:${matterSetId}`)}`), []);
  const [old] = await archive.store(pro, aDocument().forClient(client).build());
  const [correction] = await archive.store(pro, aDocument().forClient(client).replaces(old!).build());
  const res = await search(`related=DocumentReference/${old}`);
  assert.deepEqual(res.body.entry!.map((e) => e.resource!.id), [correction]);
  await refused('related=not-an-id', /related must be/);
  await archive.fhir(pro, 'POST', `/DocumentReference/${correction}/$invalidate`, { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: 'test document' }] });
});

test('ITI-67, issue 8: patient by opaque id finds what patient.identifier finds; patient.identifier of another system matches no client', async () => {
  const byCode = await search('');
  const patient = (byCode.body.entry![0]!.resource as { subject: { reference: string } }).subject.reference;
  const byId = await archive.fhir<Bundle>(token, 'GET', `/DocumentReference?patient=${q(patient)}&status=current`);
  assert.equal(byId.status, 200);
  assert.deepEqual(byId.body.entry!.map((e) => e.resource!.id).sort(), byCode.body.entry!.map((e) => e.resource!.id).sort());
  const other = await archive.fhir<Bundle>(token, 'POST', '/DocumentReference/_search', `patient.identifier=${q(`urn:oid:9.9|${client}`)}&status=current`);
  assert.equal(other.status, 200);
  assert.equal(other.body.total, 0);
  const stranger = aPersonCode();
  const unknown = await archive.fhir<Bundle>(token, 'POST', '/DocumentReference/_search', `patient.identifier=${SYSTEMS.identityCode}|${stranger}&status=current`);
  assert.equal(unknown.body.total, 0);
  const self = unknown.body.link!.find((l) => l.relation === 'self')!.url!;
  assert.ok(!self.includes(stranger) && !self.includes('patient'), `a client never met has no id, and the link names none: ${self}`);
});

test('ITI-67, issue 8: Prefer handling=strict refuses an unknown parameter by name; handling=lenient ignores it and leaves it out of the self link', async () => {
  await refused('colour=blue', /'colour' is not supported.*handling=lenient/);
  await refused('colour=blue', /'colour' is not supported/, { prefer: 'handling=strict' });
  await refused('type:text=assessment', /modifier ':text' is not supported on 'type'/);
  const lenient = await search('colour=blue&type:text=x&type=1005', { prefer: 'return=representation, handling=lenient' });
  assert.equal(lenient.status, 200);
  assert.equal(lenient.body.total, 1, 'the known parameter is applied');
  const self = new URL(lenient.body.link!.find((l) => l.relation === 'self')!.url!);
  assert.deepEqual([...self.searchParams.keys()].sort(), ['_count', 'patient', 'status', 'type']);
  assert.equal(self.searchParams.get('type'), '1005');
});

test('ITI-67, issue 8: the searchset is complete: total counts every visible match, each entry has fullUrl, self carries the query as applied without identity codes, next and previous work', async () => {
  const c = aPersonCode();
  await archive.openRelationship(pro, c);
  await archive.store(pro, provideBundle(Array.from({ length: 4 }, () => aDocument().forClient(c).resource())));
  const first = await archive.fhir<Bundle>(token, 'POST', '/DocumentReference/_search', `patient.identifier=${SYSTEMS.identityCode}|${c}&status=current,superseded&_count=2&type=${q(`${SYSTEMS.documentType}|1005`)}`);
  assert.equal(first.status, 200);
  assert.equal(first.body.total, 4);
  assert.equal(first.body.entry!.length, 2);
  for (const e of first.body.entry!) assert.equal(e.fullUrl, `${archive.baseUrl}/fhir/DocumentReference/${e.resource!.id}`);
  const links = Object.fromEntries(first.body.link!.map((l) => [l.relation, l.url!]));
  for (const url of Object.values(links)) assert.ok(!url.includes(c), `no identity code in ${url}`);
  const self = new URL(links.self!);
  const patientId = (first.body.entry![0]!.resource as { subject: { reference: string } }).subject.reference;
  assert.equal(self.searchParams.get('patient'), patientId);
  assert.equal(self.searchParams.get('status'), 'current,superseded');
  assert.equal(self.searchParams.get('type'), `${SYSTEMS.documentType}|1005`);
  assert.equal(self.searchParams.get('_count'), '2');
  assert.equal(links.previous, undefined);
  const rerun = await archive.fhir<Bundle>(token, 'GET', links.self!.replace(`${archive.baseUrl}/fhir`, ''));
  assert.deepEqual(rerun.body.entry!.map((e) => e.resource!.id), first.body.entry!.map((e) => e.resource!.id), 'the self link repeats the search');
  const second = await archive.fhir<Bundle>(token, 'GET', links.next!.replace(`${archive.baseUrl}/fhir`, ''));
  assert.equal(second.body.total, 4);
  assert.equal(second.body.entry!.length, 2);
  assert.equal(second.body.link!.find((l) => l.relation === 'next'), undefined, 'no next past the last page');
  const back = await archive.fhir<Bundle>(token, 'GET', second.body.link!.find((l) => l.relation === 'previous')!.url!.replace(`${archive.baseUrl}/fhir`, ''));
  assert.deepEqual(back.body.entry!.map((e) => e.resource!.id), first.body.entry!.map((e) => e.resource!.id));
  const seen = new Set([...first.body.entry!, ...second.body.entry!].map((e) => e.resource!.id));
  assert.equal(seen.size, 4);
  const countOnly = await archive.fhir<Bundle>(token, 'GET', `/DocumentReference?patient=${q(patientId)}&status=current&type=1005&_count=0`);
  assert.deepEqual([countOnly.body.total, countOnly.body.entry?.length ?? 0, countOnly.body.link!.map((l) => l.relation)], [4, 0, ['self']], '_count=0: the total only');

  // Another area with its own relationship and no consent: total counts only what it may see.
  const other = await archive.actor(await archive.controller('Other area'));
  await archive.openRelationship(other, c);
  const theirs = await archive.fhir<Bundle>(other, 'POST', '/DocumentReference/_search', `patient.identifier=${SYSTEMS.identityCode}|${c}&status=current`);
  assert.equal(theirs.body.total, 1);
  assert.equal(theirs.body.entry!.length, 1);
});

test('ITI-67, issue 8: a NUL character (U+0000) in a parameter answers 400, never 500', async () => {
  await refused(`author.given=${q('Vir\u0000')}`, /NUL character/);
  await refused(`identifier=${q('a\u0000b')}`, /NUL character/);
});

// --- the parser alone, and the declarations against the CapabilityStatement and docs ---------

const NAMES = [...DOCUMENT_REFERENCE_SEARCH_PARAMETERS.map((d) => d.name), 'colour', 'type:text', 'author.family:exact', 'related:identifier'];
const VALUE = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('current', `${SYSTEMS.identityCode}|010101-900R`, 'ge2026', '2025-13', '2025-02-29', 'lt', '|', ',', '\\,', 'a|b|c', '9'.repeat(400), 'urn:uuid:00000000-0000-4000-8000-000000000000'),
  fc.tuple(fc.constantFrom('', 'eq', 'ne', 'ap', 'sa', 'xx'), fc.date({ noInvalidDate: true }), fc.constantFrom(4, 7, 10, 16, 19, 24)).map(([p, d, n]) => p + d.toISOString().slice(0, n)),
);

test('ITI-67, issue 8: property: random parameters either parse or are refused as bad input, never anything else', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.array(VALUE, { minLength: 1, maxLength: 2 })), { maxLength: 6 }), fc.constantFrom('strict', 'lenient' as const), (pairs, handling) => {
    try {
      const parsed = parseDocumentSearch(paramsFrom(Object.fromEntries(pairs)), handling);
      assert.ok(parsed.query.count >= 0 && parsed.query.count <= 500);
    } catch (error) {
      assert.ok(error instanceof KansioError && error.status === 400, String(error));
    }
  }), { numRuns: Number(process.env.KANSIO_PROPERTY_RUNS_SEARCH ?? 2000) });
});

test('ITI-67, issue 8: property: random searches through HTTP give a searchset or a 400, never a 500', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...NAMES.filter((n) => !n.startsWith('patient'))), VALUE), { maxLength: 4 }), async (pairs) => {
    const body = new URLSearchParams([['patient.identifier', `${SYSTEMS.identityCode}|${client}`], ['status', 'current'], ...pairs]).toString();
    const res = await archive.fhir<Answer>(token, 'POST', '/DocumentReference/_search', body);
    assert.ok(res.status === 200 || res.status === 400, `status ${res.status} for ${body}: ${JSON.stringify(res.body)}`);
    if (res.status === 200) assert.ok((res.body.entry?.length ?? 0) <= res.body.total!, 'a page holds no more than the total');
  }), { numRuns: Number(process.env.KANSIO_FUZZ_RUNS ?? 150) });
});

test('ITI-67, issue 8: docs/fhir.md lists every declared ITI-67 parameter with its type, and nothing else', async () => {
  const doc = await readFile(new URL('../../docs/fhir.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## ITI-67 search parameters'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| ---')));
  const rows = table.split('\n').filter((l) => /^\| `/.test(l)).map((l) => l.split('|').map((c) => c.trim()));
  const listed = rows.map((r) => [r[1]!.replace(/`/g, ''), r[2]!]).sort();
  const declared = DOCUMENT_REFERENCE_SEARCH_PARAMETERS.map((d) => [d.name, d.type]).sort();
  assert.deepEqual(listed, declared);
});

test('ITI-67, issue 8: POST _search combines the URL and the body, and a parameter named __proto__ is still an unknown parameter', async () => {
  const both = await archive.fhir<Answer>(token, 'POST', '/DocumentReference/_search?type=1005', `patient.identifier=${SYSTEMS.identityCode}|${client}&status=current&type=${q(`${SYSTEMS.documentType}|1005`)}`);
  assert.equal(both.status, 200);
  assert.equal(both.body.total, 1, 'type from the URL and type from the body AND');
  await refused('__proto__=x', /'__proto__' is not supported/);
});

// The Kansio Consent profile, both ways: readConsent/readRevocation (consent-in.ts) and toConsent
// (consent-out.ts). Pure mapping, no database. The business rules behind a record (D5, S2 dates,
// S3 targets, S5) are the domain's and are tested in test/domain; here the tests check that the
// mapper reads each shape into the right values, refuses what the profile refuses, and never
// fails with anything but a KansioError on hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Consent, RelatedPerson } from '@medplum/fhirtypes';
import { readConsent, readRevocation, type ProvidedConsent } from '../../src/fhir/consent-in.ts';
import { toConsent, CONSENT_SEARCH_PARAMETERS } from '../../src/fhir/consent-out.ts';
import { EXTENSIONS, SYSTEMS } from '../../src/fhir/extensions.ts';
import { INFORMING_SYSTEM, serviceTaskCode } from '../../src/domain/codes/index.ts';
import { KansioError, InvalidInput, NotSupported, Unprocessable } from '../../src/domain/errors.ts';
import { makeIdentityCode } from '../../src/domain/identity-code.ts';
import type { StoredActor, StoredConsent } from '../../src/store/consents.ts';
import type { PersonKey } from '../../src/domain/types.ts';
import { paths, plant, type Json } from '../support/json-paths.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures.

const CLIENT = makeIdentityCode('2012-04-05', 901);
const GUARDIAN = makeIdentityCode('1981-02-03', 902);
const TRUSTEE = makeIdentityCode('1960-11-12', 903);
const PATIENT_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const CONSENT_ID = '0b7d6c5e-1a2b-4c3d-9e8f-7a6b5c4d3e2f';
const SET_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const CONTROLLER = '1.2.246.10.12345678';
const ORG = '1.2.246.10.87654321';
const KIND_SYSTEM = 'https://kansio.fi/fhir/CodeSystem/consent-kind';

type Body = { [key: string]: Json };

const json = (value: unknown): Body => JSON.parse(JSON.stringify(value)) as Body;

/** A valid Consent of a kind, given by the client in person, as a client data system would send it. */
function aConsent(kind: 'informing' | 'social-welfare-consent' | 'health-consent' | 'prohibition', provision?: Consent['provision']): Body {
  const c: Consent = {
    resourceType: 'Consent',
    status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }, { coding: [{ system: KIND_SYSTEM, code: kind }] }],
    patient: { reference: `Patient/${PATIENT_ID}`, identifier: { system: SYSTEMS.identityCode, value: CLIENT } },
    dateTime: '2026-03-02T10:15:00+02:00',
    performer: [{ reference: `Patient/${PATIENT_ID}` }],
    ...(kind === 'informing' ? { policyRule: { coding: [{ system: INFORMING_SYSTEM, code: '2024-1' }] } } : {}),
    ...(provision ? { provision } : kind === 'informing' ? {} : { provision: { type: kind === 'prohibition' ? 'deny' : 'permit' } }),
  };
  return json(c);
}

const byController = (oid = CONTROLLER): Consent['provision'] => ({
  type: 'deny',
  actor: [{ role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'CST' }] }, reference: { identifier: { system: SYSTEMS.organisation, value: oid } } }],
});
const byServiceTask = (code = serviceTaskCode('child-protection')): Consent['provision'] => ({ type: 'deny', code: [{ coding: [{ system: SYSTEMS.serviceTask, code }] }] });
const byDocument = (reference: { identifier: { system: string; value: string } } | { reference: string }): Consent['provision'] => ({ type: 'deny', data: [{ meaning: 'related', reference }] });

function relatedPerson(id: string, role: string, code: string = GUARDIAN): RelatedPerson {
  return {
    resourceType: 'RelatedPerson', id, patient: { reference: `Patient/${PATIENT_ID}` },
    identifier: [{ system: SYSTEMS.identityCode, value: code }],
    relationship: [{ coding: [{ system: SYSTEMS.relatedPersonRole, code: role }] }],
    name: [{ family: 'Virtanen', given: ['Anna', 'Maria'] }],
  };
}

/** The same consent, given by a legal representative with a role. */
function byRepresentative(body: Body, role = '31', code: string = GUARDIAN): Body {
  return json({ ...body, contained: [relatedPerson('rep', role, code)], performer: [{ reference: '#rep' }] });
}

function stored(changes: Partial<StoredConsent> = {}): StoredConsent {
  return {
    personKey: '42' as PersonKey, personFhirId: PATIENT_ID, identityCode: CLIENT, consentId: CONSENT_ID, version: 1, isCurrent: true,
    kind: 'social-welfare-consent', scope: null, target: null, informingVersion: null,
    givenAt: '2026-03-02T08:15:00.000Z', validFrom: '2026-03-02', revokedAt: null,
    actor: { kind: 'client' }, revokedBy: null, channel: 'visit', recordedAt: '2026-03-02T08:16:01.123Z',
    recordedBy: { system: { id: 'sys-1', name: 'Sosiaalitoimen järjestelmä' }, professional: { id: '9876543', name: 'Sari Sosiaalityöntekijä', title: 'sosiaalityöntekijä', organisationOid: ORG }, organisationOid: ORG },
    ...changes,
  };
}

const guardian: StoredActor = { kind: 'representative', role: '31', personKey: '7', identityCode: GUARDIAN, givenName: 'Anna', familyName: 'Virtanen' };
const trustee: StoredActor = { kind: 'representative', role: '32', personKey: '8', identityCode: TRUSTEE, givenName: null, familyName: 'Korhonen' };

/** The error readConsent throws, with its problems. */
function refusal(fn: () => unknown): KansioError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof KansioError, `expected a KansioError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a refusal');
}

const expressions = (e: KansioError): string[] => e.problems.map((p) => p.expression ?? '');

// ---------------------------------------------------------------------------------------------
// Each kind.

test('D5: an informing acknowledgement reads the Kanta informing version from policyRule', () => {
  const read = readConsent(aConsent('informing'));
  assert.deepEqual(read, {
    patient: { fhirId: PATIENT_ID, identityCode: CLIENT }, kind: 'informing', informingVersion: '2024-1', actor: { kind: 'client' },
    givenAt: '2026-03-02T10:15:00+02:00', validFrom: '2026-03-02',
  });
});

test('D5: the informing needs its version in policyRule; other kinds must not carry one', () => {
  const informing = aConsent('informing');
  delete informing.policyRule;
  assert.deepEqual(expressions(refusal(() => readConsent(informing))), ['Consent.policyRule']);
  const consent = { ...aConsent('social-welfare-consent'), policyRule: { coding: [{ system: INFORMING_SYSTEM, code: '2024-1' }] } };
  const e = refusal(() => readConsent(consent));
  assert.ok(e instanceof InvalidInput);
  assert.deepEqual(expressions(e), ['Consent.policyRule']);
});

test('D5: an informing provision, if given, is a permit', () => {
  assert.equal(readConsent({ ...aConsent('informing'), provision: { type: 'permit' } }).kind, 'informing');
  assert.deepEqual(expressions(refusal(() => readConsent({ ...aConsent('informing'), provision: { type: 'deny' } }))), ['Consent.provision.type']);
});

test('S2: a social welfare disclosure consent is a permit, valid from the day it is given', () => {
  const read = readConsent(aConsent('social-welfare-consent'));
  assert.equal(read.kind, 'social-welfare-consent');
  assert.equal(read.validFrom, '2026-03-02');
  assert.equal(read.scope, undefined);
  assert.equal(read.target, undefined);
  assert.equal(readConsent(aConsent('social-welfare-consent', { type: 'permit', period: { start: '2026-03-02' } })).validFrom, '2026-03-02');
  assert.equal(readConsent(aConsent('social-welfare-consent', { type: 'permit', period: { start: '2026-03-05T00:00:00+02:00' } })).validFrom, '2026-03-05');
  assert.deepEqual(expressions(refusal(() => readConsent(aConsent('social-welfare-consent', { type: 'deny' })))), ['Consent.provision.type']);
});

test('S2: a health care consent is read as its own kind', () => {
  assert.equal(readConsent(aConsent('health-consent')).kind, 'health-consent');
});

test('S2: a disclosure consent with a scope of its own is refused with 422', () => {
  const narrowings: Record<string, Json> = {
    actor: byController()!.actor as unknown as Json,
    code: byServiceTask()!.code as unknown as Json,
    data: [{ meaning: 'related', reference: { identifier: { system: SYSTEMS.rfc3986, value: `urn:uuid:${SET_ID}` } } }],
    class: [{ system: 'http://hl7.org/fhir/resource-types', code: 'DocumentReference' }],
    securityLabel: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }],
    purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' }],
  };
  for (const [key, value] of Object.entries(narrowings)) {
    for (const kind of ['social-welfare-consent', 'health-consent'] as const) {
      const e = refusal(() => readConsent(aConsent(kind, json({ type: 'permit', [key]: value }))));
      assert.ok(e instanceof Unprocessable, key);
      assert.equal(e.status, 422);
      assert.equal(e.problems[0]!.code, 'business-rule');
      assert.ok(e.problems[0]!.message.startsWith('S2: a disclosure consent has no scope of its own; narrow it with prohibitions'), e.problems[0]!.message);
      assert.equal(e.problems[0]!.expression, `Consent.provision.${key}`);
    }
  }
});

test('S2, S3: a record is valid until revoked, so provision.period.end is refused', () => {
  for (const body of [aConsent('social-welfare-consent', { type: 'permit', period: { start: '2026-03-02', end: '2027-03-02' } }), aConsent('prohibition', { ...byServiceTask(), period: { end: '2027-01-01' } })]) {
    const e = refusal(() => readConsent(body));
    assert.equal(e.status, 422);
    assert.deepEqual(expressions(e), ['Consent.provision.period.end']);
    assert.match(e.problems[0]!.message, /^S[23]: .*valid until revoked/);
  }
});

// ---------------------------------------------------------------------------------------------
// The three prohibition kinds.

test('S3(a): a prohibition per controller names the controller OID as a custodian actor', () => {
  const read = readConsent(aConsent('prohibition', byController()));
  assert.equal(read.kind, 'prohibition');
  assert.equal(read.scope, 'controller');
  assert.equal(read.target, CONTROLLER);
  assert.equal(readConsent(aConsent('prohibition', byController(`urn:oid:${CONTROLLER}`))).target, CONTROLLER);
  const e = refusal(() => readConsent(aConsent('prohibition', byController('not an oid'))));
  assert.deepEqual(expressions(e), ['Consent.provision.actor[0].reference.identifier.value']);
});

test('S3(b): a prohibition per service task is stored by the task key, read from its national code', () => {
  const read = readConsent(aConsent('prohibition', byServiceTask(serviceTaskCode('child-protection'))));
  assert.equal(read.scope, 'service-task');
  assert.equal(read.target, 'child-protection');
  const e = refusal(() => readConsent(aConsent('prohibition', byServiceTask('999'))));
  assert.equal(e.problems[0]!.code, 'code-invalid');
  assert.equal(e.problems[0]!.expression, 'Consent.provision.code[0].coding[0].code');
});

test('S1, S3(c): a prohibition per document names its set id, or a version for the use case to resolve', () => {
  const bySet = readConsent(aConsent('prohibition', byDocument({ identifier: { system: SYSTEMS.rfc3986, value: `urn:uuid:${SET_ID.toUpperCase()}` } })));
  assert.equal(bySet.scope, 'document');
  assert.equal(bySet.target, SET_ID);
  assert.equal(bySet.targetVersionId, undefined);
  const byVersion = readConsent(aConsent('prohibition', byDocument({ reference: `DocumentReference/${SET_ID}` })));
  assert.equal(byVersion.scope, 'document');
  assert.equal(byVersion.target, undefined);
  assert.equal(byVersion.targetVersionId, SET_ID);
  refusal(() => readConsent(aConsent('prohibition', byDocument({ identifier: { system: SYSTEMS.rfc3986, value: 'urn:uuid:nope' } }))));
  refusal(() => readConsent(aConsent('prohibition', byDocument({ reference: 'Binary/x' }))));
});

test('S3: a prohibition needs exactly one of controller, service task and document', () => {
  const none = refusal(() => readConsent(aConsent('prohibition', { type: 'deny' })));
  assert.equal(none.status, 400);
  assert.deepEqual(expressions(none), ['Consent.provision']);
  const two = refusal(() => readConsent(aConsent('prohibition', { ...byController(), ...byServiceTask() })));
  assert.deepEqual(expressions(two), ['Consent.provision']);
  const permit = refusal(() => readConsent(aConsent('prohibition', { ...byController(), type: 'permit' })));
  assert.deepEqual(expressions(permit), ['Consent.provision.type']);
  const purpose = refusal(() => readConsent(aConsent('prohibition', { ...byController(), purpose: [{ code: 'TREAT' }] })));
  assert.ok(purpose instanceof NotSupported);
});

test('a nested provision is not supported', () => {
  const e = refusal(() => readConsent(aConsent('prohibition', { ...byController(), provision: [{ type: 'permit' }] })));
  assert.ok(e instanceof NotSupported);
  assert.deepEqual(expressions(e), ['Consent.provision.provision']);
});

// ---------------------------------------------------------------------------------------------
// Who gave it.

test('S3: the client gives it in person: performer is the patient, by reference or identity code', () => {
  assert.deepEqual(readConsent(aConsent('prohibition', byController())).actor, { kind: 'client' });
  const byCode = { ...aConsent('prohibition', byController()), performer: [{ identifier: { system: SYSTEMS.identityCode, value: CLIENT } }] };
  assert.deepEqual(readConsent(byCode).actor, { kind: 'client' });
  const onlyCode = { ...byCode, patient: { identifier: { system: SYSTEMS.identityCode, value: CLIENT } } };
  assert.deepEqual(readConsent(onlyCode).patient, { identityCode: CLIENT });
  // A Patient reference cannot be matched to a patient given by identity code only.
  refusal(() => readConsent({ ...onlyCode, performer: [{ reference: `Patient/${PATIENT_ID}` }] }));
  const other = refusal(() => readConsent({ ...byCode, performer: [{ reference: 'Patient/00000000-0000-4000-8000-000000000000' }] }));
  assert.deepEqual(expressions(other), ['Consent.performer[0].reference']);
  refusal(() => readConsent({ ...byCode, performer: [{ identifier: { system: SYSTEMS.identityCode, value: GUARDIAN } }] }));
  refusal(() => readConsent({ ...byCode, performer: [{ reference: `Patient/${PATIENT_ID}` }, { reference: `Patient/${PATIENT_ID}` }] }));
});

test('S3: a legal representative gives it as a contained RelatedPerson with a role', () => {
  const read = readConsent(byRepresentative(aConsent('social-welfare-consent'), '31'));
  assert.deepEqual(read.actor, { kind: 'representative', role: '31', identityCode: GUARDIAN, givenName: 'Anna Maria', familyName: 'Virtanen' });
  for (const role of ['32', '33', '34']) assert.equal(readConsent(byRepresentative(aConsent('prohibition', byController()), role, TRUSTEE)).actor.kind, 'representative');
});

test('S5: a guardian\'s prohibition is read; refusing it is the domain\'s decision, not the mapper\'s', () => {
  const read = readConsent(byRepresentative(aConsent('prohibition', byServiceTask()), '31'));
  assert.deepEqual(read.actor, { kind: 'representative', role: '31', identityCode: GUARDIAN, givenName: 'Anna Maria', familyName: 'Virtanen' });
});

test('S3: a parent (role 12) is not a legal representative', () => {
  const e = refusal(() => readConsent(byRepresentative(aConsent('social-welfare-consent'), '12')));
  assert.equal(e.status, 422);
  assert.deepEqual(expressions(e), ['Consent.contained[0].relationship[0].coding[0].code']);
  assert.match(e.problems[0]!.message, /12 \(parent\) is not a legal representative/);
  const unknown = refusal(() => readConsent(byRepresentative(aConsent('social-welfare-consent'), '99')));
  assert.equal(unknown.problems[0]!.code, 'code-invalid');
});

test('S3: a representative is someone other than the client', () => {
  const e = refusal(() => readConsent(byRepresentative(aConsent('social-welfare-consent'), '32', CLIENT)));
  assert.equal(e.status, 422);
  assert.deepEqual(expressions(e), ['Consent.contained[0].identifier']);
});

test('contained: only referenced RelatedPersons; anything else is refused', () => {
  const body = byRepresentative(aConsent('social-welfare-consent'));
  const missing = refusal(() => readConsent({ ...body, performer: [{ reference: '#someone' }] }));
  assert.ok(expressions(missing).includes('Consent.performer[0].reference'));
  assert.ok(expressions(missing).includes('Consent.contained[0]'), 'an unreferenced contained resource is refused (dom-3)');
  const practitioner = refusal(() => readConsent({ ...body, contained: [{ resourceType: 'Practitioner', id: 'rep' }] }));
  assert.ok(expressions(practitioner).includes('Consent.contained[0].resourceType'));
  const noCode = json(body);
  ((noCode.contained as Body[])[0]!).identifier = [];
  assert.ok(expressions(refusal(() => readConsent(noCode))).includes('Consent.contained[0].identifier'));
});

// ---------------------------------------------------------------------------------------------
// Shape: dates, ids, status, strings, all problems at once.

test('S2: a date in the future is read; refusing it is the domain\'s decision', () => {
  const future = { ...aConsent('social-welfare-consent'), dateTime: '2099-01-01T10:00:00+02:00' };
  assert.equal(readConsent(future).givenAt, '2099-01-01T10:00:00+02:00');
  assert.equal(readConsent(future).validFrom, '2099-01-01');
});

test('dateTime needs seconds and a time zone offset: otherwise 400 naming Consent.dateTime', () => {
  for (const dateTime of ['2026-03-02T10:15:00', '2026-03-02T10:15+02:00', '2026-03-02', '2026-02-30T10:15:00Z', '2026-03-02T25:00:00Z', 20260302]) {
    const e = refusal(() => readConsent({ ...aConsent('social-welfare-consent'), dateTime }));
    assert.ok(e instanceof InvalidInput, String(dateTime));
    assert.deepEqual(expressions(e), ['Consent.dateTime'], String(dateTime));
  }
  assert.equal(readConsent({ ...aConsent('social-welfare-consent'), dateTime: '2026-03-02T08:15:00.123Z' }).givenAt, '2026-03-02T08:15:00.123Z');
});

test('a new record has no id and status active; every problem is reported at once', () => {
  const body = { ...aConsent('social-welfare-consent'), id: CONSENT_ID, status: 'draft', scope: { coding: [] }, patient: { identifier: { system: SYSTEMS.identityCode, value: '010101-0000' } }, category: [{ coding: [{ system: KIND_SYSTEM, code: 'opinion' }] }] };
  const e = refusal(() => readConsent(body));
  assert.ok(e instanceof InvalidInput);
  for (const expression of ['Consent.id', 'Consent.status', 'Consent.scope', 'Consent.patient.identifier.value', 'Consent.category', 'Consent.category[0].coding[0].code']) {
    assert.ok(expressions(e).includes(expression), `${expression} in ${expressions(e).join(', ')}`);
  }
});

test('hostile strings: longer than 2000 characters or not a string at all is 400, never a crash', () => {
  const long = refusal(() => readConsent({ ...aConsent('informing'), policyRule: { coding: [{ system: INFORMING_SYSTEM, code: 'x'.repeat(2001) }] } }));
  assert.equal(long.problems[0]!.code, 'too-long');
  assert.equal(long.status, 400);
  for (const body of [null, [], 'Consent', { resourceType: 'Consent', category: 'x', performer: {}, patient: [], provision: 1 }, { ...aConsent('informing'), unknownThing: 1 }, { ...aConsent('informing'), modifierExtension: [] }]) {
    const e = refusal(() => readConsent(body));
    assert.equal(e.status, 400);
  }
});

test('server-set extensions are ignored on a new record, but a revocation in it is refused', () => {
  const body = { ...aConsent('social-welfare-consent'), extension: [{ url: EXTENSIONS.consentChannel.url, valueCode: 'portal' }, { url: 'https://example.org/x', valueString: 'y' }] };
  assert.equal(readConsent(body).kind, 'social-welfare-consent');
  const revoked = { ...body, extension: [{ url: EXTENSIONS.consentRevokedBy.url, valueReference: { reference: `Patient/${PATIENT_ID}` } }] };
  assert.deepEqual(expressions(refusal(() => readConsent(revoked))), ['Consent.extension[0]']);
});

// ---------------------------------------------------------------------------------------------
// toConsent, and the round trip.

test('D11: toConsent presents a record with its version, profile, channel, recorder and provision', () => {
  const c = toConsent(stored({ kind: 'prohibition', scope: 'service-task', target: 'child-protection', actor: trustee, version: 3 }));
  assert.equal(c.id, CONSENT_ID);
  assert.deepEqual(c.meta, { versionId: '3', lastUpdated: '2026-03-02T08:16:01.123Z', profile: ['https://kansio.fi/fhir/StructureDefinition/kansio-consent'] });
  assert.equal(c.status, 'active');
  assert.deepEqual(c.patient, { reference: `Patient/${PATIENT_ID}`, identifier: { system: SYSTEMS.identityCode, value: CLIENT } });
  assert.deepEqual(c.performer, [{ reference: '#rep' }]);
  const rep = c.contained?.[0] as RelatedPerson;
  assert.equal(rep.relationship?.[0]?.coding?.[0]?.display, 'Edunvalvoja');
  assert.deepEqual(rep.name, [{ family: 'Korhonen' }]);
  assert.deepEqual(c.organization, [{ identifier: { system: SYSTEMS.organisation, value: ORG } }]);
  assert.deepEqual(c.extension?.find((e) => e.url === EXTENSIONS.consentChannel.url)?.valueCode, 'visit');
  assert.deepEqual(c.extension?.find((e) => e.url === EXTENSIONS.recordedBy.url)?.valueReference, { identifier: { system: SYSTEMS.professional, value: '9876543' }, display: 'Sari Sosiaalityöntekijä' });
  assert.deepEqual(c.provision, { type: 'deny', period: { start: '2026-03-02' }, code: [{ coding: [{ system: SYSTEMS.serviceTask, code: serviceTaskCode('child-protection'), display: 'Lastensuojelu' }] }] });
  assert.ok(c.policy?.length && !c.policyRule, 'FHIR ppc-1: a policy when there is no policyRule');
  const informing = toConsent(stored({ kind: 'informing', informingVersion: '2024-1', channel: 'portal', recordedBy: { system: { id: 'portal', name: 'Portal' }, organisationOid: ORG } }));
  assert.deepEqual(informing.policyRule?.coding?.[0]?.code, '2024-1');
  assert.equal(informing.extension?.some((e) => e.url === EXTENSIONS.recordedBy.url), false);
});

test('D7, D8: a revoked record is inactive and says who revoked it and when', () => {
  const byClient = toConsent(stored({ revokedAt: '2026-04-01T09:00:00.000Z', revokedBy: { kind: 'client' } }));
  assert.equal(byClient.status, 'inactive');
  assert.deepEqual(byClient.extension?.find((e) => e.url === EXTENSIONS.consentRevokedBy.url)?.valueReference, { reference: `Patient/${PATIENT_ID}` });
  assert.equal(byClient.extension?.find((e) => e.url === EXTENSIONS.consentRevokedAt.url)?.valueDateTime, '2026-04-01T09:00:00.000Z');
  const sameRep = toConsent(stored({ actor: guardian, revokedAt: '2026-04-01T09:00:00.000Z', revokedBy: guardian }));
  assert.equal(sameRep.contained?.length, 1);
  assert.deepEqual(sameRep.extension?.find((e) => e.url === EXTENSIONS.consentRevokedBy.url)?.valueReference, { reference: '#rep' });
  const otherRep = toConsent(stored({ actor: guardian, revokedAt: '2026-04-01T09:00:00.000Z', revokedBy: trustee }));
  assert.deepEqual(otherRep.contained?.map((r) => r.id), ['rep', 'revoker']);
});

const ROUND_TRIP: [string, StoredConsent][] = [
  ['informing', stored({ kind: 'informing', informingVersion: '2024-1' })],
  ['social welfare consent by the client', stored()],
  ['health consent by a guardian', stored({ kind: 'health-consent', actor: guardian })],
  ['S3(a) controller prohibition by a trustee', stored({ kind: 'prohibition', scope: 'controller', target: CONTROLLER, actor: trustee })],
  ['S3(b) service task prohibition', stored({ kind: 'prohibition', scope: 'service-task', target: 'disability' })],
  ['S3(c) document prohibition', stored({ kind: 'prohibition', scope: 'document', target: SET_ID })],
];

test('D11: a presented record reads back to the same meaning (round trip)', () => {
  for (const [name, record] of ROUND_TRIP) {
    const body = json(toConsent(record));
    delete body.id;
    delete body.meta;
    body.status = 'active';
    const read = readConsent(body);
    const expected: ProvidedConsent = {
      patient: { fhirId: PATIENT_ID, identityCode: CLIENT },
      kind: record.kind,
      ...(record.scope ? { scope: record.scope, target: record.target! } : {}),
      ...(record.informingVersion ? { informingVersion: record.informingVersion } : {}),
      actor: record.actor.kind === 'client' ? { kind: 'client' } : {
        kind: 'representative', role: record.actor.role, identityCode: record.actor.identityCode,
        ...(record.actor.givenName ? { givenName: record.actor.givenName } : {}), ...(record.actor.familyName ? { familyName: record.actor.familyName } : {}),
      },
      givenAt: record.givenAt,
      validFrom: record.validFrom,
    };
    assert.deepEqual(read, expected, name);
  }
});

// ---------------------------------------------------------------------------------------------
// Revocation by PUT.

/** The current version as presented, turned into a revoking PUT body. */
function revoking(record: StoredConsent, revokedBy?: { reference: string }, extra?: RelatedPerson): Body {
  const body = json(toConsent(record));
  body.status = 'inactive';
  if (revokedBy) body.extension = [...(body.extension as Json[]), json({ url: EXTENSIONS.consentRevokedBy.url, valueReference: revokedBy })];
  if (extra) body.contained = [...((body.contained as Json[] | undefined) ?? []), json(extra)];
  return body;
}

test('D7, D8: a revoking PUT is the current record with status inactive; who revoked defaults to the client', () => {
  const record = stored({ kind: 'prohibition', scope: 'controller', target: CONTROLLER });
  assert.deepEqual(readRevocation(revoking(record), record), { revokedBy: { kind: 'client' } });
  assert.deepEqual(readRevocation(revoking(record, { reference: `Patient/${PATIENT_ID}` }), record), { revokedBy: { kind: 'client' } });
  const byTrustee = readRevocation(revoking(record, { reference: '#t' }, relatedPerson('t', '32', TRUSTEE)), record);
  assert.deepEqual(byTrustee.revokedBy, { kind: 'representative', role: '32', identityCode: TRUSTEE, givenName: 'Anna Maria', familyName: 'Virtanen' });
  const given = stored({ actor: guardian });
  assert.equal(readRevocation(revoking(given, { reference: '#rep' }), given).revokedBy.kind, 'representative');
  // The client may restate the time in another offset: the meaning is compared, not the text.
  const restated = revoking(record);
  restated.dateTime = '2026-03-02T10:15:00+02:00';
  assert.deepEqual(readRevocation(restated, record), { revokedBy: { kind: 'client' } });
});

test('D11: a PUT that changes anything but the status is refused with 422', () => {
  const record = stored({ kind: 'prohibition', scope: 'service-task', target: 'disability' });
  const changes: [string, (b: Body) => void][] = [
    ['Consent.provision', (b) => { b.provision = json(byServiceTask(serviceTaskCode('child-protection'))); }],
    ['Consent.category', (b) => { b.category = json([{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }, { coding: [{ system: KIND_SYSTEM, code: 'health-consent' }] }]); b.provision = { type: 'permit' }; }],
    ['Consent.dateTime', (b) => { b.dateTime = '2026-03-01T10:15:00+02:00'; }],
    ['Consent.performer', (b) => { b.contained = [json(relatedPerson('rep', '32', TRUSTEE))]; b.performer = [{ reference: '#rep' }]; }],
    ['Consent.patient', (b) => { b.patient = { identifier: { system: SYSTEMS.identityCode, value: TRUSTEE } }; }],
  ];
  for (const [expression, change] of changes) {
    const body = revoking(record);
    change(body);
    const e = refusal(() => readRevocation(body, record));
    assert.ok(e instanceof Unprocessable, expression);
    assert.ok(e.problems[0]!.message.startsWith('a consent record is changed only by revoking it (status inactive); record a new one for anything else'), e.problems[0]!.message);
    assert.ok(expressions(e).includes(expression), `${expression} in ${expressions(e).join(', ')}`);
  }
  const unchanged = json(toConsent(record));
  const still = refusal(() => readRevocation(unchanged, record));
  assert.ok(still instanceof Unprocessable);
  assert.deepEqual(expressions(still), ['Consent.status']);
});

test('a revoking PUT names the record it revokes', () => {
  const record = stored();
  const body = revoking(record);
  body.id = '11111111-1111-4111-8111-111111111111';
  assert.deepEqual(expressions(refusal(() => readRevocation(body, record))), ['Consent.id']);
  delete body.id;
  assert.equal(refusal(() => readRevocation(body, record)).status, 400);
  const parent = revoking(record, { reference: '#p' }, relatedPerson('p', '12'));
  assert.equal(refusal(() => readRevocation(parent, record)).status, 422);
});

test('search parameters: patient, patient.identifier, category, status, _count, _offset', () => {
  assert.deepEqual(CONSENT_SEARCH_PARAMETERS.map((p) => p.name), ['patient', 'patient.identifier', 'category', 'status', '_count', '_offset']);
});

// ---------------------------------------------------------------------------------------------
// Hostile input, generated.

const hostile = fc.oneof(
  fc.jsonValue() as fc.Arbitrary<Json>,
  fc.constantFrom<Json>('', 'x'.repeat(2001), '\u0000', -1, 1e308, [], {}, null, true, '#rep', '#', 'Patient/', `Patient/${PATIENT_ID}`, CLIENT, GUARDIAN, '12',
    'urn:uuid:not-a-uuid', '2026-02-30T25:61:00Z', [null], [[]], [{}], JSON.parse('{"__proto__": {"resourceType": "Consent"}}') as Json, { resourceType: 'RelatedPerson', id: 'rep' }),
);

const VALID: Json[] = [
  aConsent('informing'),
  byRepresentative(aConsent('prohibition', byController()), '32', TRUSTEE),
  aConsent('prohibition', byDocument({ identifier: { system: SYSTEMS.rfc3986, value: `urn:uuid:${SET_ID}` } })),
  aConsent('prohibition', byServiceTask()),
  byRepresentative(aConsent('social-welfare-consent', { type: 'permit', period: { start: '2026-03-02' } })),
];

test('hostile input: a value planted anywhere in a valid Consent is read or refused with a KansioError, never a crash', () => {
  const targets = VALID.flatMap((doc) => paths(doc).map((path) => ({ doc, path })));
  fc.assert(fc.property(fc.nat(targets.length - 1), hostile, (i, value) => {
    const { doc, path } = targets[i]!;
    try {
      readConsent(plant(doc, path, value));
    } catch (e) {
      if (!(e instanceof KansioError)) throw e;
      assert.ok(e.status === 400 || e.status === 422, `status ${e.status}`);
      assert.ok(e.problems.length > 0);
    }
  }), { numRuns: Number(process.env.KANSIO_FUZZ_RUNS ?? 2000) });
});

test('hostile input: a value planted anywhere in a revoking PUT is read or refused with a KansioError, never a crash', () => {
  const record = stored({ actor: guardian, kind: 'prohibition', scope: 'document', target: SET_ID });
  const valid = revoking(record, { reference: '#t' }, relatedPerson('t', '32', TRUSTEE));
  assert.equal(readRevocation(valid, record).revokedBy.kind, 'representative');
  const all = paths(valid);
  fc.assert(fc.property(fc.nat(all.length - 1), hostile, (i, value) => {
    try {
      readRevocation(plant(valid, all[i]!, value), record);
    } catch (e) {
      if (!(e instanceof KansioError)) throw e;
      assert.ok(e.status === 400 || e.status === 422, `status ${e.status}`);
    }
  }), { numRuns: Number(process.env.KANSIO_FUZZ_RUNS ?? 2000) });
});

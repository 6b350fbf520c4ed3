// Reads a submitted Kansio Consent (POST /fhir/Consent) or a revoking PUT into plain values, as
// a list of small named checks over untrusted JSON: every element is type-checked before use,
// every problem is collected with its FHIRPath, and one error carries them all. The business
// rules themselves (D5, S2 dates, S3 targets, S5) are the domain's: src/domain/policy/consent-recording.ts.
import type { Problem } from '../domain/errors.ts';
import { InvalidInput, NotSupported, Unprocessable } from '../domain/errors.ts';
import { parseIdentityCode } from '../domain/identity-code.ts';
import { REPRESENTATIVE_ROLES, type ConsentKind, type ProhibitionScope, type RepresentativeRole } from '../domain/consent.ts';
import { INFORMING_SYSTEM } from '../domain/codes/index.ts';
import type { StoredConsent } from '../store/consents.ts';
import { EXTENSIONS, SYSTEMS } from './extensions.ts';
import { checkProvision } from './consent-provision-in.ts';
import { CONSENT_PROFILE, isValidDateTime, refuseModifiers } from './consent-profile.ts';
import type { CommandActor, ConsentCommand } from '../domain/consent.ts';
import { arrayAt, codingsOf, get, isObject, MAX_STRING, missing, objectAt, objectsIn, onlyObject, refuse, stringAt, type Json, type Sink } from './json-read.ts';

export const CONSENT_KINDS: readonly ConsentKind[] = ['informing', 'social-welfare-consent', 'health-consent', 'prohibition'];

// The reader's output is the consent service's domain command: the FHIR mapping ends here.
export type ProvidedActor = CommandActor;
export type ProvidedConsent = ConsentCommand;

type Patient = ProvidedConsent['patient'];

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const PATIENT_REF = new RegExp(`^Patient/(${UUID})$`);
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const PARENT_ROLE = '12';
const CHANGED = 'a consent record is changed only by revoking it (status inactive); record a new one for anything else';

/** The elements of R4 Consent; anything else is refused rather than silently dropped. */
const CONSENT_ELEMENTS = new Set(['resourceType', 'id', 'meta', 'implicitRules', 'language', 'text', 'contained', 'extension', 'modifierExtension', 'identifier',
  'status', 'scope', 'category', 'patient', 'dateTime', 'performer', 'organization', 'sourceAttachment', 'sourceReference', 'policy', 'policyRule', 'verification', 'provision']);
/** Elements that narrow what a provision covers. */

// ---------------------------------------------------------------------------------------------
// The checks, one per element of the profile.

function checkResourceType(body: unknown, add: Sink): Json | undefined {
  if (!isObject(body)) return refuse(add, 'structure', 'Consent', 'the body must be a Consent resource (a JSON object)');
  if (get(body, 'resourceType') !== 'Consent') {
    return refuse(add, 'structure', 'Consent.resourceType', `expected resourceType 'Consent', got ${JSON.stringify(get(body, 'resourceType'))?.slice(0, 100)}`);
  }
  for (const key of Object.keys(body)) {
    if (!CONSENT_ELEMENTS.has(key)) add({ code: 'structure', message: `unknown element '${key.slice(0, 100)}' in a Consent`, expression: `Consent.${key.slice(0, 100)}` });
  }
  refuseModifiers(body, 'Consent', add);
  return body;
}

function checkScope(c: Json, add: Sink): void {
  // PCF: a privacy consent directive.
  const scope = objectAt(c, 'scope', 'Consent', add, `scope is required: ${CONSENT_PROFILE.scopeSystem}|${CONSENT_PROFILE.scopeCode}`);
  if (scope && !codingsOf(scope, 'Consent.scope', add).some((k) => k.system === CONSENT_PROFILE.scopeSystem && k.code === CONSENT_PROFILE.scopeCode)) {
    add({ code: 'value', message: `scope must have the coding ${CONSENT_PROFILE.scopeSystem}|${CONSENT_PROFILE.scopeCode}`, expression: 'Consent.scope' });
  }
}

function checkCategory(c: Json, add: Sink): ConsentKind | undefined {
  // LOINC 59284-0 (patient consent) and exactly one Kansio consent kind (D11: all kinds live here).
  const list = arrayAt(c, 'category', 'Consent', add, `category is required: ${CONSENT_PROFILE.loinc}|${CONSENT_PROFILE.loincPatientConsent} and a code of ${SYSTEMS.consentKind}`);
  if (!list) return undefined;
  const codings = objectsIn(list, 'Consent.category', add).flatMap(([cc, at]) => codingsOf(cc, at, add));
  if (!codings.some((k) => k.system === CONSENT_PROFILE.loinc && k.code === CONSENT_PROFILE.loincPatientConsent)) {
    add({ code: 'value', message: `category must contain ${CONSENT_PROFILE.loinc}|${CONSENT_PROFILE.loincPatientConsent} (patient consent)`, expression: 'Consent.category' });
  }
  const kinds = codings.filter((k) => k.system === SYSTEMS.consentKind);
  if (kinds.length !== 1) {
    return refuse(add, 'value', 'Consent.category', `category must contain exactly one coding of ${SYSTEMS.consentKind} (${CONSENT_KINDS.join(', ')}), found ${kinds.length}`);
  }
  const kind = kinds[0]!;
  if (CONSENT_KINDS.includes(kind.code as ConsentKind)) return kind.code as ConsentKind;
  return refuse(add, 'code-invalid', `${kind.at}.code`, `the consent kind must be one of ${CONSENT_KINDS.join(', ')}`);
}

function checkPatient(c: Json, add: Sink): Patient | undefined {
  // The client: Patient/<id>, or the personal identity code (urn:oid:1.2.246.21), or both.
  const how = `patient is required: reference Patient/<id> or identifier with system ${SYSTEMS.identityCode}`;
  const patient = objectAt(c, 'patient', 'Consent', add, how);
  if (!patient) return undefined;
  const reference = stringAt(patient, 'reference', 'Consent.patient', add);
  const identifier = objectAt(patient, 'identifier', 'Consent.patient', add);
  let fhirId: string | undefined;
  let identityCode: string | undefined;
  if (reference !== undefined) {
    fhirId = PATIENT_REF.exec(reference)?.[1]?.toLowerCase();
    if (!fhirId) add({ code: 'value', message: 'patient.reference must be Patient/<id>', expression: 'Consent.patient.reference' });
  }
  if (identifier) identityCode = readIdentityCode(identifier, 'Consent.patient.identifier', add);
  if (reference === undefined && !identifier) return missing('Consent.patient', how, add);
  if ((reference !== undefined && !fhirId) || (identifier && !identityCode)) return undefined;
  return { ...(fhirId ? { fhirId } : {}), ...(identityCode ? { identityCode } : {}) };
}

function readIdentityCode(identifier: Json, at: string, add: Sink): string | undefined {
  const system = stringAt(identifier, 'system', at, add, `identifier.system is required: ${SYSTEMS.identityCode}`);
  const value = stringAt(identifier, 'value', at, add, 'identifier.value is required: a personal identity code');
  if (system !== undefined && system !== SYSTEMS.identityCode) {
    add({ code: 'value', message: `identifier.system must be ${SYSTEMS.identityCode} (Finnish personal identity code)`, expression: `${at}.system` });
  }
  if (value === undefined || system !== SYSTEMS.identityCode) return undefined;
  const parsed = parseIdentityCode(value);
  if (parsed.ok) return parsed.code;
  return refuse(add, 'value', `${at}.value`, `identifier.value is not a valid personal identity code: ${parsed.reason}`);
}

function checkDateTime(c: Json, add: Sink): string | undefined {
  // When it was given, to the second, with its offset: S2 and S3 date the record from it.
  const value = stringAt(c, 'dateTime', 'Consent', add, 'dateTime (when it was given) is required, e.g. 2026-05-01T10:00:00+03:00');
  if (value === undefined || isValidDateTime(value)) return value;
  return refuse(add, 'value', 'Consent.dateTime', 'dateTime must be a date-time with seconds and a time zone offset or Z, e.g. 2026-05-01T10:00:00+03:00');
}

interface Contained { readonly id: string; readonly resource: Json; readonly at: string }
/** The contained representatives referenced so far, by id, as read. */
type Used = Map<string, ProvidedActor | undefined>;

function checkContained(c: Json, add: Sink): Map<string, Contained> {
  // Only the representatives who gave or revoked the record, each a RelatedPerson with an id.
  const found = new Map<string, Contained>();
  for (const [r, at] of objectsIn(arrayAt(c, 'contained', 'Consent', add) ?? [], 'Consent.contained', add)) {
    if (get(r, 'resourceType') !== 'RelatedPerson') {
      add({ code: 'not-supported', message: 'only a RelatedPerson (a legal representative who gave or revoked the record) may be contained', expression: `${at}.resourceType` });
      continue;
    }
    const id = stringAt(r, 'id', at, add, 'a contained RelatedPerson needs an id, referenced as #<id>');
    if (id === undefined) continue;
    if (!FHIR_ID.test(id)) add({ code: 'value', message: 'id must be 1-64 letters, digits, - or .', expression: `${at}.id` });
    else if (found.has(id)) add({ code: 'structure', message: `two contained resources have the id ${id}`, expression: `${at}.id` });
    else found.set(id, { id, resource: r, at });
  }
  return found;
}

function readRepresentative(rp: Contained, patient: Patient, add: Sink): ProvidedActor | undefined {
  // S3: a legal representative with a role of urn:oid:1.2.246.537.6.1284 and their own identity code.
  const { resource, at } = rp;
  refuseModifiers(resource, at, add);
  const identifiers = objectsIn(arrayAt(resource, 'identifier', at, add, `identifier is required: the representative's personal identity code (${SYSTEMS.identityCode})`) ?? [], `${at}.identifier`, add);
  const codes = identifiers.filter(([i]) => get(i, 'system') === SYSTEMS.identityCode);
  let identityCode: string | undefined;
  if (codes.length !== 1) add({ code: 'value', message: `the representative needs exactly one identifier with system ${SYSTEMS.identityCode}`, expression: `${at}.identifier` });
  else identityCode = readIdentityCode(codes[0]![0], codes[0]![1], add);
  if (identityCode !== undefined && identityCode === patient.identityCode) {
    add({ code: 'business-rule', message: 'S3: a representative is someone other than the client; when the client acts, the performer is the patient', expression: `${at}.identifier` });
  }
  const role = readRole(resource, at, add);
  const patientRef = objectAt(resource, 'patient', at, add);
  const patientRefText = patientRef ? stringAt(patientRef, 'reference', `${at}.patient`, add) : undefined;
  if (patientRefText !== undefined && patient.fhirId !== undefined && PATIENT_REF.exec(patientRefText)?.[1]?.toLowerCase() !== patient.fhirId) {
    add({ code: 'value', message: "RelatedPerson.patient must be the Consent's patient", expression: `${at}.patient.reference` });
  }
  const name = readName(resource, at, add);
  if (identityCode === undefined || role === undefined) return undefined;
  return { kind: 'representative', role, identityCode, ...name };
}

function readRole(resource: Json, at: string, add: Sink): RepresentativeRole | undefined {
  const relationships = objectsIn(arrayAt(resource, 'relationship', at, add, `relationship is required: a role of ${SYSTEMS.relatedPersonRole}`) ?? [], `${at}.relationship`, add);
  const roles = relationships.flatMap(([cc, ccAt]) => codingsOf(cc, ccAt, add)).filter((k) => k.system === SYSTEMS.relatedPersonRole);
  if (roles.length !== 1) {
    return refuse(add, 'value', `${at}.relationship`, `relationship must have exactly one coding of ${SYSTEMS.relatedPersonRole}: 31 guardian, 32 trustee, 33 continuing power of attorney holder or 34 mandate holder`);
  }
  const { code, at: codingAt } = roles[0]!;
  if (code === PARENT_ROLE) {
    return refuse(add, 'business-rule', `${codingAt}.code`, 'S3: role 12 (parent) is not a legal representative; a parent acts for a minor child as guardian (31)');
  }
  if (REPRESENTATIVE_ROLES.includes(code as RepresentativeRole)) return code as RepresentativeRole;
  return refuse(add, 'code-invalid', `${codingAt}.code`, `the role must be 31 (guardian), 32 (trustee), 33 (continuing power of attorney holder) or 34 (mandate holder)`);
}

function readName(resource: Json, at: string, add: Sink): { givenName?: string; familyName?: string } {
  const names = arrayAt(resource, 'name', at, add);
  const first = names && names.length > 0 ? objectsIn(names.slice(0, 1), `${at}.name`, add)[0] : undefined;
  if (!first) return {};
  const [name, nameAt] = first;
  const given = (arrayAt(name, 'given', nameAt, add) ?? []).flatMap((g, i) => {
    if (typeof g === 'string' && g.length <= MAX_STRING) return [g];
    add({ code: 'structure', message: `given must be strings of at most ${MAX_STRING} characters`, expression: `${nameAt}.given[${i}]` });
    return [];
  });
  const familyName = stringAt(name, 'family', nameAt, add);
  const givenName = given.join(' ').trim();
  return { ...(givenName ? { givenName } : {}), ...(familyName !== undefined ? { familyName } : {}) };
}

/** The patient (Patient/<id> or their identity code) or a contained representative (#id). */
function readActorReference(ref: Json, at: string, patient: Patient, contained: Map<string, Contained>, used: Used, add: Sink): ProvidedActor | undefined {
  const reference = stringAt(ref, 'reference', at, add);
  const identifier = objectAt(ref, 'identifier', at, add);
  if (reference?.startsWith('#')) {
    const rp = contained.get(reference.slice(1));
    if (!rp) return refuse(add, 'value', `${at}.reference`, `there is no contained RelatedPerson with id ${reference.slice(1, 65)}`);
    // Read each representative once, even when both performer and consent-revoked-by name them.
    if (!used.has(rp.id)) used.set(rp.id, readRepresentative(rp, patient, add));
    return used.get(rp.id);
  }
  if (reference !== undefined) {
    const fhirId = PATIENT_REF.exec(reference)?.[1]?.toLowerCase();
    if (!fhirId) return refuse(add, 'value', `${at}.reference`, 'the reference must be the patient (Patient/<id>) or #<id> of a contained RelatedPerson (a legal representative)');
    if (patient.fhirId === undefined) return refuse(add, 'value', `${at}.reference`, 'the patient is given by identifier only: name the client here by the same identifier, or give the patient by reference too');
    if (fhirId !== patient.fhirId) return refuse(add, 'value', `${at}.reference`, 'a Patient reference here must be the Consent\'s patient; a representative is a contained RelatedPerson');
    return { kind: 'client' };
  }
  if (identifier) {
    const code = readIdentityCode(identifier, `${at}.identifier`, add);
    if (code === undefined) return undefined;
    if (code !== patient.identityCode) return refuse(add, 'value', `${at}.identifier`, 'an identifier here must be the patient\'s identity code; a representative is a contained RelatedPerson (#id) with a role');
    return { kind: 'client' };
  }
  return missing(at, 'give reference (Patient/<id> or #<contained RelatedPerson id>) or identifier', add);
}

function checkPerformer(c: Json, patient: Patient, contained: Map<string, Contained>, used: Used, add: Sink): ProvidedActor | undefined {
  // Who gave it (S3): the client, or a legal representative.
  const one = onlyObject(c, 'performer', 'Consent', add, 'the client (the patient) or a contained RelatedPerson (a legal representative) who gave it');
  return one ? readActorReference(one[0], one[1], patient, contained, used, add) : undefined;
}

interface ExtensionsRead { readonly revokedBy?: ProvidedActor; readonly revokedByGiven: boolean }

function checkExtensions(c: Json, purpose: 'create' | 'revise', patient: Patient, contained: Map<string, Contained>, used: Used, add: Sink): ExtensionsRead {
  // Channel, recorder and revocation time are the server's to set and are ignored; who revoked
  // is read in a revoking PUT only. Other extensions are ignored, as FHIR allows.
  let revokedBy: ProvidedActor | undefined;
  let revokedByGiven = false;
  for (const [e, at] of objectsIn(arrayAt(c, 'extension', 'Consent', add) ?? [], 'Consent.extension', add)) {
    const url = stringAt(e, 'url', at, add, 'an extension needs its url');
    if (url === EXTENSIONS.consentRevokedAt.url && purpose === 'create') {
      add({ code: 'value', message: 'a new record is not revoked: revoke it later with PUT and status inactive', expression: at });
    }
    if (url !== EXTENSIONS.consentRevokedBy.url) continue;
    if (purpose === 'create') {
      add({ code: 'value', message: 'a new record is not revoked: revoke it later with PUT and status inactive', expression: at });
      continue;
    }
    if (revokedByGiven) add({ code: 'structure', message: 'consent-revoked-by may be given once', expression: at });
    revokedByGiven = true;
    const value = objectAt(e, 'valueReference', at, add, 'consent-revoked-by needs valueReference: the patient or #<id> of a contained RelatedPerson');
    if (value) revokedBy = readActorReference(value, `${at}.valueReference`, patient, contained, used, add);
  }
  return { ...(revokedBy ? { revokedBy } : {}), revokedByGiven };
}

function checkPolicyRule(c: Json, kind: ConsentKind | undefined, add: Sink): string | undefined {
  // D5: the informing acknowledgement names the version of the Kanta informing it acknowledges.
  if (kind !== 'informing') {
    if (get(c, 'policyRule') !== undefined && kind !== undefined) add({ code: 'value', message: 'policyRule is only for the informing acknowledgement (the Kanta informing version)', expression: 'Consent.policyRule' });
    return undefined;
  }
  const rule = objectAt(c, 'policyRule', 'Consent', add, `D5: the informing acknowledgement needs policyRule.coding with system ${INFORMING_SYSTEM} and the version it acknowledges`);
  if (!rule) return undefined;
  const versions = codingsOf(rule, 'Consent.policyRule', add).filter((k) => k.system === INFORMING_SYSTEM);
  if (versions.length !== 1 || versions[0]!.code === undefined) {
    return refuse(add, 'value', 'Consent.policyRule', `policyRule must have exactly one coding of ${INFORMING_SYSTEM} with the informing version as its code`);
  }
  return versions[0]!.code;
}

// ---------------------------------------------------------------------------------------------
// The two readers.

interface Read { readonly consent: ProvidedConsent | undefined; readonly extensions: ExtensionsRead }

/** The meaning of a Consent body; `known` fills in the patient's other identifier in a PUT. */
function readMeaning(c: Json, purpose: 'create' | 'revise', add: Sink, known?: Required<Patient>): Read {
  checkScope(c, add);
  const kind = checkCategory(c, add);
  const patient = checkPatient(c, add);
  const givenAt = checkDateTime(c, add);
  const contained = checkContained(c, add);
  const used: Used = new Map();
  const resolving: Patient = { fhirId: patient?.fhirId ?? known?.fhirId, identityCode: patient?.identityCode ?? known?.identityCode };
  const actor = checkPerformer(c, resolving, contained, used, add);
  const extensions = checkExtensions(c, purpose, resolving, contained, used, add);
  for (const [id, { at }] of contained) {
    // FHIR dom-3: a contained resource is referenced from the resource that contains it.
    if (!used.has(id)) add({ code: 'structure', message: `contained RelatedPerson ${id} is not referenced by performer or consent-revoked-by`, expression: at });
  }
  const informingVersion = checkPolicyRule(c, kind, add);
  const provision = checkProvision(c, kind, givenAt, add);
  if (!kind || !patient || !givenAt || !actor || !provision.validFrom) return { consent: undefined, extensions };
  return {
    consent: {
      patient, kind, actor, givenAt, validFrom: provision.validFrom,
      ...(provision.scope ? { scope: provision.scope } : {}),
      ...(provision.target !== undefined ? { target: provision.target } : {}),
      ...(provision.targetVersionId !== undefined ? { targetVersionId: provision.targetVersionId } : {}),
      ...(informingVersion !== undefined ? { informingVersion } : {}),
    },
    extensions,
  };
}

/** One error for all the problems: 400 for malformed input, else NotSupported, else 422. */
function throwProblems(problems: readonly Problem[]): void {
  if (problems.length === 0) return;
  if (problems.some((p) => p.code !== 'business-rule' && p.code !== 'not-supported')) throw new InvalidInput(problems);
  if (problems.some((p) => p.code === 'not-supported')) throw new NotSupported(problems);
  throw new Unprocessable(problems);
}

function collector(): { problems: Problem[]; add: Sink } {
  const problems: Problem[] = [];
  return { problems, add: (p) => { problems.push(p); } };
}

function checkImportTag(c: Json, add: Sink): boolean {
  // L5: a service system marks the earlier records it imports, which keep their stated time.
  // Other tags, and the rest of meta, are the server's or the sender's own and are ignored.
  const meta = objectAt(c, 'meta', 'Consent', add);
  if (!meta) return false;
  const tags = objectsIn(arrayAt(meta, 'tag', 'Consent.meta', add) ?? [], 'Consent.meta.tag', add)
    .filter(([t]) => get(t, 'system') === CONSENT_PROFILE.recordOriginSystem);
  for (const [t, at] of tags) {
    if (get(t, 'code') !== CONSENT_PROFILE.importCode) add({ code: 'code-invalid', message: `a tag of ${CONSENT_PROFILE.recordOriginSystem} has the code '${CONSENT_PROFILE.importCode}' (an earlier record imported by a service system)`, expression: `${at}.code` });
  }
  return tags.length > 0;
}

/** POST /fhir/Consent: a new record, status active, without an id. */
export function readConsent(body: unknown): ProvidedConsent {
  const { problems, add } = collector();
  const c = checkResourceType(body, add);
  if (!c) throw new InvalidInput(problems);
  if (get(c, 'id') !== undefined) add({ code: 'value', message: 'id must be absent: the consent service assigns it', expression: 'Consent.id' });
  const status = stringAt(c, 'status', 'Consent', add, "status is required: 'active'");
  if (status !== undefined && status !== 'active') add({ code: 'value', message: `a new record has status 'active'; revoke an existing one with PUT and status 'inactive'`, expression: 'Consent.status' });
  const imported = checkImportTag(c, add);
  const { consent } = readMeaning(c, 'create', add);
  throwProblems(problems);
  if (!consent) throw InvalidInput.of('the Consent could not be read', 'Consent');
  return imported ? { ...consent, imported } : consent;
}

/**
 * PUT /fhir/Consent/{id}: the current record with status inactive and, in the extension
 * consent-revoked-by, who revoked it (absent: the client). Anything else changed is refused.
 */
export function readRevocation(body: unknown, current: StoredConsent): { readonly revokedBy: ProvidedActor } {
  const { problems, add } = collector();
  const c = checkResourceType(body, add);
  if (!c) throw new InvalidInput(problems);
  const id = stringAt(c, 'id', 'Consent', add, `id is required: ${current.consentId}, as in the URL`);
  if (id !== undefined && id !== current.consentId) add({ code: 'value', message: `id must be ${current.consentId}, as in the URL`, expression: 'Consent.id' });
  const status = stringAt(c, 'status', 'Consent', add, "status is required: 'inactive' to revoke");
  if (status !== undefined && status !== 'active' && status !== 'inactive') add({ code: 'value', message: "status must be 'inactive' to revoke the record", expression: 'Consent.status' });
  const { consent, extensions } = readMeaning(c, 'revise', add, { fhirId: current.personFhirId, identityCode: current.identityCode });
  throwProblems(problems);
  if (!consent) throw InvalidInput.of('the Consent could not be read', 'Consent');
  const changes = differences(consent, current);
  if (status === 'active') changes.unshift({ code: 'business-rule', message: `${CHANGED} (status is still active)`, expression: 'Consent.status' });
  if (changes.length > 0) throw new Unprocessable(changes);
  return { revokedBy: extensions.revokedBy ?? { kind: 'client' } };
}

/** What a revoking PUT changes besides the status, compared by meaning. */
function differences(p: ProvidedConsent, current: StoredConsent): Problem[] {
  const out: Problem[] = [];
  const differs = (what: string, expression: string): void => { out.push({ code: 'business-rule', message: `${CHANGED} (${what} differs from version ${current.version})`, expression }); };
  const sameActor = p.actor.kind === current.actor.kind
    && (p.actor.kind === 'client' || (current.actor.kind === 'representative' && p.actor.role === current.actor.role && p.actor.identityCode === current.actor.identityCode));
  if (p.kind !== current.kind) differs('the kind', 'Consent.category');
  if ((p.patient.fhirId !== undefined && p.patient.fhirId !== current.personFhirId) || (p.patient.identityCode !== undefined && p.patient.identityCode !== current.identityCode)) differs('the patient', 'Consent.patient');
  if (!sameActor) differs('who gave it', 'Consent.performer');
  if (Date.parse(p.givenAt) !== Date.parse(current.givenAt)) differs('when it was given', 'Consent.dateTime');
  if (p.validFrom !== current.validFrom) differs('the start of validity', 'Consent.provision.period.start');
  if ((p.informingVersion ?? null) !== current.informingVersion) differs('the informing version', 'Consent.policyRule');
  if ((p.scope ?? null) !== current.scope || (p.target ?? null) !== current.target || p.targetVersionId !== undefined) differs('what the prohibition covers (name a document by its set id)', 'Consent.provision');
  return out;
}

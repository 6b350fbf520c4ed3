// Turns a demo step into what a client data system would send: an ITI-65 Provide Document
// Bundle (a SubmissionSet List and one DocumentReference carrying its content inline), and the
// Requester its access token would give. Bundle ids are name-based UUIDs, so the same fixtures
// make the same bundles on every run.
import { createHash } from 'node:crypto';
import type { Bundle, Consent, DocumentReference, Extension, RelatedPerson } from '@medplum/fhirtypes';
import {
  DOCUMENT_GROUP_SYSTEM, INFORMING_SYSTEM, SERVICE_TASK_LABELS, findDocumentType, latestInformingVersion, roleCode, serviceTaskCode, type DocumentTypeEntry,
} from '../domain/codes/index.ts';
import { makeIdentityCode } from '../domain/identity-code.ts';
import type { ControllerOid, OrganisationOid, Requester } from '../domain/types.ts';
import { scopesForProfile } from '../domain/policy/system-profile.ts';
import { EXTENSIONS, MHD_EXTENSIONS, SYSTEMS as FHIR_SYSTEMS } from '../fhir/extensions.ts';
import { CONSENT_PROFILE } from '../fhir/consent-profile.ts';
import {
  ACTORS, PEOPLE, PROFESSIONALS, SYSTEMS, type ActorKey, type ConsentGiver, type ConsentStep, type PersonHandle, type Step, type StoreStep,
} from './fixtures.ts';
import { makePdf } from './pdf.ts';

const MHD_LIST_TYPES = 'https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes';
const FORMAT_CODES = 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode';
const HELSINKI = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Helsinki', timeZoneName: 'longOffset' });

/** A name-based UUID (RFC 9562 version 8 layout over SHA-256): the same name, the same id. */
export function demoUuid(name: string): string {
  const h = createHash('sha256').update(`kansio-demo:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Finnish local time 'YYYY-MM-DDTHH:MM' as a FHIR instant with the offset in force then (+02:00
 * or +03:00). The fixtures use office hours, far from the 03:00-04:00 daylight-saving switch,
 * so the offset at the same wall-clock time read as UTC is the right one.
 */
export function helsinki(local: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) throw new Error(`demo time '${local}' must be YYYY-MM-DDTHH:MM`);
  const name = HELSINKI.formatToParts(new Date(`${local}:00Z`)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /^GMT([+-]\d{2}:\d{2})$/.exec(name);
  if (!m) throw new Error(`no Europe/Helsinki offset for ${local} (got '${name}')`);
  return `${local}:00${m[1]}`;
}

export function identityCodeOf(handle: PersonHandle): string {
  const p = PEOPLE[handle];
  return makeIdentityCode(p.birthDate, p.individualNumber);
}

function professionalFixture(id: string) {
  const p = PROFESSIONALS.find((x) => x.professionalId === id);
  if (!p) throw new Error(`demo fixtures: no professional '${id}'`);
  return p;
}

/** The Requester an access token of this actor's system and professional would give (D9, L5). */
export function requesterFor(actor: ActorKey): Requester {
  const { system: systemId, professional: professionalId } = ACTORS[actor];
  const system = SYSTEMS.find((s) => s.clientId === systemId);
  if (!system) throw new Error(`demo fixtures: no system '${systemId}'`);
  const pro = professionalId ? professionalFixture(professionalId) : undefined;
  return {
    systemId: system.clientId,
    systemName: system.name,
    profile: system.profile,
    controllerOid: system.controllerOid as ControllerOid,
    ...(pro ? { professional: {
      id: pro.professionalId, name: `${pro.givenName} ${pro.familyName}`, title: pro.title, organisationOid: pro.organisationOid as OrganisationOid,
      ...(pro.roles?.length ? { roles: pro.roles } : {}),
    } } : {}),
    scopes: scopesForProfile(system.profile),
  };
}

function documentTypeOf(step: StoreStep): DocumentTypeEntry {
  const grouped = step.content.kind === 'relationship' || step.content.kind === 'matter';
  const entry = findDocumentType(grouped ? DOCUMENT_GROUP_SYSTEM : '1.2.246.537.6.1506', step.type);
  if (!entry) throw new Error(`demo fixtures: unknown document type ${step.type}`);
  return entry;
}

function personName(handle: PersonHandle): string {
  return `${PEOPLE[handle].given} ${PEOPLE[handle].family}`;
}

function authorOf(step: StoreStep): { name: string; title?: string } {
  const requester = requesterFor(step.by);
  return requester.professional ? { name: requester.professional.name, title: requester.professional.title } : { name: requester.systemName };
}

/** The document's bytes and content type, built from the step alone (never from archive ids). */
function contentOf(step: StoreStep, type: DocumentTypeEntry): { bytes: Buffer; contentType: string } {
  const c = step.content;
  const date = (step.created ?? step.at).slice(0, 10);
  const task = SERVICE_TASK_LABELS[step.task].fi;
  const author = authorOf(step);
  switch (c.kind) {
    case 'pdf':
      return {
        contentType: 'application/pdf',
        bytes: makePdf({
          title: step.title,
          lines: [
            `Asiakas: ${personName(step.client)}`,
            `Palvelutehtävä: ${task}`,
            `Asiakirja: ${type.label.fi}`,
            `Laatija: ${author.name}${author.title ? `, ${author.title}` : ''}`,
            `Päivämäärä: ${date}`,
            '',
            ...c.lines,
          ],
        }),
      };
    case 'json':
      return json({
        documentType: { system: type.system, code: type.code, display: type.label.fi },
        serviceTask: { code: serviceTaskCode(step.task), display: task },
        title: step.title,
        client: { name: personName(step.client) },
        author,
        date,
        text: c.text,
        ...(c.data ? { data: c.data } : {}),
      });
    case 'relationship': {
      const worker = professionalFixture(c.worker);
      return json({
        start: c.start,
        ...(c.end ? { end: c.end } : {}),
        organiserUnit: c.unit,
        worker: { name: `${worker.givenName} ${worker.familyName}`, phone: worker.phone, email: worker.email },
        relatedPersons: (c.related ?? []).map(([person, role]) => ({ identifier: identityCodeOf(person), role: roleCode(role) })),
        ...(c.producers ? { producers: c.producers.map((p) => ({ unit: p.unit, start: p.start, ...(p.end ? { end: p.end } : {}) })) } : {}),
      });
    }
    case 'matter':
      return json({
        title: c.title,
        clients: c.clients.map((person) => ({ identifier: identityCodeOf(person), joined: c.joined })),
        ...(c.parties ? { parties: c.parties.map(identityCodeOf) } : {}),
      });
  }
}

function json(value: unknown): { bytes: Buffer; contentType: string } {
  return { contentType: 'application/json', bytes: Buffer.from(JSON.stringify(value, null, 2), 'utf8') };
}

function extensionsOf(step: StoreStep, matterSetId: string | undefined): Extension[] {
  const r = step.restriction;
  return [
    { url: EXTENSIONS.phase.url, valueCode: step.phase },
    ...(r?.delayedUntil ? [{ url: EXTENSIONS.displayDelayedUntil.url, valueDate: r.delayedUntil }] : []),
    ...(r?.specialContent ? [{ url: EXTENSIONS.specialContent.url, valueBoolean: true }] : []),
    ...(r?.hiddenFromGuardians ? [{ url: EXTENSIONS.hiddenFromGuardians.url, valueBoolean: true }] : []),
    // V5: every restriction carries the professional's stated reason.
    ...(r ? [{ url: EXTENSIONS.restrictionReason.url, valueString: r.reason }] : []),
    ...(step.portalOptIn ? [{ url: EXTENSIONS.portalOptIn.url, valueBoolean: true }] : []),
    ...(matterSetId ? [{ url: EXTENSIONS.matter.url, valueIdentifier: { system: FHIR_SYSTEMS.rfc3986, value: `urn:uuid:${matterSetId}` } }] : []),
  ];
}

export interface BundleLinks {
  /** L1: the version this step replaces, if it is a correction. */
  readonly replacesVersionId?: string;
  /** S8: the set id of the matter document this document belongs to. */
  readonly matterSetId?: string;
}

/** The ITI-65 transaction Bundle for one store step. */
export function provideBundleFor(step: StoreStep, links: BundleLinks): Bundle {
  const type = documentTypeOf(step);
  const { bytes, contentType } = contentOf(step, type);
  const requester = requesterFor(step.by);
  const key = stepKey(step);
  const listUrl = `urn:uuid:${demoUuid(`submission-set/${key}`)}`;
  const docUrl = `urn:uuid:${demoUuid(`document-reference/${key}`)}`;
  const subject = { identifier: { system: FHIR_SYSTEMS.identityCode, value: identityCodeOf(step.client) } };
  const created = helsinki(step.created ?? step.at);
  const document: DocumentReference = {
    resourceType: 'DocumentReference',
    status: 'current',
    extension: extensionsOf(step, links.matterSetId),
    masterIdentifier: { system: FHIR_SYSTEMS.rfc3986, value: `urn:uuid:${demoUuid(`master-identifier/${key}`)}` },
    type: { coding: [{ system: type.system === DOCUMENT_GROUP_SYSTEM ? FHIR_SYSTEMS.documentGroup : FHIR_SYSTEMS.documentType, code: type.code, display: type.label.fi }] },
    category: [{ coding: [{ system: FHIR_SYSTEMS.generalType, code: type.generalType }] }],
    subject,
    date: created,
    // S7: a producer names the organiser's register it stores into; everyone else its own.
    custodian: { identifier: { system: FHIR_SYSTEMS.organisation, value: step.register ?? requester.controllerOid } },
    description: step.title,
    ...(links.replacesVersionId ? { relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${links.replacesVersionId}` } }] } : {}),
    content: [{
      attachment: {
        contentType,
        language: 'fi',
        data: bytes.toString('base64'),
        size: bytes.length,
        hash: createHash('sha1').update(bytes).digest('base64'),
        title: step.title,
      },
      format: { system: FORMAT_CODES, code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient' },
    }],
    context: {
      practiceSetting: { coding: [{ system: FHIR_SYSTEMS.serviceTask, code: serviceTaskCode(step.task), display: SERVICE_TASK_LABELS[step.task].fi }] },
    },
  };
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: listUrl,
        resource: {
          resourceType: 'List', status: 'current', mode: 'working', date: helsinki(step.at), subject,
          // MHD sourceId: the demo systems submit as their controller.
          extension: [{ url: MHD_EXTENSIONS.sourceId, valueIdentifier: { value: `urn:oid:${requester.controllerOid}` } }],
          code: { coding: [{ system: MHD_LIST_TYPES, code: 'submissionset' }] },
          entry: [{ item: { reference: docUrl } }],
        },
        request: { method: 'POST', url: 'List' },
      },
      { fullUrl: docUrl, resource: document, request: { method: 'POST', url: 'DocumentReference' } },
    ],
  };
}

function stepKey(step: StoreStep): string {
  return `${step.at}/${step.client}/${step.type}`;
}

/**
 * The masterIdentifier of the current version of the document a ref names: the last store step
 * that defines the ref or corrects it (L1). Finds a demo document without knowing archive ids.
 */
export function masterIdentifierOf(steps: readonly Step[], ref: string): string {
  const step = steps.filter((s): s is StoreStep => s.kind === 'store' && (s.ref === ref || s.replaces === ref)).at(-1);
  if (!step) throw new Error(`demo fixtures: no store step defines ref '${ref}'`);
  return `urn:uuid:${demoUuid(`master-identifier/${stepKey(step)}`)}`;
}

function relatedPerson(id: string, client: PersonHandle, who: ConsentGiver): RelatedPerson {
  const p = PEOPLE[who.person];
  return {
    resourceType: 'RelatedPerson', id,
    patient: { identifier: { system: FHIR_SYSTEMS.identityCode, value: identityCodeOf(client) } },
    identifier: [{ system: FHIR_SYSTEMS.identityCode, value: identityCodeOf(who.person) }],
    relationship: [{ coding: [{ system: FHIR_SYSTEMS.relatedPersonRole, code: roleCode(who.role) }] }],
    name: [{ given: [p.given], family: p.family }],
  };
}

/**
 * The FHIR Consent (Kansio Consent profile) a client data system would POST for a consent step:
 * given at the step's time with its Helsinki offset, valid from that day (S2), by the client or
 * a contained RelatedPerson. A document prohibition names the set id of the step ref's document.
 */
export function consentFor(step: ConsentStep, setIdOf: (ref: string) => string): Consent {
  const patient = { identifier: { system: FHIR_SYSTEMS.identityCode, value: identityCodeOf(step.client) } };
  const giver = step.givenBy ? relatedPerson('giver', step.client, step.givenBy) : undefined;
  const r = step.record;
  const base: Consent = {
    resourceType: 'Consent',
    status: 'active',
    scope: { coding: [{ system: CONSENT_PROFILE.scopeSystem, code: CONSENT_PROFILE.scopeCode }] },
    category: [
      { coding: [{ system: CONSENT_PROFILE.loinc, code: CONSENT_PROFILE.loincPatientConsent }] },
      { coding: [{ system: FHIR_SYSTEMS.consentKind, code: r.kind }] },
    ],
    patient,
    dateTime: helsinki(step.at),
    ...(giver ? { contained: [giver], performer: [{ reference: '#giver' }] } : { performer: [patient] }),
  };
  const period = { start: step.at.slice(0, 10) };
  if (r.kind === 'informing') {
    // D5: the version in use on the day it was given.
    return { ...base, policyRule: { coding: [{ system: INFORMING_SYSTEM, code: latestInformingVersion(step.at.slice(0, 10)) }] } };
  }
  if (r.kind === 'social-welfare-consent') return { ...base, provision: { type: 'permit', period } };
  const provision: NonNullable<Consent['provision']> = 'controller' in r
    ? { type: 'deny', period, actor: [{ role: { coding: [{ system: CONSENT_PROFILE.participationType, code: CONSENT_PROFILE.custodian }] }, reference: { identifier: { system: FHIR_SYSTEMS.organisation, value: r.controller } } }] }
    : 'task' in r
      ? { type: 'deny', period, code: [{ coding: [{ system: FHIR_SYSTEMS.serviceTask, code: serviceTaskCode(r.task) }] }] }
      : { type: 'deny', period, data: [{ meaning: 'related', reference: { identifier: { system: FHIR_SYSTEMS.rfc3986, value: `urn:uuid:${setIdOf(r.document)}` } } }] };
  return { ...base, provision };
}

/**
 * The revoking PUT body: the current record as the archive gives it, with status inactive and,
 * when a representative revoked it, who (consent-revoked-by).
 */
export function revocationOf(current: Consent, client: PersonHandle, revokedBy: ConsentGiver | undefined): Consent {
  const body: Consent = { ...current, status: 'inactive' };
  if (!revokedBy) return body;
  return {
    ...body,
    contained: [...(current.contained ?? []), relatedPerson('revoker', client, revokedBy)],
    extension: [...(current.extension ?? []), { url: EXTENSIONS.consentRevokedBy.url, valueReference: { reference: '#revoker' } }],
  };
}

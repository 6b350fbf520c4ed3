// Reads one submitted DocumentReference (MHD ITI-65) into a DocumentSubmission, as a list of
// small named checks. Each check adds a Problem naming the failing element; the bundle reader
// collects them all so that a client sees every mistake at once.
import type { Attachment, Coding, DocumentReference, Extension, Reference } from '@medplum/fhirtypes';
import type { Problem } from '../domain/errors.ts';
import type { Phase } from '../domain/types.ts';
import { parseIdentityCode, type IdentityCode } from '../domain/identity-code.ts';
import { findDocumentType, serviceTaskByCode, HIDDEN_BY_DEFAULT_SUBJECT_GROUPS, type DocumentTypeEntry, type ServiceTaskKey } from '../domain/codes/index.ts';
import { EXTENSIONS, MIME_TYPE_SUFFICIENT, SYSTEMS, typeSystemOid } from './extensions.ts';
import { shown } from './json-read.ts';

export interface DocumentSubmission {
  readonly entryIndex: number;
  readonly fullUrl: string;
  readonly identityCode: IdentityCode | undefined;
  readonly birthDate: string | undefined;
  /** Patient/<id> reference, if the subject was given by reference. */
  readonly patientFhirId: string | undefined;
  readonly type: DocumentTypeEntry;
  readonly serviceTask: ServiceTaskKey;
  readonly phase: Phase;
  readonly title: string | null;
  readonly createdAt: string;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  readonly displayDelayedUntil: string | null;
  readonly specialContent: boolean;
  readonly hiddenFromGuardians: boolean;
  readonly restrictionReason: string | null;
  readonly portalOptIn: boolean;
  readonly contentType: string;
  /** content.format, always with its system: as given, or the default (see checkFormat). */
  readonly format: { readonly system: string; readonly code: string };
  /** The phase was not stated and the default was taken (see checkPhase). */
  readonly phaseDefaulted: boolean;
  readonly language: string | null;
  /** Where the bytes are: inline base64 or the fullUrl of a Binary entry. */
  readonly attachment: { readonly data?: string; readonly url?: string; readonly size?: number; readonly hash?: string };
  readonly masterIdentifier: string | null;
  readonly replacesVersionId: string | null;
  readonly matterSetId: string | null;
  readonly custodianOid: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
const ALLOWED_CONTENT_TYPES = new Set(['application/pdf', 'application/json', 'application/fhir+json', 'text/plain', 'application/xml', 'text/xml']);
const PHASES: readonly Phase[] = ['legacy', '1', '2', '3'];

type Sink = (problem: Problem) => void;

function findExtension(resource: { extension?: Extension[] }, url: string): Extension | undefined {
  return resource.extension?.find((e) => e.url === url);
}

export function isValidDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(text + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

export function isValidDateTime(text: string): boolean {
  return DATETIME.test(text) && !Number.isNaN(new Date(text).getTime()) && isValidDate(text.slice(0, 10));
}

/** urn:uuid:<uuid> or a Patient/<uuid>-style reference's id, lower-cased; undefined if neither. */
export function uuidFromUrn(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^urn:uuid:(.+)$/i.exec(value);
  return m && UUID.test(m[1]!) ? m[1]!.toLowerCase() : undefined;
}

function checkResourceType(dr: DocumentReference, at: string, add: Sink): boolean {
  // ITI-65 entries must be DocumentReference, List or Binary; this reader handles the first.
  if (dr.resourceType !== 'DocumentReference') {
    add({ code: 'structure', message: `expected a DocumentReference, got ${shown(dr.resourceType)}`, expression: `${at}.resourceType` });
    return false;
  }
  return true;
}

function checkStatus(dr: DocumentReference, at: string, add: Sink): void {
  // MHD: a provided DocumentReference is current; superseding happens through relatesTo.
  if (dr.status !== 'current') add({ code: 'value', message: `status must be 'current' when providing a document, got ${shown(dr.status)}`, expression: `${at}.status` });
}

/** The client a subject names: identity code, or the opaque id of a Patient/<id> reference. */
export interface ClientReference {
  readonly identityCode?: IdentityCode;
  readonly birthDate?: string;
  readonly patientFhirId?: string;
}

/**
 * The client: a Finnish personal identity code (urn:oid:1.2.246.21), or Patient/<id> as Kansio
 * writes it. Shared by the DocumentReference and the SubmissionSet reader (`at` names the
 * subject element).
 */
export function readClientReference(subject: Reference | undefined, at: string, add: Sink): ClientReference {
  if (!subject) {
    add({ code: 'required', message: `subject is required: give the client as subject.identifier with system ${SYSTEMS.identityCode}`, expression: at });
    return {};
  }
  const identifier = subject.identifier;
  if (identifier) {
    if (identifier.system !== SYSTEMS.identityCode) {
      add({ code: 'value', message: `subject.identifier.system must be ${SYSTEMS.identityCode} (Finnish personal identity code), got ${shown(identifier.system ?? null)}`, expression: `${at}.identifier.system` });
      return {};
    }
    const parsed = parseIdentityCode(String(identifier.value ?? ''));
    if (!parsed.ok) {
      add({ code: 'value', message: `subject.identifier.value is not a valid personal identity code: ${parsed.reason}`, expression: `${at}.identifier.value` });
      return {};
    }
    return { identityCode: parsed.code, birthDate: parsed.birthDate };
  }
  const m = /^Patient\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(subject.reference ?? '');
  if (m) return { patientFhirId: m[1]!.toLowerCase() };
  const given = subject.reference === undefined ? 'neither' : `reference ${shown(subject.reference)}, which is not of the form Patient/<id> with an id Kansio gave`;
  add({ code: 'required', message: `subject must carry identifier (system ${SYSTEMS.identityCode}) or reference Patient/<id>; it has ${given}`, expression: at });
  return {};
}

function checkType(dr: DocumentReference, at: string, add: Sink): DocumentTypeEntry | undefined {
  // The national document-type code system 1.2.246.537.6.1506 (or the group codes of 1.2.246.537.6.1505).
  const codings = dr.type?.coding ?? [];
  for (const c of codings) {
    const oid = typeSystemOid(c.system);
    if (!oid) continue;
    const entry = findDocumentType(oid, String(c.code ?? ''));
    if (entry) return entry;
    add({ code: 'code-invalid', message: `type code ${shown(c.code)} is not in code system ${c.system}`, expression: `${at}.type.coding` });
    return undefined;
  }
  add({ code: 'required', message: `type must have a coding from ${SYSTEMS.documentType} (document type) or ${SYSTEMS.documentGroup} (document group)`, expression: `${at}.type` });
  return undefined;
}

function checkServiceTask(dr: DocumentReference, at: string, add: Sink): ServiceTaskKey | undefined {
  // Every document belongs to one service task (urn:oid:1.2.246.537.6.1221) in context.practiceSetting.
  const coding = dr.context?.practiceSetting?.coding?.find((c) => c.system === SYSTEMS.serviceTask);
  if (!coding) {
    add({ code: 'required', message: `context.practiceSetting must have a coding from ${SYSTEMS.serviceTask} (service task)`, expression: `${at}.context.practiceSetting` });
    return undefined;
  }
  const task = serviceTaskByCode(String(coding.code ?? ''));
  if (!task) add({ code: 'code-invalid', message: `service task code ${shown(coding.code)} is not known in ${SYSTEMS.serviceTask}`, expression: `${at}.context.practiceSetting.coding` });
  return task?.key;
}

/** The phase a DocumentReference without the document-phase extension is stored in. */
export const DEFAULT_PHASE: Phase = '1';

function checkPhase(dr: DocumentReference, at: string, add: Sink): { phase?: Phase; defaulted: boolean } {
  // A document without Kansio's phase statement (an outside MHD Document Source, the IHE
  // examples) is stored as phase 1: basic metadata. That is the most restrictive phase of
  // current data: kept and searchable in the own register, never in the portal (V2), not
  // disclosed to other registers without a statutory justification (S6). A source that meets
  // phase 2 says so. docs/decisions/0008-mhd-provide-bundle-defaults.md.
  const e = findExtension(dr, EXTENSIONS.phase.url);
  if (!e) return { phase: DEFAULT_PHASE, defaulted: true };
  const value = e.valueCode;
  if (!PHASES.includes(value as Phase)) {
    add({ code: 'code-invalid', message: `document phase (extension ${EXTENSIONS.phase.url}) must be valueCode one of ${PHASES.join(', ')}, got ${shown(value ?? null)}`, expression: `${at}.extension('${EXTENSIONS.phase.url}')` });
    return { defaulted: false };
  }
  return { phase: value as Phase, defaulted: false };
}

function checkRestrictions(dr: DocumentReference, at: string, add: Sink) {
  // V5: a restriction must state its reason; V4: an opt-in only makes sense where the default hides.
  const delayed = findExtension(dr, EXTENSIONS.displayDelayedUntil.url)?.valueDate ?? null;
  const special = findExtension(dr, EXTENSIONS.specialContent.url)?.valueBoolean === true;
  const hidden = findExtension(dr, EXTENSIONS.hiddenFromGuardians.url)?.valueBoolean === true;
  const reason = findExtension(dr, EXTENSIONS.restrictionReason.url)?.valueString?.trim() || null;
  const optIn = findExtension(dr, EXTENSIONS.portalOptIn.url)?.valueBoolean === true;
  if (delayed !== null && !isValidDate(delayed)) add({ code: 'value', message: 'display-delayed-until must be a date YYYY-MM-DD', expression: `${at}.extension('${EXTENSIONS.displayDelayedUntil.url}')` });
  if ((delayed !== null || special || hidden) && !reason) {
    add({ code: 'required', message: `V5: a display restriction needs its reason in ${EXTENSIONS.restrictionReason.url}`, expression: `${at}.extension` });
  }
  if (reason && reason.length > 1000) add({ code: 'too-long', message: 'restriction-reason is longer than 1000 characters', expression: `${at}.extension('${EXTENSIONS.restrictionReason.url}')` });
  return { displayDelayedUntil: delayed, specialContent: special, hiddenFromGuardians: hidden, restrictionReason: reason, portalOptIn: optIn };
}

function checkDates(dr: DocumentReference, at: string, add: Sink): { createdAt?: string; periodStart: string | null; periodEnd: string | null } {
  // R4 DocumentReference.date: when the document was created. Required here (XDS creationTime).
  let createdAt: string | undefined;
  if (!dr.date) add({ code: 'required', message: 'date (when the document was created) is required', expression: `${at}.date` });
  else if (!isValidDateTime(dr.date)) add({ code: 'value', message: `date must be a dateTime with seconds and time zone, e.g. 2026-05-01T10:00:00+03:00, got ${shown(dr.date)}`, expression: `${at}.date` });
  else createdAt = new Date(dr.date).toISOString();
  const period = dr.context?.period;
  const norm = (v: string | undefined, field: string): string | null => {
    if (v === undefined) return null;
    if (isValidDateTime(v)) return new Date(v).toISOString();
    if (isValidDate(v)) return new Date(v + 'T00:00:00Z').toISOString();
    add({ code: 'value', message: `context.period.${field} must be a date or a dateTime with time zone, got ${shown(v)}`, expression: `${at}.context.period.${field}` });
    return null;
  };
  return { createdAt, periodStart: norm(period?.start, 'start'), periodEnd: norm(period?.end, 'end') };
}

function checkContent(dr: DocumentReference, at: string, add: Sink): { attachment?: Attachment; format?: { system: string; code: string } } {
  // MHD: exactly one content with an attachment that carries the bytes (data) or points at a Binary (url).
  if (!dr.content || dr.content.length !== 1) {
    add({ code: 'structure', message: `content must have exactly one element (the document), it has ${dr.content?.length ?? 0}`, expression: `${at}.content` });
    return {};
  }
  const content = dr.content[0]!;
  const a = content.attachment;
  if (!a) {
    add({ code: 'required', message: 'content.attachment is required', expression: `${at}.content[0].attachment` });
    return {};
  }
  if (!a.contentType || !ALLOWED_CONTENT_TYPES.has(a.contentType.split(';')[0]!.trim())) {
    add({ code: 'value', message: `attachment.contentType must be one of ${[...ALLOWED_CONTENT_TYPES].join(', ')}, got ${shown(a.contentType)}`, expression: `${at}.content[0].attachment.contentType` });
  }
  if (!a.data && !a.url) add({ code: 'required', message: 'attachment needs data (base64) or url (the fullUrl of a Binary entry)', expression: `${at}.content[0].attachment` });
  if (a.data && a.url) add({ code: 'structure', message: 'attachment must not have both data and url', expression: `${at}.content[0].attachment` });
  const format = checkFormat(content.format, `${at}.content[0].format`, add);
  return { attachment: a, ...(format ? { format } : {}) };
}

function checkFormat(format: Coding | undefined, at: string, add: Sink): { system: string; code: string } | undefined {
  // MHD formatCode: stored always with its system. None given: the MIME type describes the
  // content fully (IHE's mimeTypeSufficient). A code without a system cannot be interpreted, so
  // it is refused rather than guessed.
  if (!format) return { system: SYSTEMS.formatCode, code: MIME_TYPE_SUFFICIENT };
  if (!format.code) {
    add({ code: 'required', message: `content.format needs a code (leave format out when the MIME type says all: Kansio then records ${SYSTEMS.formatCode}|${MIME_TYPE_SUFFICIENT})`, expression: `${at}.code` });
    return undefined;
  }
  if (!format.system) {
    add({ code: 'required', message: `content.format.system is missing for code ${shown(format.code)}: give the code system (IHE format codes: ${SYSTEMS.formatCode}), or leave format out when the MIME type says all`, expression: `${at}.system` });
    return undefined;
  }
  if (format.code.length > 256 || format.system.length > 256) {
    add({ code: 'too-long', message: 'content.format system and code must be at most 256 characters each', expression: at });
    return undefined;
  }
  return { system: format.system, code: format.code };
}

function checkRelatesTo(dr: DocumentReference, at: string, add: Sink): string | null {
  // L1: a correction replaces an earlier version; transforms, appends and signs are not supported.
  const relations = dr.relatesTo ?? [];
  let replaces: string | null = null;
  relations.forEach((r, i) => {
    if (r.code !== 'replaces') {
      add({ code: 'not-supported', message: `relatesTo.code ${shown(r.code)} is not supported; only 'replaces' (L1 correction)`, expression: `${at}.relatesTo[${i}].code` });
      return;
    }
    const m = /^DocumentReference\/([0-9a-f-]{36})$/i.exec(r.target?.reference ?? '');
    if (!m) {
      add({ code: 'value', message: 'relatesTo.target.reference must be DocumentReference/<id> of the version being replaced', expression: `${at}.relatesTo[${i}].target` });
      return;
    }
    if (replaces) add({ code: 'structure', message: 'a document can replace only one earlier version', expression: `${at}.relatesTo[${i}]` });
    replaces = m[1]!.toLowerCase();
  });
  return replaces;
}

function checkCustodian(dr: DocumentReference, at: string, add: Sink): string | null {
  // The register the document goes to. Optional: it defaults to the token's controller, and a
  // custodian that differs from it is refused later (a system stores only into its own register).
  const identifier = dr.custodian?.identifier;
  if (!identifier) return null;
  const value = identifier.value?.replace(/^urn:oid:/, '') ?? '';
  if (identifier.system !== SYSTEMS.organisation || !OID.test(value)) {
    add({ code: 'value', message: `custodian.identifier must be an organisation OID with system ${SYSTEMS.organisation}`, expression: `${at}.custodian.identifier` });
    return null;
  }
  return value;
}

export function readDocumentReference(dr: DocumentReference, entryIndex: number, fullUrl: string, add: Sink): DocumentSubmission | undefined {
  const at = `Bundle.entry[${entryIndex}].resource`;
  if (!checkResourceType(dr, at, add)) return undefined;
  checkStatus(dr, at, add);
  const subject = readClientReference(dr.subject, `${at}.subject`, add);
  const type = checkType(dr, at, add);
  const serviceTask = checkServiceTask(dr, at, add);
  const { phase, defaulted: phaseDefaulted } = checkPhase(dr, at, add);
  const restrictions = checkRestrictions(dr, at, add);
  const dates = checkDates(dr, at, add);
  const content = checkContent(dr, at, add);
  const replacesVersionId = checkRelatesTo(dr, at, add);
  const custodianOid = checkCustodian(dr, at, add);
  const matterExt = findExtension(dr, EXTENSIONS.matter.url);
  const matterSetId = matterExt ? uuidFromUrn(matterExt.valueIdentifier?.value) ?? null : null;
  if (matterExt && !matterSetId) add({ code: 'value', message: 'the matter extension needs valueIdentifier.value urn:uuid:<set id of the matter document>', expression: `${at}.extension('${EXTENSIONS.matter.url}')` });
  const master = dr.masterIdentifier?.value ?? null;
  if (master !== null && (master.length > 256 || master.length === 0)) add({ code: 'value', message: 'masterIdentifier.value must be 1 to 256 characters', expression: `${at}.masterIdentifier` });
  const title = dr.description ?? dr.content?.[0]?.attachment?.title ?? null;
  if (title && title.length > 500) add({ code: 'too-long', message: 'description is longer than 500 characters', expression: `${at}.description` });
  if (restrictions.portalOptIn && type && !HIDDEN_BY_DEFAULT_SUBJECT_GROUPS.has(type.subjectGroup)) {
    add({ code: 'business-rule', message: 'V4: portal-opt-in applies only to adoption counselling and parenthood investigation documents, which the portal hides by default', expression: `${at}.extension('${EXTENSIONS.portalOptIn.url}')` });
  }
  if (!type || !serviceTask || !phase || !dates.createdAt || !content.attachment || !content.format) return undefined;
  const a = content.attachment;
  return {
    entryIndex, fullUrl,
    identityCode: subject.identityCode, birthDate: subject.birthDate, patientFhirId: subject.patientFhirId,
    type, serviceTask, phase, phaseDefaulted, title,
    createdAt: dates.createdAt, periodStart: dates.periodStart, periodEnd: dates.periodEnd,
    ...restrictions,
    contentType: (a.contentType ?? '').split(';')[0]!.trim(),
    format: content.format,
    language: a.language ?? dr.content?.[0]?.attachment?.language ?? null,
    attachment: { ...(a.data !== undefined ? { data: a.data } : {}), ...(a.url !== undefined ? { url: a.url } : {}), ...(a.size !== undefined ? { size: a.size } : {}), ...(a.hash !== undefined ? { hash: a.hash } : {}) },
    masterIdentifier: master,
    replacesVersionId,
    matterSetId,
    custodianOid,
  };
}

// ITI-67 search parameters: parsed from the query (GET) or the form body (POST _search) into a
// DocumentQuery. Unknown parameters are refused rather than silently ignored, so a client never
// believes a filter was applied when it was not (FHIR handling=strict).
import { InvalidInput, NotSupported, type Problem } from '../domain/errors.ts';
import type { DocumentStatus, Phase } from '../domain/types.ts';
import type { DateFilter, DocumentQuery } from '../store/documents.ts';
import { parseIdentityCode } from '../domain/identity-code.ts';
import { serviceTaskByCode, findDocumentType, allDocumentTypes, legalJustification, allLegalJustifications } from '../domain/codes/index.ts';
import { SYSTEMS, typeSystemOid } from './extensions.ts';
import { isValidDate } from './document-reference-in.ts';

export interface SearchParameterDefinition {
  readonly name: string;
  readonly type: 'reference' | 'token' | 'date' | 'string' | 'number';
  readonly documentation: string;
}

export const DOCUMENT_REFERENCE_SEARCH_PARAMETERS: readonly SearchParameterDefinition[] = [
  { name: 'patient', type: 'reference', documentation: 'Patient/<id> as returned in DocumentReference.subject.reference. ITI-67 requires patient or patient.identifier.' },
  { name: 'patient.identifier', type: 'token', documentation: 'urn:oid:1.2.246.21|<personal identity code>. Prefer POST _search so that the code is not in a URL.' },
  { name: 'status', type: 'token', documentation: 'Required by ITI-67: current, superseded (entered-in-error is never returned here, L2).' },
  { name: '_id', type: 'token', documentation: 'DocumentReference id (the version id).' },
  { name: 'identifier', type: 'token', documentation: 'masterIdentifier, or urn:uuid:<set id> (S1), or urn:uuid:<version id>.' },
  { name: 'type', type: 'token', documentation: 'urn:oid:1.2.246.537.6.1506|<code> (document type) or urn:oid:1.2.246.537.6.1505|<code> (group).' },
  { name: 'category', type: 'token', documentation: 'Kansio general type (https://kansio.fi/fhir/CodeSystem/document-general-type), e.g. decision, plan.' },
  { name: 'setting', type: 'token', documentation: 'Service task: urn:oid:1.2.246.537.6.1221|<code>.' },
  { name: 'date', type: 'date', documentation: 'When the document was created (DocumentReference.date).' },
  { name: 'period', type: 'date', documentation: 'Start of the documented period (context.period.start).' },
  { name: '_lastUpdated', type: 'date', documentation: 'When the version was stored in the archive.' },
  { name: 'author.given', type: 'string', documentation: "Author's given name, exact and case-insensitive." },
  { name: 'author.family', type: 'string', documentation: "Author's family name, exact and case-insensitive." },
  { name: 'format', type: 'token', documentation: 'content.format code.' },
  { name: 'contenttype', type: 'token', documentation: 'attachment.contentType, e.g. application/pdf.' },
  { name: 'security-label', type: 'token', documentation: 'Confidentiality: R (restricted) or V (very restricted = special content, V5b).' },
  { name: 'related', type: 'token', documentation: 'A related version id (replaces / replaced by) or matter set id.' },
  { name: 'phase', type: 'token', documentation: 'Kansio extension: legacy, 1, 2 or 3.' },
  { name: 'legal-justification', type: 'token', documentation: `D6, S6: a statutory broad search. ${SYSTEMS.legalJustification}|<code>: reaches other registers' documents without consent, legacy, phase 1 and prohibited ones included; the code is written to the disclosure record. The same parameter on a read or ITI-68 retrieves such a document.` },
  { name: '_count', type: 'number', documentation: 'Page size, 1 to 500 (default 100).' },
  { name: '_offset', type: 'number', documentation: 'Paging offset, as given in the next link.' },
];

const KNOWN = new Set([...DOCUMENT_REFERENCE_SEARCH_PARAMETERS.map((p) => p.name), '_format']);
const DATE_PARAM = /^(eq|ne|lt|le|gt|ge|sa|eb)?(\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?)$/;

export interface ParsedSearch {
  readonly patientFhirId?: string;
  readonly identityCode?: string;
  readonly query: Omit<DocumentQuery, 'personKey' | 'controllerOid'>;
  /** D6, S6: the validated legal justification code of a statutory broad search. */
  readonly legalJustification?: string;
}

/** D6, S6: a legal justification token, checked against the code list. */
export function parseLegalJustification(value: string, add: (p: Problem) => void): string | undefined {
  const { system, code } = tokenParts(value);
  if (system !== undefined && system !== SYSTEMS.legalJustification) {
    add({ code: 'code-invalid', message: `legal-justification system must be ${SYSTEMS.legalJustification}`, expression: 'legal-justification' });
    return undefined;
  }
  if (!legalJustification(code)) {
    add({ code: 'code-invalid', message: `legal-justification '${code}' is not in the code list: ${allLegalJustifications().map((j) => j.code).join(', ')}`, expression: 'legal-justification' });
    return undefined;
  }
  return code;
}

/** The legal justification of a read (ITI-68 or DocumentReference read), from its query. */
export function readLegalJustification(query: Record<string, unknown>): string | undefined {
  const problems: Problem[] = [];
  for (const key of Object.keys(query)) {
    if (key !== 'legal-justification' && key !== '_format') problems.push({ code: 'not-supported', message: `parameter '${key}' is not supported on a read`, expression: key });
  }
  const raw = query['legal-justification'];
  let code: string | undefined;
  if (Array.isArray(raw)) problems.push({ code: 'structure', message: 'legal-justification may be given only once', expression: 'legal-justification' });
  else if (raw !== undefined) code = parseLegalJustification(String(raw), (p) => problems.push(p));
  if (problems.length) throw new InvalidInput(problems);
  return code;
}

/** Values of a parameter: repeated parameters AND together, commas OR within one. */
type Params = ReadonlyMap<string, readonly string[]>;

export function paramsFrom(input: Record<string, unknown>): Params {
  const map = new Map<string, string[]>();
  for (const [key, raw] of Object.entries(input)) {
    const list = Array.isArray(raw) ? raw : [raw];
    map.set(key, list.map((v) => String(v)));
  }
  return map;
}

function parseDate(name: string, value: string, add: (p: Problem) => void): DateFilter | undefined {
  const m = DATE_PARAM.exec(value);
  if (!m) { add({ code: 'value', message: `${name}: '${value}' is not a FHIR date search value (e.g. ge2026-01-01)`, expression: name }); return undefined; }
  const prefix = (m[1] ?? 'eq') as DateFilter['prefix'];
  const text = m[2]!;
  let start: Date;
  let end: Date;
  if (text.length === 4) { start = new Date(Date.UTC(+text, 0, 1)); end = new Date(Date.UTC(+text + 1, 0, 1)); }
  else if (text.length === 7) { const [y, mo] = text.split('-').map(Number) as [number, number]; start = new Date(Date.UTC(y, mo - 1, 1)); end = new Date(Date.UTC(y, mo, 1)); }
  else if (text.length === 10) {
    if (!isValidDate(text)) { add({ code: 'value', message: `${name}: '${text}' is not a real date`, expression: name }); return undefined; }
    start = new Date(text + 'T00:00:00Z'); end = new Date(start.getTime() + 86_400_000);
  } else {
    start = new Date(/[Z+-]\d{0,2}:?\d{0,2}$/.test(text.slice(10)) ? text : text + 'Z');
    if (Number.isNaN(start.getTime())) { add({ code: 'value', message: `${name}: '${text}' is not a valid dateTime`, expression: name }); return undefined; }
    end = new Date(start.getTime() + 1000);
  }
  return { prefix, start: start.toISOString(), end: end.toISOString() };
}

function tokenParts(value: string): { system?: string; code: string } {
  const bar = value.indexOf('|');
  if (bar === -1) return { code: value };
  return { system: value.slice(0, bar), code: value.slice(bar + 1) };
}

export function parseDocumentSearch(params: Params): ParsedSearch {
  const problems: Problem[] = [];
  const add = (p: Problem): void => { problems.push(p); };
  for (const key of params.keys()) {
    const base = key.split(':')[0]!;
    if (!KNOWN.has(base)) add({ code: 'not-supported', message: `search parameter '${key}' is not supported; see the CapabilityStatement at /fhir/metadata`, expression: key });
    else if (key.includes(':') && base !== 'patient.identifier') add({ code: 'not-supported', message: `modifier on '${key}' is not supported`, expression: key });
  }
  const one = (name: string): string | undefined => {
    const v = params.get(name);
    if (v && v.length > 1) add({ code: 'structure', message: `${name} may be given only once`, expression: name });
    return v?.[0];
  };
  const ors = (name: string): string[] => (params.get(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

  // ITI-67: patient or patient.identifier, and status, are required.
  const patient = one('patient');
  const patientIdentifier = one('patient.identifier');
  let patientFhirId: string | undefined;
  let identityCode: string | undefined;
  if (!patient && !patientIdentifier) add({ code: 'required', message: 'ITI-67 requires the search parameter patient or patient.identifier', expression: 'patient' });
  if (patient && patientIdentifier) add({ code: 'structure', message: 'give patient or patient.identifier, not both', expression: 'patient' });
  if (patient) {
    const m = /^(?:Patient\/)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(patient);
    if (!m) add({ code: 'value', message: 'patient must be Patient/<id> as returned in DocumentReference.subject.reference', expression: 'patient' });
    else patientFhirId = m[1]!.toLowerCase();
  }
  if (patientIdentifier) {
    const { system, code } = tokenParts(patientIdentifier);
    if (system !== SYSTEMS.identityCode) add({ code: 'value', message: `patient.identifier must be ${SYSTEMS.identityCode}|<personal identity code>`, expression: 'patient.identifier' });
    else {
      const parsed = parseIdentityCode(code);
      if (!parsed.ok) add({ code: 'value', message: `patient.identifier is not a valid personal identity code: ${parsed.reason}`, expression: 'patient.identifier' });
      else identityCode = parsed.code;
    }
  }
  const statuses = ors('status');
  if (statuses.length === 0) add({ code: 'required', message: 'ITI-67 requires the search parameter status (current or superseded)', expression: 'status' });
  for (const s of statuses) {
    if (!['current', 'superseded', 'entered-in-error'].includes(s)) add({ code: 'code-invalid', message: `status '${s}' is not a DocumentReference status`, expression: 'status' });
  }

  const typeCodes = ors('type').map((v) => {
    const { system, code } = tokenParts(v);
    const oid = system === undefined ? undefined : typeSystemOid(system);
    if (system !== undefined && !oid) add({ code: 'code-invalid', message: `type system '${system}' is not supported; use ${SYSTEMS.documentType} or ${SYSTEMS.documentGroup}`, expression: 'type' });
    else if (oid && !findDocumentType(oid, code)) add({ code: 'code-invalid', message: `type code '${code}' is not in ${system}`, expression: 'type' });
    return oid ? { system: oid, code } : { code };
  });
  const categories = ors('category').map((v) => tokenParts(v).code);
  const categoryTypes = categories.length ? allDocumentTypes().filter((t) => categories.includes(t.generalType)) : [];
  if (categories.length && categoryTypes.length === 0) add({ code: 'code-invalid', message: `category '${categories.join(',')}' is not a Kansio general type`, expression: 'category' });
  const serviceTasks = ors('setting').map((v) => {
    const { system, code } = tokenParts(v);
    const task = (system === undefined || system === SYSTEMS.serviceTask) ? serviceTaskByCode(code) : undefined;
    if (!task) add({ code: 'code-invalid', message: `setting '${v}' is not a service task code of ${SYSTEMS.serviceTask}`, expression: 'setting' });
    return task?.key ?? '';
  });
  const phases = ors('phase');
  for (const p of phases) if (!['legacy', '1', '2', '3'].includes(p)) add({ code: 'code-invalid', message: `phase '${p}' must be legacy, 1, 2 or 3`, expression: 'phase' });
  const labels = ors('security-label').map((v) => tokenParts(v).code);
  for (const l of labels) if (!['R', 'V'].includes(l)) add({ code: 'code-invalid', message: `security-label '${l}' must be R or V`, expression: 'security-label' });
  const dates = (name: string): DateFilter[] => (params.get(name) ?? []).map((v) => parseDate(name, v, add)).filter((f): f is DateFilter => f !== undefined);
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const v = one(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) { add({ code: 'value', message: `${name} must be a whole number from ${min} to ${max}`, expression: name }); return fallback; }
    return n;
  };
  const uuidList = (name: string): string[] => ors(name).map((v) => v.replace(/^(DocumentReference\/|urn:uuid:)/i, '').toLowerCase()).filter((v) => {
    const ok = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);
    if (!ok) add({ code: 'value', message: `${name} values must be ids (uuids)`, expression: name });
    return ok;
  });
  const query: ParsedSearch['query'] = {
    statuses: statuses.filter((s) => s !== 'entered-in-error') as DocumentStatus[],
    ids: uuidList('_id'),
    identifiers: ors('identifier').map((v) => tokenParts(v).code),
    typeCodes: [...typeCodes, ...categoryTypes.map((t) => ({ system: t.system as string, code: t.code }))],
    serviceTasks,
    phases: phases as Phase[],
    formats: ors('format').map((v) => tokenParts(v).code),
    contentTypes: ors('contenttype').map((v) => tokenParts(v).code),
    specialContent: labels.length ? labels.map((l) => l === 'V') : undefined,
    authorGiven: ors('author.given'),
    authorFamily: ors('author.family'),
    related: uuidList('related'),
    created: dates('date'),
    period: dates('period'),
    lastUpdated: dates('_lastUpdated'),
    count: number('_count', 100, 1, 500),
    offset: number('_offset', 0, 0, 100_000),
  };
  const justificationText = one('legal-justification');
  const justification = justificationText === undefined ? undefined : parseLegalJustification(justificationText, add);
  if (typeCodes.length && categoryTypes.length) add({ code: 'not-supported', message: 'type and category together are not supported; use one of them', expression: 'category' });
  if (problems.length) throw problems.every((p) => p.code === 'not-supported') ? new NotSupported(problems) : new InvalidInput(problems);
  return { ...(patientFhirId ? { patientFhirId } : {}), ...(identityCode ? { identityCode } : {}), query, ...(justification ? { legalJustification: justification } : {}) };
}

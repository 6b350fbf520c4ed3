// ITI-67 search parameters, declared once: this list parses the query (GET) or the form body
// (POST _search), feeds the CapabilityStatement, and is the table in docs/fhir.md (a test keeps
// the two alike). Each parameter maps FHIR's search semantics onto what Kansio stores.
import { InvalidInput, NotSupported, type Problem } from '../domain/errors.ts';
import type { DocumentStatus } from '../domain/types.ts';
import type { DocumentQuery } from '../store/documents.ts';
import { parseIdentityCode } from '../domain/identity-code.ts';
import { serviceTaskByCode, allDocumentTypes, legalJustification, allLegalJustifications } from '../domain/codes/index.ts';
import { SYSTEMS } from './extensions.ts';
import { parseToken, splitOr, tokenText, type Handling } from './search-values.ts';
import { UUID, codesIn, dates, relatedValues, single, strings, tokens, typeCoding, whole, type Draft, type Occurrence, type Reader } from './search-readers.ts';

export interface SearchParameterDefinition {
  readonly name: string;
  readonly type: 'reference' | 'token' | 'date' | 'string' | 'number';
  /** Where the parameter is defined: the IHE MHD ITI-67 list, FHIR core, or Kansio. */
  readonly source: 'ITI-67' | 'FHIR' | 'Kansio';
  /** The DocumentReference element it searches, or what Kansio does with it. */
  readonly documentation: string;
  readonly modifiers?: readonly string[];
  /** The canonical SearchParameter, where it is not one of FHIR core's. */
  readonly definition?: string;
  /** A result parameter (paging), not a search criterion: not declared as a searchParam. */
  readonly control?: boolean;
  readonly read: Reader;
}

const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
const STATUS_SYSTEM = 'http://hl7.org/fhir/document-reference-status';
const MIME_SYSTEM = 'urn:ietf:bcp:13';
const STATUSES: readonly string[] = ['current', 'superseded', 'entered-in-error'];

// --- the declarations ----------------------------------------------------------------------

export const DOCUMENT_REFERENCE_SEARCH_PARAMETERS: readonly SearchParameterDefinition[] = [
  {
    name: 'patient', type: 'reference', source: 'ITI-67',
    documentation: 'DocumentReference.subject: Patient/<id> as returned in subject.reference. ITI-67 requires patient or patient.identifier.',
    read: (name, occurrences, draft, add) => {
      const value = single(name, occurrences, add);
      if (value === undefined) return;
      const m = /^(?:(?:https?:\/\/[^?#\s]+\/)?Patient\/)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(value);
      if (!m) add({ code: 'value', message: 'patient must be Patient/<id> as returned in DocumentReference.subject.reference', expression: name });
      else draft.patientFhirId = m[1]!.toLowerCase();
    },
  },
  {
    name: 'patient.identifier', type: 'token', source: 'ITI-67',
    documentation: `The client's identifier: ${SYSTEMS.identityCode}|<personal identity code> (a code without system is read as one). Another system matches no client. Prefer POST _search so that the code is not in a URL.`,
    read: (name, occurrences, draft, add) => {
      const value = single(name, occurrences, add);
      if (value === undefined) return;
      const t = parseToken(value);
      if (t.system === null || (t.system !== undefined && t.system !== SYSTEMS.identityCode)) { draft.noClient = true; return; }
      const parsed = parseIdentityCode(t.code ?? '');
      if (!parsed.ok) add({ code: 'value', message: `patient.identifier is not a valid personal identity code: ${parsed.reason}`, expression: name });
      else draft.identityCode = parsed.code;
    },
  },
  {
    name: 'status', type: 'token', source: 'ITI-67',
    documentation: 'DocumentReference.status, required by ITI-67: current, superseded (entered-in-error is accepted and never returned, L2).',
    read: (name, occurrences, draft, add) => {
      for (const o of occurrences) {
        const list = o.values.map(parseToken);
        const asked: DocumentStatus[] = [];
        for (const t of list) {
          // status is a code: the system is implicit, so no system and its own system both fit.
          if (t.system !== undefined && t.system !== null && t.system !== STATUS_SYSTEM) continue;
          if (t.code === undefined) { asked.push('current', 'superseded'); continue; }
          if (!STATUSES.includes(t.code)) add({ code: 'code-invalid', message: `status '${t.code}' is not a DocumentReference status (current, superseded, entered-in-error)`, expression: name });
          else if (t.code !== 'entered-in-error') asked.push(t.code as DocumentStatus);
        }
        draft.statuses = draft.statuses ? draft.statuses.filter((s) => asked.includes(s)) : asked;
        draft.applied.push([name, list.map(tokenText).join(',')]);
      }
    },
  },
  {
    name: 'identifier', type: 'token', source: 'ITI-67',
    documentation: `masterIdentifier and identifier, all ${SYSTEMS.rfc3986}: the masterIdentifier value, urn:uuid:<version id>, and urn:uuid:<set id> (S1).`,
    read: tokens((list) => {
      const codes = codesIn(list, SYSTEMS.rfc3986);
      return codes === 'all' ? undefined : { kind: 'identifier', values: codes };
    }),
  },
  {
    name: 'type', type: 'token', source: 'ITI-67',
    documentation: `DocumentReference.type: ${SYSTEMS.documentType}|<code> (document type) or ${SYSTEMS.documentGroup}|<code> (group); a code not in the list is refused.`,
    read: tokens((list, _name, add) => ({ kind: 'type', codings: list.map((t) => typeCoding(t, add)).filter((c) => c !== undefined) })),
  },
  {
    name: 'category', type: 'token', source: 'ITI-67',
    documentation: `DocumentReference.category: the general type of the document type (${SYSTEMS.generalType}), e.g. decision, plan.`,
    read: tokens((list, name, add) => {
      const codes = codesIn(list, SYSTEMS.generalType);
      if (codes === 'all') return undefined;
      const types = allDocumentTypes().filter((t) => codes.includes(t.generalType));
      for (const c of codes) if (!types.some((t) => t.generalType === c)) add({ code: 'code-invalid', message: `category '${c}' is not a Kansio general type (${SYSTEMS.generalType})`, expression: name });
      return { kind: 'type', codings: types.map((t) => ({ system: t.system as string, code: t.code })) };
    }),
  },
  {
    name: 'setting', type: 'token', source: 'ITI-67',
    documentation: `context.practiceSetting: the service task, ${SYSTEMS.serviceTask}|<code>.`,
    read: tokens((list, name, add) => {
      const codes = codesIn(list, SYSTEMS.serviceTask);
      if (codes === 'all') return undefined;
      const keys = codes.map((c) => {
        const task = serviceTaskByCode(c);
        if (!task) add({ code: 'code-invalid', message: `setting '${c}' is not a service task code of ${SYSTEMS.serviceTask}`, expression: name });
        return task?.key ?? '';
      });
      return { kind: 'service-task', values: keys };
    }),
  },
  {
    name: 'facility', type: 'token', source: 'ITI-67',
    documentation: 'context.facilityType. Kansio stores no facility type (a document belongs to a register and a service task), so this matches no document.',
    read: tokens(() => ({ kind: 'nothing' })),
  },
  {
    name: 'event', type: 'token', source: 'ITI-67',
    documentation: 'context.event. Kansio stores no event codes, so this matches no document.',
    read: tokens(() => ({ kind: 'nothing' })),
  },
  {
    name: 'security-label', type: 'token', source: 'ITI-67',
    documentation: `securityLabel, ${CONFIDENTIALITY}: V (very restricted) for special content (V5b), R (restricted) for every other document; other codes match nothing.`,
    read: tokens((list) => {
      const codes = codesIn(list, CONFIDENTIALITY);
      if (codes === 'all') return undefined;
      return { kind: 'special-content', values: codes.filter((c) => c === 'R' || c === 'V').map((c) => c === 'V') };
    }),
  },
  {
    name: 'format', type: 'token', source: 'ITI-67',
    documentation: 'content.format: system|code matches that system\'s code, code any system\'s; every stored format has a system (ITI-65 defaults it), so |code matches nothing.',
    read: tokens((list) => ({ kind: 'format', tokens: list.map((t) => ({ system: t.system, code: t.code })) })),
  },
  {
    name: 'related', type: 'reference', source: 'ITI-67', modifiers: ['identifier'],
    documentation: `context.related and relatesTo: ${SYSTEMS.rfc3986}|urn:uuid:<matter set id> (or related:identifier=...) finds the documents of a matter (S8); a bare id, urn:uuid:<id> or DocumentReference/<id> finds the versions that replace or are replaced by it (L1) and the documents of a matter with that set id.`,
    read: (name, occurrences, draft, add) => {
      for (const o of occurrences) {
        const list = o.values.map(parseToken);
        draft.filters.push(relatedValues(list, o.modifier === 'identifier', add));
        draft.applied.push([o.modifier ? `${name}:${o.modifier}` : name, list.map(tokenText).join(',')]);
      }
    },
  },
  { name: 'date', type: 'date', source: 'ITI-67', documentation: 'DocumentReference.date: when the document was created.', read: dates('created') },
  { name: 'creation', type: 'date', source: 'ITI-67', definition: 'https://profiles.ihe.net/ITI/MHD/SearchParameter/DocumentReference-Creation', documentation: 'content.attachment.creation (IHE DocumentReference-Creation): when the document was created; Kansio writes the same instant as date.', read: dates('created') },
  { name: 'period', type: 'date', source: 'ITI-67', documentation: 'context.period, the time of service, as a FHIR Period: ge/lt find the periods that overlap an interval; a document without a period matches none.', read: dates('period') },
  { name: 'author.given', type: 'string', source: 'ITI-67', modifiers: ['exact', 'contains'], documentation: "The author's given names: from the start of any given name, ignoring case and accents.", read: strings('author-given') },
  { name: 'author.family', type: 'string', source: 'ITI-67', modifiers: ['exact', 'contains'], documentation: "The author's family name: from its start, ignoring case and accents.", read: strings('author-family') },
  {
    name: '_id', type: 'token', source: 'FHIR',
    documentation: 'DocumentReference.id (the version id).',
    read: (name, occurrences, draft, add) => {
      for (const o of occurrences) {
        const ids = o.values.map((v) => v.toLowerCase()).filter((v) => {
          if (!UUID.test(v)) add({ code: 'value', message: `${name} values must be ids (uuids)`, expression: name });
          return UUID.test(v);
        });
        draft.filters.push({ kind: 'version-id', values: ids });
        draft.applied.push([name, ids.join(',')]);
      }
    },
  },
  { name: '_lastUpdated', type: 'date', source: 'FHIR', documentation: 'meta.lastUpdated: when the version was stored in the archive.', read: dates('stored') },
  {
    name: 'contenttype', type: 'token', source: 'FHIR',
    documentation: `content.attachment.contentType (${MIME_SYSTEM}), e.g. application/pdf.`,
    read: tokens((list) => {
      const codes = codesIn(list, MIME_SYSTEM);
      return codes === 'all' ? undefined : { kind: 'content-type', values: codes };
    }),
  },
  {
    name: 'phase', type: 'token', source: 'Kansio',
    documentation: 'The document-phase extension: legacy, 1, 2 or 3.',
    read: tokens((list, name, add) => {
      const codes = list.filter((t) => t.system === undefined).map((t) => t.code ?? '');
      for (const p of codes) if (!['legacy', '1', '2', '3'].includes(p)) add({ code: 'code-invalid', message: `phase '${p}' must be legacy, 1, 2 or 3`, expression: name });
      return { kind: 'phase', values: codes };
    }),
  },
  {
    name: 'legal-justification', type: 'token', source: 'Kansio',
    documentation: `D6, S6: a statutory broad search. ${SYSTEMS.legalJustification}|<code>: reaches other registers' documents without consent, legacy, phase 1 and prohibited ones included; the code is written to the disclosure record. The same parameter on a read or ITI-68 retrieves such a document.`,
    read: (name, occurrences, draft, add) => {
      const value = single(name, occurrences, add);
      if (value === undefined) return;
      const code = parseLegalJustification(value, add);
      if (code) { draft.legalJustification = code; draft.applied.push([name, `${SYSTEMS.legalJustification}|${code}`]); }
    },
  },
  { name: '_count', type: 'number', source: 'FHIR', control: true, documentation: 'Page size, 0 to 500 (default 100); 0 answers the total only.', read: (name, o, draft, add) => { draft.count = whole(name, single(name, o, add), draft.count, 0, 500, add); } },
  { name: '_offset', type: 'number', source: 'Kansio', control: true, documentation: 'Paging offset, as given in the next and previous links.', read: (name, o, draft, add) => { draft.offset = whole(name, single(name, o, add), draft.offset, 0, 100_000, add); } },
  { name: '_format', type: 'token', source: 'FHIR', control: true, documentation: 'Response format; JSON is the only one.', read: () => {} },
];

const BY_NAME = new Map(DOCUMENT_REFERENCE_SEARCH_PARAMETERS.map((d) => [d.name, d]));

/** D6, S6: a legal justification token, checked against the code list. */
export function parseLegalJustification(value: string, add: (p: Problem) => void): string | undefined {
  const { system, code } = parseToken(value);
  if (system !== undefined && system !== SYSTEMS.legalJustification) {
    add({ code: 'code-invalid', message: `legal-justification system must be ${SYSTEMS.legalJustification}`, expression: 'legal-justification' });
    return undefined;
  }
  if (!code || !legalJustification(code)) {
    add({ code: 'code-invalid', message: `legal-justification '${code ?? ''}' is not in the code list: ${allLegalJustifications().map((j) => j.code).join(', ')}`, expression: 'legal-justification' });
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

export interface ParsedSearch {
  readonly patientFhirId?: string;
  readonly identityCode?: string;
  /** patient.identifier named another system: the search matches no client. */
  readonly noClient: boolean;
  readonly query: Omit<DocumentQuery, 'personKey' | 'controllerOid'>;
  /** D6, S6: the validated legal justification code of a statutory broad search. */
  readonly legalJustification?: string;
  /** The parameters applied, normalised, in declaration order, without the client or _offset. */
  readonly applied: readonly (readonly [string, string])[];
  /** Unknown parameters left out under Prefer: handling=lenient. */
  readonly ignored: readonly string[];
}

/**
 * Parses an ITI-67 search. Unknown parameters, and known ones with a modifier Kansio does not
 * support, are refused under handling=strict (Kansio's default, docs/decisions) and ignored
 * under handling=lenient. Every other mistake is a 400 naming the parameter.
 */
export function parseDocumentSearch(params: Params, handling: Handling = 'strict'): ParsedSearch {
  const problems: Problem[] = [];
  const add = (p: Problem): void => { problems.push(p); };
  const grouped = new Map<string, Occurrence[]>();
  const ignored: string[] = [];
  for (const [key, raw] of params) {
    // U+0000 never gets here: the HTTP layer refuses it in every input (src/http/request-guards.ts).
    const [name, modifier, ...rest] = key.split(':');
    const definition = BY_NAME.get(name!);
    if (!definition || rest.length || (modifier !== undefined && !definition.modifiers?.includes(modifier))) {
      if (handling === 'lenient') { ignored.push(key); continue; }
      const why = definition ? `the modifier ':${modifier}' is not supported on '${name}'` : `search parameter '${key}' is not supported`;
      add({ code: 'not-supported', message: `${why}; see the CapabilityStatement at /fhir/metadata, or send Prefer: handling=lenient to have unknown parameters ignored`, expression: key });
      continue;
    }
    // FHIR: an empty value is no criterion; a repeated parameter is ANDed, commas OR.
    const occurrences = raw.map((v) => ({ modifier, values: splitOr(v).filter((x) => x !== '') })).filter((o) => o.values.length > 0);
    if (occurrences.length) grouped.set(name!, [...(grouped.get(name!) ?? []), ...occurrences]);
  }
  const draft: Draft = { filters: [], count: 100, offset: 0, applied: [] };
  for (const definition of DOCUMENT_REFERENCE_SEARCH_PARAMETERS) {
    const occurrences = grouped.get(definition.name);
    if (occurrences) definition.read(definition.name, occurrences, draft, add);
  }
  // ITI-67: patient or patient.identifier, and status, are required.
  const hasPatient = grouped.has('patient');
  const hasIdentifier = grouped.has('patient.identifier');
  if (!hasPatient && !hasIdentifier) add({ code: 'required', message: 'ITI-67 requires the search parameter patient or patient.identifier', expression: 'patient' });
  if (hasPatient && hasIdentifier) add({ code: 'structure', message: 'give patient or patient.identifier, not both', expression: 'patient' });
  if (!grouped.has('status')) add({ code: 'required', message: 'ITI-67 requires the search parameter status (current or superseded)', expression: 'status' });
  if (problems.length) throw problems.every((p) => p.code === 'not-supported') ? new NotSupported(problems) : new InvalidInput(problems);
  return {
    ...(draft.patientFhirId ? { patientFhirId: draft.patientFhirId } : {}),
    ...(draft.identityCode ? { identityCode: draft.identityCode } : {}),
    noClient: draft.noClient === true,
    query: { statuses: draft.statuses ?? [], filters: draft.filters, count: draft.count, offset: draft.offset },
    ...(draft.legalJustification ? { legalJustification: draft.legalJustification } : {}),
    applied: [...draft.applied, ['_count', String(draft.count)]],
    ignored,
  };
}

// Reads the ITI-65 SubmissionSet (an MHD List with code submissionset) as a list of small named
// checks, each naming the failing element. MHD SubmissionSet (Minimal and Comprehensive): code
// submissionset, status current, mode working, sourceId (an OID), date (submissionTime), and
// for Kansio always one subject: the client every DocumentReference of the set concerns.
import type { Extension, List } from '@medplum/fhirtypes';
import type { Problem } from '../domain/errors.ts';
import { isValidDateTime, readClientReference, type ClientReference } from './document-reference-in.ts';
import { MHD_EXTENSIONS, SYSTEMS } from './extensions.ts';
import { shown } from './json-read.ts';

type Sink = (problem: Problem) => void;

export interface SubmissionSetSubmission {
  readonly entryIndex: number;
  readonly subject: ClientReference;
  /** MHD sourceId: urn:oid:<OID> of the source that contributed the set. */
  readonly sourceId: string;
  /** MHD uniqueId (identifier with use official), if given. */
  readonly uniqueId: string | null;
  /** MHD submissionTime (List.date), as an ISO instant. */
  readonly submittedAt: string;
  readonly title: string | null;
  /** entry.item references as given: fullUrls of DocumentReference entries of the bundle. */
  readonly items: readonly { readonly index: number; readonly reference: string }[];
}

const OID_URN = /^urn:oid:[0-2](\.(0|[1-9]\d*))+$/;
// MHD 4 publishes its extensions under https; earlier drafts used http.
const SOURCE_ID_URLS = new Set([MHD_EXTENSIONS.sourceId, MHD_EXTENSIONS.sourceId.replace(/^https:/, 'http:')]);

function checkCode(list: List, at: string, add: Sink): boolean {
  // MHD: List.code says whether the List is a SubmissionSet or a Folder; Kansio takes no Folders.
  const codes = (list.code?.coding ?? []).map((c) => c.code);
  if (codes.includes('submissionset')) return true;
  if (codes.includes('folder')) add({ code: 'not-supported', message: 'MHD Folders (List code folder) are not supported: send one SubmissionSet List (code submissionset)', expression: `${at}.code` });
  else add({ code: 'value', message: `the List must be an MHD SubmissionSet: code ${SYSTEMS.mhdListTypes}|submissionset`, expression: `${at}.code` });
  return false;
}

function checkStatusAndMode(list: List, at: string, add: Sink): void {
  // R4 List.status and List.mode are required; MHD fixes mode to working, and a new set is current.
  if (list.status !== 'current') add({ code: 'value', message: `SubmissionSet status must be 'current', got ${shown(list.status ?? null)}`, expression: `${at}.status` });
  if (list.mode !== 'working') add({ code: 'value', message: `SubmissionSet mode must be 'working' (MHD), got ${shown(list.mode ?? null)}`, expression: `${at}.mode` });
}

function checkSourceId(list: List, at: string, add: Sink): string | undefined {
  // MHD: sourceId 1..1, the OID of the entity that contributed the set, as urn:oid:<OID>.
  const found = (list.extension ?? []).filter((e: Extension) => SOURCE_ID_URLS.has(e.url ?? ''));
  if (found.length === 0) {
    add({ code: 'required', message: `the SubmissionSet needs the sourceId extension ${MHD_EXTENSIONS.sourceId} with valueIdentifier.value urn:oid:<OID of the source>`, expression: `${at}.extension` });
    return undefined;
  }
  if (found.length > 1) {
    add({ code: 'structure', message: 'the SubmissionSet has more than one sourceId extension', expression: `${at}.extension` });
    return undefined;
  }
  const value = found[0]!.valueIdentifier?.value;
  if (typeof value !== 'string' || !OID_URN.test(value)) {
    add({ code: 'value', message: `sourceId valueIdentifier.value must be an OID as urn:oid:<OID>, got ${shown(value ?? null)}`, expression: `${at}.extension('${MHD_EXTENSIONS.sourceId}').valueIdentifier.value` });
    return undefined;
  }
  return value;
}

function checkDate(list: List, at: string, add: Sink): string | undefined {
  // MHD: date 1..1 is the submissionTime.
  if (list.date === undefined) {
    add({ code: 'required', message: 'SubmissionSet date (the submission time) is required', expression: `${at}.date` });
    return undefined;
  }
  if (!isValidDateTime(list.date)) {
    add({ code: 'value', message: `SubmissionSet date must be a dateTime with seconds and time zone, e.g. 2026-05-01T10:00:00+03:00, got ${shown(list.date)}`, expression: `${at}.date` });
    return undefined;
  }
  return new Date(list.date).toISOString();
}

function checkIdentifiersAndTitle(list: List, at: string, add: Sink): { uniqueId: string | null; title: string | null } {
  // MHD uniqueId: the identifier with use official. Optional here; Kansio keeps and returns it.
  const official = (list.identifier ?? []).find((i) => i.use === 'official');
  const uniqueId = official?.value ?? null;
  if (uniqueId !== null && (uniqueId.length === 0 || uniqueId.length > 256)) add({ code: 'value', message: 'the SubmissionSet uniqueId (identifier with use official) must be 1 to 256 characters', expression: `${at}.identifier` });
  const title = list.title ?? null;
  if (title !== null && title.length > 500) add({ code: 'too-long', message: 'SubmissionSet title is longer than 500 characters', expression: `${at}.title` });
  return { uniqueId, title };
}

function checkItems(list: List, at: string, add: Sink): { index: number; reference: string }[] {
  // MHD: entry.item references the DocumentReferences of the set (bundle fullUrls); whether each
  // names a DocumentReference entry of this bundle is checked once all entries are read.
  const items: { index: number; reference: string }[] = [];
  (list.entry ?? []).forEach((e, i) => {
    const reference = e?.item?.reference;
    if (typeof reference !== 'string') add({ code: 'required', message: 'each SubmissionSet entry needs item.reference: the fullUrl of a DocumentReference entry of this bundle', expression: `${at}.entry[${i}].item` });
    else items.push({ index: i, reference });
  });
  return items;
}

export function readSubmissionSet(list: List, entryIndex: number, add: Sink): SubmissionSetSubmission | undefined {
  const at = `Bundle.entry[${entryIndex}].resource`;
  if (!checkCode(list, at, add)) return undefined;
  checkStatusAndMode(list, at, add);
  // Kansio: a submission set concerns exactly one client (MHD Comprehensive: subject 1..1).
  const subject = readClientReference(list.subject, `${at}.subject`, add);
  const sourceId = checkSourceId(list, at, add);
  const submittedAt = checkDate(list, at, add);
  const { uniqueId, title } = checkIdentifiersAndTitle(list, at, add);
  const items = checkItems(list, at, add);
  if (!sourceId || !submittedAt || (!subject.identityCode && !subject.patientFhirId)) return undefined;
  return { entryIndex, subject, sourceId, uniqueId, submittedAt, title, items };
}

// ITI-65 Provide Document Bundle: reads a transaction Bundle into a ProvideBundle, checking
// everything that can be checked without the database. Every problem is collected and thrown
// at once as InvalidInput, so a bad bundle stores nothing and says all that is wrong with it.
import { createHash } from 'node:crypto';
import type { Binary, Bundle, BundleEntry, DocumentReference, List } from '@medplum/fhirtypes';
import { InvalidInput, type Problem } from '../domain/errors.ts';
import { CLIENT_RELATIONSHIP_GROUP_CODE, DOCUMENT_GROUP_SYSTEM, MATTER_GROUP_CODE } from '../domain/codes/index.ts';
import { parseIdentityCode } from '../domain/identity-code.ts';
import { readDocumentReference, uuidFromUrn, type DocumentSubmission } from './document-reference-in.ts';
import { bundleShapeProblems } from './bundle-shape.ts';
import { shown } from './json-read.ts';
import { readSubmissionSet, type SubmissionSetSubmission } from './submission-set-in.ts';
import { contentPeriodProblems, validateContent, type ClientRelationshipContent, type MatterContent } from './content-schemas.ts';

export interface ProvidedDocument extends DocumentSubmission {
  readonly bytes: Buffer;
  readonly sha256: Buffer;
  readonly sha1: Buffer;
  readonly clientRelationship?: ClientRelationshipContent;
  readonly matter?: MatterContent;
}

export interface ProvideBundle {
  readonly submissionSet: SubmissionSetSubmission;
  readonly documents: readonly ProvidedDocument[];
}

export const MAX_DOCUMENTS_PER_BUNDLE = 100;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(data: string): Buffer | undefined {
  const compact = data.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

/**
 * FHIR R4 Attachment.hash is the base64 of the SHA-1 bytes. The IHE MHD examples give the base64
 * of the SHA-1's hexadecimal text (XDS hash form) instead; both name the same content, so both
 * are accepted, and Kansio answers with the R4 form.
 */
function hashMatches(given: string, sha1: Buffer): boolean {
  if (given === sha1.toString('base64')) return true;
  return Buffer.from(given, 'base64').toString('latin1').toLowerCase() === sha1.toString('hex');
}

function checkBundleShape(body: unknown, add: (p: Problem) => void): BundleEntry[] | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    add({ code: 'structure', message: 'the body must be a FHIR Bundle (a JSON object)' });
    return undefined;
  }
  const bundle = body as Bundle;
  if (bundle.resourceType !== 'Bundle') {
    add({ code: 'structure', message: `expected resourceType Bundle, got ${shown(bundle.resourceType)}`, expression: 'Bundle.resourceType' });
    return undefined;
  }
  const shape = bundleShapeProblems(body);
  if (shape.length > 0) {
    shape.forEach(add);
    return undefined;
  }
  if (bundle.type !== 'transaction') {
    add({ code: 'value', message: `ITI-65 needs Bundle.type 'transaction', got ${shown(bundle.type)}`, expression: 'Bundle.type' });
  }
  if (!Array.isArray(bundle.entry) || bundle.entry.length === 0) {
    add({ code: 'required', message: 'the bundle has no entries', expression: 'Bundle.entry' });
    return undefined;
  }
  if (bundle.entry.length > 2 * MAX_DOCUMENTS_PER_BUNDLE + 1) {
    add({ code: 'too-long', message: `a bundle may hold at most ${2 * MAX_DOCUMENTS_PER_BUNDLE + 1} entries (one SubmissionSet, ${MAX_DOCUMENTS_PER_BUNDLE} DocumentReferences and their Binaries); it has ${bundle.entry.length}`, expression: 'Bundle.entry' });
    return undefined;
  }
  return bundle.entry;
}

function readStructured(doc: DocumentSubmission, bytes: Buffer, add: (p: Problem) => void): Pick<ProvidedDocument, 'clientRelationship' | 'matter'> {
  if (doc.type.system !== DOCUMENT_GROUP_SYSTEM) return {};
  const kind = doc.type.code === CLIENT_RELATIONSHIP_GROUP_CODE ? 'client-relationship' : doc.type.code === MATTER_GROUP_CODE ? 'matter' : undefined;
  if (!kind) return {};
  const at = `Bundle.entry[${doc.entryIndex}].resource.content[0].attachment`;
  if (doc.contentType !== 'application/json') {
    add({ code: 'value', message: `a ${kind} document carries structured JSON content: contentType must be application/json`, expression: `${at}.contentType` });
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    add({ code: 'structure', message: `the ${kind} content is not valid JSON`, expression: at });
    return {};
  }
  const result = validateContent<ClientRelationshipContent & MatterContent>(kind, json, at);
  if (!result.ok) {
    result.problems.forEach(add);
    return {};
  }
  const periods = contentPeriodProblems(kind, result.value, at);
  if (periods.length) {
    periods.forEach(add);
    return {};
  }
  const codes = kind === 'client-relationship'
    ? (result.value.relatedPersons ?? []).map((p) => p.identifier)
    : [...result.value.clients.map((c) => c.identifier), ...(result.value.parties ?? [])];
  for (const code of codes) {
    const parsed = parseIdentityCode(code);
    if (!parsed.ok) add({ code: 'value', message: `${kind} content names a person whose identity code is not valid: ${parsed.reason}`, expression: at });
  }
  return kind === 'client-relationship' ? { clientRelationship: result.value } : { matter: result.value };
}

export function readProvideBundle(body: unknown): ProvideBundle {
  const problems: Problem[] = [];
  const add = (p: Problem): void => { problems.push(p); };
  const entries = checkBundleShape(body, add);
  if (!entries) throw new InvalidInput(problems);

  let submissionSet: SubmissionSetSubmission | undefined;
  let listSeen = false;
  const binaries = new Map<string, { data: Buffer | undefined; entryIndex: number; contentType?: string }>();
  const submitted: DocumentSubmission[] = [];
  const fullUrls = new Set<string>();
  // Every attachment.url a DocumentReference entry gives, read or not: a Binary is "not
  // referenced" only when no DocumentReference names it, not when the one naming it has errors.
  const namedBinaries = new Set<string>();
  const documentFullUrls = new Set<string>();

  entries.forEach((entry, i) => {
    const at = `Bundle.entry[${i}]`;
    const resource = entry?.resource as (DocumentReference | List | Binary | { resourceType?: unknown }) | undefined;
    const fullUrl = entry?.fullUrl;
    if (!fullUrl) add({ code: 'required', message: 'each entry needs a fullUrl urn:uuid:<uuid>; this one has none', expression: `${at}.fullUrl` });
    else if (!uuidFromUrn(fullUrl)) add({ code: 'value', message: `each entry's fullUrl must be urn:uuid:<uuid> (the bundle's resources are new), got ${shown(fullUrl)}`, expression: `${at}.fullUrl` });
    else if (fullUrls.has(fullUrl)) add({ code: 'duplicate', message: `fullUrl ${fullUrl} appears twice`, expression: `${at}.fullUrl` });
    else fullUrls.add(fullUrl);
    if (entry?.request?.method !== 'POST') add({ code: 'value', message: `ITI-65 entries must have request.method POST, got ${shown(entry?.request?.method)}`, expression: `${at}.request.method` });
    if (!resource || typeof resource !== 'object') {
      add({ code: 'required', message: 'entry.resource is missing', expression: `${at}.resource` });
      return;
    }
    switch (resource.resourceType) {
      case 'List': {
        if (listSeen) add({ code: 'structure', message: 'a bundle has exactly one SubmissionSet List; this is a second List', expression: `${at}.resource` });
        listSeen = true;
        submissionSet = readSubmissionSet(resource as List, i, add) ?? submissionSet;
        return;
      }
      case 'Binary': {
        const binary = resource as Binary;
        const data = typeof binary.data === 'string' ? decodeBase64(binary.data) : undefined;
        if (binary.data === undefined) add({ code: 'required', message: 'Binary.data (the document, base64) is missing', expression: `${at}.resource.data` });
        else if (!data) add({ code: 'value', message: 'Binary.data is not valid base64', expression: `${at}.resource.data` });
        if (fullUrl) binaries.set(fullUrl, { data, entryIndex: i, ...(binary.contentType ? { contentType: binary.contentType } : {}) });
        return;
      }
      case 'DocumentReference': {
        const url = (resource as DocumentReference).content?.[0]?.attachment?.url;
        if (typeof url === 'string') namedBinaries.add(url);
        if (fullUrl) documentFullUrls.add(fullUrl);
        const doc = readDocumentReference(resource as DocumentReference, i, fullUrl ?? '', add);
        if (doc) submitted.push(doc);
        return;
      }
      default:
        add({ code: 'not-supported', message: `ITI-65 accepts List, DocumentReference and Binary entries, not ${shown(resource.resourceType)}`, expression: `${at}.resource.resourceType` });
    }
  });

  if (!listSeen) add({ code: 'required', message: "the bundle needs one SubmissionSet List (code 'submissionset')", expression: 'Bundle.entry' });
  for (const item of submissionSet?.items ?? []) {
    if (!documentFullUrls.has(item.reference)) add({ code: 'not-found', message: `SubmissionSet entry item ${item.reference} does not name a DocumentReference entry of this bundle (by its fullUrl)`, expression: `Bundle.entry[${submissionSet!.entryIndex}].resource.entry[${item.index}].item` });
  }
  if (submitted.length === 0 && problems.length === 0) add({ code: 'required', message: 'the bundle has no DocumentReference', expression: 'Bundle.entry' });
  if (submitted.length > MAX_DOCUMENTS_PER_BUNDLE) add({ code: 'too-long', message: `a bundle may hold at most ${MAX_DOCUMENTS_PER_BUNDLE} documents; this one has ${submitted.length}`, expression: 'Bundle.entry' });

  const used = new Set<string>();
  const documents: ProvidedDocument[] = [];
  for (const doc of submitted) {
    const at = `Bundle.entry[${doc.entryIndex}].resource.content[0].attachment`;
    let bytes: Buffer | undefined;
    if (doc.attachment.data !== undefined) {
      bytes = decodeBase64(doc.attachment.data);
      if (!bytes) add({ code: 'value', message: 'attachment.data is not valid base64', expression: `${at}.data` });
    } else if (doc.attachment.url !== undefined) {
      const binary = binaries.get(doc.attachment.url);
      if (!binary) {
        add({ code: 'not-found', message: `attachment.url ${doc.attachment.url} does not name a Binary entry of this bundle`, expression: `${at}.url` });
      } else {
        used.add(doc.attachment.url);
        bytes = binary.data;
        if (binary.contentType && binary.contentType.split(';')[0]!.trim() !== doc.contentType) {
          add({ code: 'value', message: `the Binary's contentType ${binary.contentType} differs from the attachment's ${doc.contentType}`, expression: `${at}.contentType` });
        }
      }
    }
    if (!bytes) continue;
    if (bytes.length === 0) { add({ code: 'value', message: 'the document content is empty', expression: at }); continue; }
    if (bytes.length > MAX_DOCUMENT_BYTES) { add({ code: 'too-long', message: `a document may be at most ${MAX_DOCUMENT_BYTES} bytes; this one has ${bytes.length}`, expression: at }); continue; }
    const sha1 = createHash('sha1').update(bytes).digest();
    if (doc.attachment.size !== undefined && doc.attachment.size !== bytes.length) {
      add({ code: 'value', message: `attachment.size is ${doc.attachment.size} but the content has ${bytes.length} bytes`, expression: `${at}.size` });
    }
    if (doc.attachment.hash !== undefined && !hashMatches(doc.attachment.hash, sha1)) {
      add({ code: 'value', message: `attachment.hash is not the SHA-1 of the content: expected ${sha1.toString('base64')} (base64 of the SHA-1 bytes)`, expression: `${at}.hash` });
    }
    if (doc.type.system === DOCUMENT_GROUP_SYSTEM || doc.contentType === 'application/pdf') {
      if (doc.contentType === 'application/pdf' && bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
        add({ code: 'value', message: 'contentType is application/pdf but the content does not start with %PDF-', expression: at });
      }
    }
    const structured = readStructured(doc, bytes, add);
    documents.push({ ...doc, bytes, sha256: createHash('sha256').update(bytes).digest(), sha1, ...structured });
  }
  for (const [url, binary] of binaries) {
    if (!used.has(url) && !namedBinaries.has(url)) add({ code: 'structure', message: `the Binary entry ${url} is not named by any DocumentReference's content.attachment.url`, expression: `Bundle.entry[${binary.entryIndex}].fullUrl` });
  }
  if (problems.length > 0) throw new InvalidInput(problems);
  return { submissionSet: submissionSet!, documents };
}

// Checks every request passes before any route sees it, so that each is made once, here, and
// not in each handler: sizes (414), U+0000 (400), body media type and charset (415), _format
// (406). Each throws a typed error that the error handler turns into an OperationOutcome.
import type { FastifyRequest } from 'fastify';
import { InvalidInput, NotAcceptable, TooLarge, UnsupportedMediaType } from '../domain/errors.ts';
import { describeBytes } from './sizes.ts';

/** Longest path accepted: a FHIR id is at most 64 characters, and a path holds at most two. */
export const MAX_PATH_LENGTH = 1024;
/** Longest query string accepted on a GET; a longer search goes in a POST _search form body. */
export const MAX_QUERY_LENGTH = 8192;

/** 414: the URL is checked before its parts are, so that a 5,000-character id never reaches a route. */
export function checkUrlLength(request: FastifyRequest): void {
  const q = request.url.indexOf('?');
  const pathLength = q === -1 ? request.url.length : q;
  const queryLength = q === -1 ? 0 : request.url.length - q - 1;
  if (pathLength > MAX_PATH_LENGTH) throw new TooLarge(414, pathTooLong(pathLength));
  if (queryLength > MAX_QUERY_LENGTH) {
    throw new TooLarge(414, `the query string is ${queryLength.toLocaleString('en')} characters; the longest accepted is ${MAX_QUERY_LENGTH.toLocaleString('en')}: send a long search as POST <type>/_search with a form body`);
  }
}

export function pathTooLong(length: number): string {
  return `the URL path is ${length.toLocaleString('en')} characters; the longest accepted is ${MAX_PATH_LENGTH.toLocaleString('en')} (a FHIR id is at most 64 characters)`;
}

// U+0000 is refused wherever it appears: PostgreSQL cannot store it in text, and no FHIR string
// may hold it (FHIR R4 string: no control characters but tab, CR and LF).
const ENCODED_NUL = /%00/i;

/** A %00 in the raw URL, before routing: an unknown route with a NUL is refused as such, not as 404. */
export function checkUrlHasNoNul(request: FastifyRequest): void {
  const q = request.url.indexOf('?');
  const path = q === -1 ? request.url : request.url.slice(0, q);
  if (ENCODED_NUL.test(path)) throw nulIn('the URL path');
  if (q !== -1 && ENCODED_NUL.test(request.url.slice(q))) throw nulIn('the query string');
}

/** U+0000 in anything parsed from the request: path parameters, query, body (JSON or form), headers. */
export function checkInputHasNoNul(request: FastifyRequest): void {
  for (const [name, value] of Object.entries(request.headers)) {
    if ([value].flat().some((v) => typeof v === 'string' && v.includes('\0'))) throw nulIn(`the ${name} header`);
  }
  for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' && value.includes('\0')) throw nulIn(`the path segment '${name}'`);
  }
  const inQuery = nulInFields(request.query);
  if (inQuery) throw nulIn(`the query parameter ${inQuery}`);
  const body = request.body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    if (body.includes('\0')) throw nulIn('the request body');
  } else if (body instanceof URLSearchParams) {
    const inForm = nulInFields(Object.fromEntries([...body.keys()].map((k) => [k, body.getAll(k)])));
    if (inForm) throw nulIn(`the form field ${inForm}`);
  } else if (/^application\/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '')) {
    const inForm = nulInFields(body);
    if (inForm) throw nulIn(`the form field ${inForm}`);
  } else if (body && typeof body === 'object') {
    const inJson = nulInJson(body, '');
    if (inJson) throw nulIn(inJson);
  }
}

function nulIn(where: string, expression?: string): InvalidInput {
  return InvalidInput.of(`${where} contains a NUL character (U+0000), which no FHIR value may hold; remove it`, expression);
}

/** The first field of a query or form object with a NUL in its name or value, quoted. */
function nulInFields(fields: unknown): string | undefined {
  if (!fields || typeof fields !== 'object') return undefined;
  for (const [name, value] of Object.entries(fields)) {
    if (name.includes('\0')) return `name '${printable(name)}'`;
    if ([value].flat().some((v) => typeof v === 'string' && v.includes('\0'))) return `'${printable(name)}'`;
  }
  return undefined;
}

/** Where in a parsed JSON body a NUL sits, as a FHIRPath-like location, or undefined. */
function nulInJson(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? `the body at ${at || 'its root'}` : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulInJson(value[i], `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key.includes('\0')) return `a property name in the body at ${at || 'its root'} ('${printable(key)}')`;
      const found = nulInJson(v, at ? `${at}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

/** A name as it can be quoted in a message: NUL shown as \0, at most 64 characters. */
function printable(name: string): string {
  return name.replaceAll('\0', '\\0').slice(0, 64);
}

// The media types the FHIR interface reads: FHIR JSON (and plain JSON, which FHIR allows as a
// synonym), and forms for POST _search. XML and anything else is 415, as FHIR's http page says.
const FHIR_BODY_TYPES = new Set(['application/fhir+json', 'application/json', 'application/x-www-form-urlencoded']);

/** 415 for a FHIR request body of another media type, or in a charset other than UTF-8. */
export function checkFhirBodyType(request: FastifyRequest): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  const header = request.headers['content-type'];
  if (!hasBody && !header) return;
  if (!header) throw UnsupportedMediaType.of('the request has a body but no Content-Type; send application/fhir+json (or a form for _search)');
  const [type = '', ...parameters] = header.split(';').map((p) => p.trim());
  const mediaType = type.toLowerCase();
  if (!FHIR_BODY_TYPES.has(mediaType)) {
    throw UnsupportedMediaType.of(`Content-Type '${printable(mediaType)}' is not supported; send application/fhir+json (or application/x-www-form-urlencoded for _search)`);
  }
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=').map((p) => p.trim());
    if (name.toLowerCase() !== 'charset') continue;
    const charset = value.replace(/^"(.*)"$/, '$1').toLowerCase();
    // RFC 8259: JSON exchanged between systems is UTF-8; FHIR requires it too.
    if (charset !== 'utf-8' && charset !== 'utf8') {
      throw UnsupportedMediaType.of(`charset '${printable(value)}' is not supported; the body must be UTF-8 (charset=utf-8, or no charset)`);
    }
  }
}

const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json']);

/**
 * FHIR `_format` overrides the Accept header: `_format=json` makes the request ask for FHIR JSON
 * (so `Binary/<id>?_format=json` answers a Binary resource). Only JSON is written: any other
 * format (xml, ttl, html) is 406 Not Acceptable, as FHIR's http page says for formats the server
 * does not support.
 */
export function applyFormatParameter(request: FastifyRequest): void {
  const raw = (request.query as Record<string, unknown> | undefined)?._format;
  if (raw === undefined) return refuseOtherFhirFormats(request.headers.accept);
  const values = [raw].flat();
  if (values.length !== 1 || typeof values[0] !== 'string') throw InvalidInput.of('_format may be given once', '_format');
  const format = values[0].trim().toLowerCase().split(';')[0]!.trim();
  if (!JSON_FORMATS.has(format)) {
    throw NotAcceptable.of(`_format '${printable(values[0])}' is not supported; Kansio writes FHIR JSON only (_format=json or application/fhir+json)`, '_format');
  }
  request.headers.accept = 'application/fhir+json';
}

// FHIR's own non-JSON formats. Plain application/xml is not among them: it may ask for an XML
// document's own bytes from ITI-68.
const OTHER_FHIR_FORMATS = /^application\/fhir\+(xml|turtle)$|^text\/turtle$/;

/** 406 when Accept names only FHIR formats other than JSON (and nothing Kansio writes, such as *\/*). */
function refuseOtherFhirFormats(accept: string | undefined): void {
  if (!accept) return;
  const types = accept.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase()).filter(Boolean);
  if (types.length && types.every((t) => OTHER_FHIR_FORMATS.test(t))) {
    throw NotAcceptable.of(`Accept '${printable(accept)}' asks for a format Kansio does not write; it writes FHIR JSON only (application/fhir+json)`);
  }
}

/** Fastify's "body too large" in the words of the limit it broke; the size comes from Content-Length when the client sent one. */
export function bodyTooLarge(request: FastifyRequest, limit: number, setting: string): TooLarge {
  const length = Number(request.headers['content-length']);
  const size = Number.isFinite(length) && length > limit ? `is ${describeBytes(length)}` : `is larger than ${describeBytes(limit)}`;
  return new TooLarge(413, `the request body ${size}; the largest accepted is ${describeBytes(limit)} (${setting})`);
}

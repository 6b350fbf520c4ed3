// The consent service's FHIR interface (D11): Consent records of the Kanta informing, disclosure
// consents and prohibitions. Create with POST; revoke with PUT (status inactive) naming the
// version in If-Match; read the current version, any version and the history; search by client.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Bundle, BundleLink } from '@medplum/fhirtypes';
import type { Services } from '../server.ts';
import { InvalidInput } from '../domain/errors.ts';
import type { ConsentKind } from '../domain/consent.ts';
import { readConsent, CONSENT_KINDS } from './consent-in.ts';
import { toConsent, CONSENT_SEARCH_PARAMETERS } from './consent-out.ts';
import { recordConsent } from '../usecases/record-consent.ts';
import { readRevocation } from './consent-in.ts';
import { revokeConsent } from '../usecases/revoke-consent.ts';
import { readConsents, type ConsentRead } from '../usecases/read-consents.ts';
import { unwrap } from '../usecases/result.ts';
import type { StoredConsent } from '../store/consents.ts';
import { resolvePerson, type RequesterOf } from './requester.ts';
import { readPatientParameters } from './patient-param.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const KINDS: readonly ConsentKind[] = CONSENT_KINDS;

/** W/"3" or "3" -> 3. */
function ifMatchVersion(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"(\d{1,9})"$/.exec(String(header).trim());
  if (!m) throw InvalidInput.of('If-Match must be a version ETag such as W/"1"', 'If-Match', 'value');
  return Number(m[1]);
}

interface ConsentSearch { readonly fhirId?: string; readonly identityCode?: string; readonly kinds?: ConsentKind[]; readonly status?: 'active' | 'inactive'; readonly count: number; readonly offset: number }

function parseConsentSearch(params: Record<string, unknown>): ConsentSearch {
  const known = new Set([...CONSENT_SEARCH_PARAMETERS.map((p) => p.name), '_format']);
  for (const key of Object.keys(params)) {
    if (!known.has(key)) throw InvalidInput.of(`search parameter '${key}' is not supported; see the CapabilityStatement`, key, 'not-supported');
  }
  // A form body (POST _search) gives every value as a list; a query gives a list only when repeated.
  const one = (name: string): string | undefined => {
    const v = params[name];
    if (Array.isArray(v) && v.length > 1) throw InvalidInput.of(`${name} may be given only once`, name, 'structure');
    const value = Array.isArray(v) ? v[0] : v;
    return value === undefined ? undefined : String(value);
  };
  const { fhirId, identityCode } = readPatientParameters(one('patient'), one('patient.identifier'), 'Consent search');
  const category = one('category');
  const kinds = category?.split(',').map((c) => c.split('|').pop()!.trim());
  for (const k of kinds ?? []) if (!KINDS.includes(k as ConsentKind)) throw InvalidInput.of(`category '${k}' is not one of ${KINDS.join(', ')}`, 'category', 'code-invalid');
  const status = one('status');
  if (status !== undefined && status !== 'active' && status !== 'inactive') throw InvalidInput.of('status must be active or inactive', 'status', 'code-invalid');
  const countText = one('_count');
  const count = countText === undefined ? 100 : Number(countText);
  if (!Number.isInteger(count) || count < 1 || count > 500) throw InvalidInput.of('_count must be a whole number from 1 to 500', '_count', 'value');
  const offsetText = one('_offset');
  const offset = offsetText === undefined ? 0 : Number(offsetText);
  if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) throw InvalidInput.of('_offset must be a whole number from 0 to 100000, as given in the next link', '_offset', 'value');
  return { ...(fhirId ? { fhirId } : {}), ...(identityCode ? { identityCode } : {}), ...(kinds ? { kinds: kinds as ConsentKind[] } : {}), ...(status ? { status } : {}), count, offset };
}

/**
 * A link to the search as applied: the client by opaque Patient id, never by identity code, so
 * that following it puts no identity code into a URL.
 */
function consentSearchUrl(baseUrl: string, q: ConsentSearch, patientFhirId: string | undefined, offset: number): string {
  const params = new URLSearchParams();
  if (patientFhirId) params.set('patient', `Patient/${patientFhirId}`);
  if (q.kinds) params.set('category', q.kinds.join(','));
  if (q.status) params.set('status', q.status);
  params.set('_count', String(q.count));
  if (offset > 0) params.set('_offset', String(offset));
  return `${baseUrl}/fhir/Consent?${params.toString()}`;
}

function etag(c: StoredConsent): string {
  return `W/"${c.version}"`;
}

export async function registerConsentRoutes(app: FastifyInstance, services: Services, requesterOf: RequesterOf): Promise<void> {
  const { config, db } = services;
  const now = (): string => new Date().toISOString();
  const location = (c: StoredConsent): string => `${config.baseUrl}/fhir/Consent/${c.consentId}/_history/${c.version}`;

  app.post('/Consent', async (request, reply) => {
    const requester = await requesterOf(request, 'Consent', 'c');
    const provided = readConsent(request.body);
    const at = now();
    const stored = unwrap(await db.withTransaction((tx) => recordConsent(tx, { command: provided, channel: 'visit', recorder: { kind: 'system', requester }, now: at, clockSkewSeconds: config.clockSkewSeconds })));
    return reply.code(201).type(FHIR_JSON).header('location', location(stored)).header('etag', etag(stored)).send(toConsent(stored));
  });

  app.put<{ Params: { id: string } }>('/Consent/:id', async (request, reply) => {
    const requester = await requesterOf(request, 'Consent', 'u');
    const version = ifMatchVersion(request.headers['if-match']);
    const at = now();
    const stored = unwrap(await db.withTransaction((tx) => revokeConsent(tx, { consentId: request.params.id, ifMatchVersion: version, revocation: (current) => readRevocation(request.body, current), recorder: { kind: 'system', requester }, now: at })));
    return reply.code(200).type(FHIR_JSON).header('location', location(stored)).header('etag', etag(stored)).send(toConsent(stored));
  });

  const read = async (request: FastifyRequest, what: ConsentRead): Promise<StoredConsent[]> => {
    const requester = await requesterOf(request, 'Consent', 'r');
    const at = now();
    return unwrap(await db.withConnection((connection) => readConsents(connection, { read: what, requester, now: at }))).records;
  };
  app.get<{ Params: { id: string } }>('/Consent/:id', async (request, reply) => {
    const [c] = await read(request, { kind: 'read', consentId: request.params.id });
    return reply.type(FHIR_JSON).header('etag', etag(c!)).send(toConsent(c!));
  });
  app.get<{ Params: { id: string; version: string } }>('/Consent/:id/_history/:version', async (request, reply) => {
    const version = Number(request.params.version);
    if (!Number.isInteger(version) || version < 1 || version > 1e9) throw InvalidInput.of('the version must be a whole number from 1', 'version', 'value');
    const [c] = await read(request, { kind: 'read', consentId: request.params.id, version });
    return reply.type(FHIR_JSON).header('etag', etag(c!)).send(toConsent(c!));
  });
  app.get<{ Params: { id: string } }>('/Consent/:id/_history', async (request, reply) => {
    const versions = await read(request, { kind: 'history', consentId: request.params.id });
    const bundle: Bundle = {
      resourceType: 'Bundle', type: 'history', total: versions.length,
      entry: versions.map((c) => ({ fullUrl: `${config.baseUrl}/fhir/Consent/${c.consentId}`, resource: toConsent(c), request: { method: c.version === 1 ? 'POST' : 'PUT', url: c.version === 1 ? 'Consent' : `Consent/${c.consentId}` }, response: { status: c.version === 1 ? '201' : '200', etag: etag(c), lastModified: c.recordedAt } })),
    };
    return reply.type(FHIR_JSON).send(bundle);
  });

  const search = async (request: FastifyRequest, params: Record<string, unknown>): Promise<Bundle> => {
    const requester = await requesterOf(request, 'Consent', 's');
    const q = parseConsentSearch(params);
    const at = now();
    const queryText = Object.keys(params).sort().map((k) => `${k}=${[params[k]].flat().join(',')}`).join('&');
    const { records, total, personFhirId } = unwrap(await db.withConnection(async (connection) => {
      const person = await resolvePerson(connection, q.fhirId, q.identityCode);
      return readConsents(connection, { read: { kind: 'search', person, ...(q.kinds ? { kinds: q.kinds } : {}), ...(q.status ? { status: q.status } : {}), count: q.count, offset: q.offset, queryText }, requester, now: at });
    }));
    const link: BundleLink[] = [{ relation: 'self', url: consentSearchUrl(config.baseUrl, q, personFhirId, q.offset) }];
    if (personFhirId && q.offset > 0) link.push({ relation: 'previous', url: consentSearchUrl(config.baseUrl, q, personFhirId, Math.max(0, q.offset - q.count)) });
    if (personFhirId && q.offset + records.length < total) link.push({ relation: 'next', url: consentSearchUrl(config.baseUrl, q, personFhirId, q.offset + q.count) });
    return {
      resourceType: 'Bundle', type: 'searchset', total, link,
      entry: records.map((c) => ({ fullUrl: `${config.baseUrl}/fhir/Consent/${c.consentId}`, resource: toConsent(c), search: { mode: 'match' } })),
    };
  };
  app.get('/Consent', async (request, reply) => reply.type(FHIR_JSON).send(await search(request, request.query as Record<string, unknown>)));
  app.post('/Consent/_search', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw InvalidInput.of('POST _search needs a form body (application/x-www-form-urlencoded)');
    return reply.type(FHIR_JSON).send(await search(request, { ...(request.query as Record<string, unknown>), ...body }));
  });
}

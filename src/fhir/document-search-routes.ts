// ITI-67 Find Document References: GET /DocumentReference and POST /DocumentReference/_search.
// Parses the search (search-params.ts), runs the use case on one connection, and answers a
// complete searchset: total counts every match the requester may see, every entry has its
// fullUrl, and the self, next and previous links carry the search as applied, naming the client
// by its opaque Patient id, never by identity code.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Bundle, BundleLink } from '@medplum/fhirtypes';
import type { Services } from '../server.ts';
import { InvalidInput } from '../domain/errors.ts';
import type { RequesterOf } from './requester.ts';
import { clientRefOf } from '../store/people.ts';
import { parseDocumentSearch, paramsFrom, type ParsedSearch } from './search-params.ts';
import { handlingOf } from './search-values.ts';
import { toDocumentReference } from './document-reference-out.ts';
import { findDocumentsUseCase } from '../usecases/find-documents.ts';
import { unwrap } from '../usecases/result.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** The query as the audit record keeps it: parameter names and values, sorted. */
function queryText(params: Record<string, unknown>): string {
  return Object.keys(params).sort().map((k) => `${k}=${[params[k]].flat().join(',')}`).join('&');
}

/** A search URL from the applied parameters, the client's opaque id and a page offset. */
function searchUrl(base: string, parsed: ParsedSearch, patientFhirId: string | undefined, offset: number): string {
  const query = new URLSearchParams();
  if (patientFhirId) query.append('patient', `Patient/${patientFhirId}`);
  for (const [name, value] of parsed.applied) query.append(name, value);
  if (offset > 0) query.append('_offset', String(offset));
  return `${base}/fhir/DocumentReference?${query.toString()}`;
}

export function registerDocumentSearchRoutes(app: FastifyInstance, services: Services, requesterOf: RequesterOf): void {
  const { config, db } = services;

  const search = async (request: FastifyRequest, params: Record<string, unknown>): Promise<Bundle> => {
    const requester = await requesterOf(request, 'DocumentReference', 's');
    // FHIR search: unknown parameters are refused unless the client prefers lenient handling
    // (docs/decisions: strict by default).
    const parsed = parseDocumentSearch(paramsFrom(params), handlingOf(request.headers.prefer, 'strict'));
    const at = new Date().toISOString();
    const client = parsed.noClient ? undefined : clientRefOf(parsed.patientFhirId, parsed.identityCode);
    const result = unwrap(await db.withConnection((connection) => findDocumentsUseCase(connection, {
      client, query: parsed.query, queryText: queryText(params), requester, now: at,
      ...(parsed.legalJustification ? { legalJustification: parsed.legalJustification } : {}),
    })));
    // The client by opaque id: the one asked for, or the one the identity code resolved to. A
    // client the archive has never met has no id, so its links name no client.
    const patientFhirId = result.person?.fhirId ?? parsed.patientFhirId;
    const { offset, count } = parsed.query;
    const link: BundleLink[] = [{ relation: 'self', url: searchUrl(config.baseUrl, parsed, patientFhirId, offset) }];
    if (patientFhirId && count > 0 && offset + result.documents.length < result.total) {
      link.push({ relation: 'next', url: searchUrl(config.baseUrl, parsed, patientFhirId, offset + count) });
    }
    if (patientFhirId && offset > 0) {
      link.push({ relation: 'previous', url: searchUrl(config.baseUrl, parsed, patientFhirId, Math.max(0, offset - count)) });
    }
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: result.total,
      link,
      entry: result.documents.map((d) => ({ fullUrl: `${config.baseUrl}/fhir/DocumentReference/${d.versionId}`, resource: toDocumentReference(d, config.baseUrl), search: { mode: 'match' } })),
    };
  };

  app.get('/DocumentReference', async (request, reply) => reply.type(FHIR_JSON).send(await search(request, request.query as Record<string, unknown>)));
  app.post('/DocumentReference/_search', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw InvalidInput.of('POST _search needs a form body (application/x-www-form-urlencoded)');
    // FHIR: parameters in the URL and in the body together make the search.
    // (A Map, so that a parameter named __proto__ stays a parameter.)
    const merged = new Map<string, unknown>(Object.entries(request.query as Record<string, unknown>));
    for (const [key, value] of Object.entries(body)) merged.set(key, merged.has(key) ? [merged.get(key), value].flat() : value);
    return reply.type(FHIR_JSON).send(await search(request, Object.fromEntries(merged)));
  });
}

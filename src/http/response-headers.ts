// Headers every response carries, set in one onSend hook so that no route, error or 404 can
// forget them.
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * `X-Content-Type-Options: nosniff` on every response: a browser never guesses a type and runs
 * stored bytes. `Cache-Control: no-store` on every FHIR response, and on every other response
 * that did not choose its own caching: searchsets, documents, Binary, Consent, AuditEvent and
 * OperationOutcomes can all name a person, and telling them apart per response would be one more
 * rule to get wrong for a saving of nothing (a FHIR client does not re-read its answers). The
 * only responses that keep a cache are the public, person-free discovery documents and the
 * JWKS, which say so themselves.
 */
export async function securityHeaders(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.header('x-content-type-options', 'nosniff');
  if (request.url.startsWith('/fhir') || !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  return payload;
}

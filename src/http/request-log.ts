// One log line per request. It names the route pattern (/fhir/DocumentReference/:id), never the
// URL: a path or query can carry an identity code in any spelling (percent-encoded, lower case,
// in a parameter), and a pattern cannot. The request id ties the line to the client's report.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What the log says for a request no route matched: its path is the client's text, not ours. */
export const NO_ROUTE = '(no route)';

export async function logRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  request.log.info({
    method: request.method,
    route: request.routeOptions.url ?? NO_ROUTE,
    status: reply.statusCode,
    ms: Math.round(reply.elapsedTime),
  }, 'request');
}

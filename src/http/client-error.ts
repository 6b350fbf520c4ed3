// Requests refused before any route or hook of ours runs, answered as an OperationOutcome like
// every other error: those Node's HTTP parser refuses (request line and headers too large,
// malformed HTTP, a NUL in a header, a client too slow to send its headers), on the socket; and
// those Fastify's router refuses (a path segment too long, a malformed percent-encoding).
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { operationOutcome } from '../fhir/operation-outcome.ts';
import type { IssueCode } from '../domain/errors.ts';
import { describeBytes } from './sizes.ts';
import { pathTooLong } from './request-guards.ts';

/**
 * Largest request line plus headers, in bytes (Node's default, stated so that the message can
 * name it): a 100 KB query answers 431 here, before any code of ours parses it.
 */
export const MAX_HEADER_BYTES = 16 * 1024;

function problemOf(error: NodeJS.ErrnoException): { status: number; code: IssueCode; message: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'too-long', message: `the request line and headers are larger than ${describeBytes(MAX_HEADER_BYTES)}, the largest accepted: shorten the URL (send a long search as POST <type>/_search with a form body) or the headers` };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return { status: 408, code: 'timeout', message: 'the request was not received in time' };
    case 'HPE_INVALID_HEADER_TOKEN':
      return { status: 400, code: 'structure', message: 'a header name or value holds a character HTTP does not allow (such as U+0000 NUL or another control character)' };
    default:
      return { status: 400, code: 'structure', message: `the request is not well-formed HTTP/1.1 (${error.code ?? 'parse error'})` };
  }
}

export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody to answer; a socket already written to cannot take a response.
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, code, message } = problemOf(error);
  const body = JSON.stringify(operationOutcome([{ code, message }]));
  socket.end([
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`,
    'Content-Type: application/fhir+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n'));
}

/** Fastify's `frameworkErrors`: the router's refusals, before hooks run (so the headers are set here). */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, message]: [number, IssueCode, string] = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
    ? [414, 'too-long', pathTooLong((request.raw.url ?? '').split('?')[0]!.length)]
    : error.code === 'FST_ERR_BAD_URL'
      ? [400, 'structure', 'the URL path holds a malformed percent-encoding (a % not followed by two hexadecimal digits)']
      : [400, 'invalid', 'the request could not be routed'];
  request.log.info({ method: request.method, route: '(refused before routing)', status, code: error.code }, 'request');
  void reply.code(status).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff')
    .type('application/fhir+json').send(operationOutcome([{ code, message }]));
}

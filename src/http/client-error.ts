// Requests that Node's HTTP parser refuses before Fastify sees them (request line and headers
// too large, malformed HTTP, a NUL in a header, a client too slow to send its headers) are
// answered here, on the socket, as an OperationOutcome like every other error.
import http from 'node:http';
import type { Socket } from 'node:net';
import { operationOutcome } from '../fhir/operation-outcome.ts';
import type { IssueCode } from '../domain/errors.ts';
import { describeBytes } from './sizes.ts';

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

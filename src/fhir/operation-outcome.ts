// OperationOutcome construction, and the one place where typed errors become HTTP responses.
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { KansioError, type Problem } from '../domain/errors.ts';
import { scrubIdentityCodes } from '../log.ts';
import { bodyTooLarge } from '../http/request-guards.ts';

export function operationOutcome(problems: readonly Problem[], severity: 'error' | 'information' | 'warning' = 'error'): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: problems.map((p) => ({
      severity,
      code: p.code,
      diagnostics: p.message,
      ...(p.expression ? { expression: [p.expression] } : {}),
    })),
  };
}

/** Fastify's own errors (body too large, bad JSON, schema) as problems a client can act on. */
function fastifyProblem(error: FastifyError, request: FastifyRequest): { status: number; problem: Problem } | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const tooLarge = bodyTooLarge(request, request.routeOptions.bodyLimit ?? 0, 'KANSIO_BODY_LIMIT');
      return { status: tooLarge.status, problem: tooLarge.problems[0]! };
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, problem: { code: 'not-supported', message: `Content-Type '${String(request.headers['content-type'] ?? '').slice(0, 100)}' is not supported here; send application/fhir+json` } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, problem: { code: 'structure', message: 'the request body is empty; a FHIR resource is required' } };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, problem: { code: 'structure', message: `the body is not valid JSON: ${error.message}` } };
  }
  if (error.validation) {
    return { status: 400, problem: { code: 'invalid', message: error.message } };
  }
  if (error instanceof SyntaxError) {
    return { status: 400, problem: { code: 'structure', message: `the body is not valid JSON: ${error.message}` } };
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, problem: { code: 'invalid', message: error.message } };
  }
  return undefined;
}

/** PostgreSQL errors that a concurrent request can cause: the client may retry. */
function databaseConflict(error: unknown): { status: number; problem: Problem } | undefined {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (code === '23505') {
    // The row's values (error.detail) may name a client: only the constraint is said.
    const what = constraint === 'document_master_identifier' ? 'a document with this masterIdentifier'
      : constraint === 'document_one_current_per_set' ? 'a correction of this document' : 'the same record';
    return { status: 409, problem: { code: 'conflict', message: `${what} was stored by a concurrent request; search again and retry` } };
  }
  if (code === '40001' || code === '40P01') {
    return { status: 409, problem: { code: 'conflict', message: 'the request collided with a concurrent one and changed nothing; retry it' } };
  }
  return undefined;
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof KansioError) {
    if (error.status === 401) reply.header('www-authenticate', 'Bearer');
    void reply.code(error.status).type('application/fhir+json').send(operationOutcome(error.problems));
    return;
  }
  const known = databaseConflict(error) ?? fastifyProblem(error, request);
  if (known) {
    void reply.code(known.status).type('application/fhir+json').send(operationOutcome([known.problem]));
    return;
  }
  // Scrubbed: a database error can quote the values of the row it was given.
  request.log.error({ err: { message: scrubIdentityCodes(error.message), stack: scrubIdentityCodes(error.stack ?? ''), code: error.code } }, 'unexpected error');
  void reply.code(500).type('application/fhir+json').send(operationOutcome([{ code: 'exception', message: `internal error; quote request id ${request.id} to the operator` }]));
}

// Reads of what Kansio's own answers refer to, so that every reference it writes resolves:
// List/<id> (the ITI-65 response's SubmissionSet location), Patient/<id> (every DocumentReference's
// subject), and OperationDefinition/<id> (every operation in the CapabilityStatement).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../server.ts';
import { NotFound } from '../domain/errors.ts';
import type { RequesterOf } from './requester.ts';
import { OPERATIONS } from './operations.ts';
import { toPatient, toSubmissionSetList } from './record-out.ts';
import { readPatient } from '../usecases/read-patient.ts';
import { readSubmissionSet } from '../usecases/read-submission-set.ts';
import { unwrap } from '../usecases/result.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export async function registerReadRoutes(app: FastifyInstance, services: Services, requesterOf: RequesterOf): Promise<void> {
  const { db } = services;
  const now = (): string => new Date().toISOString();

  app.get<{ Params: { id: string } }>('/List/:id', async (request, reply) => {
    const requester = await requesterOf(request, 'List', 'r');
    const at = now();
    const set = unwrap(await db.withConnection((connection) => readSubmissionSet(connection, { id: request.params.id, requester, now: at })));
    return reply.type(FHIR_JSON).header('cache-control', 'no-store').send(toSubmissionSetList(set));
  });

  app.get<{ Params: { id: string } }>('/Patient/:id', async (request, reply) => {
    const requester = await requesterOf(request, 'Patient', 'r');
    const at = now();
    const person = unwrap(await db.withConnection((connection) => readPatient(connection, { fhirId: request.params.id, requester, now: at })));
    return reply.type(FHIR_JSON).header('cache-control', 'no-store').send(toPatient(person));
  });

  // Definitions, public like the CapabilityStatement that names them.
  app.get<{ Params: { id: string } }>('/OperationDefinition/:id', async (request, reply) => {
    const op = OPERATIONS.find((o) => o.id === request.params.id);
    if (!op) throw NotFound.of(`OperationDefinition/${request.params.id} is not found; Kansio defines ${OPERATIONS.map((o) => o.id).join(', ')}`);
    return reply.type(FHIR_JSON).send(op);
  });
}

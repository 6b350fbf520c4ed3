// Builds the HTTP server: authorisation server, FHIR archive, error mapping, request logs.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Db } from './store/db.ts';
import type { Logger } from './log.ts';
import { loggableUrl } from './log.ts';
import { errorHandler, operationOutcome } from './fhir/operation-outcome.ts';
import { registerAuthRoutes, type AuthKeys } from './auth/index.ts';
import { registerFhirRoutes } from './fhir/routes.ts';
import { instrument } from './ops/metrics.ts';
import { registerHealthRoutes } from './ops/health.ts';

export interface Services {
  readonly config: Config;
  readonly db: Db;
  readonly log: Logger;
  readonly keys: AuthKeys;
}

export async function buildServer(services: Services): Promise<FastifyInstance> {
  // Fastify's generics do not accept a pino Logger type as its base logger; the instance is one.
  const app = Fastify({
    loggerInstance: services.log,
    // Our own one-line-per-request log below replaces Fastify's, which would log query strings.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: services.config.bodyLimit,
    trustProxy: false,
    genReqId: () => crypto.randomUUID(),
  }) as unknown as FastifyInstance;

  // One line per request, without its query string (ITI-67 may carry an identity code there).
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, url: loggableUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).type('application/fhir+json').send(operationOutcome([{ code: 'not-found', message: `no route for ${request.method} ${loggableUrl(request.url)}` }]));
  });

  // Operations: request metrics (served on their own listener, see app.ts) and the probes.
  instrument(app, services.db.pool);
  registerHealthRoutes(app, services.db);
  registerAuthRoutes(app, services);
  await app.register(async (fhir) => registerFhirRoutes(fhir, services), { prefix: '/fhir' });
  return app;
}

// Builds the HTTP server: authorisation server, FHIR archive, error mapping, request logs.
import { readFileSync } from 'node:fs';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { ConfigError, type Config } from './config.ts';
import type { Db } from './store/db.ts';
import type { Logger } from './log.ts';
import { loggableUrl } from './log.ts';
import { errorHandler, operationOutcome } from './fhir/operation-outcome.ts';
import { registerAuthRoutes, type AuthKeys } from './auth/index.ts';
import { registerFhirRoutes } from './fhir/routes.ts';

export interface Services {
  readonly config: Config;
  readonly db: Db;
  readonly log: Logger;
  readonly keys: AuthKeys;
}

function readPem(file: string, variable: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
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
    // L6: with a certificate the server speaks HTTPS only; a plain HTTP request gets no answer.
    ...(services.config.tls ? { https: { cert: readPem(services.config.tls.certFile, 'KANSIO_TLS_CERT'), key: readPem(services.config.tls.keyFile, 'KANSIO_TLS_KEY') } } : {}),
  }) as unknown as FastifyInstance;

  // L6: a browser or client that reached Kansio over HTTPS keeps to HTTPS for a year.
  if (services.config.baseUrl.startsWith('https://')) {
    app.addHook('onSend', async (_request, reply) => { reply.header('strict-transport-security', 'max-age=31536000'); });
  }

  // One line per request, without its query string (ITI-67 may carry an identity code there).
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, url: loggableUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).type('application/fhir+json').send(operationOutcome([{ code: 'not-found', message: `no route for ${request.method} ${loggableUrl(request.url)}` }]));
  });

  registerAuthRoutes(app, services);
  await app.register(async (fhir) => registerFhirRoutes(fhir, services), { prefix: '/fhir' });
  return app;
}

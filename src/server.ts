// Builds the HTTP server: authorisation server, FHIR archive, error mapping, request logs.
import { readFileSync } from 'node:fs';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { ConfigError, type Config } from './config.ts';
import type { Db } from './store/db.ts';
import type { Logger } from './log.ts';
import { errorHandler, operationOutcome } from './fhir/operation-outcome.ts';
import { registerAuthRoutes, type AuthKeys } from './auth/index.ts';
import { registerFhirRoutes } from './fhir/routes.ts';
import { answerClientError, answerFrameworkError, MAX_HEADER_BYTES } from './http/client-error.ts';
import { applyFormatParameter, checkFhirBodyType, checkInputHasNoNul, checkUrlHasNoNul, checkUrlLength, MAX_PATH_LENGTH } from './http/request-guards.ts';
import { securityHeaders } from './http/response-headers.ts';
import { logRequest } from './http/request-log.ts';
import { instrument } from './ops/metrics.ts';
import { registerHealthRoutes } from './ops/health.ts';
import { registerCheckpointRoutes } from './ops/checkpoint-routes.ts';
import { registerWeb } from './web/web-layer.ts';
import { RevocationList } from './auth/revocations.ts';
import { ACCESS_TOKEN_LIFETIME_S } from './auth/metadata.ts';

/** What the caller gives buildServer. */
export interface ServerInput {
  readonly config: Config;
  readonly db: Db;
  readonly log: Logger;
  readonly keys: AuthKeys;
}

/** What the routes get: the input, and the parts buildServer makes and keeps for the server's life. */
export interface Services extends ServerInput {
  /** Removed systems and professionals, whose access tokens are refused (issue 10). */
  readonly revocations: RevocationList;
}

function readPem(file: string, variable: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

const NOT_FOUND_PAGE = `<!DOCTYPE html>
<html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sivua ei löydy – Kansio</title></head>
<body><main><h1>Sivua ei löydy</h1><p><a href="/">Etusivulle</a></p>
<h2 lang="sv">Sidan hittades inte</h2><p lang="sv"><a href="/">Till startsidan</a></p>
<h2 lang="en">Page not found</h2><p lang="en"><a href="/">Go to the front page</a></p></main></body></html>`;

export async function buildServer(input: ServerInput): Promise<FastifyInstance> {
  // A removal matters while a token issued before it can live, the clock allowance included.
  const revocations = new RevocationList(input.db.pool, ACCESS_TOKEN_LIFETIME_S + input.config.clockSkewSeconds + 60, input.log);
  const services: Services = { ...input, revocations };
  // Fastify's generics do not accept a pino Logger type as its base logger; the instance is one.
  const app = Fastify({
    loggerInstance: services.log,
    // Our own one-line-per-request log (src/http/request-log.ts) replaces Fastify's, which would log URLs.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: services.config.bodyLimit,
    // Behind a TLS-terminating proxy (KANSIO_TLS_OFFLOADED) the proxy's X-Forwarded-Proto says
    // the request came over HTTPS, so that the portal's Secure session cookie is set and kept.
    trustProxy: services.config.tlsOffloaded,
    genReqId: () => crypto.randomUUID(),
    // Ids up to the path limit reach their route (Fastify's default, 100, would answer 414 for a
    // 101-character id); a longer segment is answered by answerFrameworkError as 414.
    routerOptions: { maxParamLength: MAX_PATH_LENGTH },
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    // L6: with a certificate the server speaks HTTPS only; a plain HTTP request gets no answer.
    ...(services.config.tls ? { https: { cert: readPem(services.config.tls.certFile, 'KANSIO_TLS_CERT'), key: readPem(services.config.tls.keyFile, 'KANSIO_TLS_KEY'), maxHeaderSize: MAX_HEADER_BYTES } } : {}),
  }) as unknown as FastifyInstance;

  // L6: a browser or client that reached Kansio over HTTPS keeps to HTTPS for a year.
  if (services.config.baseUrl.startsWith('https://')) {
    app.addHook('onSend', async (_request, reply) => { reply.header('strict-transport-security', 'max-age=31536000'); });
  }

  // The HTTP layer's checks and headers (src/http): every route, error and 404 passes them.
  app.addHook('onRequest', async (request) => {
    checkUrlLength(request);
    checkUrlHasNoNul(request);
  });
  app.addHook('preValidation', async (request) => checkInputHasNoNul(request));
  app.addHook('onSend', securityHeaders);
  app.addHook('onResponse', logRequest);

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!.slice(0, 200);
    // A person's browser gets a page, in the portal's three languages; a FHIR client an OperationOutcome.
    if (!path.startsWith('/fhir') && /text\/html/.test(request.headers.accept ?? '')) {
      void reply.code(404).type('text/html; charset=utf-8').send(NOT_FOUND_PAGE);
      return;
    }
    void reply.code(404).type('application/fhir+json').send(operationOutcome([{ code: 'not-found', message: `no route for ${request.method} ${path}; the FHIR interface is under /fhir (CapabilityStatement: /fhir/metadata)` }]));
  });

  // Operations: request metrics (served on their own listener, see app.ts) and the probes.
  instrument(app, services.db.pool, () => services.db.auditGroupStats());
  registerHealthRoutes(app, services.db);
  registerCheckpointRoutes(app, services.db);
  registerAuthRoutes(app, services);
  await app.register(async (fhir) => {
    fhir.addHook('onRequest', async (request) => {
      checkFhirBodyType(request);
      applyFormatParameter(request);
    });
    await registerFhirRoutes(fhir, services);
  }, { prefix: '/fhir' });
  await registerWeb(app, services);
  // The list is read before the first request is served, then polled until the server closes.
  app.addHook('onReady', async () => { await revocations.refresh(); revocations.start(); });
  app.addHook('onClose', async () => revocations.stop());
  return app;
}

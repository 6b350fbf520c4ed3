// The authorisation server's routes. They live in their own encapsulated plugin: the form body
// parser and the OAuth error format (RFC 6749 5.2) stay here and never touch the FHIR routes.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidRequest, OAuthError } from './oauth-errors.ts';
import { smartConfiguration } from './metadata.ts';
import { tokenRequest, type TokenServices } from './token-endpoint.ts';
import { KansioError } from '../domain/errors.ts';
import { describeBytes } from '../http/sizes.ts';

const FORM = 'application/x-www-form-urlencoded';
// A card chain in x5c makes a token request a few kilobytes; nothing legitimate comes near this.
const TOKEN_BODY_LIMIT = 64 * 1024;

export function registerAuthRoutes(app: FastifyInstance, services: TokenServices): void {
  void app.register(async (auth) => {
    if (auth.hasContentTypeParser(FORM)) auth.removeContentTypeParser(FORM);
    auth.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: TOKEN_BODY_LIMIT }, (_request, body, done) => {
      done(null, new URLSearchParams(body as string));
    });
    auth.setErrorHandler(oauthErrorHandler);

    auth.post('/auth/token', { bodyLimit: TOKEN_BODY_LIMIT }, async (request, reply) => {
      const response = await tokenRequest(services, request.body, Math.floor(Date.now() / 1000));
      // RFC 6749 5.1: token responses are never cached.
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(response);
    });

    const metadata = smartConfiguration(services.config);
    const sendMetadata = async (_request: FastifyRequest, reply: FastifyReply) => reply.header('cache-control', 'public, max-age=300').send(metadata);
    auth.get('/.well-known/smart-configuration', sendMetadata);
    auth.get('/.well-known/oauth-authorization-server', sendMetadata);
    auth.get('/auth/jwks', async (_request, reply) => reply.header('cache-control', 'public, max-age=300').type('application/jwk-set+json').send(services.keys.publicJwks));
  });
}

function oauthErrorHandler(error: FastifyError | OAuthError | KansioError, request: FastifyRequest, reply: FastifyReply): void {
  // The HTTP layer's own checks (src/http: NUL, URL length) refuse in OAuth's words here.
  const oauth = error instanceof OAuthError ? error
    : error instanceof KansioError ? (error.status < 500 ? new InvalidRequest(error.message) : undefined)
    : fromFastifyError(error);
  if (oauth) {
    void reply.code(oauth.status).header('cache-control', 'no-store').send(oauth.toJSON());
    return;
  }
  request.log.error({ err: { message: error.message, stack: error.stack } }, 'unexpected error in the authorisation server');
  void reply.code(500).header('cache-control', 'no-store').send({ error: 'server_error', error_description: `internal error; quote request id ${request.id} to the operator` });
}

/** Fastify's own refusals (wrong content type, body too large, bad JSON) as invalid_request. */
function fromFastifyError(error: FastifyError): OAuthError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new InvalidRequest(`send the token request as ${FORM} (RFC 6749 4.4)`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new InvalidRequest(`the token request is larger than ${describeBytes(TOKEN_BODY_LIMIT)}, the largest accepted`);
  }

  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) return new InvalidRequest(error.message);
  return undefined;
}

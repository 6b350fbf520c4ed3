// Demo mode's OpenID Connect provider (oidc-provider) at /oidc. Its login page (/demo-login)
// lets a tester pick any named person of the database, and says plainly that it is a demo.
// The portal is a real relying party of it (authorization code with PKCE, src/web/login/
// relying-party.ts), exactly as of the national identification service in production; the
// ID token carries the identity code in the same claim as Suomi.fi's (urn:oid:1.2.246.21).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { Services } from '../../server.ts';
import { DEFAULT_ID_CLAIM } from '../../config.ts';
import { demoAccount } from '../../store/demo-accounts.ts';
import { getProfessional } from '../../store/professionals.ts';
import type { WebSecrets } from '../web-secrets.ts';

export const DEMO_CLIENT_ID = 'kansio-portal';
/** The scope the archivist interface asks for, and the claim that names the professional. */
export const PROFESSIONAL_SCOPE = 'kansio-professional';
export const PROFESSIONAL_CLAIM = 'professional_id';
/** Demo account ids of professionals (people's are their opaque ids). */
export const PROFESSIONAL_ACCOUNT = 'pro:';
export const DEMO_PROVIDER_PATH = '/oidc';

export interface DemoProvider {
  readonly provider: Provider;
  readonly issuer: string;
  readonly clientSecret: string;
}

export async function createDemoProvider(services: Pick<Services, 'config' | 'db' | 'log'>, secrets: WebSecrets): Promise<DemoProvider> {
  // Loaded only in demo mode: oidc-provider and Koa take about 48 MB that a deployment with a
  // real identity provider does not need.
  const { default: ProviderClass } = await import('oidc-provider');
  const { config, db } = services;
  const issuer = `${config.baseUrl}${DEMO_PROVIDER_PATH}`;
  const configuration: Configuration = {
    clients: [{
      client_id: DEMO_CLIENT_ID,
      client_secret: secrets.demoProvider.clientSecret,
      redirect_uris: [`${config.baseUrl}/login/callback`],
      post_logout_redirect_uris: [`${config.baseUrl}/`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    }],
    jwks: { keys: [secrets.demoProvider.signingJwk as never] },
    cookies: { keys: [secrets.demoProvider.cookieKey] },
    pkce: { required: () => true },
    claims: { openid: ['sub', DEFAULT_ID_CLAIM], profile: ['given_name', 'family_name', 'birthdate'], [PROFESSIONAL_SCOPE]: [PROFESSIONAL_CLAIM] },
    // The claims go into the ID token itself, as the national service's do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/demo-login/${interaction.uid}` },
    // The portal is the provider's own first-party client: no consent screen.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const session = ctx.oidc.session!;
      const client = ctx.oidc.client!;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId! });
      grant.addOIDCScope(`openid profile ${PROFESSIONAL_SCOPE}`);
      await grant.save();
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      // The archivist interface's logins: a professional of the demo (or test) registry.
      if (id.startsWith(PROFESSIONAL_ACCOUNT)) {
        const professional = await getProfessional(db.pool, id.slice(PROFESSIONAL_ACCOUNT.length));
        if (!professional) return undefined;
        return {
          accountId: id,
          async claims() {
            return { sub: id, [PROFESSIONAL_CLAIM]: professional.professionalId, given_name: professional.givenName, family_name: professional.familyName };
          },
        };
      }
      const person = await demoAccount(db.pool, id);
      if (!person) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, [DEFAULT_ID_CLAIM]: person.identityCode, given_name: person.givenName, family_name: person.familyName, birthdate: person.birthDate };
        },
      };
    },
    ttl: { Session: 600, Interaction: 600, Grant: 600, AccessToken: 300, IdToken: 300, AuthorizationCode: 60 },
    renderError(ctx, out) {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `Demo login: ${String(out.error)}: ${String(out.error_description ?? '')}`;
    },
  };
  const provider = new ProviderClass(issuer, configuration);
  provider.on('server_error', (_ctx: unknown, error: Error) => services.log.error({ err: error }, 'demo OpenID provider failed'));
  return { provider, issuer, clientSecret: secrets.demoProvider.clientSecret };
}

/**
 * Mounts the provider at /oidc: the request is handed over before Fastify reads its body, since
 * the provider parses its own (the token endpoint's form).
 */
export function mountDemoProvider(app: FastifyInstance, demo: DemoProvider): void {
  const callback = demo.provider.callback();
  app.route({
    method: ['GET', 'POST'],
    url: `${DEMO_PROVIDER_PATH}/*`,
    onRequest: async (request, reply) => {
      reply.hijack();
      const raw = request.raw as IncomingMessage & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = raw.url!.slice(DEMO_PROVIDER_PATH.length) || '/';
      // Neither the provider's answers nor its pages may be kept by a browser or proxy.
      (reply.raw as ServerResponse).setHeader('cache-control', 'no-store');
      (reply.raw as ServerResponse).setHeader('x-content-type-options', 'nosniff');
      callback(raw, reply.raw);
    },
    handler: async () => undefined,
  });
}

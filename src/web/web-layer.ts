// The portal's web layer: server-rendered pages (Nunjucks with GOV.UK Frontend's macros),
// sessions in PostgreSQL, CSRF tokens on every form, a strict Content-Security-Policy, three
// languages. Registered as one encapsulated plugin, so none of it touches /fhir or /auth.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import type { Services } from '../server.ts';
import { KansioError } from '../domain/errors.ts';
import { enforceInactivity, postgresSessionStore } from './session.ts';
import { loadWebSecrets } from './web-secrets.ts';
import { PageError, languageOf, renderPage } from './render.ts';
import { translator } from './i18n.ts';
import { registerLoginRoutes } from './login/routes.ts';
import { registerPortalRoutes } from './portal/routes.ts';
import { registerAdminPages } from './admin/routes.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const GOVUK_DIST = path.join(path.dirname(fileURLToPath(import.meta.resolve('govuk-frontend/package.json'))), 'dist');
const TEMPLATES = path.join(here, 'templates');

/** The files /assets/ serves: GOV.UK Frontend's compiled CSS and JS, its fonts and images, and ours. */
const ASSET = /^\/(fonts\/[\w.-]+\.woff2?|images\/[\w.-]+\.(svg|png|ico)|govuk-frontend\.min\.(css|js)|kansio\.(css|svg))$/;

export const SESSION_COOKIE = 'kansio_session';

export async function registerWeb(app: FastifyInstance, services: Services): Promise<void> {
  const { config } = services;
  const secrets = await loadWebSecrets(config);
  const secure = config.baseUrl.startsWith('https://');
  await app.register(async (web) => {
    await web.register(fastifyFormbody, { bodyLimit: 16 * 1024 });
    await web.register(fastifyCookie);
    await web.register(fastifySession, {
      secret: secrets.sessionSecret,
      cookieName: SESSION_COOKIE,
      // Secure behind TLS; HttpOnly always; Lax so that the provider's redirect back carries it.
      cookie: { httpOnly: true, secure, sameSite: 'lax', path: '/' },
      rolling: false,
      saveUninitialized: false,
      store: postgresSessionStore(services.db.pool, config.sessionIdleMinutes),
    });
    web.addHook('onRequest', enforceInactivity(config.sessionIdleMinutes));
    await web.register(fastifyCsrf, { sessionPlugin: '@fastify/session', getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf });
    await web.register(fastifyHelmet, {
      enableCSPNonces: true,
      global: true,
      // HSTS is set for every response by the server when the base URL is https (L6).
      hsts: false,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          // A PDF is shown in a frame of our own origin (the document page).
          frameSrc: ["'self'"],
          frameAncestors: ["'self'"],
          formAction: ["'self'"],
          baseUri: ["'none'"],
          ...(secure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
    });
    await web.register(fastifyView, {
      engine: { nunjucks },
      templates: [TEMPLATES, GOVUK_DIST],
      options: { autoescape: true, throwOnUndefined: false, noCache: false },
    });
    await web.register(fastifyStatic, {
      root: [path.join(GOVUK_DIST, 'govuk', 'assets'), path.join(GOVUK_DIST, 'govuk'), path.join(here, 'assets')],
      prefix: '/assets/',
      allowedPath: (pathName) => ASSET.test(pathName),
      maxAge: '1d',
      index: false,
      list: false,
    });

    web.setErrorHandler(async (error: FastifyError, request, reply) => renderError(error, request, reply, services));
    await registerLoginRoutes(web, app, services, secrets);
    registerPortalRoutes(web, services);
    registerAdminPages(web, services);
  });
}

/** Errors as pages: the same status codes the FHIR API would give, in the page's language. */
async function renderError(error: FastifyError, request: FastifyRequest, reply: FastifyReply, services: Services): Promise<FastifyReply> {
  const csrf = error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET';
  const given = error instanceof PageError || error instanceof KansioError ? error.status : error.statusCode ?? 500;
  const status = csrf ? 403 : given >= 400 && given < 500 ? given : 500;
  if (status >= 500) request.log.error({ err: error }, 'portal page failed');
  const key = error instanceof PageError ? error.key
    : csrf ? 'errors.csrf' : status === 404 ? 'errors.notFound' : status === 403 ? 'errors.forbidden' : status < 500 ? 'errors.badRequest' : 'errors.server';
  // A page refused for want of a role names the role (issue 10: each page requires its own).
  const bodyVars = error instanceof PageError && error.role ? { role: translator(languageOf(request))(`roles.${error.role}`) } : undefined;
  return renderPage(request, reply.code(status), services, 'pages/error.njk', { titleKey: `${key}.title`, bodyKey: `${key}.body`, bodyVars });
}

// Login, logout and the language choice: the pages around the portal.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../server.ts';
import { parseIdentityCode } from '../../domain/identity-code.ts';
import { ensurePerson } from '../../store/people.ts';
import { demoAccount, demoAccounts, demoProfessionals } from '../../store/demo-accounts.ts';
import { getProfessional } from '../../store/professionals.ts';
import { isLang } from '../i18n.ts';
import { LANG_COOKIE, PageError, languageOf, localPath, renderPage } from '../render.ts';
import { expiredSessions } from '../session.ts';
import { INTERFACE_ROLES } from '../admin/common.ts';
import type { WebSecrets } from '../web-secrets.ts';
import { createDemoProvider, mountDemoProvider, PROFESSIONAL_ACCOUNT, PROFESSIONAL_SCOPE } from './demo-provider.ts';
import { LoginFailed, relyingParty, type LoginKind } from './relying-party.ts';

const DEMO_ACCOUNTS_SHOWN = 500;

export async function registerLoginRoutes(web: FastifyInstance, root: FastifyInstance, services: Services, secrets: WebSecrets): Promise<void> {
  const demo = services.config.demoLogin ? await createDemoProvider(services, secrets) : undefined;
  if (demo) mountDemoProvider(root, demo);
  const rp = relyingParty(services.config, demo);

  // The front page: what the portal is, and the way in.
  web.get<{ Querystring: { expired?: string; loggedOut?: string } }>('/', async (request, reply) => {
    if (request.session.citizen) return reply.redirect('/documents');
    return renderPage(request, reply, services, 'pages/start.njk', { titleKey: 'start.title', loginAvailable: rp !== undefined, expired: expiredSessions.has(request) || request.query.expired === '1', loggedOut: request.query.loggedOut === '1', idleMinutes: services.config.sessionIdleMinutes });
  });

  const startLogin = async (request: FastifyRequest, reply: FastifyReply, kind: LoginKind) => {
    if (!rp) throw new PageError(503, 'errors.noLogin');
    let started: Awaited<ReturnType<typeof rp.start>>;
    try {
      started = await rp.start(languageOf(request), kind);
    } catch (error) {
      if (error instanceof LoginFailed) {
        request.log.warn({ reason: error.message }, 'portal login could not start');
        throw new PageError(503, 'errors.providerDown');
      }
      throw error;
    }
    request.session.login = started.login;
    return reply.redirect(started.url);
  };
  web.get('/login', async (request, reply) => startLogin(request, reply, 'citizen'));
  // The archivist and administration interfaces' login (L2, issue 10): a professional with the
  // archivist, administrator or operator role.
  web.get('/archivist/login', async (request, reply) => startLogin(request, reply, 'professional'));

  web.get('/login/callback', async (request, reply) => {
    const login = request.session.login;
    if (!rp || !login) throw new PageError(400, 'errors.loginExpired');
    let proven: Awaited<ReturnType<typeof rp.finish>>;
    try {
      proven = await rp.finish(new URL(request.url, services.config.baseUrl), login);
    } catch (error) {
      if (error instanceof LoginFailed) {
        request.log.warn({ reason: error.message }, 'portal login failed');
        throw new PageError(400, 'errors.loginFailed');
      }
      throw error;
    }
    if (login.kind === 'professional') {
      const professional = proven.professionalId ? await getProfessional(services.db.pool, proven.professionalId) : undefined;
      // L2: an archive officer of a controller, or (issue 10) an administrator or the national operator;
      // the roles are the controller's to give (D1), in Kansio's registry. Each page then requires its own.
      if (!professional || !professional.roles.some((r) => INTERFACE_ROLES.includes(r))) throw new PageError(403, 'errors.notArchivist');
      await request.session.regenerate();
      request.session.archivist = {
        professionalId: professional.professionalId, name: `${professional.givenName} ${professional.familyName}`, title: professional.title,
        controllerOid: professional.organisationParentOid ?? professional.organisationOid, organisationOid: professional.organisationOid, roles: professional.roles,
      };
      request.session.lastSeen = Date.now();
      return reply.redirect(professional.roles.includes('archivist') ? '/archivist' : '/admin');
    }
    const parsed = parseIdentityCode(proven.identityCode ?? '');
    if (!parsed.ok) throw new PageError(400, 'errors.loginFailed');
    const person = await ensurePerson(services.db.pool, { identityCode: parsed.code, birthDate: parsed.birthDate, givenName: proven.givenName ?? null, familyName: proven.familyName ?? null });
    // A new session id at login: a session id planted before the login is worth nothing after it.
    await request.session.regenerate();
    const name = [person.givenName, person.familyName].filter(Boolean).join(' ') || [proven.givenName, proven.familyName].filter(Boolean).join(' ');
    request.session.citizen = { personKey: person.personKey, name, loggedInAt: new Date().toISOString() };
    request.session.viewing = person.personKey;
    request.session.lastSeen = Date.now();
    return reply.redirect('/documents');
  });

  web.post('/logout', { preHandler: web.csrfProtection }, async (request, reply) => {
    const archivist = request.session.archivist !== undefined;
    await request.session.destroy();
    return reply.redirect(archivist ? '/archivist?loggedOut=1' : '/?loggedOut=1');
  });

  // The language switch on every page: a cookie, then back to the same page.
  web.get<{ Querystring: { to?: string; return?: string } }>('/language', async (request, reply) => {
    const to = request.query.to;
    if (!isLang(to)) throw new PageError(400, 'errors.badRequest');
    void reply.setCookie(LANG_COOKIE, to, { path: '/', httpOnly: true, sameSite: 'lax', secure: services.config.baseUrl.startsWith('https://'), maxAge: 365 * 24 * 3600 });
    return reply.redirect(localPath(request.query.return));
  });

  if (!demo) return;
  // The demo provider's login page: pick a person. Never in production (config refuses it
  // together with a real provider).
  web.get('/demo-login/:uid', async (request, reply) => {
    const details = await demo.provider.interactionDetails(request.raw, reply.raw).catch(() => undefined);
    if (!details) throw new PageError(400, 'errors.loginExpired');
    // The archivist interface asks for the professional scope: its page lists professionals.
    const professionals = String(details.params.scope ?? '').split(' ').includes(PROFESSIONAL_SCOPE);
    const accounts = professionals ? [] : await demoAccounts(services.db.pool, DEMO_ACCOUNTS_SHOWN);
    const staff = professionals ? await demoProfessionals(services.db.pool, DEMO_ACCOUNTS_SHOWN) : [];
    return renderPage(request, reply, services, 'pages/demo-login.njk', { titleKey: professionals ? 'demoLogin.titleProfessional' : 'demoLogin.title', accounts, staff, professionalPrefix: PROFESSIONAL_ACCOUNT, uid: details.uid, needsCsrf: true });
  });

  web.post<{ Body: { person?: string } }>('/demo-login/:uid', { preHandler: web.csrfProtection }, async (request, reply) => {
    const details = await demo.provider.interactionDetails(request.raw, reply.raw).catch(() => undefined);
    if (!details) throw new PageError(400, 'errors.loginExpired');
    const chosen = String(request.body?.person ?? '');
    let accountId: string | undefined;
    if (chosen.startsWith(PROFESSIONAL_ACCOUNT)) accountId = (await getProfessional(services.db.pool, chosen.slice(PROFESSIONAL_ACCOUNT.length))) ? chosen : undefined;
    else accountId = (await demoAccount(services.db.pool, chosen))?.fhirId;
    if (!accountId) throw new PageError(400, 'errors.badRequest');
    reply.hijack();
    await demo.provider.interactionFinished(request.raw, reply.raw, { login: { accountId } }, { mergeWithLastSubmission: false });
  });
}

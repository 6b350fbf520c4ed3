// Administration pages, issue 10: a controller's administrator registers, changes, rotates the
// keys of and removes the client data systems of their own controller (D1), over the same use
// cases as `kansio system ...`. The profile limits what the system's tokens allow (L5). Key
// rotation without downtime: the new key is added beside the old one, the system switches, the
// old one is removed; the token endpoint reads the keys on every request, so no restart.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JWK } from 'jose';
import type { Services } from '../../server.ts';
import { SYSTEM_PROFILES } from '../../domain/onboarding.ts';
import { listSystems } from '../../usecases/list-systems.ts';
import { registerSystem } from '../../usecases/register-system.ts';
import { removeSystem } from '../../usecases/remove-system.ts';
import { addSystemKey, removeSystemKey } from '../../usecases/rotate-system-key.ts';
import type { SystemRow } from '../../store/systems.ts';
import type { Archivist } from '../../usecases/archivist-context.ts';
import { PageError } from '../render.ts';
import { adminPage, administratorOf, attempt, doneBanner, doneHref, pageActor, professionalWithRole, type FormError } from './common.ts';

const FIELDS = ['clientId', 'name', 'profile', 'jwks', 'jwksUrl'] as const;
const DONE = ['system-added', 'system-updated', 'system-removed', 'key-added', 'key-removed'];

type SystemForm = { clientId?: string; name?: string; profile?: string; jwks?: string; jwksUrl?: string };

const administrator = (request: FastifyRequest, services: Services) => professionalWithRole(request, services, 'administrator');

/** One of the administrator's own controller's systems, or 404: another controller's is not theirs to see (D1). */
async function ownSystem(services: Services, professional: Archivist, clientId: string): Promise<SystemRow> {
  const system = (await listSystems(services.db.pool, { controllerOid: professional.controllerOid })).find((s) => s.clientId === clientId);
  if (!system) throw new PageError(404, 'errors.notFound');
  return system;
}

function formOf(system: SystemRow): SystemForm {
  return {
    clientId: system.clientId, name: system.name, profile: system.profile,
    jwks: system.jwksUri ? '' : JSON.stringify(system.jwks, null, 2), jwksUrl: system.jwksUri ?? '',
  };
}

/**
 * The form's keys as the use case takes them: the JSON pasted, parsed, and the URL, each when
 * filled in (the use case refuses both or neither, naming the field); bad JSON is named here.
 */
function keysOf(form: SystemForm): { jwks?: unknown; jwksUrl?: string; error?: FormError } {
  const text = String(form.jwks ?? '').trim();
  const url = String(form.jwksUrl ?? '').trim();
  if (!text) return url ? { jwksUrl: url } : {};
  try {
    return { jwks: JSON.parse(text), ...(url ? { jwksUrl: url } : {}) };
  } catch (error) {
    return { error: { text: 'admin.systems.bad.jwks', href: '#jwks', detail: `is not JSON (${(error as Error).message})` } };
  }
}

function showForm(request: FastifyRequest, reply: FastifyReply, services: Services, existing: SystemRow | undefined, form: SystemForm, errors: readonly FormError[] = []) {
  return adminPage(request, reply, services, 'pages/admin-system-form.njk', {
    titleKey: existing ? 'admin.systems.changeTitle' : 'admin.systems.addTitle', titleVars: { name: existing?.name ?? '' }, section: 'admin-systems',
    existing, form, errors, profiles: SYSTEM_PROFILES, action: existing ? `/admin/systems/${encodeURIComponent(existing.clientId)}` : '/admin/systems/new',
  });
}

export function registerSystemPages(web: FastifyInstance, services: Services): void {
  const now = (): string => new Date().toISOString();

  web.get<{ Querystring: { done?: string; id?: string } }>('/admin/systems', async (request, reply) => {
    const professional = await administrator(request, services);
    const systems = await listSystems(services.db.pool, { controllerOid: professional.controllerOid });
    return adminPage(request, reply, services, 'pages/admin-systems.njk', {
      titleKey: 'admin.systems.title', section: 'admin-systems', done: doneBanner(request.query, DONE),
      systems: systems.map((s) => ({ ...s, href: `/admin/systems/${encodeURIComponent(s.clientId)}`, kids: s.jwks.keys.map((k) => k.kid ?? '') })),
    });
  });

  web.get('/admin/systems/new', async (request, reply) => {
    await administrator(request, services);
    return showForm(request, reply, services, undefined, {});
  });

  // The add form and the change form post the same fields; the change form's client id is the URL's.
  const save = async (request: FastifyRequest<{ Body: SystemForm; Params: { clientId?: string } }>, reply: FastifyReply) => {
    const professional = await administrator(request, services);
    const existing = request.params.clientId !== undefined ? await ownSystem(services, professional, request.params.clientId) : undefined;
    const form: SystemForm = { ...(request.body ?? {}), ...(existing ? { clientId: existing.clientId } : {}) };
    const keys = keysOf(form);
    if (keys.error) return showForm(request, reply.code(400), services, existing, form, [keys.error]);
    let change = '';
    const refused = await attempt(async () => {
      const r = await services.db.withTransaction((tx) => registerSystem(tx, {
        clientId: String(form.clientId ?? '').trim(), name: String(form.name ?? ''), controllerOid: professional.controllerOid, profile: String(form.profile ?? ''),
        jwks: keys.jwks, jwksUrl: keys.jwksUrl,
        actor: pageActor(professional, administratorOf(professional)), now: now(), expect: existing ? 'existing' : 'new',
      }));
      change = r.change;
    }, 'systems', FIELDS);
    if (refused) return showForm(request, reply.code(refused.status), services, existing, form, refused.errors);
    return reply.redirect(doneHref('/admin/systems', change === 'add' ? 'system-added' : 'system-updated', String(form.clientId).trim()));
  };
  web.post<{ Body: SystemForm; Params: { clientId?: string } }>('/admin/systems/new', { preHandler: web.csrfProtection }, save);

  web.get<{ Params: { clientId: string } }>('/admin/systems/:clientId', async (request, reply) => {
    const professional = await administrator(request, services);
    const system = await ownSystem(services, professional, request.params.clientId);
    return showForm(request, reply, services, system, formOf(system));
  });
  web.post<{ Body: SystemForm; Params: { clientId: string } }>('/admin/systems/:clientId', { preHandler: web.csrfProtection }, save);

  // Removal: a confirmation page first (one thing per page), then the change.
  const confirmRemoval = async (request: FastifyRequest, reply: FastifyReply, system: SystemRow, errors: readonly FormError[] = []) =>
    adminPage(request, reply, services, 'pages/admin-confirm.njk', {
      titleKey: 'admin.removeSystem.title', titleVars: { name: system.name }, section: 'admin-systems', errors,
      warningKey: 'admin.removeSystem.warning', facts: [{ key: 'admin.systems.clientId', value: system.clientId }, { key: 'admin.systems.profile', value: `admin.profiles.${system.profile}`, translate: true }],
      action: `/admin/systems/${encodeURIComponent(system.clientId)}/remove`, back: '/admin/systems', buttonKey: 'admin.actions.confirmRemove',
    });
  web.get<{ Params: { clientId: string } }>('/admin/systems/:clientId/remove', async (request, reply) => {
    const professional = await administrator(request, services);
    return confirmRemoval(request, reply, await ownSystem(services, professional, request.params.clientId));
  });
  web.post<{ Params: { clientId: string } }>('/admin/systems/:clientId/remove', { preHandler: web.csrfProtection }, async (request, reply) => {
    const professional = await administrator(request, services);
    const system = await ownSystem(services, professional, request.params.clientId);
    const refused = await attempt(() => services.db.withTransaction((tx) => removeSystem(tx, { clientId: system.clientId, actor: pageActor(professional, administratorOf(professional)), now: now() })), 'systems', ['confirm']);
    if (refused) return confirmRemoval(request, reply.code(refused.status), system, refused.errors);
    return reply.redirect(doneHref('/admin/systems', 'system-removed', system.clientId));
  });

  // Key rotation (no downtime): the keys page lists the keys, adds a new one, and links to removing an old one.
  const keysPage = async (request: FastifyRequest, reply: FastifyReply, system: SystemRow, errors: readonly FormError[] = [], jwk = '') =>
    adminPage(request, reply, services, 'pages/admin-system-keys.njk', {
      titleKey: 'admin.keys.title', titleVars: { name: system.name }, section: 'admin-systems', system, errors, jwk,
      done: doneBanner(request.query as { done?: string; id?: string }, DONE),
      keys: system.jwks.keys.map((k: JWK) => ({ kid: k.kid ?? '', kty: k.kty, alg: k.alg ?? (k.crv ?? ''), removeHref: `/admin/systems/${encodeURIComponent(system.clientId)}/keys/remove?${new URLSearchParams({ kid: k.kid ?? '' })}` })),
      action: `/admin/systems/${encodeURIComponent(system.clientId)}/keys`,
    });
  web.get<{ Params: { clientId: string }; Querystring: { done?: string; id?: string } }>('/admin/systems/:clientId/keys', async (request, reply) => {
    const professional = await administrator(request, services);
    return keysPage(request, reply, await ownSystem(services, professional, request.params.clientId));
  });
  web.post<{ Params: { clientId: string }; Body: { jwk?: string } }>('/admin/systems/:clientId/keys', { preHandler: web.csrfProtection }, async (request, reply) => {
    const professional = await administrator(request, services);
    const system = await ownSystem(services, professional, request.params.clientId);
    const text = String(request.body?.jwk ?? '');
    let jwk: unknown;
    try {
      jwk = JSON.parse(text);
    } catch (error) {
      return keysPage(request, reply.code(400), system, [{ text: 'admin.keys.bad.jwk', href: '#jwk', detail: `is not JSON (${(error as Error).message})` }], text);
    }
    const refused = await attempt(() => services.db.withTransaction((tx) => addSystemKey(tx, { clientId: system.clientId, jwk, actor: pageActor(professional, administratorOf(professional)), now: now() })), 'keys', ['jwk']);
    if (refused) return keysPage(request, reply.code(refused.status), system, refused.errors, text);
    return reply.redirect(doneHref(`/admin/systems/${encodeURIComponent(system.clientId)}/keys`, 'key-added', (jwk as { kid: string }).kid));
  });

  const confirmKeyRemoval = async (request: FastifyRequest, reply: FastifyReply, system: SystemRow, kid: string, errors: readonly FormError[] = []) =>
    adminPage(request, reply, services, 'pages/admin-confirm.njk', {
      titleKey: 'admin.keys.removeTitle', titleVars: { kid, name: system.name }, section: 'admin-systems', errors,
      warningKey: 'admin.keys.removeWarning', facts: [{ key: 'admin.keys.kid', value: kid }], hidden: { kid },
      action: `/admin/systems/${encodeURIComponent(system.clientId)}/keys/remove`, back: `/admin/systems/${encodeURIComponent(system.clientId)}/keys`, buttonKey: 'admin.actions.confirmRemove',
    });
  web.get<{ Params: { clientId: string }; Querystring: { kid?: string } }>('/admin/systems/:clientId/keys/remove', async (request, reply) => {
    const professional = await administrator(request, services);
    const system = await ownSystem(services, professional, request.params.clientId);
    const kid = String(request.query.kid ?? '');
    if (!system.jwks.keys.some((k) => k.kid === kid)) throw new PageError(404, 'errors.notFound');
    return confirmKeyRemoval(request, reply, system, kid);
  });
  web.post<{ Params: { clientId: string }; Body: { kid?: string } }>('/admin/systems/:clientId/keys/remove', { preHandler: web.csrfProtection }, async (request, reply) => {
    const professional = await administrator(request, services);
    const system = await ownSystem(services, professional, request.params.clientId);
    const kid = String(request.body?.kid ?? '');
    const refused = await attempt(() => services.db.withTransaction((tx) => removeSystemKey(tx, { clientId: system.clientId, kid, actor: pageActor(professional, administratorOf(professional)), now: now() })), 'keys', ['confirm']);
    if (refused) return confirmKeyRemoval(request, reply.code(refused.status), system, kid, refused.errors);
    return reply.redirect(doneHref(`/admin/systems/${encodeURIComponent(system.clientId)}/keys`, 'key-removed', kid));
  });
}

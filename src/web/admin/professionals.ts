// Administration pages, issue 10, D1, D9: a controller's administrator registers, changes and
// removes the professionals of their controller and its units, identified by their card's
// subject serialNumber, with the roles the controller gives them. The operator role is never
// offered, and a holder of it keeps it untouched (src/domain/policy/administration.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../server.ts';
import { OPERATOR_ROLE } from '../../domain/policy/administration.ts';
import { listProfessionals } from '../../usecases/list-professionals.ts';
import { listOrganisations } from '../../usecases/list-organisations.ts';
import { registerProfessional } from '../../usecases/register-professional.ts';
import { removeProfessional } from '../../usecases/remove-professional.ts';
import { PROFESSIONAL_ROLES, type ProfessionalRow } from '../../store/professionals.ts';
import type { Archivist } from '../../usecases/archivist-context.ts';
import { PageError } from '../render.ts';
import { adminPage, administratorOf, attempt, doneBanner, doneHref, pageActor, professionalWithRole, type FormError } from './common.ts';

const FIELDS = ['id', 'givenName', 'familyName', 'title', 'organisation', 'roles'] as const;
const DONE = ['professional-added', 'professional-updated', 'professional-removed'];
/** The roles a page gives: every role but the national operator's. */
const PAGE_ROLES = PROFESSIONAL_ROLES.filter((r) => r !== OPERATOR_ROLE);

type ProfessionalForm = { id?: string; givenName?: string; familyName?: string; title?: string; organisation?: string; roles?: string | string[] };

const administrator = (request: FastifyRequest, services: Services) => professionalWithRole(request, services, 'administrator');

/** One professional of the administrator's own controller, or 404: another controller's is not theirs to see (D1). */
async function ownProfessional(services: Services, admin: Archivist, id: string): Promise<ProfessionalRow> {
  const found = (await listProfessionals(services.db.pool, { organisationOid: admin.controllerOid })).find((p) => p.professionalId === id);
  if (!found) throw new PageError(404, 'errors.notFound');
  return found;
}

const rolesOf = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : value ? [value] : []);
const hrefOf = (id: string): string => `/admin/professionals/${encodeURIComponent(id)}`;

async function showForm(request: FastifyRequest, reply: FastifyReply, services: Services, admin: Archivist, existing: ProfessionalRow | undefined, form: ProfessionalForm, errors: readonly FormError[] = []) {
  const organisations = await listOrganisations(services.db.pool, { controllerOid: admin.controllerOid });
  return adminPage(request, reply, services, 'pages/admin-professional-form.njk', {
    titleKey: existing ? 'admin.professionals.changeTitle' : 'admin.professionals.addTitle', titleVars: { name: existing ? `${existing.givenName} ${existing.familyName}` : '' },
    section: 'admin-professionals', existing, form: { ...form, roles: rolesOf(form.roles) }, errors, organisations, roles: PAGE_ROLES,
    holdsOperator: existing?.roles.includes(OPERATOR_ROLE) ?? false, action: existing ? hrefOf(existing.professionalId) : '/admin/professionals/new',
  });
}

export function registerProfessionalPages(web: FastifyInstance, services: Services): void {
  const now = (): string => new Date().toISOString();

  web.get<{ Querystring: { done?: string; id?: string } }>('/admin/professionals', async (request, reply) => {
    const admin = await administrator(request, services);
    const [professionals, organisations] = await Promise.all([
      listProfessionals(services.db.pool, { organisationOid: admin.controllerOid }), listOrganisations(services.db.pool, { controllerOid: admin.controllerOid }),
    ]);
    const names = new Map(organisations.map((o) => [o.oid, o.name]));
    return adminPage(request, reply, services, 'pages/admin-professionals.njk', {
      titleKey: 'admin.professionals.title', section: 'admin-professionals', done: doneBanner(request.query, DONE),
      professionals: professionals.map((p) => ({ ...p, name: `${p.givenName} ${p.familyName}`, organisationName: names.get(p.organisationOid) ?? p.organisationOid, href: hrefOf(p.professionalId) })),
    });
  });

  web.get('/admin/professionals/new', async (request, reply) => {
    const admin = await administrator(request, services);
    return showForm(request, reply, services, admin, undefined, {});
  });

  const save = async (request: FastifyRequest<{ Body: ProfessionalForm; Params: { id?: string } }>, reply: FastifyReply) => {
    const admin = await administrator(request, services);
    const existing = request.params.id !== undefined ? await ownProfessional(services, admin, request.params.id) : undefined;
    const form: ProfessionalForm = { ...(request.body ?? {}), ...(existing ? { id: existing.professionalId } : {}) };
    // The page neither gives nor takes the operator role: a holder keeps it as it is.
    const roles = [...rolesOf(form.roles), ...(existing?.roles.includes(OPERATOR_ROLE) ? [OPERATOR_ROLE] : [])];
    let change = '';
    const refused = await attempt(async () => {
      const r = await services.db.withTransaction((tx) => registerProfessional(tx, {
        professionalId: String(form.id ?? '').trim(), givenName: String(form.givenName ?? ''), familyName: String(form.familyName ?? ''), title: String(form.title ?? ''),
        organisationOid: String(form.organisation ?? ''), roles, actor: pageActor(admin, administratorOf(admin)), now: now(), expect: existing ? 'existing' : 'new',
      }));
      change = r.change;
    }, 'professionals', FIELDS);
    if (refused) return showForm(request, reply.code(refused.status), services, admin, existing, form, refused.errors);
    return reply.redirect(doneHref('/admin/professionals', change === 'add' ? 'professional-added' : 'professional-updated', String(form.id).trim()));
  };
  web.post<{ Body: ProfessionalForm; Params: { id?: string } }>('/admin/professionals/new', { preHandler: web.csrfProtection }, save);

  web.get<{ Params: { id: string } }>('/admin/professionals/:id', async (request, reply) => {
    const admin = await administrator(request, services);
    const p = await ownProfessional(services, admin, request.params.id);
    return showForm(request, reply, services, admin, p, { id: p.professionalId, givenName: p.givenName, familyName: p.familyName, title: p.title, organisation: p.organisationOid, roles: [...p.roles] });
  });
  web.post<{ Body: ProfessionalForm; Params: { id: string } }>('/admin/professionals/:id', { preHandler: web.csrfProtection }, save);

  const confirmRemoval = async (request: FastifyRequest, reply: FastifyReply, p: ProfessionalRow, errors: readonly FormError[] = []) =>
    adminPage(request, reply, services, 'pages/admin-confirm.njk', {
      titleKey: 'admin.removeProfessional.title', titleVars: { name: `${p.givenName} ${p.familyName}` }, section: 'admin-professionals', errors,
      warningKey: 'admin.removeProfessional.warning', facts: [{ key: 'admin.professionals.id', value: p.professionalId }, { key: 'admin.professionals.jobTitle', value: p.title }],
      action: `${hrefOf(p.professionalId)}/remove`, back: '/admin/professionals', buttonKey: 'admin.actions.confirmRemove',
    });
  web.get<{ Params: { id: string } }>('/admin/professionals/:id/remove', async (request, reply) => {
    const admin = await administrator(request, services);
    return confirmRemoval(request, reply, await ownProfessional(services, admin, request.params.id));
  });
  web.post<{ Params: { id: string } }>('/admin/professionals/:id/remove', { preHandler: web.csrfProtection }, async (request, reply) => {
    const admin = await administrator(request, services);
    const p = await ownProfessional(services, admin, request.params.id);
    const refused = await attempt(() => services.db.withTransaction((tx) => removeProfessional(tx, { professionalId: p.professionalId, actor: pageActor(admin, administratorOf(admin)), now: now() })), 'professionals', ['confirm']);
    if (refused) return confirmRemoval(request, reply.code(refused.status), p, refused.errors);
    return reply.redirect(doneHref('/admin/professionals', 'professional-removed', p.professionalId));
  });
}

// Administration pages, issue 10: the national operator registers and removes organisations
// (controllers and their units) and trusts professional-card CAs (D9), over the same use cases as
// `kansio org ...` and `kansio ca ...`. The operator's own organisation is registered with the CLI
// only (the pages offer controllers and units).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../server.ts';
import { CONTROLLER_KINDS, isControllerKind } from '../../domain/onboarding.ts';
import { listOrganisations } from '../../usecases/list-organisations.ts';
import { registerOrganisation } from '../../usecases/register-organisation.ts';
import { removeOrganisation } from '../../usecases/remove-organisation.ts';
import { addCardCa, listCardCas, removeCardCa } from '../../usecases/card-cas.ts';
import { getOrganisation, type OrganisationRow } from '../../store/organisations.ts';
import { getCardCa, type CardCaRow } from '../../store/card-cas.ts';
import { PageError } from '../render.ts';
import { adminPage, attempt, doneBanner, doneHref, pageActor, professionalWithRole, type FormError } from './common.ts';

const ORG_FIELDS = ['oid', 'name', 'kind', 'parent'] as const;
const PAGE_KINDS = [...CONTROLLER_KINDS, 'unit'] as const;
const DONE = ['organisation-added', 'organisation-removed', 'ca-added', 'ca-removed'];
const OPERATOR = { kind: 'operator' } as const;

type OrganisationForm = { oid?: string; name?: string; kind?: string; parent?: string };

const operator = (request: FastifyRequest, services: Services) => professionalWithRole(request, services, 'operator');

async function organisationForm(request: FastifyRequest, reply: FastifyReply, services: Services, form: OrganisationForm, errors: readonly FormError[] = []) {
  const controllers = (await listOrganisations(services.db.pool)).filter((o) => isControllerKind(o.kind));
  return adminPage(request, reply, services, 'pages/admin-organisation-form.njk', { titleKey: 'admin.organisations.addTitle', section: 'admin-organisations', form, errors, kinds: PAGE_KINDS, controllers });
}

async function caForm(request: FastifyRequest, reply: FastifyReply, services: Services, pem: string, errors: readonly FormError[] = []) {
  return adminPage(request, reply, services, 'pages/admin-card-ca-form.njk', { titleKey: 'admin.cardCas.addTitle', section: 'admin-card-cas', pem, errors });
}

export function registerNationalPages(web: FastifyInstance, services: Services): void {
  const now = (): string => new Date().toISOString();

  web.get<{ Querystring: { done?: string; id?: string } }>('/admin/organisations', async (request, reply) => {
    await operator(request, services);
    const organisations = await listOrganisations(services.db.pool);
    const names = new Map(organisations.map((o) => [o.oid, o.name]));
    return adminPage(request, reply, services, 'pages/admin-organisations.njk', {
      titleKey: 'admin.organisations.title', section: 'admin-organisations', done: doneBanner(request.query, DONE),
      organisations: organisations.map((o) => ({ ...o, parentName: o.parentOid ? names.get(o.parentOid) ?? o.parentOid : undefined, removeHref: `/admin/organisations/${encodeURIComponent(o.oid)}/remove` })),
    });
  });

  web.get('/admin/organisations/new', async (request, reply) => {
    await operator(request, services);
    return organisationForm(request, reply, services, {});
  });
  web.post<{ Body: OrganisationForm }>('/admin/organisations/new', { preHandler: web.csrfProtection }, async (request, reply) => {
    const professional = await operator(request, services);
    const form = request.body ?? {};
    const kind = String(form.kind ?? '');
    // The pages register controllers and units; the operator's own organisation only with the CLI.
    if (!(PAGE_KINDS as readonly string[]).includes(kind)) return organisationForm(request, reply.code(400), services, form, [{ text: 'admin.organisations.bad.kind', href: '#kind' }]);
    const oid = String(form.oid ?? '').trim();
    const refused = await attempt(() => services.db.withTransaction((tx) => registerOrganisation(tx, {
      oid, name: String(form.name ?? ''), kind, parentOid: String(form.parent ?? '') || undefined,
      actor: pageActor(professional, OPERATOR), now: now(), expect: 'new',
    })), 'organisations', ORG_FIELDS);
    if (refused) return organisationForm(request, reply.code(refused.status), services, form, refused.errors);
    return reply.redirect(doneHref('/admin/organisations', 'organisation-added', oid));
  });

  const ownOrganisation = async (oid: string): Promise<OrganisationRow> => {
    const found = await getOrganisation(services.db.pool, oid);
    if (!found) throw new PageError(404, 'errors.notFound');
    return found;
  };
  const confirmOrganisationRemoval = (request: FastifyRequest, reply: FastifyReply, o: OrganisationRow, errors: readonly FormError[] = []) =>
    adminPage(request, reply, services, 'pages/admin-confirm.njk', {
      titleKey: 'admin.removeOrganisation.title', titleVars: { name: o.name }, section: 'admin-organisations', errors,
      warningKey: 'admin.removeOrganisation.warning', facts: [{ key: 'admin.organisations.oid', value: o.oid }, { key: 'admin.organisations.kind', value: `admin.kinds.${o.kind}`, translate: true }],
      action: `/admin/organisations/${encodeURIComponent(o.oid)}/remove`, back: '/admin/organisations', buttonKey: 'admin.actions.confirmRemove',
    });
  web.get<{ Params: { oid: string } }>('/admin/organisations/:oid/remove', async (request, reply) => {
    await operator(request, services);
    return confirmOrganisationRemoval(request, reply, await ownOrganisation(request.params.oid));
  });
  web.post<{ Params: { oid: string } }>('/admin/organisations/:oid/remove', { preHandler: web.csrfProtection }, async (request, reply) => {
    const professional = await operator(request, services);
    const o = await ownOrganisation(request.params.oid);
    const refused = await attempt(() => services.db.withTransaction((tx) => removeOrganisation(tx, { oid: o.oid, actor: pageActor(professional, OPERATOR), now: now() })), 'organisations', ['confirm']);
    if (refused) return confirmOrganisationRemoval(request, reply.code(refused.status), o, refused.errors);
    return reply.redirect(doneHref('/admin/organisations', 'organisation-removed', o.oid));
  });

  // D9: the professional-card CAs trusted in the database (those in the data folder are the CLI's to list).
  web.get<{ Querystring: { done?: string; id?: string } }>('/admin/card-cas', async (request, reply) => {
    await operator(request, services);
    const cas = await listCardCas(services.db.pool);
    return adminPage(request, reply, services, 'pages/admin-card-cas.njk', {
      titleKey: 'admin.cardCas.title', section: 'admin-card-cas', done: doneBanner(request.query, DONE),
      cas: cas.map((c) => ({ ...c, subject: c.subject.replace(/\n/g, ', '), removeHref: `/admin/card-cas/${encodeURIComponent(c.fingerprint)}/remove` })),
    });
  });
  web.get('/admin/card-cas/new', async (request, reply) => {
    await operator(request, services);
    return caForm(request, reply, services, '');
  });
  web.post<{ Body: { pem?: string } }>('/admin/card-cas/new', { preHandler: web.csrfProtection }, async (request, reply) => {
    const professional = await operator(request, services);
    const pem = String(request.body?.pem ?? '');
    let fingerprint = '';
    const refused = await attempt(async () => {
      const r = await services.db.withTransaction((tx) => addCardCa(tx, { pem, actor: pageActor(professional, OPERATOR), now: now() }));
      fingerprint = r.ca.fingerprint;
    }, 'cardCas', ['pem']);
    if (refused) return caForm(request, reply.code(refused.status), services, pem, refused.errors);
    return reply.redirect(doneHref('/admin/card-cas', 'ca-added', fingerprint));
  });

  const trustedCa = async (fingerprint: string): Promise<CardCaRow> => {
    const found = await getCardCa(services.db.pool, fingerprint);
    if (!found) throw new PageError(404, 'errors.notFound');
    return found;
  };
  const confirmCaRemoval = (request: FastifyRequest, reply: FastifyReply, ca: CardCaRow, errors: readonly FormError[] = []) =>
    adminPage(request, reply, services, 'pages/admin-confirm.njk', {
      titleKey: 'admin.removeCardCa.title', titleVars: { subject: ca.subject.replace(/\n/g, ', ') }, section: 'admin-card-cas', errors,
      warningKey: 'admin.removeCardCa.warning', facts: [{ key: 'admin.cardCas.fingerprint', value: ca.fingerprint }],
      action: `/admin/card-cas/${encodeURIComponent(ca.fingerprint)}/remove`, back: '/admin/card-cas', buttonKey: 'admin.actions.confirmRemove',
    });
  web.get<{ Params: { fingerprint: string } }>('/admin/card-cas/:fingerprint/remove', async (request, reply) => {
    await operator(request, services);
    return confirmCaRemoval(request, reply, await trustedCa(request.params.fingerprint));
  });
  web.post<{ Params: { fingerprint: string } }>('/admin/card-cas/:fingerprint/remove', { preHandler: web.csrfProtection }, async (request, reply) => {
    const professional = await operator(request, services);
    const ca = await trustedCa(request.params.fingerprint);
    const refused = await attempt(() => services.db.withTransaction((tx) => removeCardCa(tx, { fingerprint: ca.fingerprint, actor: pageActor(professional, OPERATOR), now: now() })), 'cardCas', ['confirm']);
    if (refused) return confirmCaRemoval(request, reply.code(refused.status), ca, refused.errors);
    return reply.redirect(doneHref('/admin/card-cas', 'ca-removed', ca.fingerprint));
  });
}

// D5, D7, D8, S5 in the portal: acknowledge the Kanta informing, give and revoke the social
// welfare disclosure consent, set and revoke prohibitions (per organisation, service task or
// document), each with a plain account of what it means, a check page before the change and a
// confirmation after. The forms become domain commands for the same use cases as the FHIR
// Consent API (channel 'portal'); a form names no person: the change is always about the person
// on screen, and the use case checks that the viewer may make it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../server.ts';
import type { ConsentCommand, ProhibitionScope } from '../../domain/consent.ts';
import { GUARDIAN_ROLE } from '../../domain/consent.ts';
import { latestInformingVersion, SERVICE_TASK_KEYS, type Lang } from '../../domain/codes/index.ts';
import { finnishDateTime, finnishDay } from '../../domain/finnish-day.ts';
import { KansioError } from '../../domain/errors.ts';
import { recordConsent, type ConsentRecorder } from '../../usecases/record-consent.ts';
import { revokeConsent } from '../../usecases/revoke-consent.ts';
import { readPortalConsents } from '../../usecases/read-portal-consents.ts';
import { listPortalDocuments } from '../../usecases/list-portal-documents.ts';
import { portalSettings } from '../../usecases/portal-context.ts';
import { findPersonByKey } from '../../store/people.ts';
import { allOrganisationNames } from '../../store/portal.ts';
import { formatters, translator } from '../i18n.ts';
import { getConsent, type StoredConsent } from '../../store/consents.ts';
import { PageError, languageOf, renderPage } from '../render.ts';
import { pageContext, requireCitizen, type PageContext } from './context.ts';
import { documentTypeLabel, serviceTaskLabel } from './documents.ts';

const SCOPES: readonly ProhibitionScope[] = ['controller', 'service-task', 'document'];
type Done = 'informing' | 'consent' | 'consent-revoked' | 'prohibition' | 'prohibition-revoked';
const DONE: readonly Done[] = ['informing', 'consent', 'consent-revoked', 'prohibition', 'prohibition-revoked'];

function recorder(context: PageContext): ConsentRecorder {
  return { kind: 'portal', viewer: context.viewer, may: context.viewing.may };
}

/** Who gives it: the person themself, or the citizen as a representative with a role (S3). */
async function commandActor(services: Services, context: PageContext): Promise<ConsentCommand['actor']> {
  if (context.viewing.basis === 'self') return { kind: 'client' };
  const citizen = (await findPersonByKey(services.db.pool, context.viewer.citizenKey))!;
  return { kind: 'representative', role: context.viewing.basis === 'guardian' ? GUARDIAN_ROLE : '34', identityCode: citizen.identityCode };
}

async function commandFor(services: Services, context: PageContext, what: Pick<ConsentCommand, 'kind' | 'scope' | 'target' | 'informingVersion'>): Promise<ConsentCommand> {
  const person = (await findPersonByKey(services.db.pool, context.viewer.personKey))!;
  return {
    patient: { fhirId: person.fhirId }, ...what, actor: await commandActor(services, context),
    givenAt: finnishDateTime(context.now), validFrom: finnishDay(context.now),
  };
}

/** A refusal as the person reads it: the rule that refused, in the page's language. */
function refusalKey(error: KansioError): string {
  if (/\bS5\b/.test(error.message)) return 'consent.guardianCannotProhibit';
  if (/\bD5\b/.test(error.message)) return 'consent.notInformed';
  return 'consent.cannotConsent';
}

interface TargetOption { readonly value: string; readonly text: string }

async function targetsOf(services: Services, context: PageContext, scope: ProhibitionScope, lang: Lang): Promise<TargetOption[]> {
  if (scope === 'service-task') return SERVICE_TASK_KEYS.map((k) => ({ value: k, text: serviceTaskLabel(k, lang) }));
  const list = await services.db.withTransaction(async (tx) => listPortalDocuments(tx, { viewer: context.viewer, settings: await portalSettings(tx, services.config), now: context.now }));
  if (scope === 'document') {
    // S3(c): only phase 2 documents and client journal entries can be prohibited one by one; the portal shows only such.
    return list.shown.map((d) => ({ value: d.setId, text: `${documentTypeLabel(d, lang)} (${formatters(lang).date(d.createdAt)})` }));
  }
  const oids = [...new Set([...list.relationships.map((r) => r.controllerOid), ...list.shown.map((d) => d.controllerOid)])];
  const names = await allOrganisationNames(services.db.pool, services.db);
  return oids.map((oid) => ({ value: oid, text: names.get(oid) ?? oid }));
}

export function registerConsentPages(web: FastifyInstance, services: Services): void {
  const preHandler = requireCitizen(services);
  const post = { preHandler: [web.csrfProtection, preHandler] };

  const overview = async (request: FastifyRequest, reply: FastifyReply, refusal?: string) => {
    const context = pageContext(request);
    const lang = languageOf(request);
    const consents = await services.db.withTransaction(async (tx) => readPortalConsents(tx, { viewer: context.viewer, settings: await portalSettings(tx, services.config), now: context.now }));
    const inForce = consents.records.filter((c) => c.revokedAt === null);
    const latest = latestInformingVersion(finnishDay(context.now));
    const informing = inForce.find((c) => c.kind === 'informing' && c.informingVersion === latest);
    const consent = inForce.find((c) => c.kind === 'social-welfare-consent');
    const prohibitions = inForce.filter((c) => c.kind === 'prohibition');
    // A copy: the document prohibitions' names are added to it, and the cached map is shared.
    const names = new Map(await allOrganisationNames(services.db.pool, services.db));
    for (const p of prohibitions.filter((x) => x.scope === 'document')) {
      const doc = consents.prohibitedDocuments.get(p.target!);
      names.set(p.target!, doc ? `${documentTypeLabel(doc, lang)} (${formatters(lang).date(doc.createdAt)})` : translator(lang)('consent.hiddenDocument'));
    }
    return renderPage(request, reply.code(refusal ? 422 : 200), services, 'pages/consent.njk', {
      titleKey: 'consent.title', section: 'consent', refusal,
      may: context.viewing.may, isGuardian: context.viewing.basis === 'guardian',
      informing, latest, consent,
      prohibitions: prohibitions.map((p) => ({ ...p, what: describeTarget(p, lang, names) })),
    });
  };

  web.get('/consent', { preHandler }, async (request, reply) => overview(request, reply));

  // One page per change: what it means, then a button that makes it.
  web.get('/consent/informing', { preHandler }, async (request, reply) =>
    renderPage(request, reply, services, 'pages/consent-confirm.njk', { titleKey: 'consent.informingTitle', section: 'consent', explainKey: 'consent.informingText', action: '/consent/informing', buttonKey: 'consent.informingConfirm' }));
  web.get('/consent/give', { preHandler }, async (request, reply) =>
    renderPage(request, reply, services, 'pages/consent-confirm.njk', { titleKey: 'consent.consentGive', section: 'consent', explainKey: 'consent.consentGiveExplain', action: '/consent/give', buttonKey: 'consent.consentGive' }));
  web.get<{ Params: { id: string } }>('/consent/revoke/:id', { preHandler }, async (request, reply) => {
    const context = pageContext(request);
    const { records } = await services.db.withTransaction(async (tx) => readPortalConsents(tx, { viewer: context.viewer, settings: await portalSettings(tx, services.config), now: context.now }));
    const record = records.find((c) => c.consentId === request.params.id && c.revokedAt === null && c.kind !== 'informing');
    if (!record) throw new PageError(404, 'errors.notFound');
    const prohibition = record.kind === 'prohibition';
    return renderPage(request, reply, services, 'pages/consent-confirm.njk', {
      titleKey: prohibition ? 'consent.prohibitionRevoke' : 'consent.consentRevoke', section: 'consent',
      explainKey: prohibition ? 'consent.prohibitionRevokeExplain' : 'consent.consentRevokeExplain',
      action: `/consent/revoke/${record.consentId}`, buttonKey: prohibition ? 'consent.prohibitionRevoke' : 'consent.consentRevoke', version: record.version,
    });
  });

  web.get<{ Querystring: { scope?: string; target?: string; answered?: string } }>('/consent/prohibit', { preHandler }, async (request, reply) => {
    const context = pageContext(request);
    const lang = languageOf(request);
    const scope = SCOPES.find((s) => s === request.query.scope);
    // A question sent back unanswered names no scope or target at all: the button's
    // `answered` says which question it was.
    if (!scope) {
      const unanswered = request.query.scope !== undefined || request.query.answered === 'kind';
      return renderPage(request, reply.code(unanswered ? 400 : 200), services, 'pages/prohibit-kind.njk', {
        titleKey: 'consent.prohibitionAdd', section: 'consent', scopes: SCOPES, error: unanswered, isGuardian: context.viewing.basis === 'guardian',
      });
    }
    const targets = await targetsOf(services, context, scope, lang);
    const chosen = targets.find((t) => t.value === request.query.target);
    if (!chosen) {
      const unanswered = request.query.target !== undefined || request.query.answered === 'target';
      return renderPage(request, reply.code(unanswered ? 400 : 200), services, 'pages/prohibit-target.njk', {
        titleKey: 'consent.targetQuestion', section: 'consent', scope, targets, error: unanswered,
      });
    }
    return renderPage(request, reply, services, 'pages/prohibit-check.njk', { titleKey: 'consent.checkTitle', section: 'consent', scope, target: chosen });
  });

  const change = async (request: FastifyRequest, reply: FastifyReply, done: Done, run: (context: PageContext) => Promise<{ ok: boolean; error?: KansioError }>) => {
    const context = pageContext(request);
    const result = await run(context);
    if (!result.ok) return overview(request, reply, refusalKey(result.error!));
    // Post, then redirect: a reload never records twice.
    return reply.redirect(`/consent/done/${done}`);
  };

  web.post('/consent/informing', post, async (request, reply) => change(request, reply, 'informing', async (context) => {
    const command = await commandFor(services, context, { kind: 'informing', informingVersion: latestInformingVersion(finnishDay(context.now)) });
    return services.db.withTransaction((tx) => recordConsent(tx, { command, channel: 'portal', recorder: recorder(context), now: context.now, clockSkewSeconds: services.config.clockSkewSeconds }));
  }));

  web.post('/consent/give', post, async (request, reply) => change(request, reply, 'consent', async (context) => {
    const command = await commandFor(services, context, { kind: 'social-welfare-consent' });
    return services.db.withTransaction((tx) => recordConsent(tx, { command, channel: 'portal', recorder: recorder(context), now: context.now, clockSkewSeconds: services.config.clockSkewSeconds }));
  }));

  web.post<{ Body: { scope?: string; target?: string } }>('/consent/prohibit', post, async (request, reply) => {
    const scope = SCOPES.find((s) => s === request.body?.scope);
    const target = request.body?.target;
    if (!scope || typeof target !== 'string' || target.length > 200) throw new PageError(400, 'errors.badRequest');
    return change(request, reply, 'prohibition', async (context) => {
      const command = await commandFor(services, context, { kind: 'prohibition', scope, target });
      return services.db.withTransaction((tx) => recordConsent(tx, { command, channel: 'portal', recorder: recorder(context), now: context.now, clockSkewSeconds: services.config.clockSkewSeconds }));
    });
  });

  web.post<{ Params: { id: string }; Body: { version?: string } }>('/consent/revoke/:id', post, async (request, reply) => {
    const version = Number(request.body?.version);
    const context = pageContext(request);
    const actor = await commandActor(services, context);
    // Only which confirmation to show: the revocation itself reads, decides and audits.
    const kind = (await getConsent(services.db.pool, request.params.id).catch(() => undefined))?.kind;
    return change(request, reply, kind === 'prohibition' ? 'prohibition-revoked' : 'consent-revoked', async () =>
      services.db.withTransaction((tx) => revokeConsent(tx, {
        consentId: request.params.id, ifMatchVersion: Number.isInteger(version) ? version : undefined,
        revocation: () => ({ revokedBy: actor }), recorder: recorder(context), now: context.now,
      })));
  });

  web.get<{ Params: { what: string } }>('/consent/done/:what', { preHandler }, async (request, reply) => {
    const what = DONE.find((d) => d === request.params.what);
    if (!what) throw new PageError(404, 'errors.notFound');
    return renderPage(request, reply, services, 'pages/consent-done.njk', { titleKey: `consent.done.${what}`, section: 'consent' });
  });
}

function describeTarget(p: StoredConsent, lang: Lang, names: Map<string, string>): string {
  if (p.scope === 'service-task') return serviceTaskLabel(p.target!, lang);
  return names.get(p.target!) ?? p.target!;
}

// The archivist interface at /archivist (issue 10, L1, L2, V14): an archive officer of a
// controller searches their own register by person (every version, the invalidated and the
// superseded included), opens a document with its version history, invalidates with a reason,
// and asks whether the citizen portal shows a document and which rule decides it. The person's
// identity code travels only in a posted form, never in a URL.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../server.ts';
import type { DocumentStatus } from '../../domain/types.ts';
import { parseIdentityCode } from '../../domain/identity-code.ts';
import { isCalendarDay, nextFinnishDay, startOfFinnishDay } from '../../domain/finnish-day.ts';
import { SERVICE_TASK_KEYS, allDocumentTypes, findDocumentType } from '../../domain/codes/index.ts';
import { searchRegister } from '../../usecases/search-register.ts';
import { readRegisterDocument } from '../../usecases/read-register-document.ts';
import { invalidateDocument } from '../../usecases/invalidate-document.ts';
import { explainPortalView } from '../../usecases/explain-portal-view.ts';
import { ARCHIVIST_SYSTEM, archivistRequester, type Archivist } from '../../usecases/archivist-context.ts';
import { setControllerSettings } from '../../usecases/set-controller-settings.ts';
import { controllerSettings } from '../../store/controller-settings.ts';
import { TRANSITION_CATEGORIES, type ArchivingMode, type ControllerSettings, type SettingsChange, type TransitionPeriod } from '../../domain/controller-settings.ts';
import { PORTAL_CATEGORY_LABELS, type PortalCategory } from '../../domain/codes/index.ts';
import type { Lang } from '../../domain/codes/index.ts';
import { allOrganisationNames, personNames, representativesOfClient } from '../../store/portal.ts';
import { readRegisterAudit } from '../../usecases/read-register-audit.ts';
import { readDashboard } from '../../usecases/read-dashboard.ts';
import { listRetentionDue } from '../../usecases/list-retention-due.ts';
import { finnishDay } from '../../domain/finnish-day.ts';
import type { ServiceTaskKey } from '../../domain/codes/index.ts';
import { translator } from '../i18n.ts';
import { barChartSvg } from './chart.ts';
import { reasonText } from '../reason-text.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { PageError, languageOf, renderPage } from '../render.ts';
import { documentTypeLabel, serviceTaskLabel } from '../portal/documents.ts';

const STATUSES: readonly DocumentStatus[] = ['current', 'superseded', 'entered-in-error'];
const RESULTS = 500;
const RETENTION_LISTED = 200;
const AUDIT_PAGE = 50;
const AUDIT_BASES: readonly string[] = ['own-register', 'authorisation', 'consent', 'statutory'];
const AUDIT_ACTIONS: readonly string[] = ['store', 'search', 'read', 'invalidate', 'explain', 'consent-record', 'consent-revoke', 'consent-read', 'audit-search', 'audit-read', 'settings-change', 'legacy-import', 'destroy', 'admin-change'];

function taskRows(from: Readonly<Record<string, string>>, lang: Lang) {
  return SERVICE_TASK_KEYS.map((k) => ({ key: k, label: serviceTaskLabel(k, lang), value: from[k] ?? '' }));
}

/** Who changes the settings, for the audit record: the archivist interface, naming the archivist. */
function archivistBy(archivist: Archivist) {
  return { system: { id: ARCHIVIST_SYSTEM.id, name: `${ARCHIVIST_SYSTEM.name}: ${archivist.name}` }, organisationOid: archivist.controllerOid };
}

/** What the settings page shows of the settings, in the page's language. */
function settingsModel(settings: ControllerSettings, lang: Lang) {
  const t = translator(lang);
  const categoryLabel = (c: string): string => (c === 'all' ? t('archivist.transitions.all') : PORTAL_CATEGORY_LABELS[c as PortalCategory]?.[lang] ?? c);
  return {
    titleKey: 'archivist.settings.title', section: 'archivist-settings', settings, tasks: taskRows(settings.serviceTaskFrom, lang),
    transitions: settings.transitionPeriods.map((p) => ({ ...p, categoryLabel: categoryLabel(p.category) })),
    transitionCategories: TRANSITION_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) })),
    transitionForm: { name: '', category: 'all', from: '', until: '' },
  };
}

/** L2: the logged-in archive officer; the same login serves the administration pages, so the role is checked per page. */
function archivistOf(request: FastifyRequest): Archivist {
  const archivist = request.session.archivist;
  if (!archivist) throw new PageError(401, 'errors.archivistLogin');
  if (!archivist.roles.includes('archivist')) throw new PageError(403, 'errors.roleNeeded', 'archivist');
  return archivist;
}

async function page(request: FastifyRequest, reply: FastifyReply, services: Services, template: string, model: Record<string, unknown> & { titleKey: string }) {
  const archivist = request.session.archivist;
  const names = await allOrganisationNames(services.db.pool, services.db);
  return renderPage(request, reply, services, template, { ...model, archivistController: archivist ? names.get(archivist.controllerOid) : undefined });
}

type SearchForm = { identityCode?: string; from?: string; to?: string; serviceTask?: string; type?: string; phase?: string; status?: string | string[] };

/** The search form's choices in a language: the service tasks, and the national document types by name (built once). */
const CHOICES = new Map<Lang, { tasks: { value: string; text: string }[]; types: { value: string; text: string }[] }>();
function searchChoices(lang: Lang) {
  let choices = CHOICES.get(lang);
  if (!choices) {
    choices = {
      tasks: SERVICE_TASK_KEYS.map((k) => ({ value: k, text: serviceTaskLabel(k, lang) })),
      types: allDocumentTypes().map((d) => ({ value: `${d.system}|${d.code}`, text: `${d.label[lang]} (${d.code})` })).sort((a, b) => a.text.localeCompare(b.text, lang)),
    };
    CHOICES.set(lang, choices);
  }
  return choices;
}

/** The search form read and checked: the errors name their fields. */
function readSearchForm(body: SearchForm) {
  const statuses = (Array.isArray(body.status) ? body.status : body.status ? [body.status] : []).filter((s): s is DocumentStatus => (STATUSES as readonly string[]).includes(s));
  const errors: { text: string; href: string }[] = [];
  const parsed = parseIdentityCode(String(body.identityCode ?? '').trim().toUpperCase());
  if (!parsed.ok) errors.push({ text: 'archivist.search.badCode', href: '#identityCode' });
  if (body.from && !isCalendarDay(body.from)) errors.push({ text: 'archivist.search.badFrom', href: '#from' });
  if (body.to && !isCalendarDay(body.to)) errors.push({ text: 'archivist.search.badTo', href: '#to' });
  if (body.serviceTask && !(SERVICE_TASK_KEYS as readonly string[]).includes(body.serviceTask)) errors.push({ text: 'archivist.search.badTask', href: '#serviceTask' });
  if (body.phase && !['legacy', '1', '2', '3'].includes(body.phase)) errors.push({ text: 'archivist.search.badPhase', href: '#phase' });
  const [typeSystem, typeCode] = (body.type ?? '').split('|');
  const type = body.type && typeSystem && typeCode ? findDocumentType(typeSystem, typeCode) : undefined;
  if (body.type && !type) errors.push({ text: 'archivist.search.badType', href: '#type' });
  if (statuses.length === 0) errors.push({ text: 'archivist.search.noStatus', href: '#status' });
  return {
    errors,
    identityCode: parsed.ok ? parsed.code : undefined,
    form: { from: body.from, to: body.to, serviceTask: body.serviceTask, type: body.type, phase: body.phase, status: statuses },
    query: {
      statuses, serviceTask: body.serviceTask || undefined, phase: body.phase || undefined,
      type: type ? { system: type.system, code: type.code } : undefined,
      createdFrom: body.from && isCalendarDay(body.from) ? startOfFinnishDay(body.from) : undefined,
      createdBefore: body.to && isCalendarDay(body.to) ? startOfFinnishDay(nextFinnishDay(body.to)) : undefined,
    },
  };
}

export function registerArchivistPages(web: FastifyInstance, services: Services): void {
  // The archivist's front page: the register's counts as charts, and a late batch delivery (L3).
  web.get<{ Querystring: { loggedOut?: string } }>('/archivist', async (request, reply) => {
    const archivist = request.session.archivist;
    if (!archivist) {
      return page(request, reply, services, 'pages/archivist-start.njk', { titleKey: 'archivist.start.title', loggedOut: request.query.loggedOut === '1' });
    }
    // An administrator or operator without the archivist role: their pages are the administration's.
    if (!archivist.roles.includes('archivist')) return reply.redirect('/admin');
    const lang = languageOf(request);
    const t = translator(lang);
    const dashboard = await services.db.withConnection((connection) => readDashboard(connection, { archivist, now: new Date().toISOString() }));
    const monthLabel = (m: string): string => `${Number(m.slice(5))}/${m.slice(2, 4)}`;
    const stored = dashboard.months.map((m, i) => ({ label: monthLabel(m), value: dashboard.storedPerMonth[i]! }));
    const disclosed = dashboard.months.map((m, i) => ({ label: monthLabel(m), value: dashboard.disclosuresPerMonth[i]! }));
    const perTask = dashboard.storedPerTask.map((x) => ({ label: serviceTaskLabel(x.task, lang), value: x.count }));
    const describe = (bars: readonly { label: string; value: number }[]): string => bars.map((b) => `${b.label}: ${b.value}`).join('; ');
    return page(request, reply, services, 'pages/archivist-dashboard.njk', {
      titleKey: 'archivist.dashboard.title', section: 'archivist-dashboard', dashboard,
      charts: [
        { id: 'stored', title: t('archivist.dashboard.stored'), bars: stored, svg: barChartSvg('chart-stored', t('archivist.dashboard.stored'), describe(stored), stored) },
        { id: 'tasks', title: t('archivist.dashboard.perTask'), bars: perTask, svg: barChartSvg('chart-tasks', t('archivist.dashboard.perTask'), describe(perTask), perTask.map((b) => ({ ...b, label: b.label.slice(0, 14) }))) },
        { id: 'disclosed', title: t('archivist.dashboard.disclosed'), bars: disclosed, svg: barChartSvg('chart-disclosed', t('archivist.dashboard.disclosed'), describe(disclosed), disclosed) },
      ],
    });
  });

  // L3, V10: the controller's settings, through the same use case as `kansio settings set`.
  web.get<{ Querystring: { saved?: string; transition?: string } }>('/archivist/settings', async (request, reply) => {
    const archivist = archivistOf(request);
    const settings = await controllerSettings(services.db.pool, archivist.controllerOid);
    const transitionSaved = request.query.transition === 'added' || request.query.transition === 'removed' ? request.query.transition : undefined;
    return page(request, reply, services, 'pages/archivist-settings.njk', { ...settingsModel(settings, languageOf(request)), saved: request.query.saved === '1', transitionSaved });
  });

  // V10: a named transition period, added (or replaced by name) and removed through the same
  // audited use case as `kansio settings set --transition`.
  web.post<{ Body: Record<string, string | undefined> }>('/archivist/settings/transitions', { preHandler: web.csrfProtection }, async (request, reply) => {
    const archivist = archivistOf(request);
    const body = request.body ?? {};
    const period = { name: String(body.name ?? '').trim(), category: String(body.category ?? '') as TransitionPeriod['category'], from: String(body.from ?? ''), until: String(body.until ?? '') };
    const result = await services.db.withTransaction((tx) => setControllerSettings(tx, { controllerOid: archivist.controllerOid, change: { setTransitions: [period] }, now: new Date().toISOString(), by: archivistBy(archivist) }));
    if (!result.ok) {
      const settings = await controllerSettings(services.db.pool, archivist.controllerOid);
      return page(request, reply.code(400), services, 'pages/archivist-settings.njk', {
        ...settingsModel(settings, languageOf(request)), transitionForm: period,
        errors: [...new Set(result.error.problems.map((p) => p.expression ?? 'transition-name'))].map((f) => ({ text: `archivist.transitions.bad.${f}`, href: `#${f}` })),
      });
    }
    return reply.redirect('/archivist/settings?transition=added#transitions');
  });

  web.post<{ Body: { name?: string } }>('/archivist/settings/transitions/remove', { preHandler: web.csrfProtection }, async (request, reply) => {
    const archivist = archivistOf(request);
    const name = String(request.body?.name ?? '');
    const result = await services.db.withTransaction((tx) => setControllerSettings(tx, { controllerOid: archivist.controllerOid, change: { removeTransitions: [name] }, now: new Date().toISOString(), by: archivistBy(archivist) }));
    if (!result.ok) throw new PageError(404, 'errors.notFound');
    return reply.redirect('/archivist/settings?transition=removed#transitions');
  });

  web.post<{ Body: Record<string, string | undefined> }>('/archivist/settings', { preHandler: web.csrfProtection }, async (request, reply) => {
    const archivist = archivistOf(request);
    const body = request.body ?? {};
    // The form as a change of every field it shows; the use case checks each and names its field.
    const archiving: ArchivingMode | undefined = body.archiving === 'real-time' ? { kind: 'real-time' } : body.archiving === 'batch' ? { kind: 'batch', at: body.batchTime ?? '' } : undefined;
    const settings = await controllerSettings(services.db.pool, archivist.controllerOid);
    const errorsOf = (fields: readonly string[]) => page(request, reply.code(400), services, 'pages/archivist-settings.njk', {
      ...settingsModel(settings, languageOf(request)),
      errors: [...new Set(fields)].map((f) => ({ text: `archivist.settings.bad.${f}`, href: f === 'task-from' ? `#task-${SERVICE_TASK_KEYS[0]}` : `#${f}` })),
    });
    if (!archiving || !['yes', 'no'].includes(body.autoApproval ?? '')) return errorsOf([!archiving ? 'archiving' : 'auto-approval']);
    const change: SettingsChange = {
      archiving, autoApproval: body.autoApproval === 'yes', portalFrom: body.portalFrom ? body.portalFrom : null,
      serviceTaskFrom: Object.fromEntries(SERVICE_TASK_KEYS.map((k) => [k, body[`task-${k}`] ? body[`task-${k}`]! : null])),
    };
    const result = await services.db.withTransaction((tx) => setControllerSettings(tx, {
      controllerOid: archivist.controllerOid, change, now: new Date().toISOString(),
      by: archivistBy(archivist),
    }));
    if (!result.ok) return errorsOf(result.error.problems.map((p) => p.expression ?? 'archiving'));
    return reply.redirect('/archivist/settings?saved=1');
  });

  // S10: what is past retention in the archivist's own register (a dry run of the operator's
  // `kansio retention run`, audited), with the periods that decide it.
  web.get('/archivist/retention', async (request, reply) => {
    const archivist = archivistOf(request);
    const lang = languageOf(request);
    const now = new Date().toISOString();
    const today = finnishDay(now);
    const rules = services.config.retention;
    const report = await services.db.withTransaction((tx) => listRetentionDue(tx, { archivist, rules, today, now }));
    return page(request, reply, services, 'pages/archivist-retention.njk', {
      titleKey: 'archivist.retention.title', section: 'archivist-retention', today, examined: report.examined, total: report.due.length,
      perTask: Object.entries(report.perTask).sort(([a], [b]) => a.localeCompare(b)).map(([task, n]) => ({ task: serviceTaskLabel(task, lang), due: n.due })),
      due: report.due.slice(0, RETENTION_LISTED).map((d) => ({
        href: `/archivist/documents/${d.versionIds[d.versionIds.length - 1]}`, type: documentTypeLabel({ typeSystem: d.typeSystem, typeCode: d.typeCode }, lang),
        task: serviceTaskLabel(d.serviceTask, lang), phase: d.phase, dueOn: d.dueOn,
      })),
      rules: SERVICE_TASK_KEYS.map((k: ServiceTaskKey) => ({ task: serviceTaskLabel(k, lang), ...rules[k] })),
    });
  });

  web.get('/archivist/search', async (request, reply) => {
    archivistOf(request);
    return page(request, reply, services, 'pages/archivist-search.njk', { titleKey: 'archivist.search.title', section: 'archivist-search', form: { status: STATUSES }, ...searchChoices(languageOf(request)) });
  });

  // L2: the search result as CSV, for the archivist's own records (posted like the search, so that
  // the identity code stays out of the URL); audited as the search is.
  web.post<{ Body: SearchForm }>('/archivist/search.csv', { preHandler: web.csrfProtection }, async (request, reply) => {
    const archivist = archivistOf(request);
    const lang = languageOf(request);
    const read = readSearchForm(request.body ?? {});
    if (read.errors.length || !read.identityCode) throw new PageError(400, 'errors.badRequest');
    const result = await services.db.withConnection((connection) => searchRegister(connection, { archivist, ...read.query, identityCode: read.identityCode!, now: new Date().toISOString(), limit: 10_000 }));
    const names = await allOrganisationNames(services.db.pool, services.db);
    const cell = (v: unknown): string => {
      const text = String(v ?? '');
      // A cell that a spreadsheet would run as a formula is written as text (CSV injection).
      const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
      return /[",\n;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
    };
    const header = ['version_id', 'set_id', 'version', 'status', 'phase', 'created', 'stored', 'service_task', 'type_code', 'type', 'title', 'organisation'];
    const lines = result.documents.map((d) => [d.versionId, d.setId, d.versionNumber, d.status, d.phase, d.createdAt, d.storedAt, d.serviceTask, d.typeCode, documentTypeLabel(d, lang), d.title, names.get(d.authorOrganisationOid ?? d.unitOid ?? d.controllerOid) ?? d.controllerOid].map(cell).join(','));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="kansio-search.csv"').send([header.join(','), ...lines].join('\r\n') + '\r\n');
  });

  web.post<{ Body: SearchForm }>('/archivist/search', { preHandler: web.csrfProtection }, async (request, reply) => {
    const archivist = archivistOf(request);
    const lang = languageOf(request);
    const { errors, identityCode, form, query } = readSearchForm(request.body ?? {});
    const choices = searchChoices(lang);
    // The form comes back without the identity code: it is not kept on a page longer than needed.
    if (errors.length || !identityCode) return page(request, reply.code(400), services, 'pages/archivist-search.njk', { titleKey: 'archivist.search.title', section: 'archivist-search', form, errors, ...choices });
    const result = await services.db.withConnection((connection) => searchRegister(connection, { archivist, identityCode, ...query, now: new Date().toISOString(), limit: RESULTS }));
    return page(request, reply, services, 'pages/archivist-search.njk', {
      titleKey: 'archivist.search.title', section: 'archivist-search', form, ...choices, searched: true, identityCode, person: result.person, total: result.total,
      documents: result.documents.map((d) => ({ href: `/archivist/documents/${d.versionId}`, type: documentTypeLabel(d, lang), title: d.title, date: d.createdAt, task: serviceTaskLabel(d.serviceTask, lang), phase: d.phase, status: d.status, version: d.versionNumber })),
    });
  });

  // D10: the controller's audit trail, newest first, with filters (when, what); paged by an opaque cursor.
  web.get<{ Querystring: { from?: string; to?: string; action?: string; who?: string; basis?: string; after?: string } }>('/archivist/audit', async (request, reply) => {
    const archivist = archivistOf(request);
    const { from, to, action, basis } = request.query;
    const who = request.query.who?.trim() || undefined;
    const errors: { text: string; href: string }[] = [];
    if (from && !isCalendarDay(from)) errors.push({ text: 'archivist.search.badFrom', href: '#from' });
    if (to && !isCalendarDay(to)) errors.push({ text: 'archivist.search.badTo', href: '#to' });
    if (action && !AUDIT_ACTIONS.includes(action)) errors.push({ text: 'archivist.audit.badAction', href: '#action' });
    if (who && who.length > 100) errors.push({ text: 'archivist.audit.badWho', href: '#who' });
    if (basis && !AUDIT_BASES.includes(basis)) errors.push({ text: 'archivist.audit.badBasis', href: '#basis' });
    const after = decodeCursor(request.query.after);
    const result = errors.length ? { records: [], next: undefined } : await services.db.withConnection((connection) => readRegisterAudit(connection, {
      archivist, pageSize: AUDIT_PAGE, now: new Date().toISOString(),
      ...(from ? { from: startOfFinnishDay(from) } : {}), ...(to ? { to: startOfFinnishDay(nextFinnishDay(to)) } : {}), ...(action ? { action } : {}), ...(who ? { who } : {}), ...(basis ? { basis } : {}), ...(after ? { after } : {}),
    }));
    const people = await personNames(services.db.pool, [...new Set(result.records.flatMap((r) => (r.personKey ? [r.personKey] : [])))]);
    const query = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}), ...(action ? { action } : {}), ...(who ? { who } : {}), ...(basis ? { basis } : {}) });
    return page(request, reply.code(errors.length ? 400 : 200), services, 'pages/archivist-audit.njk', {
      titleKey: 'archivist.audit.title', section: 'archivist-audit', errors, filter: { from, to, action, who, basis }, actions: AUDIT_ACTIONS, bases: AUDIT_BASES,
      records: result.records.map((r) => ({
        ...r, person: r.personKey ? people.get(r.personKey) ?? '–' : undefined,
        documentCount: r.documents?.length ?? 0,
        bases: [...new Set((r.documents ?? []).flatMap((d) => (d.basis ? [d.basis.kind] : [])))],
      })),
      nextHref: result.next ? `/archivist/audit?${new URLSearchParams({ ...Object.fromEntries(query), after: encodeCursor(result.next) })}` : undefined,
      firstHref: request.query.after ? `/archivist/audit${query.size ? `?${query}` : ''}` : undefined,
    });
  });

  web.get<{ Params: { id: string }; Querystring: { viewer?: string } }>('/archivist/documents/:id', async (request, reply) => {
    const archivist = archivistOf(request);
    const lang = languageOf(request);
    const now = new Date().toISOString();
    const result = await services.db.withConnection((connection) => readRegisterDocument(connection, { archivist, versionId: request.params.id, now }));
    if (!result.ok) throw new PageError(404, 'errors.noDocument');
    const { document, versions } = result.value;
    // V14: would the client see it in the portal, and which rule decides? (A supervisor or archivist may ask.)
    // V14: the viewer is the client, or one of the people the registers say may act for them.
    const representatives = await representativesOfClient(services.db.pool, document.personKey);
    const viewer = request.query.viewer && representatives.some((r) => r.fhirId === request.query.viewer) ? request.query.viewer : 'client';
    const explained = await services.db.withConnection((connection) => explainPortalView(connection, { versionId: document.versionId, viewer, requester: archivistRequester(archivist), config: services.config, now }));
    return page(request, reply, services, 'pages/archivist-document.njk', {
      titleKey: 'archivist.document.title', titleVars: { type: documentTypeLabel(document, lang) }, section: 'archivist-search',
      document: { ...document, type: documentTypeLabel(document, lang), task: serviceTaskLabel(document.serviceTask, lang) },
      versions: versions.map((v) => ({ href: `/archivist/documents/${v.versionId}`, version: v.versionNumber, status: v.status, date: v.createdAt, stored: v.storedAt, current: v.versionId === document.versionId })),
      explanation: explained.ok ? {
        ...explained.value,
        checklist: explained.value.checklist.map((c) => ({ rule: c.reason.rule, effect: c.effect, text: reasonText(c.reason, lang) })),
      } : undefined,
      viewer, viewers: representatives,
    });
  });

  web.post<{ Params: { id: string }; Body: { reason?: string } }>('/archivist/documents/:id/invalidate', { preHandler: web.csrfProtection }, async (request, reply) => {
    const archivist = archivistOf(request);
    const reason = String(request.body?.reason ?? '').trim();
    if (reason.length < 3 || reason.length > 500) throw new PageError(400, 'errors.badReason');
    const result = await services.db.withTransaction((tx) => invalidateDocument(tx, { versionId: request.params.id, reason, requester: archivistRequester(archivist), now: new Date().toISOString() }));
    if (!result.ok) throw new PageError(result.error.status === 404 ? 404 : 409, result.error.status === 404 ? 'errors.noDocument' : 'errors.notCurrent');
    return reply.redirect(`/archivist/documents/${request.params.id}?invalidated=1`);
  });
}

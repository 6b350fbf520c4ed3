// V11: the log of use and disclosure of the data on screen, newest first, with a date filter and
// paging by cursor (opaque in the URL: it names a position in the trail, never a person).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../server.ts';
import { readPortalLog } from '../../usecases/read-portal-log.ts';
import { portalSettings } from '../../usecases/portal-context.ts';
import { allOrganisationNames, personNames } from '../../store/portal.ts';
import { findDocumentType, legalJustification, DOCUMENT_TYPE_SYSTEM } from '../../domain/codes/index.ts';
import { PageError, languageOf, renderPage } from '../render.ts';
import { pageContext, requireCitizen } from './context.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { isCalendarDay, nextFinnishDay, startOfFinnishDay } from '../../domain/finnish-day.ts';
import { serviceTaskLabel } from './documents.ts';

const PAGE_SIZE = 20;

type LogQuery = { from?: string; to?: string; after?: string };

export function registerLogPages(web: FastifyInstance, services: Services): void {
  web.get<{ Querystring: LogQuery }>('/log', { preHandler: requireCitizen(services) }, async (request, reply) => {
    const { viewer, now } = pageContext(request);
    const lang = languageOf(request);
    const from = request.query.from || undefined;
    const to = request.query.to || undefined;
    const errors: { text: string; href: string }[] = [];
    if (from !== undefined && !isCalendarDay(from)) errors.push({ text: 'log.badFrom', href: '#from' });
    if (to !== undefined && !isCalendarDay(to)) errors.push({ text: 'log.badTo', href: '#to' });
    if (from && to && isCalendarDay(from) && isCalendarDay(to) && from > to) errors.push({ text: 'log.fromAfterTo', href: '#from' });
    const after = decodeCursor(request.query.after);
    const page = errors.length ? { entries: [], next: undefined } : await services.db.withTransaction(async (tx) => readPortalLog(tx, {
      viewer, settings: await portalSettings(tx, services.config), now, pageSize: PAGE_SIZE,
      ...(from ? { from: startOfFinnishDay(from) } : {}), ...(to ? { to: startOfFinnishDay(nextFinnishDay(to)) } : {}), ...(after ? { after } : {}),
    }));
    const names = await allOrganisationNames(services.db.pool, services.db);
    const viewers = await personNames(services.db.pool, [...new Set(page.entries.flatMap((e) => (e.portalViewer && e.portalViewer.relation !== 'self' ? [e.portalViewer.viewerPersonKey] : [])))]);
    const query = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
    return renderPage(request, reply.code(errors.length ? 400 : 200), services, 'pages/log.njk', {
      titleKey: 'log.title', section: 'log', from, to, errors,
      entries: page.entries.map((e) => ({
        ...e,
        viewerName: e.portalViewer && e.portalViewer.relation !== 'self' ? viewers.get(e.portalViewer.viewerPersonKey) : undefined,
        organisation: e.organisationOid ? names.get(e.organisationOid) ?? e.organisationOid : undefined,
        // D6: the legal provision by its name in the page's language, not its code.
        statutoryJustification: e.statutoryJustification ? legalJustification(e.statutoryJustification)?.label[lang] ?? e.statutoryJustification : undefined,
        documents: e.documents.map((d) => ({
          type: findDocumentType(DOCUMENT_TYPE_SYSTEM, d.typeCode)?.label[lang] ?? d.typeCode,
          organisation: names.get(d.controllerOid) ?? d.controllerOid,
          task: d.serviceTask ? serviceTaskLabel(d.serviceTask, lang) : undefined,
        })),
      })),
      nextHref: page.next ? `/log?${new URLSearchParams({ ...Object.fromEntries(query), after: encodeCursor(page.next) })}` : undefined,
      firstHref: request.query.after ? `/log${query.size ? `?${query}` : ''}` : undefined,
    });
  });
}

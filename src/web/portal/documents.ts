// The document pages (V1-V6, V10, V12, V13, S8): the list grouped by service task, newest first,
// and one document, its structured content as headed sections or its PDF. Read-only (V12):
// nothing here changes a document or sends anything.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../server.ts';
import { findDocumentType, serviceTaskByCode, SERVICE_TASK_LABELS, type Lang, type ServiceTaskKey } from '../../domain/codes/index.ts';
import { listPortalDocuments } from '../../usecases/list-portal-documents.ts';
import { readPortalDocument } from '../../usecases/read-portal-document.ts';
import { portalSettings } from '../../usecases/portal-context.ts';
import { allOrganisationNames, type PortalDocumentRow } from '../../store/portal.ts';
import { PageError, languageOf, renderPage } from '../render.ts';
import { pageContext, requireCitizen } from './context.ts';
import { structuredSections } from './structured-content.ts';
import { MESSAGES } from '../i18n.ts';

export function serviceTaskLabel(task: string, lang: Lang): string {
  const labels = SERVICE_TASK_LABELS[task as ServiceTaskKey] ?? serviceTaskByCode(task)?.label;
  return labels ? labels[lang] : task;
}

export function documentTypeLabel(d: Pick<PortalDocumentRow, 'typeSystem' | 'typeCode'>, lang: Lang): string {
  const type = findDocumentType(d.typeSystem, d.typeCode);
  return type ? type.label[lang] : d.typeCode;
}

/** Documents a page: a person may have hundreds; GOV.UK pages a long list. */
export const PAGE_SIZE = 50;

export function registerDocumentPages(web: FastifyInstance, services: Services): void {
  const preHandler = requireCitizen(services);

  web.get<{ Querystring: { page?: string } }>('/documents', { preHandler }, async (request, reply) => {
    const { viewer, now } = pageContext(request);
    const lang = languageOf(request);
    const number = request.query.page === undefined ? 1 : Number(request.query.page);
    if (!Number.isInteger(number) || number < 1 || number > 100_000) throw new PageError(400, 'errors.badRequest');
    const list = await services.db.withConnection(async (connection) => listPortalDocuments(connection, { viewer, settings: await portalSettings(connection, services.config), now, page: { number, size: PAGE_SIZE } }));
    const names = await allOrganisationNames(services.db.pool, services.db);
    const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
    if (number > pages) throw new PageError(404, 'errors.notFound');
    // V13: grouped by service task, each group newest first (the list comes newest first).
    const groups = new Map<string, PortalDocumentRow[]>();
    for (const d of list.shown) groups.set(d.serviceTask, [...(groups.get(d.serviceTask) ?? []), d]);
    return renderPage(request, reply, services, 'pages/documents.njk', {
      titleKey: 'documents.title',
      section: 'documents',
      groups: [...groups.entries()].map(([task, docs]) => ({
        task: serviceTaskLabel(task, lang),
        documents: docs.map((d) => ({ href: `/documents/${d.versionId}`, type: documentTypeLabel(d, lang), title: d.title, date: d.createdAt, organisation: names.get(d.authorOrganisationOid) ?? d.authorOrganisationOid })),
      })),
      restricted: list.restricted,
      relationships: list.relationships.map((r) => ({ ...r, task: serviceTaskLabel(r.serviceTask, lang) })),
      pagination: pages > 1 ? {
        ...(number > 1 ? { previous: { href: `/documents?page=${number - 1}` } } : {}),
        ...(number < pages ? { next: { href: `/documents?page=${number + 1}` } } : {}),
        items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: `/documents?page=${i + 1}`, current: i + 1 === number })),
      } : undefined,
      range: { from: (number - 1) * PAGE_SIZE + 1, to: (number - 1) * PAGE_SIZE + list.shown.length, total: list.total },
    });
  });

  const readDocument = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const { viewer, now } = pageContext(request);
    const result = await services.db.withTransaction(async (tx) => readPortalDocument(tx, { viewer, versionId: request.params.id, settings: await portalSettings(tx, services.config), now }));
    // "Not found" for a document that does not exist and for one this viewer may not see alike.
    if (!result.ok) throw new PageError(404, 'errors.noDocument');
    return result.value;
  };

  web.get<{ Params: { id: string } }>('/documents/:id', { preHandler }, async (request, reply) => {
    const lang = languageOf(request);
    const { document, bytes } = await readDocument(request);
    const isPdf = document.contentType === 'application/pdf';
    const sections = !isPdf && /json/.test(document.contentType) ? structuredSections(bytes, MESSAGES[lang].content) : undefined;
    return renderPage(request, reply, services, 'pages/document.njk', {
      titleKey: 'document.title',
      titleVars: { type: documentTypeLabel(document, lang) },
      section: 'documents',
      document: { ...document, type: documentTypeLabel(document, lang), task: serviceTaskLabel(document.serviceTask, lang), organisation: document.authorOrganisationName ?? document.controllerName },
      isPdf,
      sections,
      text: !isPdf && !sections ? bytes.toString('utf8') : undefined,
      contentHref: `/documents/${document.versionId}/content`,
    });
  });

  // The bytes themselves: a PDF inline in the page's frame, or as a download. Each fetch is an
  // access of its own, decided and audited again.
  web.get<{ Params: { id: string }; Querystring: { download?: string } }>('/documents/:id/content', { preHandler }, async (request, reply) => {
    const { document, bytes } = await readDocument(request);
    const download = request.query.download === '1';
    const name = `${document.versionId}.${document.contentType === 'application/pdf' ? 'pdf' : document.contentType.includes('json') ? 'json' : 'bin'}`;
    return reply
      .type(document.contentType)
      .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename="${name}"`)
      .header('cache-control', 'no-store')
      // A stored document never runs as a page of ours.
      .header('content-security-policy', "frame-ancestors 'self'")
      .send(bytes);
  });
}

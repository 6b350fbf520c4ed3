// One way to render a page: the page's own view model plus what every page shows (language,
// language switch, whose data is on screen, the CSRF token for its forms).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Lang } from '../domain/codes/index.ts';
import type { Services } from '../server.ts';
import { DEFAULT_LANG, LANGUAGES, formatters, isLang, translator } from './i18n.ts';

export const LANG_COOKIE = 'kansio_lang';

/** The page's language: the person's choice (a cookie), else Finnish. */
export function languageOf(request: FastifyRequest): Lang {
  const chosen = request.cookies?.[LANG_COOKIE];
  return isLang(chosen) ? chosen : DEFAULT_LANG;
}

/** Whose data is on screen, for the header of every page (V13). */
export interface ViewingHeader {
  readonly name: string;
  readonly basis: string;
}

const viewingOf = new WeakMap<FastifyRequest, ViewingHeader>();

export function setViewingHeader(request: FastifyRequest, header: ViewingHeader): void {
  viewingOf.set(request, header);
}

/** A refusal a page shows: the status, the message key, and the role the page needs when that is why. */
export class PageError extends Error {
  readonly status: number;
  readonly key: string;
  readonly role: string | undefined;
  constructor(status: number, key: string, role?: string) {
    super(key);
    this.status = status;
    this.key = key;
    this.role = role;
  }
}

/** A local path to come back to: never another site (no open redirect). */
export function localPath(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) ? value : fallback;
}

export async function renderPage(request: FastifyRequest, reply: FastifyReply, services: Pick<Services, 'config'>, template: string, model: Record<string, unknown> & { titleKey: string; titleVars?: Record<string, unknown> }): Promise<FastifyReply> {
  const lang = languageOf(request);
  const t = translator(lang);
  const citizen = request.session?.citizen;
  const archivist = request.session?.archivist;
  const csrfToken = citizen || archivist || model.needsCsrf ? reply.generateCsrf() : undefined;
  return reply.type('text/html; charset=utf-8').view(template, {
    ...model,
    lang,
    t,
    fmt: formatters(lang),
    title: t(model.titleKey, model.titleVars),
    languages: LANGUAGES,
    returnPath: localPath(request.url),
    citizen,
    archivist,
    viewing: viewingOf.get(request),
    csrfToken,
    demo: services.config.demo || services.config.demoLogin,
    cspNonce: reply.cspNonce?.script,
  });
}

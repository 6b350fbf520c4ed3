// What the administration pages share (issue 10, D1): who is logged in and with which roles, read
// again from the registry on every request so that a role taken away or a professional removed
// counts at once; the actor that names them in the audit trail (D10); and a refusal of a use case
// turned into an error summary that names the field.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../server.ts';
import { KansioError } from '../../domain/errors.ts';
import type { AdminAuthority } from '../../domain/policy/administration.ts';
import { getProfessional, type ProfessionalRole } from '../../store/professionals.ts';
import { allOrganisationNames } from '../../store/portal.ts';
import type { AdminActor } from '../../usecases/admin-audit.ts';
import type { Archivist } from '../../usecases/archivist-context.ts';
import { PageError, renderPage } from '../render.ts';

/** The interface's own name in the audit trail, with the professional after it. */
export const ADMIN_SYSTEM = { id: 'kansio-admin', name: 'Kansio administration' } as const;

/** The roles that open the archivist and administration interfaces at login. */
export const INTERFACE_ROLES: readonly ProfessionalRole[] = ['archivist', 'administrator', 'operator'];

/**
 * The logged-in professional with their current roles, or 401 without a login and 403 naming the
 * role when they lack it. The session follows the registry: a removed professional is logged out.
 */
export async function professionalWithRole(request: FastifyRequest, services: Services, role: ProfessionalRole): Promise<Archivist> {
  const current = await currentProfessional(request, services);
  if (!current.roles.includes(role)) throw new PageError(403, 'errors.roleNeeded', role);
  return current;
}

/** The logged-in professional as the registry has them now; 401 without a login or once removed. */
export async function currentProfessional(request: FastifyRequest, services: Services): Promise<Archivist> {
  const session = request.session.archivist;
  if (!session) throw new PageError(401, 'errors.archivistLogin');
  const row = await getProfessional(services.db.pool, session.professionalId);
  if (!row) {
    // Removed from the registry while logged in: the session ends here, as an idle one does.
    const ended = request.session;
    await ended.destroy();
    await ended.regenerate();
    throw new PageError(401, 'errors.archivistLogin');
  }
  const current: Archivist = {
    professionalId: row.professionalId, name: `${row.givenName} ${row.familyName}`, title: row.title,
    controllerOid: row.organisationParentOid ?? row.organisationOid, organisationOid: row.organisationOid, roles: row.roles,
  };
  if (JSON.stringify(current) !== JSON.stringify(session)) request.session.archivist = current;
  return current;
}

/** D10: the administration pages as the actor, naming the professional; D1: with the page's authority. */
export function pageActor(professional: Archivist, authority: AdminAuthority): AdminActor {
  return {
    id: ADMIN_SYSTEM.id, name: `${ADMIN_SYSTEM.name}: ${professional.name} (${professional.professionalId})`, authority,
    professional: { id: professional.professionalId, name: professional.name, title: professional.title, organisationOid: professional.organisationOid },
  };
}

export function administratorOf(professional: Archivist): AdminAuthority {
  return { kind: 'administrator', controllerOid: professional.controllerOid };
}

/** One line of an error summary: a message key, the field's id, and the use case's own words when they add something. */
export interface FormError {
  readonly text: string;
  readonly href: string;
  readonly detail?: string;
}

/** Fields whose content is technical (JSON, PEM, URLs): the use case's exact words say what is wrong in it. */
const TECHNICAL = new Set(['jwks', 'jwksUrl', 'jwk', 'pem']);

/**
 * A use case's refusal as error summary lines. The message is the field's own (`<area>.bad.<field>`)
 * for bad input, or what kind of refusal it is otherwise; the use case's sentence (English, as the
 * CLI prints it) follows where it adds a detail the field message cannot know.
 */
export function formErrors(error: KansioError, area: string, fields: readonly string[]): FormError[] {
  return error.problems.map((p) => {
    const head = (p.expression ?? '').split(/[.[]/)[0] ?? '';
    const field = fields.includes(head) ? head : fields[0]!;
    // A confirmation page has one field, its button: the kind of refusal is the message there.
    const kind = error.status === 403 ? 'forbidden' : error.status === 404 ? 'gone' : error.status === 409 ? 'conflict' : 'invalid';
    const text = field !== 'confirm' && (error.status === 400 || error.status === 422) ? `admin.${area}.bad.${field}` : `admin.refused.${kind}`;
    const detail = error.status !== 400 || TECHNICAL.has(field) || field === 'confirm' ? `${p.expression ? `${p.expression}: ` : ''}${p.message}` : undefined;
    return { text, href: `#${field}`, ...(detail ? { detail } : {}) };
  });
}

/** Runs a change; a refusal of the use case (a KansioError) comes back as error lines, anything else is thrown. */
export async function attempt(change: () => Promise<unknown>, area: string, fields: readonly string[]): Promise<{ errors: FormError[]; status: number } | undefined> {
  try {
    await change();
    return undefined;
  } catch (error) {
    if (!(error instanceof KansioError)) throw error;
    return { errors: formErrors(error, area, fields), status: error.status };
  }
}

/** Renders an administration page with the organisation's name for the header. */
export async function adminPage(request: FastifyRequest, reply: FastifyReply, services: Services, template: string, model: Record<string, unknown> & { titleKey: string; titleVars?: Record<string, unknown> }): Promise<FastifyReply> {
  const professional = request.session.archivist;
  const names = await allOrganisationNames(services.db.pool, services.db);
  // GOV.UK: the message again at the field itself, keyed by the field's id.
  const fieldErrors = Object.fromEntries(((model.errors ?? []) as readonly FormError[]).map((e) => [e.href.slice(1), e.text]));
  return renderPage(request, reply, services, template, { ...model, fieldErrors, archivistController: professional ? names.get(professional.controllerOid) : undefined });
}

/** The success banner after a change: ?done=<what>&id=<which>, both from our own redirect. */
export function doneBanner(query: { done?: string; id?: string }, allowed: readonly string[]): { key: string; id: string } | undefined {
  return query.done && allowed.includes(query.done) ? { key: `admin.done.${query.done}`, id: String(query.id ?? '') } : undefined;
}

export function doneHref(path: string, done: string, id: string): string {
  return `${path}?${new URLSearchParams({ done, id })}`;
}

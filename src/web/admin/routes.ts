// The administration pages at /admin (issue 10, onboarding), on the archivist interface's login
// and session: a controller's administrator manages its client data systems and professionals,
// the national operator its organisations and trusted card CAs. Each page requires its role.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../server.ts';
import { PageError } from '../render.ts';
import { adminPage, currentProfessional } from './common.ts';
import { registerSystemPages } from './systems.ts';
import { registerProfessionalPages } from './professionals.ts';
import { registerNationalPages } from './national.ts';

export function registerAdminPages(web: FastifyInstance, services: Services): void {
  // The front page: the sections the person's roles open, or the way in.
  web.get('/admin', async (request, reply) => {
    if (!request.session.archivist) return adminPage(request, reply, services, 'pages/admin-start.njk', { titleKey: 'admin.start.title' });
    const professional = await currentProfessional(request, services);
    if (!professional.roles.includes('administrator') && !professional.roles.includes('operator')) throw new PageError(403, 'errors.roleNeeded', 'administrator');
    return adminPage(request, reply, services, 'pages/admin-index.njk', { titleKey: 'admin.index.title', section: 'admin', roles: professional.roles });
  });
  registerSystemPages(web, services);
  registerProfessionalPages(web, services);
  registerNationalPages(web, services);
}

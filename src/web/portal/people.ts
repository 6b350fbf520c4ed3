// Whose data (V7, V8, V9, V13): the people the logged-in person may act for today, and the switch
// between them. The switch posts the person's opaque id (never an identity code, never in a URL);
// an id that is not one of the listed people is refused.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../server.ts';
import { PageError, renderPage } from '../render.ts';
import { pageContext, requireCitizen } from './context.ts';

export function registerPeoplePages(web: FastifyInstance, services: Services): void {
  const preHandler = requireCitizen(services);

  web.get('/people', { preHandler }, async (request, reply) => {
    const { people, viewing } = pageContext(request);
    return renderPage(request, reply, services, 'pages/people.njk', {
      titleKey: 'people.title', section: 'people',
      allowed: people.allowed.map((p) => ({ ...p, current: p.personKey === viewing.personKey })),
      refused: people.refused,
    });
  });

  web.post<{ Body: { person?: string } }>('/people', { preHandler: [web.csrfProtection, preHandler] }, async (request, reply) => {
    const { people } = pageContext(request);
    const chosen = people.allowed.find((p) => p.fhirId === request.body?.person);
    if (!chosen) throw new PageError(403, 'errors.notYours');
    request.session.viewing = chosen.personKey;
    return reply.redirect('/documents');
  });
}

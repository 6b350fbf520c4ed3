// Every portal page starts here: the logged-in person, the people they may act for today
// (V7-V9, V13), and whose data is on screen. The person on screen is kept in the session and
// checked again on every request: a right that ended (an 18th birthday, a revoked mandate) ends
// at once, and the page falls back to the person's own data.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../server.ts';
import { actingFor, type ActingPerson, type PortalPeople } from '../../usecases/portal-people.ts';
import type { PortalViewer } from '../../usecases/portal-context.ts';
import { setViewingHeader } from '../render.ts';
import { expiredSessions } from '../session.ts';

export interface PageContext {
  readonly now: string;
  readonly people: PortalPeople;
  readonly viewing: ActingPerson;
  readonly viewer: PortalViewer;
}

const contexts = new WeakMap<FastifyRequest, PageContext>();

/** preHandler of every page behind the login: sends a person without a session to the front page. */
export function requireCitizen(services: Services) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const citizen = request.session.citizen;
    if (!citizen) {
      // The front page says so when the session has just ended for inactivity.
      await reply.redirect(expiredSessions.has(request) ? '/?expired=1' : '/');
      return;
    }
    const now = new Date().toISOString();
    const people = await actingFor(services.db.pool, citizen.personKey, now);
    const viewing = people.allowed.find((p) => p.personKey === request.session.viewing) ?? people.allowed[0]!;
    if (request.session.viewing !== viewing.personKey) request.session.viewing = viewing.personKey;
    setViewingHeader(request, { name: viewing.name, basis: viewing.basis });
    contexts.set(request, { now, people, viewing, viewer: { citizenKey: citizen.personKey, personKey: viewing.personKey, relation: viewing.basis } });
  };
}

export function pageContext(request: FastifyRequest): PageContext {
  const context = contexts.get(request);
  if (!context) throw new Error('requireCitizen did not run for this route');
  return context;
}

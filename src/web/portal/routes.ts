// The citizen portal's pages behind the login.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../server.ts';
import { registerDocumentPages } from './documents.ts';
import { registerPeoplePages } from './people.ts';
import { registerLogPages } from './log.ts';
import { registerConsentPages } from './consent.ts';
import { registerArchivistPages } from '../archivist/routes.ts';

export function registerPortalRoutes(web: FastifyInstance, services: Services): void {
  registerDocumentPages(web, services);
  registerPeoplePages(web, services);
  registerLogPages(web, services);
  registerConsentPages(web, services);
  registerArchivistPages(web, services);
}

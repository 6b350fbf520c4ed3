// Who is asking, and about whom: the authenticated requester with its SMART scopes checked
// against the route (L5), and the client named by opaque Patient id or identity code.
import type { FastifyRequest } from 'fastify';
import type { Services } from '../server.ts';
import { authenticate, scopeAllows } from '../auth/index.ts';
import { Forbidden } from '../domain/errors.ts';
import type { Requester } from '../domain/types.ts';
import { decideProfileAllows, type ArchiveAction } from '../domain/policy/system-profile.ts';
import { clientRefOf, findPersonByRef, type PersonRow } from '../store/people.ts';
import type { Queryable } from '../store/queryable.ts';
import type { AuditAction } from '../store/audit.ts';
import { auditRefusal } from '../usecases/audit-refusal.ts';

export type Permission = 'c' | 'r' | 'u' | 's';
export type RequesterOf = (request: FastifyRequest, resource: string, permission: Permission) => Promise<Requester>;

/** The profile action a missing scope stands for, to say which of the two refused it. */
function actionOf(resource: string, permission: Permission): ArchiveAction {
  if (resource === 'Consent') return permission === 'c' || permission === 'u' ? 'record-consent' : 'read-consent';
  return ({ c: 'store', r: 'read', u: 'invalidate', s: 'search' } as const)[permission];
}

const AUDIT_ACTION: Record<ArchiveAction, AuditAction> = {
  store: 'store', search: 'search', read: 'read', invalidate: 'invalidate', 'record-consent': 'consent-record', 'read-consent': 'consent-read',
  'import-consent': 'consent-record',
};

// SMART scopes narrow what the token may do, within what the system's profile allows (L5). A
// refusal here is a denied request of an authenticated party: it is audited like any other (D10).
export function requesterResolver(services: Pick<Services, 'config' | 'keys' | 'db' | 'revocations'>): RequesterOf {
  return async (request, resource, permission) => {
    const requester = await authenticate(services.keys, services.config, request.headers.authorization, new Date(), services.revocations);
    if (!scopeAllows(requester.scopes, resource, permission)) {
      const action = actionOf(resource, permission);
      const profile = decideProfileAllows(requester.profile, action);
      const because = profile.allow
        ? [{ rule: 'L5', detail: `the access token's scopes do not include system/${resource}.${permission}` }]
        : profile.because;
      await services.db.withConnection((connection) => auditRefusal(connection, {
        requester, action: resource === 'AuditEvent' ? (permission === 'r' ? 'audit-read' : 'audit-search') : AUDIT_ACTION[action], transaction: `${resource}.${permission}`, because, now: new Date().toISOString(),
      }));
      if (!profile.allow) throw Forbidden.of(`L5: ${profile.because[0]!.detail}`);
      throw Forbidden.of(`the access token's scopes (${requester.scopes.join(' ')}) do not include system/${resource}.${permission}; request it from the token endpoint`);
    }
    return requester;
  };
}

export async function resolvePerson(db: Queryable, fhirId: string | undefined, identityCode: string | undefined): Promise<PersonRow | undefined> {
  const ref = clientRefOf(fhirId, identityCode);
  return ref ? findPersonByRef(db, ref) : undefined;
}

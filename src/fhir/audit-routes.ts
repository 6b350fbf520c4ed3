// D10 audit trail as BALP AuditEvents: search by client (GET, or POST _search with the identity
// code in the body) and read by id. What each requester sees is decided per record by
// src/domain/policy/audit-visibility.ts; see docs/audit.md.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Bundle } from '@medplum/fhirtypes';
import type { Services } from '../server.ts';
import { InvalidInput } from '../domain/errors.ts';
import type { AuditPosition } from '../store/audit.ts';
import { searchAuditEvents } from '../usecases/search-audit-events.ts';
import { readAuditEvent } from '../usecases/read-audit-event.ts';
import { unwrap } from '../usecases/result.ts';
import { AUDIT_EVENT_SEARCH_PARAMETERS, toAuditEvent } from './audit-event.ts';
import { readPatientParameters } from './patient-param.ts';
import { resolvePerson, type RequesterOf } from './requester.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const DEFAULT_COUNT = 100;
const MAX_COUNT = 500;

interface AuditSearch {
  readonly fhirId?: string;
  readonly identityCode?: string;
  readonly count: number;
  readonly after?: AuditPosition;
}

/** The next link's cursor: the last record's position, base64url so that it reads as one token. */
export function encodeCursor(p: AuditPosition): string {
  return Buffer.from(`${p.recordedAt}|${p.lane}|${p.seq}`, 'utf8').toString('base64url');
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|(\d{1,2})\|(\d{1,18})$/;

export function decodeCursor(token: string): AuditPosition {
  const m = /^[A-Za-z0-9_-]{1,200}$/.test(token) ? CURSOR.exec(Buffer.from(token, 'base64url').toString('utf8')) : null;
  if (!m || Number.isNaN(Date.parse(m[1]!))) throw InvalidInput.of('_cursor is not a cursor this server gave: follow the searchset\'s next link as it is', '_cursor', 'value');
  return { recordedAt: m[1]!, lane: Number(m[2]), seq: m[3]! };
}

function parseAuditSearch(params: Record<string, unknown>): AuditSearch {
  const known = new Set([...AUDIT_EVENT_SEARCH_PARAMETERS.map((p) => p.name), '_format']);
  for (const key of Object.keys(params)) {
    if (!known.has(key)) throw InvalidInput.of(`search parameter '${key}' is not supported for AuditEvent; see the CapabilityStatement`, key, 'not-supported');
  }
  // A form body (POST _search) gives every value as a list; a query gives a list only when repeated.
  const one = (name: string): string | undefined => {
    const v = params[name];
    if (Array.isArray(v) && v.length > 1) throw InvalidInput.of(`${name} may be given only once`, name, 'structure');
    const x = Array.isArray(v) ? v[0] : v;
    return typeof x === 'string' ? x : undefined;
  };
  const patient = readPatientParameters(one('patient'), one('patient.identifier'), 'AuditEvent search');
  const countText = one('_count');
  if (countText !== undefined && !/^\d{1,6}$/.test(countText)) throw InvalidInput.of(`_count must be a whole number from 1 to ${MAX_COUNT}`, '_count', 'value');
  // FHIR lets a server return fewer than asked: the self link says how many it applied.
  const count = countText === undefined ? DEFAULT_COUNT : Math.min(MAX_COUNT, Math.max(1, Number(countText)));
  const cursor = one('_cursor');
  return { ...patient, count, ...(cursor !== undefined ? { after: decodeCursor(cursor) } : {}) };
}

export async function registerAuditRoutes(app: FastifyInstance, services: Services, requesterOf: RequesterOf): Promise<void> {
  const { config, db } = services;
  const base = `${config.baseUrl}/fhir/AuditEvent`;

  const search = async (request: FastifyRequest, params: Record<string, unknown>): Promise<Bundle> => {
    const requester = await requesterOf(request, 'AuditEvent', 's');
    const parsed = parseAuditSearch(params);
    const at = new Date().toISOString();
    const { person, page } = unwrap(await db.withConnection(async (connection) => {
      const person = await resolvePerson(connection, parsed.fhirId, parsed.identityCode);
      const found = await searchAuditEvents(connection, { person, count: parsed.count, requester, now: at, ...(parsed.after ? { after: parsed.after } : {}) });
      return found.ok ? { ok: true as const, value: { person, page: found.value } } : found;
    }));
    // The search as applied, naming the client by the opaque Patient id: never an identity code
    // in a URL. An unknown client has no Patient id; its empty searchset links to no search.
    const applied = (after?: AuditPosition): string => {
      const q = new URLSearchParams();
      if (person) q.set('patient', `Patient/${person.fhirId}`);
      q.set('_count', String(parsed.count));
      if (after) q.set('_cursor', encodeCursor(after));
      return `${base}?${q.toString()}`;
    };
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: page.total,
      link: [
        { relation: 'self', url: person ? applied(parsed.after) : base },
        ...(page.next && person ? [{ relation: 'next', url: applied(page.next) }] : []),
      ],
      entry: page.records.map((r) => ({ fullUrl: `${base}/${r.eventId}`, resource: toAuditEvent(r, config.baseUrl), search: { mode: 'match' as const } })),
    };
  };
  app.get('/AuditEvent', async (request, reply) => reply.type(FHIR_JSON).send(await search(request, request.query as Record<string, unknown>)));
  app.post('/AuditEvent/_search', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw InvalidInput.of('POST _search needs a form body (application/x-www-form-urlencoded)');
    return reply.type(FHIR_JSON).send(await search(request, { ...(request.query as Record<string, unknown>), ...body }));
  });

  app.get<{ Params: { id: string } }>('/AuditEvent/:id', async (request, reply) => {
    const requester = await requesterOf(request, 'AuditEvent', 'r');
    const at = new Date().toISOString();
    const record = unwrap(await db.withConnection((connection) => readAuditEvent(connection, { eventId: request.params.id, requester, now: at })));
    return reply.type(FHIR_JSON).send(toAuditEvent(record, config.baseUrl));
  });
}

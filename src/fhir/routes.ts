// The FHIR REST adapter: parse, authenticate, run the use case in one transaction, present.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Bundle, BundleEntry, Binary } from '@medplum/fhirtypes';
import type { Services } from '../server.ts';
import { smartConfiguration } from '../auth/index.ts';
import { InvalidInput } from '../domain/errors.ts';
import { requesterResolver, resolvePerson } from './requester.ts';
import { registerConsentRoutes } from './consent-routes.ts';
import { registerReadRoutes } from './read-routes.ts';
import { readProvideBundle } from './bundle.ts';
import { readLegalJustification } from './search-params.ts';
import { registerDocumentSearchRoutes } from './document-search-routes.ts';
import { toDocumentReference } from './document-reference-out.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { capabilityStatement } from './capability.ts';
import { explainOperation, invalidateOperation, readOperationInput, readOperationQuery } from './operations.ts';
import { explainAccess } from '../usecases/explain-access.ts';
import { explainPortalView } from '../usecases/explain-portal-view.ts';
import { legalJustificationOf, toExplanation, toPortalExplanation } from './explanation.ts';
import { clientRelationshipSchema, matterSchema } from './content-schemas.ts';
import { storeDocumentBundle } from '../usecases/store-document-bundle.ts';
import { retrieveDocument } from '../usecases/retrieve-document.ts';
import { invalidateDocument } from '../usecases/invalidate-document.ts';
import { unwrap } from '../usecases/result.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const VERSION = '0.1.0';

function parseJson(_req: FastifyRequest, body: string, done: (err: Error | null, value?: unknown) => void): void {
  try {
    done(null, JSON.parse(body));
  } catch (error) {
    done(InvalidInput.of(`the body is not valid JSON: ${(error as Error).message}`, undefined, 'structure'));
  }
}

export async function registerFhirRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const { config, db, keys } = services;
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(['application/json', 'application/fhir+json'], { parseAs: 'string' }, parseJson);
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      // Every value as a list, as a repeated form field gives several (parsed once).
      const form = new URLSearchParams(body as string);
      done(null, Object.fromEntries([...new Set(form.keys())].map((k) => [k, form.getAll(k)])));
    });
  }
  const requesterOf = requesterResolver(services);
  const now = (): string => new Date().toISOString();

  app.get('/metadata', async (_req, reply) => reply.type(FHIR_JSON).send(capabilityStatement(config, VERSION)));
  app.get('/.well-known/smart-configuration', async (_req, reply) => reply.send(smartConfiguration(config)));
  app.get('/schema/client-relationship.schema.json', async (_req, reply) => reply.send(clientRelationshipSchema));
  app.get('/schema/matter.schema.json', async (_req, reply) => reply.send(matterSchema));

  // ITI-65 Provide Document Bundle.
  app.post('/', async (request, reply) => {
    const requester = await requesterOf(request, 'DocumentReference', 'c');
    const bundle = readProvideBundle(request.body);
    const at = now();
    const stored = unwrap(await db.withTransaction((tx) => storeDocumentBundle(tx, { bundle, requester, now: at })));
    const byEntry = new Map(stored.entries.map((s) => [s.entryIndex, s]));
    const entries = (request.body as Bundle).entry ?? [];
    // Binary entries are stored as the content of the DocumentReference that points at them.
    const binaryOwner = new Map<string, string>();
    for (const doc of bundle.documents) if (doc.attachment.url) binaryOwner.set(doc.attachment.url, byEntry.get(doc.entryIndex)!.versionId);
    const response: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: entries.map((e: BundleEntry, i): BundleEntry => {
        const type = e.resource?.resourceType;
        const location = type === 'DocumentReference' ? `DocumentReference/${byEntry.get(i)!.versionId}`
          : type === 'Binary' ? `Binary/${binaryOwner.get(e.fullUrl ?? '')}`
          : `List/${stored.submissionSetId}`;
        return { response: { status: '201 Created', location, lastModified: at } };
      }),
    };
    return reply.code(200).type(FHIR_JSON).send(response);
  });

  // ITI-67 Find Document References.
  registerDocumentSearchRoutes(app, services, requesterOf);

  app.get<{ Params: { id: string } }>('/DocumentReference/:id', async (request, reply) => {
    const requester = await requesterOf(request, 'DocumentReference', 'r');
    const justification = readLegalJustification(request.query as Record<string, unknown>);
    const at = now();
    const { document } = unwrap(await db.withConnection((connection) => retrieveDocument(connection, {
      versionId: request.params.id, what: 'metadata', requester, now: at, ...(justification ? { legalJustification: justification } : {}),
    })));
    return reply.type(FHIR_JSON).send(toDocumentReference(document, config.baseUrl));
  });

  // ITI-68 Retrieve Document.
  app.get<{ Params: { id: string } }>('/Binary/:id', async (request, reply) => {
    const requester = await requesterOf(request, 'Binary', 'r');
    const justification = readLegalJustification(request.query as Record<string, unknown>);
    const at = now();
    const { document, bytes } = unwrap(await db.withConnection((connection) => retrieveDocument(connection, {
      versionId: request.params.id, what: 'content', requester, now: at, ...(justification ? { legalJustification: justification } : {}),
    })));
    const data = bytes ?? Buffer.alloc(0);
    // FHIR: a client asking for FHIR JSON gets a Binary resource; plain application/json gets the
    // document itself when the document is JSON (its native form), a Binary resource otherwise.
    const accept = request.headers.accept ?? '';
    if (/application\/fhir\+json/.test(accept) || (/application\/json/.test(accept) && document.contentType !== 'application/json')) {
      const binary: Binary = { resourceType: 'Binary', id: document.versionId, contentType: document.contentType, data: data.toString('base64') };
      return reply.type(FHIR_JSON).send(binary);
    }
    // Stored bytes are hostile until proven otherwise: never let a browser run them.
    return reply.type(document.contentType).header('content-disposition', 'attachment').header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "sandbox; default-src 'none'").send(data);
  });

  // L2 invalidation (Kansio operation).
  app.post<{ Params: { id: string } }>('/DocumentReference/:id/$invalidate', async (request, reply) => {
    const requester = await requesterOf(request, 'DocumentReference', 'u');
    const { reason } = readOperationInput(invalidateOperation, request.body);
    const at = now();
    const document = unwrap(await db.withTransaction((tx) => invalidateDocument(tx, { versionId: request.params.id, reason: reason!, requester, now: at })));
    return reply.type(FHIR_JSON).send(toDocumentReference(document, config.baseUrl));
  });

  // V14 for professionals: why would this document (not) be given to that organisation?
  app.get<{ Params: { id: string } }>('/DocumentReference/:id/$explain', async (request, reply) => {
    const requester = await requesterOf(request, 'DocumentReference', 'r');
    const input = readOperationQuery(explainOperation, request.query as Record<string, unknown>);
    if ((input.requester === undefined) === (input.viewer === undefined)) {
      throw InvalidInput.of('$explain: give exactly one of requester (would a professional of that organisation receive it?) and viewer (would the portal show it?)', input.viewer === undefined ? 'requester' : 'viewer', 'required');
    }
    const at = now();
    if (input.viewer !== undefined) {
      if (input['legal-justification'] !== undefined) throw InvalidInput.of('$explain: legal-justification goes with requester, not with viewer', 'legal-justification');
      const explanation = unwrap(await db.withConnection((connection) => explainPortalView(connection, { versionId: request.params.id, viewer: input.viewer!, requester, config, now: at })));
      return reply.type(FHIR_JSON).send(toPortalExplanation(explanation));
    }
    const justification = legalJustificationOf(input['legal-justification']);
    const { decision } = unwrap(await db.withConnection((connection) => explainAccess(connection, {
      versionId: request.params.id, recipientOid: input.requester!, requester, now: at, ...(justification ? { legalJustification: justification } : {}),
    })));
    return reply.type(FHIR_JSON).send(toExplanation(decision));
  });

  await registerConsentRoutes(app, services, requesterOf);
  await registerReadRoutes(app, services, requesterOf);

  await registerAuditRoutes(app, services, requesterOf);
}

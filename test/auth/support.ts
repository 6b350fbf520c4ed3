// An authorisation server on a real port with a fresh database, and small fixtures for its tests:
// controllers, units, systems of each profile and professionals with cards.
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { JWK } from 'jose';
import { loadConfig, type Config } from '../../src/config.ts';
import type { ControllerOid, SystemProfile } from '../../src/domain/types.ts';
import {
  buildClientAssertion, buildProfessionalAssertion, createAuthKeys, createCardAuthority, createSystemKey, issueProfessionalCard, registerAuthRoutes,
  type AuthKeys, type CardAuthority, type CardCredentials,
} from '../../src/auth/index.ts';
import { registerSystem } from '../../src/store/systems.ts';
import { registerProfessional } from '../../src/store/professionals.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

export const CONTROLLER = '1.2.246.10.1001' as ControllerOid;
export const UNIT = '1.2.246.10.1001.10.1';
export const OTHER_CONTROLLER = '1.2.246.10.2002' as ControllerOid;

export interface TestSystem {
  readonly clientId: string;
  readonly privateJwk: JWK;
}

export interface AuthServer {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly config: Config;
  readonly keys: AuthKeys;
  readonly ca: CardAuthority;
  readonly database: TestDatabase;
  addSystem(profile: SystemProfile, opts?: { alg?: 'ES384' | 'RS384'; controller?: ControllerOid }): Promise<TestSystem>;
  /** A registered professional in org (the controller by default) with a card from the trusted CA (or `ca`). */
  addProfessional(opts?: { org?: string; ca?: CardAuthority; notBefore?: Date; notAfter?: Date }): Promise<CardCredentials>;
  /** A complete token request form; parts can be replaced or removed (undefined). */
  form(system: TestSystem, opts?: { card?: CardCredentials; scope?: string; lifetimeS?: number }): Promise<Record<string, string>>;
  /** POSTs a form to the token endpoint. */
  post(form: Record<string, string> | URLSearchParams | string, contentType?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

let counter = 0;

export async function startAuthServer(opts: { keys?: AuthKeys } = {}): Promise<AuthServer> {
  // Listen first, so the base URL (the token audience) is known before the routes are built.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kansio-auth-'));
  const config: Config = {
    port, host: '127.0.0.1', baseUrl, databaseUrl: database.url, dataDir, demo: false,
    poolSize: 8, auditWriters: 2, transactionPooler: false, logLevel: 'silent', bodyLimit: 1024 * 1024, embeddedPort: 0, clockSkewSeconds: 600, tls: undefined, tlsOffloaded: false,
    metricsPort: undefined, metricsHost: '127.0.0.1', shutdownGraceSeconds: 20,
    sessionSecret: undefined, sessionIdleMinutes: 15, oidc: undefined, demoLogin: false, portalCategories: loadConfig({}).portalCategories, portalDefaultStart: null, retention: loadConfig({}).retention,
    auditSigningKeyFile: undefined, auditVerifierKeys: [], auditCheckpoints: { path: path.join(dataDir, 'audit-checkpoints'), kind: 'directory' }, auditCheckpointSeconds: 60,
  };
  const ca = createCardAuthority('Kansio test professional-card CA');
  const keys = opts.keys ?? await createAuthKeys({ trustedCardCas: [ca.certPem] });
  const app: FastifyInstance = Fastify({ serverFactory: (handler) => server.on('request', handler) });
  registerAuthRoutes(app, { config, db: database.db, keys });
  await app.ready();

  await database.db.pool.query(
    `insert into organisation (oid, name, kind, parent_oid) values
       ($1, 'Testin hyvinvointialue', 'welfare-area', null), ($2, 'Testin perhekeskus', 'unit', $1),
       ($3, 'Muu hyvinvointialue', 'welfare-area', null)`,
    [CONTROLLER, UNIT, OTHER_CONTROLLER],
  );

  return {
    baseUrl,
    tokenUrl: `${baseUrl}/auth/token`,
    config,
    keys,
    ca,
    database,
    async addSystem(profile, o = {}) {
      const key = await createSystemKey(o.alg ?? 'ES384');
      const clientId = `${profile}-system-${++counter}`;
      await registerSystem(database.db.pool, { clientId, name: `Test ${profile} system`, controllerOid: o.controller ?? CONTROLLER, profile, jwks: { keys: [key.publicJwk] } });
      return { clientId, privateJwk: key.privateJwk };
    },
    async addProfessional(o = {}) {
      const professionalId = `9.2.246.${++counter}`;
      await registerProfessional(database.db.pool, { professionalId, givenName: 'Anna', familyName: `Sosiaalityöntekijä${counter}`, title: 'sosiaalityöntekijä', organisationOid: o.org ?? CONTROLLER });
      const card = issueProfessionalCard(o.ca ?? ca, { professionalId, name: `Anna Sosiaalityöntekijä${counter}`, ...(o.notBefore ? { notBefore: o.notBefore } : {}), ...(o.notAfter ? { notAfter: o.notAfter } : {}) });
      return { professionalId, certPem: card.certPem, chainPem: card.chainPem, privateJwk: card.privateJwk };
    },
    async form(system, o = {}) {
      const tokenUrl = `${baseUrl}/auth/token`;
      return {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await buildClientAssertion({ tokenUrl, clientId: system.clientId, privateJwk: system.privateJwk, ...(o.lifetimeS ? { lifetimeS: o.lifetimeS } : {}) }),
        scope: o.scope ?? 'system/DocumentReference.cruds system/Binary.cr system/List.c',
        ...(o.card ? { professional_assertion: await buildProfessionalAssertion({ tokenUrl, clientId: system.clientId, card: o.card }) } : {}),
      };
    },
    async post(form, contentType = 'application/x-www-form-urlencoded') {
      const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
      const response = await fetch(`${baseUrl}/auth/token`, { method: 'POST', body, headers: { 'content-type': contentType } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async close() {
      await app.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

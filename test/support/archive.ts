// A real Kansio server on a fresh database for one test file, with fixtures that set up a
// world the way a deployment would: organisations, registered systems with their keys, and
// professionals with cards from a CA the server trusts. Tokens come from the real token
// endpoint, documents go through the real FHIR interface.
import { mkdtemp, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Bundle, BundleEntry, OperationOutcome } from '@medplum/fhirtypes';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { buildServer } from '../../src/server.ts';
import { ensureAuditPartitions } from '../../src/store/audit.ts';
import { createAuthKeys, createCardAuthority, issueProfessionalCard, createSystemKey, requestToken, type CardAuthority } from '../../src/auth/index.ts';
import { registerSystem } from '../../src/store/systems.ts';
import { registerProfessional, type ProfessionalRole } from '../../src/store/professionals.ts';
import type { ControllerOid, SystemProfile } from '../../src/domain/types.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { aDocument, aPersonCode } from './bundles.ts';
import { freePort } from './ports.ts';
import type { ServiceTaskKey } from '../../src/domain/codes/index.ts';

export interface Actor {
  readonly systemId: string;
  readonly professionalId: string | undefined;
  readonly controllerOid: string;
  /** A fresh access token from the real token endpoint. */
  token(scope?: string): Promise<string>;
}

/** A FHIR answer that may be a searchset Bundle or an OperationOutcome. */
export interface BundleOrOutcome {
  readonly resourceType: string;
  readonly entry?: BundleEntry[];
  readonly total?: number;
  readonly issue: OperationOutcome['issue'];
}

export interface Response<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
  readonly bytes: Buffer;
}

export interface TestArchive {
  readonly baseUrl: string;
  readonly config: Config;
  readonly database: TestDatabase;
  readonly ca: CardAuthority;
  /** A controller with one unit; returns its OID. */
  controller(name: string, kind?: 'welfare-area' | 'private-provider'): Promise<string>;
  unit(controllerOid: string, name: string): Promise<string>;
  /** A registered system of this profile with a professional of the controller (D9). */
  actor(controllerOid: string, profile?: SystemProfile, options?: { professionalOrg?: string; roles?: readonly ProfessionalRole[] }): Promise<Actor>;
  fhir<T = unknown>(actor: Actor | string | undefined, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response<T>>;
  /** Stores a client relationship document so that the actor's controller may store for the client. */
  openRelationship(actor: Actor, clientCode: string, task?: ServiceTaskKey): Promise<void>;
  /** Stores a bundle and returns the new DocumentReference ids, failing loudly on an error. */
  store(actor: Actor, bundle: Bundle): Promise<string[]>;
  sql<R extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * `config` overrides fields of the server's configuration (for example the portal's V4 categories
 * or V10 default start); the port, base URL and database stay the archive's own.
 */
export async function startTestArchive(options: { logLines?: string[]; portalLogin?: boolean; config?: Partial<Config> } = {}): Promise<TestArchive> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kansio-it-'));
  await chmod(dataDir, 0o755);
  const config = { ...loadConfig({ PORT: '0', KANSIO_DATA_DIR: dataDir, KANSIO_DEMO: 'false', LOG_LEVEL: process.env.KANSIO_TEST_LOG ?? 'silent' }), databaseUrl: database.url };
  const ca = createCardAuthority('Kansio test professional-card CA');
  const keys = await createAuthKeys({ trustedCardCas: [ca.certPem] });
  await ensureAuditPartitions(database.db, new Date());
  const log = options.logLines
    ? createLogger('info', { write: (line: string) => { options.logLines!.push(line); } })
    : createLogger(config.logLevel);
  // The base URL must be known before the server is built (it is the tokens' audience).
  const probe = await freePort();
  // The portal's browser tests log in through the demo provider, as a tester would.
  const cfg: Config = { ...config, ...options.config, port: probe, baseUrl: `http://127.0.0.1:${probe}`, databaseUrl: database.url, demoLogin: options.portalLogin === true };
  const app: FastifyInstance = await buildServer({ config: cfg, db: database.db, log, keys });
  await app.listen({ port: probe, host: '127.0.0.1' });
  const baseUrl = cfg.baseUrl;
  const pool = database.db.pool;

  const archive: TestArchive = {
    baseUrl, config: cfg, database, ca,
    async controller(name, kind = 'welfare-area') {
      const oid = `1.2.246.10.${90000 + ++counter}`;
      await pool.query('insert into organisation (oid, name, kind) values ($1, $2, $3)', [oid, name, kind]);
      return oid;
    },
    async unit(controllerOid, name) {
      const oid = `${controllerOid}.${++counter}`;
      await pool.query("insert into organisation (oid, name, kind, parent_oid) values ($1, $2, 'unit', $3)", [oid, name, controllerOid]);
      return oid;
    },
    async actor(controllerOid, profile = 'connecting', options = {}) {
      const n = ++counter;
      const systemId = `test-system-${n}`;
      const key = await createSystemKey(n % 2 ? 'ES384' : 'RS384');
      await registerSystem(pool, { clientId: systemId, name: `Test system ${n}`, controllerOid: controllerOid as ControllerOid, profile, jwks: { keys: [key.publicJwk] } });
      let card: { professionalId: string; certPem: string; privateJwk: import('jose').JWK } | undefined;
      if (profile !== 'service') {
        const professionalId = `TEST-${n}`;
        await registerProfessional(pool, { professionalId, givenName: 'Testi', familyName: `Ammattilainen${n}`, title: 'sosiaalityöntekijä', organisationOid: options.professionalOrg ?? controllerOid, roles: options.roles ?? [] });
        const issued = issueProfessionalCard(ca, { professionalId, name: `Testi Ammattilainen${n}` });
        card = { professionalId, certPem: issued.certPem, privateJwk: issued.privateJwk };
      }
      return {
        systemId,
        professionalId: card?.professionalId,
        controllerOid,
        async token(scope = 'system/DocumentReference.cruds system/Binary.cr system/AuditEvent.rs system/List.c system/Consent.crus') {
          const t = await requestToken({ baseUrl, clientId: systemId, systemPrivateJwk: key.privateJwk, ...(card ? { card } : {}), scope });
          return t.access_token;
        },
      };
    },
    async fhir(actor, method, url, body, headers = {}) {
      const token = typeof actor === 'string' ? actor : actor ? await actor.token() : undefined;
      const isForm = typeof body === 'string';
      const res = await fetch(`${baseUrl}/fhir${url}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/fhir+json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: isForm ? body : JSON.stringify(body) } : {}),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      const type = res.headers.get('content-type') ?? '';
      const parsed = /json/.test(type) && bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined;
      return { status: res.status, body: parsed, headers: res.headers, bytes };
    },
    async openRelationship(actor, clientCode, task = 'families-with-children') {
      await archive.store(actor, aDocument().forClient(clientCode).inTask(task).clientRelationship().build());
    },
    async store(actor, bundle) {
      const res = await archive.fhir<BundleOrOutcome>(actor, 'POST', '', bundle);
      if (res.status !== 200) throw new Error(`store failed with ${res.status}: ${JSON.stringify(res.body)}`);
      return (res.body.entry ?? []).map((e) => e.response?.location ?? '').filter((l) => l.startsWith('DocumentReference/')).map((l) => l.split('/')[1]!);
    },
    async sql(text, values = []) {
      return (await pool.query(text, values)).rows;
    },
    async close() {
      await app.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return archive;
}

/** Row counts of the tables a request could change: "changes nothing" compares two of these. */
export async function tableCounts(archive: TestArchive): Promise<Record<string, number>> {
  const tables = ['person', 'document', 'blob', 'client_relationship', 'client_relationship_person', 'client_relationship_producer', 'matter', 'matter_client', 'consent_record', 'audit_event'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await archive.sql<{ n: string }>(`select count(*) as n from ${t}`))[0]!.n);
  return out;
}

/** An archive with one controller, one connecting professional and one client they have a relationship with. */
export async function startArchiveWithClient(area: string): Promise<{ archive: TestArchive; pro: Actor; client: string; token: string }> {
  const archive = await startTestArchive();
  const pro = await archive.actor(await archive.controller(area));
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  return { archive, pro, client, token: await pro.token() };
}

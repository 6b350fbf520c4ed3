// The one place that reads the environment. Everything else receives a Config.
import path from 'node:path';
import { PORTAL_CATEGORIES, type PortalCategory } from './domain/codes/portal-categories.ts';
import { NATIONAL_RETENTION, parseRetentionRules, type RetentionRules } from './domain/policy/retention.ts';
import { DEFAULT_AUDIT_WRITERS } from './store/db.ts';

export interface Config {
  /** Port the HTTP server listens on. */
  readonly port: number;
  /** Interface to bind; loopback by default so a laptop demo is not exposed. */
  readonly host: string;
  /** Public base URL, used in FHIR references, token audiences and discovery documents. */
  readonly baseUrl: string;
  /** PostgreSQL connection string; undefined means the embedded server in dataDir. */
  readonly databaseUrl: string | undefined;
  /** Folder for the embedded database, generated keys and demo credentials. */
  readonly dataDir: string;
  /** Seed demo organisations, systems, professionals, people and documents on first start. */
  readonly demo: boolean;
  /** Connections in the PostgreSQL pool. */
  readonly poolSize: number;
  /** Group-commit writers for reads' audit records (issue 11); 0 commits each record alone. */
  readonly auditWriters: number;
  /** DATABASE_URL leads to a transaction-mode pooler without prepared statements (PgBouncer < 1.21): docs/scaling.md. */
  readonly transactionPooler: boolean;
  /** pino level. */
  readonly logLevel: string;
  /** Largest accepted request body in bytes. */
  readonly bodyLimit: number;
  /** Port of the embedded PostgreSQL server. */
  readonly embeddedPort: number;
  /**
   * How far another system's clock may differ from ours, in seconds: the allowance for times
   * that systems state (a consent record's dateTime, an access token's iat).
   */
  readonly clockSkewSeconds: number;
  /** L6: TLS certificate chain and private key (PEM files); the server then speaks HTTPS only. */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  /** L6: a proxy in front of Kansio terminates TLS, so plain HTTP beyond loopback is acceptable. */
  readonly tlsOffloaded: boolean;
  /** Port of the metrics listener (GET /metrics); undefined: no metrics are served. */
  readonly metricsPort: number | undefined;
  /** Interface of the metrics listener; loopback by default, so metrics are never public by accident. */
  readonly metricsHost: string;
  /** On SIGTERM, how long in-flight requests may take to finish before their connections are closed. */
  readonly shutdownGraceSeconds: number;
  /**
   * Signs the portal's session cookie; undefined: generated at first start into the data folder.
   * Processes behind one load balancer need the same one.
   */
  readonly sessionSecret: string | undefined;
  /** Portal: a web session ends after this many minutes without a request. */
  readonly sessionIdleMinutes: number;
  /**
   * Portal login: the OpenID Connect provider. Undefined: in demo mode the built-in demo provider
   * at /oidc; otherwise the portal has no login (an archive-only deployment).
   */
  readonly oidc: OidcConfig | undefined;
  /**
   * The built-in demo OpenID Connect provider at /oidc, whose login page lets a tester pick a
   * person of the database. On by default in demo mode; never together with a real provider.
   */
  readonly demoLogin: boolean;
  /** V4: per category, the day from which the portal shows it (YYYY-MM-DD), or null: not shown. */
  readonly portalCategories: Readonly<Record<PortalCategory, string | null>>;
  /** V10: the display start date of a controller that has not set its own; null: from the beginning. */
  readonly portalDefaultStart: string | null;
  /** S10: the retention period and its start event per service task (national defaults, overridden by KANSIO_RETENTION). */
  readonly retention: RetentionRules;
  /**
   * D10 (issue 12): the audit-signing key file (a signed-note signer key) that signs the audit
   * checkpoints; undefined: <dataDir>/keys/audit-signing.key, generated at first start.
   */
  readonly auditSigningKeyFile: string | undefined;
  /** D10: the verifier keys (key texts, or files of them) that `kansio audit verify --checkpoints` trusts; empty: the signing key's own. */
  readonly auditVerifierKeys: readonly string[];
  /** D10: where each checkpoint is also written, outside the database: a directory (a file each) or one file (appended to). */
  readonly auditCheckpoints: { readonly path: string; readonly kind: 'directory' | 'file' };
  /** D10: seconds between checkpoints while audit records are written; 0: only on demand (`kansio audit checkpoint`). */
  readonly auditCheckpointSeconds: number;
}

export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  /** client_secret_basic, or, with privateKeyFile, private_key_jwt. */
  readonly clientSecret: string | undefined;
  readonly privateKeyFile: string | undefined;
  /** The ID token claim that carries the person's identity code. */
  readonly idClaim: string;
  readonly scope: string;
  /** The archivist interface: the claim that names the professional (their id in Kansio's registry), and the scopes asked for it. */
  readonly professionalClaim: string;
  readonly professionalScope: string;
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got '${raw}'`);
}

/** Loopback only: nothing leaves the machine, so plain HTTP carries no client data over a network. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function tlsFrom(env: NodeJS.ProcessEnv): Config['tls'] {
  const certFile = env.KANSIO_TLS_CERT || undefined;
  const keyFile = env.KANSIO_TLS_KEY || undefined;
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new ConfigError('KANSIO_TLS_CERT and KANSIO_TLS_KEY go together: give both PEM files, or neither');
  return { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) };
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The Suomi.fi identification service's claim for the personal identity code. */
export const DEFAULT_ID_CLAIM = 'urn:oid:1.2.246.21';

function oidcFrom(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuer = env.KANSIO_OIDC_ISSUER || undefined;
  // Without a provider, demo mode logs in through the built-in one; a production deployment
  // without one serves the archive only, and the portal says that login is not available.
  if (!issuer) return undefined;
  if (!/^https?:\/\/[^/]+/.test(issuer)) throw new ConfigError(`KANSIO_OIDC_ISSUER must be an http(s) URL, got '${issuer}'`);
  const clientId = env.KANSIO_OIDC_CLIENT_ID;
  if (!clientId) throw new ConfigError('KANSIO_OIDC_CLIENT_ID is required with KANSIO_OIDC_ISSUER');
  const clientSecret = env.KANSIO_OIDC_CLIENT_SECRET || undefined;
  const privateKeyFile = env.KANSIO_OIDC_PRIVATE_KEY ? path.resolve(env.KANSIO_OIDC_PRIVATE_KEY) : undefined;
  if (!clientSecret === !privateKeyFile) throw new ConfigError('give exactly one of KANSIO_OIDC_CLIENT_SECRET and KANSIO_OIDC_PRIVATE_KEY (a PEM private key for private_key_jwt)');
  return { issuer: issuer.replace(/\/+$/, ''), clientId, clientSecret, privateKeyFile, idClaim: env.KANSIO_OIDC_ID_CLAIM || DEFAULT_ID_CLAIM, scope: env.KANSIO_OIDC_SCOPE || 'openid',
    professionalClaim: env.KANSIO_OIDC_PROFESSIONAL_CLAIM || 'professional_id', professionalScope: env.KANSIO_OIDC_PROFESSIONAL_SCOPE || 'openid' };
}

/**
 * V4: "client-journal-entry=2027-01-01,shared-matter=never". Unnamed categories are not shown.
 * The demo shows journal entries and shared matters, so that S8 can be tried.
 */
function portalCategoriesFrom(env: NodeJS.ProcessEnv, demo: boolean): Record<PortalCategory, string | null> {
  const result = Object.fromEntries(PORTAL_CATEGORIES.map((c) => [c, null])) as Record<PortalCategory, string | null>;
  const raw = env.KANSIO_PORTAL_CATEGORIES ?? (demo ? 'client-journal-entry=2025-01-01,shared-matter=2025-01-01' : '');
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = part.split('=').map((x) => x.trim());
    if (!(PORTAL_CATEGORIES as readonly string[]).includes(name ?? '')) {
      throw new ConfigError(`KANSIO_PORTAL_CATEGORIES: unknown category '${name ?? ''}'; the categories are ${PORTAL_CATEGORIES.join(', ')}`);
    }
    if (value !== 'never' && !DATE.test(value ?? '')) throw new ConfigError(`KANSIO_PORTAL_CATEGORIES: ${name} must be a date YYYY-MM-DD or never, got '${value ?? ''}'`);
    result[name as PortalCategory] = value === 'never' ? null : value!;
  }
  return result;
}

/** S10: "older-people=10y:relationship-end,family-law=120y:birth"; tasks left out keep the national period. */
function retentionFrom(env: NodeJS.ProcessEnv): RetentionRules {
  const raw = env.KANSIO_RETENTION;
  if (raw === undefined || raw.trim() === '') return NATIONAL_RETENTION;
  try {
    return parseRetentionRules(raw);
  } catch (error) {
    throw new ConfigError(`KANSIO_RETENTION: ${(error as Error).message}`);
  }
}

/** D10: a path that ends with / (or the default) is a directory of checkpoint files; any other is one file. */
function auditCheckpointsFrom(env: NodeJS.ProcessEnv, dataDir: string): Config['auditCheckpoints'] {
  const raw = env.KANSIO_AUDIT_CHECKPOINTS;
  if (raw === undefined || raw.trim() === '') return { path: path.join(dataDir, 'audit-checkpoints'), kind: 'directory' };
  return { path: path.resolve(raw), kind: /[/\\]$/.test(raw) ? 'directory' : 'file' };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intFrom(env, 'PORT', 8080, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const tls = tlsFrom(env);
  const tlsOffloaded = boolFrom(env, 'KANSIO_TLS_OFFLOADED', false);
  const scheme = tls ? 'https' : 'http';
  const baseUrl = (env.KANSIO_BASE_URL || `${scheme}://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) throw new ConfigError(`KANSIO_BASE_URL must be an http(s) URL, got '${baseUrl}'`);
  // L6: all transfer between client data systems and the archive is encrypted. Plain HTTP is
  // for a laptop (loopback) or behind a proxy that terminates TLS, never on an open interface.
  if (!isLoopback(host) && !tls && !tlsOffloaded) {
    throw new ConfigError(`L6: HOST=${host} would serve client data over plain HTTP beyond this machine; give KANSIO_TLS_CERT and KANSIO_TLS_KEY, or set KANSIO_TLS_OFFLOADED=true when a proxy in front terminates TLS`);
  }
  if (!isLoopback(host) && !baseUrl.startsWith('https://')) {
    throw new ConfigError(`L6: KANSIO_BASE_URL must be an https URL when HOST=${host} is reachable from other machines, got '${baseUrl}'`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const demo = boolFrom(env, 'KANSIO_DEMO', true);
  const transactionPooler = boolFrom(env, 'KANSIO_PG_TRANSACTION_POOLER', false);
  if (transactionPooler && !databaseUrl) throw new ConfigError('KANSIO_PG_TRANSACTION_POOLER=true describes the pooler DATABASE_URL leads to; the embedded database has none: set DATABASE_URL, or unset it');
  const oidc = oidcFrom(env);
  const demoLogin = boolFrom(env, 'KANSIO_DEMO_LOGIN', demo && !oidc);
  if (demoLogin && oidc) throw new ConfigError('KANSIO_DEMO_LOGIN=true lets anyone log in as anyone: it cannot be used with a real provider (KANSIO_OIDC_ISSUER)');
  const portalDefaultStart = env.KANSIO_PORTAL_START || null;
  const sessionSecret = env.KANSIO_SESSION_SECRET || undefined;
  if (sessionSecret !== undefined && sessionSecret.length < 32) throw new ConfigError('KANSIO_SESSION_SECRET must be at least 32 characters (for example: openssl rand -base64 48)');
  if (portalDefaultStart !== null && !DATE.test(portalDefaultStart)) throw new ConfigError(`KANSIO_PORTAL_START must be a date YYYY-MM-DD, got '${portalDefaultStart}'`);
  const dataDir = path.resolve(env.KANSIO_DATA_DIR || 'data');
  return {
    port,
    host,
    baseUrl,
    databaseUrl,
    dataDir,
    demo,
    poolSize: intFrom(env, 'KANSIO_POOL_SIZE', 16, 1, 500),
    auditWriters: intFrom(env, 'KANSIO_AUDIT_WRITERS', DEFAULT_AUDIT_WRITERS, 0, 16),
    transactionPooler,
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimit: intFrom(env, 'KANSIO_BODY_LIMIT', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    embeddedPort: intFrom(env, 'KANSIO_EMBEDDED_PG_PORT', 54329, 1, 65535),
    clockSkewSeconds: intFrom(env, 'KANSIO_CLOCK_SKEW_SECONDS', 600, 0, 86_400),
    tls,
    tlsOffloaded,
    metricsPort: env.KANSIO_METRICS_PORT ? intFrom(env, 'KANSIO_METRICS_PORT', 0, 0, 65535) : undefined,
    metricsHost: env.KANSIO_METRICS_HOST || '127.0.0.1',
    shutdownGraceSeconds: intFrom(env, 'KANSIO_SHUTDOWN_GRACE_SECONDS', 20, 0, 3600),
    sessionSecret,
    sessionIdleMinutes: intFrom(env, 'KANSIO_SESSION_IDLE_MINUTES', 15, 1, 24 * 60),
    oidc,
    demoLogin,
    portalCategories: portalCategoriesFrom(env, demo),
    portalDefaultStart,
    retention: retentionFrom(env),
    auditSigningKeyFile: env.KANSIO_AUDIT_SIGNING_KEY ? path.resolve(env.KANSIO_AUDIT_SIGNING_KEY) : undefined,
    auditVerifierKeys: (env.KANSIO_AUDIT_VERIFIER_KEY ?? '').split(/[\s,]+/).filter(Boolean),
    auditCheckpoints: auditCheckpointsFrom(env, dataDir),
    auditCheckpointSeconds: intFrom(env, 'KANSIO_AUDIT_CHECKPOINT_SECONDS', 60, 0, 86_400),
  };
}

/** Replaces the port in a config whose server was started on port 0 (tests). */
export function withListeningPort(config: Config, port: number): Config {
  const url = new URL(config.baseUrl);
  url.port = String(port);
  return { ...config, port, baseUrl: url.toString().replace(/\/+$/, '') };
}

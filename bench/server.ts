// The service under test as a child process (`node src/cli/main.ts start`), so that the load
// generator and the server do not share an event loop. Fresh data folder, demo data off (the
// demo login on request: the portal phase logs in through it).
import { embeddedConnectionInfo, embeddedConnectionUrl } from '../src/store/embedded.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// USER_HZ: 100 on every Linux architecture Node runs on.
const CLOCK_TICKS = 100;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The server runs with the Node flags of `npm start` (package.json), so that the figures are the
// shipped configuration's (a smaller young generation keeps memory under load below 250 MiB).
const SERVER_NODE_FLAGS = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } })
  .scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));

export interface ServerProcess {
  readonly pid: number;
  readonly baseUrl: string;
  /** The database the server uses (embedded or --database-url). */
  readonly databaseUrl: string;
  readonly dataDir: string;
  readonly logFile: string;
  /** How the server process ended, or undefined while it runs. */
  exited(): string | undefined;
  /** Resident and peak resident memory of the server process, MiB (Linux /proc). */
  memory(): Promise<{ rssMiB: number; peakRssMiB: number }>;
  /** CPU seconds (user + system) the server process has used so far (Linux /proc). */
  cpuSeconds(): Promise<number>;
  /** The last lines of the server's log. */
  tail(): Promise<string>;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Trusted professional-card CA certificates (PEM), written to <dataDir>/trust/card-ca before start. */
  readonly trustedCardCaPem: string;
  readonly databaseUrl?: string;
  readonly logLevel: string;
  readonly poolSize?: number;
  /** KANSIO_DEMO_LOGIN=true: the built-in demo OpenID provider, so that the portal phase can log in. */
  readonly demoLogin?: boolean;
  /** Keep the data folder after stopping. */
  readonly keep?: boolean;
  /** Write a V8 CPU profile of the server into this folder when it stops (node --cpu-prof). */
  readonly cpuProfDir?: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startServerProcess(options: ServerOptions): Promise<ServerProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kansio-bench-'));
  // As root the embedded server runs as the postgres user, which must reach the folder.
  await chmod(dataDir, 0o755);
  const trustDir = path.join(dataDir, 'trust', 'card-ca');
  await mkdir(trustDir, { recursive: true });
  await writeFile(path.join(trustDir, 'bench-ca.pem'), options.trustedCardCaPem);

  const port = await freePort();
  const pgPort = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(dataDir, 'server.log');
  // A file, not a pipe: the server never waits for the benchmark to read its log.
  const out = openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, [
    ...SERVER_NODE_FLAGS, ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []), path.join(ROOT, 'src/cli/main.ts'), 'start',
  ], {
    cwd: ROOT,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      KANSIO_BASE_URL: baseUrl,
      KANSIO_DATA_DIR: dataDir,
      KANSIO_DEMO: 'false',
      KANSIO_EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: options.logLevel,
      ...(options.demoLogin ? { KANSIO_DEMO_LOGIN: 'true' } : {}),
      ...(options.poolSize ? { KANSIO_POOL_SIZE: String(options.poolSize) } : {}),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATABASE_URL: '' }),
    },
  });
  closeSync(out);
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) => child.once('exit', (code, signal) => { exited = signal ? `killed by ${signal}` : `exit code ${code}`; resolve(); }));

  const stop = async (): Promise<void> => {
    if (exited === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exit;
      clearTimeout(timer);
    }
    if (!options.keep) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (exited !== undefined) throw new Error(`the server stopped during start (${exited}); its log:\n${await tail(logFile)}`);
      if (Date.now() > deadline) throw new Error(`the server did not answer within 90 s; its log:\n${await tail(logFile)}`);
      const ok = await fetch(`${baseUrl}/fhir/metadata`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  // The raw baselines connect the way the server does: the embedded server records how to
  // reach it (its Unix socket, or a TCP port where the socket path is too long).
  const recorded = options.databaseUrl ? undefined : await embeddedConnectionInfo(dataDir);
  if (!options.databaseUrl && !recorded) throw new Error(`the server started but ${dataDir} records no embedded database`);
  const databaseUrl = options.databaseUrl ?? await embeddedConnectionUrl(recorded!);
  const pid = child.pid!;
  return {
    pid, baseUrl, databaseUrl, dataDir, logFile,
    exited: () => exited,
    async memory() {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
    },
    async cpuSeconds() {
      // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name, in clock ticks.
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    },
    tail: () => tail(logFile),
    stop,
  };
}

async function tail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-30).join('\n');
}

// A real `kansio start` child process on its own embedded database, as an operator runs it, with a
// registered system and professional whose tokens come from the real token endpoint.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCardAuthority, createSystemKey, issueProfessionalCard, requestToken, type CardAuthority } from '../../src/auth/index.ts';
import { registerSystem } from '../../src/store/systems.ts';
import { registerProfessional } from '../../src/store/professionals.ts';
import { startEmbeddedPostgres } from '../../src/store/embedded.ts';
import { openDb } from '../../src/store/db.ts';
import type { ControllerOid } from '../../src/domain/types.ts';
import { freePort } from './ports.ts';

export interface KansioProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly port: number;
  output(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A fresh folder the embedded server (as OS user postgres when we are root) can reach. */
export async function aDataFolder(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

export interface Installation {
  readonly env: NodeJS.ProcessEnv;
  readonly dataDir: string;
  readonly pgPort: number;
}

/** The environment of one installation: its data folder, its embedded database, no demo data. */
export async function anInstallation(dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<Installation> {
  const pgPort = await freePort();
  const env = { ...process.env, DATABASE_URL: '', KANSIO_DATA_DIR: dataDir, KANSIO_EMBEDDED_PG_PORT: String(pgPort), KANSIO_DEMO: 'false', LOG_LEVEL: 'warn', ...extra };
  return { env, dataDir, pgPort };
}

export function kansio(installation: Installation, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['src/cli/main.ts', ...args], { env: installation.env, encoding: 'utf8', timeout: 120_000 });
}

export async function startKansio(installation: Installation): Promise<KansioProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['src/cli/main.ts', 'start'], { env: { ...installation.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => { text += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { text += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (let i = 0; !text.includes('Kansio is running'); i++) {
    if (i > 1200 || child.exitCode !== null) throw new Error(`kansio start did not come up:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child, port, baseUrl: `http://127.0.0.1:${port}`,
    output: () => text,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}

/** Writes a professional-card CA into the installation's trust folder (before the server starts). */
export async function trustCardAuthority(dataDir: string, ca: CardAuthority = createCardAuthority('Operator test CA')): Promise<CardAuthority> {
  await mkdir(path.join(dataDir, 'trust', 'card-ca'), { recursive: true });
  await writeFile(path.join(dataDir, 'trust', 'card-ca', 'ca.pem'), ca.certPem);
  return ca;
}

export interface RegisteredActor {
  readonly controllerOid: string;
  token(baseUrl: string): Promise<string>;
}

/**
 * Registers a controller, a connecting system and a professional in the installation's running
 * embedded database (shared with the server, which keeps running it).
 */
export async function registerActor(installation: Installation, ca: CardAuthority): Promise<RegisteredActor> {
  const embedded = await startEmbeddedPostgres(installation.dataDir, installation.pgPort);
  const db = openDb(embedded.url, 1);
  const controllerOid = '1.2.246.10.98700';
  try {
    await db.pool.query("insert into organisation (oid, name, kind) values ($1, 'Operator test area', 'welfare-area')", [controllerOid]);
    const key = await createSystemKey('ES384');
    await registerSystem(db.pool, { clientId: 'operator-system', name: 'Operator test system', controllerOid: controllerOid as ControllerOid, profile: 'connecting', jwks: { keys: [key.publicJwk] } });
    await registerProfessional(db.pool, { professionalId: 'OPER-1', givenName: 'Olli', familyName: 'Operaattori', title: 'sosiaalityöntekijä', organisationOid: controllerOid });
    const card = issueProfessionalCard(ca, { professionalId: 'OPER-1', name: 'Olli Operaattori' });
    return {
      controllerOid,
      async token(baseUrl) {
        const granted = await requestToken({ baseUrl, clientId: 'operator-system', systemPrivateJwk: key.privateJwk, card: { ...card, chainPem: [...card.chainPem] }, scope: 'system/DocumentReference.cruds system/Binary.cr system/List.c' });
        return granted.access_token;
      },
    };
  } finally {
    await db.close();
    await embedded.stop();
  }
}

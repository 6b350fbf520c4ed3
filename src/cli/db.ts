// `kansio db` and `kansio db psql`: how an operator reaches the database in use. The password is
// never printed unless asked for; psql gets it through its environment, not its command line.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { embeddedConnectionInfo, startEmbeddedPostgres } from '../store/embedded.ts';

/** DATABASE_URL with its password replaced by asterisks. */
export function maskedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '*****';
  return parsed.toString();
}

export async function dbInfoCommand(config: Config, options: { showPassword?: boolean }): Promise<void> {
  if (config.databaseUrl) {
    console.log(`database: DATABASE_URL ${options.showPassword ? config.databaseUrl : maskedUrl(config.databaseUrl)}`);
    console.log('connect:  kansio db psql');
    return;
  }
  const info = await embeddedConnectionInfo(config.dataDir);
  if (!info) {
    console.log(`database: embedded PostgreSQL in ${path.join(path.resolve(config.dataDir), 'pg')}, not created yet: kansio start (or kansio migrate) creates it, then kansio db shows how to reach it`);
    return;
  }
  const lines = [
    `database: embedded PostgreSQL in ${path.join(path.resolve(config.dataDir), 'pg')} (runs while kansio start runs; kansio db psql starts it if it is not running)`,
    info.transport === 'socket'
      ? `  socket:           ${info.host}/.s.PGSQL.${info.port} (Unix socket only, no TCP port)`
      : `  host, port:       ${info.host}, ${info.port} (TCP: the socket path would be too long)`,
    `  database:         ${info.database}`,
    `  user:             ${info.user}`,
    `  password file:    ${info.passwordFile}`,
  ];
  if (options.showPassword) lines.push(`  password:         ${(await readFile(info.passwordFile, 'utf8').catch(() => '(no password file yet: start kansio once)')).trim()}`);
  lines.push(`connect:  kansio db psql   (or: PGPASSWORD=$(cat ${info.passwordFile}) psql -h ${info.host} -p ${info.port} -U ${info.user} ${info.database})`);
  console.log(lines.join('\n'));
}

/** Runs psql on the database in use and returns its exit code. */
export async function dbPsqlCommand(config: Config, args: readonly string[]): Promise<number> {
  let stop = async (): Promise<void> => {};
  let target: { args: string[]; password: string | undefined };
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    const password = url.password ? decodeURIComponent(url.password) : undefined;
    url.password = '';
    target = { args: [url.toString()], password };
  } else {
    // Shares the server of a running kansio start, or starts it for this session.
    const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPort);
    stop = () => embedded.stop();
    const info = embedded.info;
    const password = (await readFile(info.passwordFile, 'utf8')).trim();
    target = { args: ['-h', info.host, '-p', String(info.port), '-U', info.user, info.database], password };
  }
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn('psql', [...target.args, ...args], { stdio: 'inherit', env: { ...process.env, ...(target.password ? { PGPASSWORD: target.password } : {}) } });
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') { reject(error); return; }
        reject(new Error('psql is not on PATH: install the PostgreSQL client (Debian, Ubuntu: apt-get install postgresql-client; macOS: brew install libpq), then run kansio db psql again. kansio db shows how to connect with another client.'));
      });
      child.once('exit', (code) => resolve(code ?? 1));
    });
  } finally {
    await stop();
  }
}

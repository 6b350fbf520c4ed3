// The README's first command, as a new user meets it: `kansio start` on an empty data folder
// starts an embedded PostgreSQL, migrates, generates demo credentials, seeds the demo data and
// serves; `kansio token` gives a working token from the demo credentials; SIGTERM stops it all.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Bundle } from '@medplum/fhirtypes';
import { freePort } from '../support/ports.ts';

let server: ChildProcess | undefined;
let dataDir: string | undefined;

after(async () => {
  server?.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});


test('kansio start on an empty folder serves the seeded demo archive, and kansio token works against it', async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'kansio-start-'));
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: '', KANSIO_DATA_DIR: path.join(dataDir, 'data'), PORT: String(port), KANSIO_EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn' };
  server = spawn(process.execPath, ['src/cli/main.ts', 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
  server.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  for (let i = 0; !output.includes('Kansio is running'); i++) {
    if (i > 600 || server.exitCode !== null) throw new Error(`kansio start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(output, new RegExp(`Kansio is running at http://127.0.0.1:${port}`));
  assert.match(output, /Demo credentials: .*demo\/README\.md/);

  const people = await readFile(path.join(dataDir, 'data', 'demo', 'people.md'), 'utf8');
  const code = /`(\d{6}[-+A-FU-Y]9\d\d[0-9A-Y])`/.exec(people)![1]!;
  const token = spawnSync(process.execPath, ['src/cli/main.ts', 'token', '--system', 'demo-connecting-a', '--professional', 'demo-pro-a1', '--base-url', `http://127.0.0.1:${port}`], { env, encoding: 'utf8' });
  assert.equal(token.status, 0, token.stderr);
  const res = await fetch(`http://127.0.0.1:${port}/fhir/DocumentReference/_search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.stdout.trim()}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: `patient.identifier=urn:oid:1.2.246.21|${code}&status=current`,
  });
  assert.equal(res.status, 200);
  const bundle = await res.json() as Bundle;
  assert.ok((bundle.total ?? 0) > 0, 'the demo client has documents');

  const exited = new Promise<number | null>((resolve) => server!.once('exit', (c) => resolve(c)));
  server.kill('SIGTERM');
  assert.equal(await exited, 0);
  server = undefined;
});

/** `kansio start` in a child process; resolves when it serves, or rejects with its output. */
async function startKansio(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['src/cli/main.ts', 'start'], { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  for (let i = 0; !output.includes('Kansio is running'); i++) {
    if (i > 900 || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`kansio start did not come up (exit ${child.exitCode}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output };
}

/** `kansio start` that must fail: its exit code and output. */
function failedStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['src/cli/main.ts', 'start'], { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) => child.once('exit', (code) => { clearTimeout(timer); resolve({ code, output }); }));
}

function tcpRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(true));
  });
}

test('issue 8 / second Kansio: two kansio start with their own data folders serve side by side, their databases on Unix sockets with no TCP port', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'kansio-two-'));
  await chmod(root, 0o755);
  // The same embedded port for both, as two default installs would have: a socket has no port to collide on.
  const pgPort = await freePort();
  const started: ChildProcess[] = [];
  try {
    const ports = [await freePort(), await freePort()];
    const servers = await Promise.all(ports.map((port, i) => startKansio({ KANSIO_DATA_DIR: path.join(root, `data-${i}`), PORT: String(port), KANSIO_EMBEDDED_PG_PORT: String(pgPort), KANSIO_DEMO: 'false' })));
    started.push(...servers.map((s) => s.child));
    for (const [i, port] of ports.entries()) {
      const res = await fetch(`http://127.0.0.1:${port}/fhir/metadata`);
      assert.equal(res.status, 200, `server ${i} serves`);
      assert.match(servers[i]!.output(), new RegExp(`socket .*data-${i}/pg/\\.s\\.PGSQL\\.${pgPort}, no TCP port`));
      const recorded = JSON.parse(await readFile(path.join(root, `data-${i}`, 'pg-connection.json'), 'utf8')) as { transport: string; host: string; port: number };
      assert.deepEqual([recorded.transport, recorded.host, recorded.port], ['socket', path.join(root, `data-${i}`, 'pg'), pgPort]);
    }
    assert.ok(await tcpRefused(pgPort), 'no embedded database listens on TCP');
    for (const child of started) {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
    started.length = 0;
  } finally {
    for (const child of started) child.kill('SIGKILL');
    await rm(root, { recursive: true, force: true });
  }
});

test('issue 8 / start failures name their cause and the fix, and exit non-zero: a data folder that is a file, an HTTP port in use', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'kansio-fail-'));
  await chmod(root, 0o755);
  const blocker = createServer();
  try {
    await writeFile(path.join(root, 'a-file'), 'not a folder');
    const notAFolder = await failedStart({ KANSIO_DATA_DIR: path.join(root, 'a-file'), PORT: String(await freePort()) });
    assert.notEqual(notAFolder.code, 0);
    assert.match(notAFolder.output, /the data folder .*a-file cannot be used: it, or a folder above it, is a file \((ENOTDIR|EEXIST)\); set KANSIO_DATA_DIR to a folder this user can write/);
    assert.doesNotMatch(notAFolder.output, /TypeError|Cannot read properties/);

    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    const portTaken = await failedStart({ KANSIO_DATA_DIR: path.join(root, 'data'), PORT: String(port), KANSIO_EMBEDDED_PG_PORT: String(await freePort()), KANSIO_DEMO: 'false' });
    assert.notEqual(portTaken.code, 0);
    assert.match(portTaken.output, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use \\(another Kansio, or another program\\): set PORT to a free port`));
    assert.ok(!existsSync(path.join(root, 'data', 'pg', 'postmaster.pid')), 'the embedded database was stopped');
  } finally {
    blocker.close();
    await rm(root, { recursive: true, force: true });
  }
});

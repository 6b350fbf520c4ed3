// The README's first command, as a new user meets it: `kansio start` on an empty data folder
// starts an embedded PostgreSQL, migrates, generates demo credentials, seeds the demo data and
// serves; `kansio token` gives a working token from the demo credentials; SIGTERM stops it all.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

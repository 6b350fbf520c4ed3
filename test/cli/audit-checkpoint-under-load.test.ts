// D10 (issue 12): checkpoints on a database that several processes append to. Two `kansio start`
// processes share one database and one data folder (one audit-signing key, one checkpoint
// folder), each with a checkpoint timer of one second, while a bounded load of stores and
// searches runs against both and an operator takes checkpoints by hand. Afterwards every
// checkpoint verifies against the database, each extends the one before, and both servers
// stop cleanly (the timer neither keeps a process alive nor outlives the pool).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestArchive, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { startKansio, type KansioProcess } from '../support/kansio-process.ts';
import { createSystemKey, issueProfessionalCard, requestToken } from '../../src/auth/index.ts';
import { registerSystem } from '../../src/store/systems.ts';
import { registerProfessional } from '../../src/store/professionals.ts';
import type { ControllerOid } from '../../src/domain/types.ts';

const WORKERS = 6;
const MAX_REQUESTS = 1500;
const MAX_SECONDS = 30;

let archive: TestArchive;
const servers: KansioProcess[] = [];

before(async () => {
  archive = await startTestArchive();
});
after(async () => {
  for (const s of servers) s.child.kill('SIGKILL');
  await archive?.close();
});

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['src/cli/main.ts', ...args], { env });
    let output = '';
    child.stdout.on('data', (b: Buffer) => { output += b.toString('utf8'); });
    child.stderr.on('data', (b: Buffer) => { output += b.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

test('D10, issue 12: checkpoints taken by two server processes and by hand during a bounded load all verify afterwards', { timeout: 240_000 }, async (t) => {
  const dataDir = archive.config.dataDir;
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: archive.database.url, KANSIO_DATA_DIR: dataDir, KANSIO_DEMO: 'false', LOG_LEVEL: 'info',
    KANSIO_AUDIT_CHECKPOINT_SECONDS: '1', KANSIO_POOL_SIZE: '8',
  };
  // The servers trust the archive's card CA; a system and a professional of one controller.
  await mkdir(path.join(dataDir, 'trust', 'card-ca'), { recursive: true });
  await writeFile(path.join(dataDir, 'trust', 'card-ca', 'ca.pem'), archive.ca.certPem);
  const controller = await archive.controller('Two-process area');
  const key = await createSystemKey('ES384');
  await registerSystem(archive.database.db.pool, { clientId: 'load-system', name: 'Load system', controllerOid: controller as ControllerOid, profile: 'connecting', jwks: { keys: [key.publicJwk] } });
  await registerProfessional(archive.database.db.pool, { professionalId: 'LOAD-1', givenName: 'Kuorma', familyName: 'Testaaja', title: 'sosiaalityöntekijä', organisationOid: controller });
  const card = issueProfessionalCard(archive.ca, { professionalId: 'LOAD-1', name: 'Kuorma Testaaja' });

  // Both start together, racing to generate the one signing key.
  const installation = { env, dataDir, pgPort: 0 };
  servers.push(...await Promise.all([startKansio(installation), startKansio(installation)]));
  const tokens = await Promise.all(servers.map(async (s) => (await requestToken({
    baseUrl: s.baseUrl, clientId: 'load-system', systemPrivateJwk: key.privateJwk, card: { ...card, chainPem: [...card.chainPem] },
    scope: 'system/DocumentReference.cruds system/Binary.cr system/List.c',
  })).access_token));
  const fhir = (i: number, body: string, type: string) => fetch(`${servers[i]!.baseUrl}/fhir${type.includes('form') ? '/DocumentReference/_search' : ''}`, {
    method: 'POST', headers: { authorization: `Bearer ${tokens[i]!}`, 'content-type': type }, body,
  });
  const clients = Array.from({ length: 4 }, () => aPersonCode());
  for (const c of clients) {
    const res = await fhir(0, JSON.stringify(aDocument().forClient(c).clientRelationship().build()), 'application/fhir+json');
    assert.equal(res.status, 200, await res.text());
  }

  const deadline = Date.now() + MAX_SECONDS * 1000;
  let requests = 0;
  const failures: string[] = [];
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; requests < MAX_REQUESTS && Date.now() < deadline; i++) {
      requests++;
      const client = clients[(w + i) % clients.length]!;
      const res = i % 4 === 3
        ? await fhir(w % 2, JSON.stringify(aDocument().forClient(client).build()), 'application/fhir+json')
        : await fhir(w % 2, `patient.identifier=urn:oid:1.2.246.21|${client}&status=current`, 'application/x-www-form-urlencoded');
      await res.arrayBuffer();
      if (res.status !== 200) failures.push(String(res.status));
    }
  };
  const byHand = async (): Promise<number> => {
    let taken = 0;
    for (let i = 0; i < 3 && Date.now() < deadline; i++) {
      await new Promise((r) => setTimeout(r, i === 0 ? 500 : 2000));
      const run = await cli(['audit', 'checkpoint'], { ...env, LOG_LEVEL: 'silent' });
      assert.equal(run.status, 0, run.output);
      if (/signed at/.test(run.output)) taken++;
    }
    return taken;
  };
  const [, takenByHand] = await Promise.all([Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w))), byHand()]);
  assert.deepEqual(failures, [], 'the load itself succeeded');

  // The timers sign the records of the load's last second (on a busy machine that may take a
  // while), and then, the archive idle, nothing more: three ticks of each timer add none.
  const checkpointCount = async (): Promise<number> => (await archive.sql<{ n: number }>('select count(*)::int as n from audit_checkpoint'))[0]!.n;
  for (let seen = -1, i = 0; i < 20; i++) {
    const now = await checkpointCount();
    if (now === seen) break;
    seen = now;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const idle = await checkpointCount();
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(await checkpointCount(), idle, 'no checkpoint while nothing is appended');

  const rows = await archive.sql<{ size: string; created_at: Date; note: string }>('select size::text as size, created_at, note from audit_checkpoint order by audit_checkpoint.size');
  const files = (await readdir(path.join(dataDir, 'audit-checkpoints'))).sort();
  const kept = await Promise.all(files.map((f) => readFile(path.join(dataDir, 'audit-checkpoints', f), 'utf8')));
  const signedBy = servers.map((s) => (s.output().match(/audit checkpoint \d+ signed/g) ?? []).length);
  t.diagnostic(`requests ${requests}; checkpoints ${rows.length} (server 1: ${signedBy[0]}, server 2: ${signedBy[1]}, by hand: ${takenByHand}); records ${(await archive.sql<{ n: string }>('select count(*)::text as n from audit_event'))[0]!.n}`);
  assert.ok(rows.length >= 5, `checkpoints were taken during the load: ${rows.length}`);
  // The timers keep to about one checkpoint a second between them (which server's depends on
  // how their ticks fall); the operator's command signs in between, from a third process.
  assert.equal(signedBy[0]! + signedBy[1]! + takenByHand, rows.length, 'every checkpoint in the table was signed by one of the processes');
  assert.ok(signedBy[0]! + signedBy[1]! >= 3 && takenByHand >= 1, 'the timers and the command both signed');
  for (const row of rows) assert.ok(kept.includes(row.note), `checkpoint ${row.size} is also kept outside the database`);
  for (let i = 1; i < rows.length; i++) {
    assert.ok(rows[i]!.created_at >= rows[i - 1]!.created_at, `times never go back from one checkpoint to the next: ${rows.map((r) => `${r.size} ${r.created_at.toISOString()}`).join(', ')}`);
  }

  // Every checkpoint verifies against the database, with the servers still running.
  const verified = await cli(['audit', 'verify', '--quiet', '--checkpoints', path.join(dataDir, 'audit-checkpoints')], { ...env, LOG_LEVEL: 'silent' });
  assert.equal(verified.status, 0, verified.output);
  assert.match(verified.output, /audit chain intact: \d+ records in 64 lanes verified/);
  assert.match(verified.output, new RegExp(`extends all ${files.length} checkpoint\\(s\\)`));

  // The servers stop cleanly and quickly: the timers neither keep them alive nor outlive the pool.
  const stopping = Date.now();
  const codes = await Promise.all(servers.map((s) => s.stop('SIGTERM')));
  assert.deepEqual(codes, [0, 0], servers.map((s) => s.output().split('\n').filter((l) => /error|fail/i.test(l)).join('\n')).join('\n'));
  t.diagnostic(`both servers stopped in ${Date.now() - stopping} ms`);
  servers.length = 0;
});

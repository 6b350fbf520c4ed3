// D10, issue 8: `kansio audit verify` on a server in use. Verify once read the lane heads and
// then the records outside one snapshot, so appends in between looked like "records removed
// from the end" and it exited 1 on an intact chain. Here a bounded load of concurrent searches
// and stores runs against a real server (loopback) while verify runs, as the CLI and in process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { verifyAuditChain } from '../../src/usecases/verify-audit-chain.ts';

const WORKERS = 6;
const MAX_REQUESTS = 2500;
const MAX_SECONDS = 60;

let archive: TestArchive;
let pro: Actor;
const clients: string[] = [];

before(async () => {
  archive = await startTestArchive();
  pro = await archive.actor(await archive.controller('Busy area'));
  for (let i = 0; i < 4; i++) {
    const client = aPersonCode();
    await archive.openRelationship(pro, client);
    await archive.store(pro, aDocument().forClient(client).build());
    clients.push(client);
  }
});
after(async () => archive?.close());

function verifyCli(): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['src/cli/main.ts', 'audit', 'verify', '--quiet'], {
      env: { ...process.env, DATABASE_URL: archive.database.url, KANSIO_DATA_DIR: archive.config.dataDir, LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString('utf8'); });
    child.stderr.on('data', (b: Buffer) => { stdout += b.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

const auditCount = async (): Promise<number> => (await archive.sql<{ n: number }>('select count(*)::int as n from audit_event'))[0]!.n;

test('D10, issue 8: audit verify on a server in use reports an intact chain while concurrent searches and stores append to it', async (t) => {
  const token = await pro.token();
  const deadline = Date.now() + MAX_SECONDS * 1000;
  let stop = false;
  let requests = 0;
  const failures: string[] = [];
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; !stop && requests < MAX_REQUESTS && Date.now() < deadline; i++) {
      requests++;
      const client = clients[(w + i) % clients.length]!;
      const res = i % 4 === 3
        ? await archive.fhir(token, 'POST', '', aDocument().forClient(client).build())
        : await archive.fhir(token, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current`);
      if (res.status !== 200) failures.push(`${res.status}`);
    }
  };
  const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  try {
    // Wait until the load is under way, so that every verify below overlaps it.
    const start = await auditCount();
    while ((await auditCount()) < start + 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

    // In process: rounds until four of them overlapped appends (a fast round may fall between two).
    const appendedDuring: number[] = [];
    for (let round = 0; round < 20 && appendedDuring.filter((n) => n > 0).length < 4; round++) {
      const before = await auditCount();
      const report = await archive.database.db.withSnapshot((s) => verifyAuditChain(s, () => {}, 50));
      appendedDuring.push((await auditCount()) - before);
      assert.deepEqual(report.broken, [], `in-process verify round ${round}`);
    }
    assert.ok(appendedDuring.filter((n) => n > 0).length >= 4, `in-process rounds overlapped the load: ${appendedDuring.join(', ')}`);
    const cliFrom = appendedDuring.length;
    for (let round = 0; round < 2; round++) {
      const before = await auditCount();
      const cli = await verifyCli();
      appendedDuring.push((await auditCount()) - before);
      assert.equal(cli.status, 0, `CLI verify round ${round}: ${cli.stdout}`);
      assert.match(cli.stdout, /audit chain intact: \d+ records in 64 lanes verified/);
    }
    t.diagnostic(`records appended while each verify ran: ${appendedDuring.join(', ')}; requests ${requests}`);
    assert.ok(appendedDuring.slice(cliFrom).every((n) => n > 0), `the load appended records while each CLI verify ran: ${appendedDuring.slice(cliFrom).join(', ')}`);
  } finally {
    stop = true;
    await load;
  }
  assert.deepEqual(failures, [], 'the load itself succeeded');
  // Idle, the whole chain still verifies.
  assert.deepEqual((await archive.database.db.withSnapshot((s) => verifyAuditChain(s))).broken, []);
});

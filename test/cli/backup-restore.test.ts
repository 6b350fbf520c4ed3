// Issue 8, section 5: `kansio backup` of a running embedded database, `kansio restore` into a
// fresh data folder, and a server started from it: every document retrievable, byte for byte,
// and the audit chain intact. A restore never overwrites data unless told to, and a damaged
// backup changes nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import path from 'node:path';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { startEmbeddedPostgres } from '../../src/store/embedded.ts';
import { openDb } from '../../src/store/db.ts';
import { aDataFolder, anInstallation, kansio, registerActor, startKansio, trustCardAuthority, type Installation, type KansioProcess } from '../support/kansio-process.ts';

let server: KansioProcess | undefined;
/** The backup file and the installation restored from it, for the second test. */
let restored: { file: string; b: Installation; documents: number } | undefined;
const folders: string[] = [];

after(async () => {
  server?.child.kill('SIGKILL');
  for (const f of folders) await rm(f, { recursive: true, force: true });
});

async function folder(prefix: string): Promise<string> {
  const f = await aDataFolder(prefix);
  folders.push(f);
  return f;
}

// Two real installations (two initdb runs) and a dozen CLI processes: more than the default timeout on a busy machine.
test('issue 8 / operator: kansio backup of a running server, restored into a fresh data folder, serves every document and its audit chain verifies', { timeout: 300_000 }, async () => {
  const dataA = await folder('kansio-backup-a-');
  const ca = await trustCardAuthority(dataA);
  const a = await anInstallation(dataA);
  server = await startKansio(a);
  const actor = await registerActor(a, ca);
  let token = await actor.token(server.baseUrl);
  const stored = new Map<string, string>();
  for (let c = 0; c < 3; c++) {
    const client = aPersonCode();
    for (let d = 0; d < 3; d++) {
      const text = `asiakirja ${c}.${d} ${'x'.repeat(d * 1000)}`;
      const builder = d === 0 ? aDocument().forClient(client).clientRelationship() : aDocument().forClient(client).withJson({ text });
      const res: Response = await fetch(`${server.baseUrl}/fhir`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' }, body: JSON.stringify(builder.build()) });
      assert.equal(res.status, 200, await res.clone().text());
      const bundle = await res.json() as { entry: { response: { location: string } }[] };
      const id = bundle.entry.map((e) => e.response.location).find((l) => l.startsWith('DocumentReference/'))!.split('/')[1]!;
      const binary: Response = await fetch(`${server.baseUrl}/fhir/Binary/${id}`, { headers: { authorization: `Bearer ${token}`, accept: '*/*' } });
      assert.equal(binary.status, 200);
      stored.set(id, Buffer.from(await binary.arrayBuffer()).toString('base64'));
    }
  }

  // Online: the server keeps running while the backup reads one snapshot.
  const file = path.join(dataA, 'nightly.jsonl.gz');
  const backup = kansio(a, ['backup', file]);
  assert.equal(backup.status, 0, backup.stderr);
  assert.match(backup.stdout, /backup written: .*nightly\.jsonl\.gz \(\d+ rows in \d+ tables/);
  assert.match(backup.stderr, /document: 9 rows/, 'progress names each table');
  assert.equal(await server.stop(), 0);
  server = undefined;

  const dataB = await folder('kansio-backup-b-');
  await trustCardAuthority(dataB, ca);
  const b = await anInstallation(dataB);
  const restore = kansio(b, ['restore', file]);
  assert.equal(restore.status, 0, restore.stderr);
  assert.match(restore.stdout, /restored \d+ rows/);
  assert.match(restore.stderr, /audit_event: \d+ rows/);

  server = await startKansio(b);
  token = await actor.token(server.baseUrl);
  for (const [id, bytes] of stored) {
    const res: Response = await fetch(`${server.baseUrl}/fhir/Binary/${id}`, { headers: { authorization: `Bearer ${token}`, accept: '*/*' } });
    assert.equal(res.status, 200, `Binary/${id} is retrievable from the restored archive`);
    assert.equal(Buffer.from(await res.arrayBuffer()).toString('base64'), bytes, `Binary/${id} is byte for byte the stored document`);
  }
  // The restored archive takes new clients and documents (identities continue after the restored ones).
  const fresh: Response = await fetch(`${server.baseUrl}/fhir`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' }, body: JSON.stringify(aDocument().forClient(aPersonCode()).clientRelationship().build()) });
  assert.equal(fresh.status, 200, await fresh.text());
  // New records continue the restored chains.
  assert.equal(await server.stop(), 0);
  server = undefined;
  const verify = kansio(b, ['audit', 'verify', '--quiet']);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /audit chain intact/);
  restored = { file, b, documents: stored.size + 1 }; // with the one stored after the restore
});

test('issue 8 / operator: kansio restore refuses a database that holds data unless --force, and a truncated or foreign file changes nothing; kansio db shows how to reach the database and kansio db psql opens it', async () => {
  assert.ok(restored, 'the first test restored an installation');
  const { file, b } = restored;
  const dataB = b.dataDir;
  // The rest of the checks share one running database, as they would share a running server's.
  const holder = await startEmbeddedPostgres(dataB, b.pgPort);
  try {
    const exists = kansio(b, ['backup', file]);
    assert.equal(exists.status, 1);
    assert.match(exists.stderr, /exists; name another file/);
    const refused = kansio(b, ['restore', file]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /is not empty: restore into a fresh data folder \(KANSIO_DATA_DIR\), or add --force/);

    // A truncated backup is refused as a whole, even with --force: the restored data stay.
    const lines = gunzipSync(await readFile(file)).toString('utf8').trimEnd().split('\n');
    const truncated = path.join(dataB, 'truncated.jsonl.gz');
    await writeFile(truncated, gzipSync(lines.slice(0, -1).join('\n') + '\n'));
    const damaged = kansio(b, ['restore', '--force', truncated]);
    assert.equal(damaged.status, 1);
    assert.match(damaged.stderr, /truncated.*nothing was changed/);
    const notBackup = path.join(dataB, 'not-a-backup.gz');
    await writeFile(notBackup, 'hello');
    const wrong = kansio(b, ['restore', '--force', notBackup]);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /not a Kansio backup.*nothing was changed/);

    const db = openDb(holder.url, 1);
    try {
      const [row] = (await db.pool.query<{ n: number }>("select count(*)::int as n from document where status = 'current'")).rows;
      assert.equal(row!.n, restored.documents, 'the restored documents are still there');
    } finally {
      await db.close();
    }
    await checkDbCommands(b, restored.documents);
    const forced = kansio(b, ['restore', '--force', file]);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stdout, /restored \d+ rows/);
    const replaced = openDb(holder.url, 1);
    try {
      const [row] = (await replaced.pool.query<{ n: number }>("select count(*)::int as n from document where status = 'current'")).rows;
      assert.equal(row!.n, restored.documents - 1, '--force replaced everything: the document stored after the first restore is gone');
    } finally {
      await replaced.close();
    }
  } finally {
    await holder.stop();
  }
});

/** `kansio db` and `kansio db psql` on the running embedded database. */
async function checkDbCommands(b: Installation, documents: number): Promise<void> {
  const password = (await readFile(path.join(b.dataDir, 'pg-password'), 'utf8')).trim();
  const info = kansio(b, ['db']);
  assert.equal(info.status, 0, info.stderr);
  // The embedded database listens on its Unix socket only (no TCP port), named by the port.
  assert.ok(info.stdout.includes(`socket:           ${path.join(b.dataDir, 'pg')}/.s.PGSQL.${b.pgPort} (Unix socket only, no TCP port)`), info.stdout);
  assert.match(info.stdout, /database: +kansio/);
  assert.match(info.stdout, /user: +postgres/);
  assert.ok(info.stdout.includes(`password file:    ${path.join(b.dataDir, 'pg-password')}`));
  assert.ok(!info.stdout.includes(password), 'the password is not printed unless asked for');
  const shown = kansio(b, ['db', '--show-password']);
  assert.ok(shown.stdout.includes(password), '--show-password prints it');
  const psql = kansio(b, ['db', 'psql', '--', '-tAc', "select count(*) from document where status = 'current'"]);
  assert.equal(psql.status, 0, psql.stderr);
  assert.equal(psql.stdout.trim(), String(documents));
  const noPsql = kansio({ ...b, env: { ...b.env, PATH: path.dirname(process.execPath) } }, ['db', 'psql']);
  assert.equal(noPsql.status, 1);
  assert.match(noPsql.stderr, /psql is not on PATH: install the PostgreSQL client \(Debian, Ubuntu: apt-get install postgresql-client/);
}

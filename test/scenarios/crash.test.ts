// D10 and the reliability targets: after `kill -9` of the server under load, every response that
// carried client data has its audit record, and every acknowledged document is stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { createCardAuthority, createSystemKey, issueProfessionalCard, requestToken } from '../../src/auth/index.ts';
import { registerSystem } from '../../src/store/systems.ts';
import { registerProfessional } from '../../src/store/professionals.ts';
import type { ControllerOid } from '../../src/domain/types.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { freePort } from '../support/ports.ts';

const CONTROLLER = '1.2.246.10.98800';
let database: TestDatabase;
let dataDir: string;
let server: ChildProcess;
let baseUrl: string;
let token: string;


before(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), 'kansio-crash-'));
  await chmod(dataDir, 0o755);
  const ca = createCardAuthority('Crash test CA');
  await mkdir(path.join(dataDir, 'trust', 'card-ca'), { recursive: true });
  await writeFile(path.join(dataDir, 'trust', 'card-ca', 'ca.pem'), ca.certPem);
  const pool = database.db.pool;
  await pool.query("insert into organisation (oid, name, kind) values ($1, 'Crash area', 'welfare-area')", [CONTROLLER]);
  const key = await createSystemKey('ES384');
  await registerSystem(pool, { clientId: 'crash-system', name: 'Crash system', controllerOid: CONTROLLER as ControllerOid, profile: 'connecting', jwks: { keys: [key.publicJwk] } });
  await registerProfessional(pool, { professionalId: 'CRASH-1', givenName: 'Kaatuva', familyName: 'Testaaja', title: 'sosiaalityöntekijä', organisationOid: CONTROLLER });
  const card = issueProfessionalCard(ca, { professionalId: 'CRASH-1', name: 'Kaatuva Testaaja' });

  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['src/cli/main.ts', 'start'], {
    env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), KANSIO_DATA_DIR: dataDir, KANSIO_DEMO: 'false', LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    if (await fetch(`${baseUrl}/fhir/metadata`).then((r) => r.ok, () => false)) break;
    if (i > 100) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  token = (await requestToken({ baseUrl, clientId: 'crash-system', systemPrivateJwk: key.privateJwk, card: { ...card, chainPem: [...card.chainPem] }, scope: 'system/DocumentReference.cruds system/Binary.cr' })).access_token;
});

after(async () => {
  server.kill('SIGKILL');
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const post = (url: string, body: unknown, form = false) => fetch(`${baseUrl}/fhir${url}`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/fhir+json' },
  body: form ? String(body) : JSON.stringify(body),
});

test('D10: after kill -9 under load every answered search has its audit record and every acknowledged store is stored with its record', async () => {
  const clients = Array.from({ length: 8 }, () => aPersonCode());
  for (const c of clients) {
    const res = await post('', aDocument().forClient(c).clientRelationship().build());
    assert.equal(res.status, 200);
  }
  const acknowledged: string[] = [];
  let searchesAnswered = 0;
  let stop = false;
  const worker = async (i: number): Promise<void> => {
    const client = clients[i % clients.length]!;
    while (!stop) {
      try {
        if (i % 2) {
          const res = await post('', aDocument().forClient(client).build());
          if (res.status !== 200) break;
          const body = await res.json() as Bundle;
          acknowledged.push(...body.entry!.map((e) => e.response!.location!).filter((l) => l.startsWith('DocumentReference/')).map((l) => l.split('/')[1]!));
        } else {
          const res = await post('/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current`, true);
          if (res.status !== 200) break;
          const body = await res.json() as Bundle;
          assert.ok((body.entry ?? []).length >= 1, 'the search carried client data');
          searchesAnswered++;
        }
      } catch {
        break; // the server is gone
      }
    }
  };
  const running = Array.from({ length: 8 }, (_, i) => worker(i));
  // Kill once the load is well under way (at least 1.5 s and 20 answers of each kind; at most 60 s
  // on a machine busy with other work), so that requests are in flight at the kill.
  const started = Date.now();
  while (Date.now() - started < 1500 || ((searchesAnswered <= 20 || acknowledged.length <= 20) && Date.now() - started < 60_000)) {
    await new Promise((r) => setTimeout(r, 50));
  }
  server.kill('SIGKILL');
  stop = true;
  await Promise.all(running);
  assert.ok(searchesAnswered > 10 && acknowledged.length > 10, `load ran: ${searchesAnswered} searches, ${acknowledged.length} stores`);

  const pool = database.db.pool;
  const stored = await pool.query<{ n: number }>('select count(*)::int as n from document where version_id = any($1::uuid[])', [acknowledged]);
  assert.equal(stored.rows[0]!.n, acknowledged.length, 'every acknowledged document is stored');
  const storeRecords = await pool.query<{ body: string }>("select body from audit_event where action = 'store' and outcome = 'success'");
  const audited = new Set(storeRecords.rows.flatMap((r) => (JSON.parse(r.body).documents as { versionId: string }[]).map((d) => d.versionId)));
  for (const id of acknowledged) assert.ok(audited.has(id), `store of ${id} has its audit record`);
  const searchRecords = await pool.query<{ n: number }>("select count(*)::int as n from audit_event where action = 'search' and outcome = 'success'");
  assert.ok(searchRecords.rows[0]!.n >= searchesAnswered, `${searchRecords.rows[0]!.n} search records for ${searchesAnswered} answered searches`);
});

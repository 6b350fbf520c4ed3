// examples/store-and-find.ts against a real Kansio: the outside vendor's view. The service starts
// as `kansio start` would (startService: migrations, keys, trusted card CAs from the data folder),
// the world is registered the way an operator would, and the example talks to it with
// openid-client, fhir-kit-client and jose only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeIdentityCode } from '../../src/domain/identity-code.ts';
import { storeAndFind, type ExampleOptions } from '../../examples/store-and-find.ts';
import { startExampleService, type ExampleService } from '../support/example-service.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONTROLLER = '1.2.246.10.98700';
const UNIT = '1.2.246.10.98700.1';

let example: ExampleService;
let options: Omit<ExampleOptions, 'clientCode'>;

before(async () => {
  example = await startExampleService();
  const files = await example.vendor({ name: 'family services', controller: CONTROLLER, unit: UNIT, clientId: 'example-vendor', professionalId: 'EXAMPLE-PRO-1', givenName: 'Esa' });
  options = { baseUrl: example.service.baseUrl, serviceTask: '1', ...files };
});

after(async () => example?.stop());

test('the example opens the client relationship, stores, corrects and finds a document', async () => {
  const clientCode = makeIdentityCode('1977-07-07', 998);
  const lines: string[] = [];
  const result = await storeAndFind({ ...options, clientCode, print: (line) => lines.push(line) });

  assert.equal(result.professionalId, 'EXAMPLE-PRO-1');
  assert.match(result.grantedScope, /system\/DocumentReference\.c/);
  assert.ok(result.relationship, 'a new client has no relationship, so the example stores one first');
  for (const step of [result.relationship, result.stored, result.corrected]) {
    assert.equal(step.httpStatus, 200);
    assert.equal(step.entryStatus, '201 Created');
  }
  assert.notEqual(result.corrected.id, result.stored.id);
  assert.equal(result.found.id, result.corrected.id);
  assert.equal(result.found.status, 'current');
  assert.deepEqual(result.found.relatesTo, [{ code: 'replaces', target: { reference: `DocumentReference/${result.stored.id}` } }]);
  assert.equal(result.original?.status, 'superseded');

  const rows = await example.database.db.pool.query<{ version_id: string; status: string; replaced_by_version_id: string | null; set_id: string }>(
    'select version_id, status, replaced_by_version_id, set_id from document where version_id = any($1::uuid[])', [[result.stored.id, result.corrected.id]]);
  const byId = new Map(rows.rows.map((r) => [r.version_id, r]));
  assert.equal(byId.get(result.stored.id)?.status, 'superseded');
  assert.equal(byId.get(result.stored.id)?.replaced_by_version_id, result.corrected.id);
  assert.equal(byId.get(result.corrected.id)?.set_id, byId.get(result.stored.id)?.set_id, 'a correction is a new version of the same document (S1)');
  assert.equal(lines.length, 5);
});

test('run as a command, with its inputs from the environment, the example reuses the relationship', async () => {
  const clientCode = makeIdentityCode('1977-07-08', 998);
  // The first run opens the relationship; the second, as a separate process, finds it in force.
  await storeAndFind({ ...options, clientCode, print: () => {} });
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'examples/store-and-find.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        KANSIO_BASE_URL: options.baseUrl,
        KANSIO_CLIENT_ID: options.clientId,
        KANSIO_SYSTEM_KEY: options.systemKeyFile,
        KANSIO_CARD_CERT: options.cardCertFile,
        KANSIO_CARD_KEY: options.cardKeyFile,
        KANSIO_CLIENT_CODE: clientCode,
        KANSIO_SERVICE_TASK: '1',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('exit', (c) => resolve({ code: c, stdout, stderr }));
  });
  assert.equal(code, 0, `the example failed: ${stderr}${stdout}`);
  assert.match(stdout, /relation: +a client relationship in this service task is already in force/);
  assert.match(stdout, /stored: +DocumentReference\/[0-9a-f-]{36} \(HTTP 200, 201 Created\)/);
  const corrected = /corrected: +DocumentReference\/([0-9a-f-]{36}) replaces DocumentReference\/([0-9a-f-]{36})/.exec(stdout);
  assert.ok(corrected, stdout);
  assert.match(stdout, new RegExp(`found: +DocumentReference/${corrected[1]} status current, relatesTo replaces DocumentReference/${corrected[2]}; the original is superseded`));
  // The identity code never needs to travel in a URL: the example searches with POST _search.
  assert.doesNotMatch(stdout, new RegExp(clientCode));
});

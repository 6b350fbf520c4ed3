// L6: all transfer between client data systems and the archive is encrypted. With a certificate
// Kansio speaks HTTPS only; on an interface beyond loopback it refuses to start over plain HTTP
// unless a TLS proxy in front is declared.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { startService, type RunningService } from '../../src/app.ts';
import { createLogger } from '../../src/log.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

let service: RunningService | undefined;
let database: TestDatabase | undefined;
let dir: string | undefined;

after(async () => {
  await service?.stop();
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A self-signed certificate for 127.0.0.1, made with the machine's openssl. */
async function selfSigned(folder: string): Promise<{ cert: string; key: string }> {
  const cert = path.join(folder, 'cert.pem');
  const key = path.join(folder, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

function get(url: string, ca?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(url, { method: 'GET', ...(ca ? { ca } : {}), timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

test('L6: with a certificate and key Kansio serves FHIR over HTTPS only, and asks clients to keep to HTTPS', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kansio-tls-'));
  await chmod(dir, 0o755);
  const { cert, key } = await selfSigned(dir);
  database = await createTestDatabase();
  const config = { ...loadConfig({ PORT: '0', KANSIO_DATA_DIR: path.join(dir, 'data'), KANSIO_DEMO: 'false', KANSIO_TLS_CERT: cert, KANSIO_TLS_KEY: key }), databaseUrl: database.url };
  assert.match(config.baseUrl, /^https:\/\/127\.0\.0\.1:/, 'the public URL defaults to https');
  service = await startService(config, { log: createLogger('silent') });
  const port = new URL(service.baseUrl).port;

  const secure = await get(`https://127.0.0.1:${port}/fhir/metadata`, await readFile(cert, 'utf8'));
  assert.equal(secure.status, 200);
  assert.equal(JSON.parse(secure.body).resourceType, 'CapabilityStatement');
  assert.equal(secure.headers['strict-transport-security'], 'max-age=31536000');

  // A plain HTTP request to the same port is not answered with data.
  const plain = await get(`http://127.0.0.1:${port}/fhir/metadata`).catch((error: Error) => error);
  assert.ok(plain instanceof Error || plain.status === 400, 'plain HTTP gets no FHIR answer');
  if (!(plain instanceof Error)) assert.doesNotMatch(plain.body, /CapabilityStatement/);
});

test('L6: beyond loopback Kansio refuses plain HTTP unless a TLS proxy in front is declared, and names the fix', () => {
  assert.throws(() => loadConfig({ HOST: '0.0.0.0' }), (error: Error) => error instanceof ConfigError && /L6: .*KANSIO_TLS_CERT.*KANSIO_TLS_OFFLOADED/.test(error.message));
  assert.throws(() => loadConfig({ HOST: '10.1.2.3', KANSIO_TLS_OFFLOADED: 'true', KANSIO_BASE_URL: 'http://archive.example' }), /L6: KANSIO_BASE_URL must be an https URL/);
  const proxied = loadConfig({ HOST: '0.0.0.0', KANSIO_TLS_OFFLOADED: 'true', KANSIO_BASE_URL: 'https://archive.example' });
  assert.equal(proxied.baseUrl, 'https://archive.example');
  assert.equal(loadConfig({ HOST: '0.0.0.0', KANSIO_TLS_CERT: 'c.pem', KANSIO_TLS_KEY: 'k.pem' }).baseUrl, 'https://localhost:8080');
  assert.throws(() => loadConfig({ KANSIO_TLS_CERT: 'c.pem' }), /KANSIO_TLS_CERT and KANSIO_TLS_KEY go together/);
  // A laptop needs nothing: loopback over plain HTTP is the default.
  assert.equal(loadConfig({}).baseUrl, 'http://127.0.0.1:8080');
});

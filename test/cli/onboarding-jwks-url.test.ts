// Issue 10 onboarding: a client data system that publishes its public keys at a JWKS URL instead
// of registering them inline. The token endpoint fetches the URL (and caches it): a key published
// there signs a client assertion that gets a token, and the token stores a document (L5); a key
// that is not published is refused with a message naming the URL, and so is a URL that fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSystemKey, issueProfessionalCard, requestToken, TokenRequestError, type SystemKey } from '../../src/auth/index.ts';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';

let archive: TestArchive;
let dir: string;
let publisher: Server;
let published: object = { keys: [] };
let fetches = 0;

before(async () => {
  archive = await startTestArchive();
  dir = await mkdtemp(path.join(tmpdir(), 'kansio-jwks-url-'));
  // The vendor's key server: what it serves is what the test sets in `published`.
  publisher = createServer((request, response) => {
    fetches++;
    if (request.url === '/jwks.json') response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(published));
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => publisher.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  publisher.close();
  await archive.close();
  await rm(dir, { recursive: true, force: true });
});

function kansio(...args: string[]) {
  const r = spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: archive.database.url, KANSIO_DATA_DIR: dir, KANSIO_DEMO: 'false', LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 120_000,
  });
  assert.equal(r.status, 0, `kansio ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function actorOf(clientId: string, controllerOid: string, key: SystemKey, professionalId: string): Actor {
  const card = issueProfessionalCard(archive.ca, { professionalId, name: 'Aino Lehto' });
  return {
    systemId: clientId, professionalId, controllerOid,
    async token(scope = 'system/DocumentReference.cruds system/Binary.cr system/List.c') {
      return (await requestToken({ baseUrl: archive.baseUrl, clientId, systemPrivateJwk: key.privateJwk, card: { professionalId, certPem: card.certPem, privateJwk: card.privateJwk }, scope })).access_token;
    },
  };
}

test('L5: a system registered with a JWKS URL gets a token with a key published there, and stores', async () => {
  const controller = await archive.controller('JWKS URL welfare area');
  const unit = await archive.unit(controller, 'Adult social work');
  const key = await createSystemKey('ES384');
  published = { keys: [key.publicJwk] };
  const url = `http://127.0.0.1:${(publisher.address() as AddressInfo).port}/jwks.json`;
  kansio('system', 'add', '--client-id', 'published-keys', '--name', 'Published Keys Care', '--controller', controller, '--profile', 'connecting', '--jwks-url', url);
  kansio('professional', 'add', '--id', 'JWKS-PRO-1', '--given-name', 'Aino', '--family-name', 'Lehto', '--title', 'sosiaalityöntekijä', '--organisation', unit);
  const listed = JSON.parse(kansio('system', 'list', '--json')) as { clientId: string; jwksUri: string | null }[];
  assert.equal(listed.find((s) => s.clientId === 'published-keys')?.jwksUri, url);

  const pro = actorOf('published-keys', controller, key, 'JWKS-PRO-1');
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const ids = await archive.store(pro, aDocument().forClient(client).build());
  assert.equal(ids.length, 1);
  assert.ok(fetches >= 1, 'the token endpoint fetched the published keys');

  // A key the vendor has not published signs nothing: the message names where the keys were looked for.
  const unpublished = await createSystemKey('ES384');
  await assert.rejects(
    actorOf('published-keys', controller, unpublished, 'JWKS-PRO-1').token(),
    (e: unknown) => e instanceof TokenRequestError && e.error === 'invalid_client' && e.message.includes(url),
  );
});

test('L5: a JWKS URL that does not answer with keys refuses the token with a message naming it', async () => {
  const controller = await archive.controller('JWKS URL area 2');
  const unit = await archive.unit(controller, 'Family services');
  const key = await createSystemKey('ES384');
  const url = `http://127.0.0.1:${(publisher.address() as AddressInfo).port}/missing.json`;
  kansio('system', 'add', '--client-id', 'broken-keys', '--name', 'Broken Keys Care', '--controller', controller, '--profile', 'connecting', '--jwks-url', url);
  kansio('professional', 'add', '--id', 'JWKS-PRO-2', '--given-name', 'Aino', '--family-name', 'Lehto', '--title', 'sosiaalityöntekijä', '--organisation', unit);
  await assert.rejects(
    actorOf('broken-keys', controller, key, 'JWKS-PRO-2').token(),
    (e: unknown) => e instanceof TokenRequestError && e.error === 'invalid_client' && e.message.includes(`the keys could not be fetched from ${url}`),
  );
});

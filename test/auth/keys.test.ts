// The server's signing key and trusted card CAs on disk, and demo mode's generated credentials.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir, unlink } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createCardAuthority, ensureDemoCredentials, loadAuthKeys, loadDemoCard, loadDemoSystemKey, requestToken,
} from '../../src/auth/index.ts';
import type { Config } from '../../src/config.ts';
import { registerSystem } from '../../src/store/systems.ts';
import { registerProfessional } from '../../src/store/professionals.ts';
import { CONTROLLER, startAuthServer, type AuthServer } from './support.ts';

const spec = {
  systems: [{ clientId: 'demo-connecting', alg: 'ES384' as const }, { clientId: 'demo-service', alg: 'RS384' as const }],
  professionals: [{ professionalId: '9.2.246.101', name: 'Anna Demo' }],
};

describe('keys on disk', () => {
  let dataDir: string;
  before(async () => { dataDir = await mkdtemp(path.join(tmpdir(), 'kansio-keys-')); });
  after(async () => { await rm(dataDir, { recursive: true, force: true }); });

  test('the token signing key is generated once, mode 0600, and reused', async () => {
    const config = { dataDir } as Config;
    const first = await loadAuthKeys(config);
    const file = path.join(dataDir, 'keys', 'token-signing.jwk');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const second = await loadAuthKeys(config);
    assert.equal(second.tokenKeyId, first.tokenKeyId);
    assert.equal(first.trustedCardCas.length, 0);
    assert.deepEqual((await readdir(path.join(dataDir, 'keys'))), ['token-signing.jwk']);
  });

  test('every *.pem in trust/card-ca is a trusted professional-card CA; anything else there is refused', async () => {
    const trust = path.join(dataDir, 'trust', 'card-ca');
    await mkdir(trust, { recursive: true });
    const a = createCardAuthority('CA A');
    const b = createCardAuthority('CA B');
    await writeFile(path.join(trust, 'a.pem'), a.certPem);
    await writeFile(path.join(trust, 'bundle.pem'), b.certPem + a.certPem);
    await writeFile(path.join(trust, 'notes.txt'), 'ignored');
    const keys = await loadAuthKeys({ dataDir } as Config);
    assert.deepEqual(keys.trustedCardCas.map((c) => c.subject), ['CN=CA A', 'CN=CA B', 'CN=CA A']);
    await writeFile(path.join(trust, 'broken.pem'), 'not a certificate');
    await assert.rejects(loadAuthKeys({ dataDir } as Config), /broken\.pem: not a PEM certificate file/);
    await unlink(path.join(trust, 'broken.pem'));
  });
});

describe('demo credentials', () => {
  let s: AuthServer;
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kansio-demo-'));
  });
  after(async () => {
    await s?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('the first call writes the CA, its trusted copy, system keys, cards and a README', async () => {
    const config = { dataDir } as Config;
    const demo = await ensureDemoCredentials(config, spec);
    const files = (await readdir(demo.dir, { recursive: true })).sort();
    assert.deepEqual(files, ['README.md', 'card-ca.key.jwk', 'card-ca.pem', 'cards', 'cards/9.2.246.101.key.jwk', 'cards/9.2.246.101.pem', 'systems', 'systems/demo-connecting.jwk', 'systems/demo-service.jwk']);
    for (const secret of ['card-ca.key.jwk', 'cards/9.2.246.101.key.jwk', 'systems/demo-connecting.jwk']) {
      assert.equal((await stat(path.join(demo.dir, secret))).mode & 0o777, 0o600, secret);
    }
    assert.equal(await readFile(demo.trustedCaPath, 'utf8'), await readFile(demo.caCertPath, 'utf8'));
    const readme = await readFile(demo.readmePath, 'utf8');
    assert.match(readme, /demonstration and testing only/);
    assert.match(readme, /npm run kansio -- token --system <client id> --professional <professional id>/);
    const card = new X509Certificate(await readFile(path.join(demo.dir, 'cards/9.2.246.101.pem')));
    assert.ok(card.checkIssued(new X509Certificate(await readFile(demo.caCertPath))));
    assert.equal(demo.systems[1]!.jwks.keys[0]!.kty, 'RSA');
    assert.equal(demo.systems[1]!.jwks.keys[0]!.d, undefined);
  });

  test('a later call keeps what is there and adds only what is missing', async () => {
    const config = { dataDir } as Config;
    const before = await readFile(path.join(dataDir, 'demo', 'card-ca.pem'), 'utf8');
    const systemKey = await readFile(path.join(dataDir, 'demo', 'systems', 'demo-connecting.jwk'), 'utf8');
    const demo = await ensureDemoCredentials(config, { ...spec, professionals: [...spec.professionals, { professionalId: '9.2.246.102', name: 'Bertta Demo' }] });
    assert.equal(await readFile(demo.caCertPath, 'utf8'), before);
    assert.equal(await readFile(demo.systems[0]!.privateJwkPath, 'utf8'), systemKey);
    assert.equal(demo.professionals.length, 2);
    assert.ok(await stat(path.join(demo.dir, 'cards', '9.2.246.102.pem')));
  });

  test('D9: the demo credentials get a token from a server that loaded its trust folder', async () => {
    const config = { dataDir } as Config;
    const demo = await ensureDemoCredentials(config, spec);
    s = await startAuthServer({ keys: await loadAuthKeys(config) });
    const pool = s.database.db.pool;
    await registerSystem(pool, { clientId: 'demo-connecting', name: 'Demo', controllerOid: CONTROLLER, profile: 'connecting', jwks: demo.systems[0]!.jwks });
    await registerProfessional(pool, { professionalId: '9.2.246.101', givenName: 'Anna', familyName: 'Demo', title: 'sosiaaliohjaaja', organisationOid: CONTROLLER });
    const token = await requestToken({
      baseUrl: s.baseUrl,
      clientId: 'demo-connecting',
      systemPrivateJwk: await loadDemoSystemKey(config, 'demo-connecting'),
      card: await loadDemoCard(config, '9.2.246.101'),
      scope: 'system/DocumentReference.rs',
    });
    assert.equal(token.scope, 'system/DocumentReference.rs');
  });
});

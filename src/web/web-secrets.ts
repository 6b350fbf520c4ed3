// Secrets of the web layer, generated at first start into the data folder (never in the repo):
// the session cookie's signing secret, and the demo provider's keys and client secret.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { JWK } from 'jose';
import type { Config } from '../config.ts';
import { readSoon, writeOnce } from '../auth/files.ts';

export interface WebSecrets {
  readonly sessionSecret: string;
  /** The demo OpenID Connect provider's: ID token signing key, cookie key, the portal's client secret. */
  readonly demoProvider: { readonly signingJwk: JWK; readonly cookieKey: string; readonly clientSecret: string };
}

export async function loadWebSecrets(config: Config): Promise<WebSecrets> {
  const dir = path.join(config.dataDir, 'web');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'secrets.json');
  const fresh = (): string => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signingJwk = { ...(privateKey.export({ format: 'jwk' }) as JWK), alg: 'ES256', use: 'sig', kid: randomBytes(8).toString('hex') };
    const secrets: WebSecrets = {
      sessionSecret: randomBytes(48).toString('base64url'),
      demoProvider: { signingJwk, cookieKey: randomBytes(32).toString('base64url'), clientSecret: randomBytes(32).toString('base64url') },
    };
    return JSON.stringify(secrets);
  };
  // Several processes sharing the folder may start together: one writes, the others read it.
  if (!(await writeOnce(file, fresh(), 0o600))) await readSoon(file);
  const stored = JSON.parse(await readSoon(file)) as WebSecrets;
  return config.sessionSecret ? { ...stored, sessionSecret: config.sessionSecret } : stored;
}

// The server's token signing key and the trusted professional-card CAs. Loaded once at start;
// a plain object, so tests build one in memory with createAuthKeys.
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate, type JsonWebKey, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, type JSONWebKeySet, type JWK } from 'jose';
import type { Config } from '../config.ts';
import { writeOnce } from './files.ts';

export interface AuthKeys {
  /** ES256 private key that signs access tokens. */
  readonly tokenSigningKey: KeyObject;
  /** Its public half, imported once: access token verification does no I/O. */
  readonly tokenVerificationKey: KeyObject;
  /** RFC 7638 thumbprint of the public key, the kid of every access token. */
  readonly tokenKeyId: string;
  /** What GET /auth/jwks publishes. */
  readonly publicJwks: JSONWebKeySet;
  /** D9: a professional card must chain to one of these. */
  readonly trustedCardCas: readonly X509Certificate[];
}

/** Builds keys from a private JWK (or a fresh ES256 key) and trusted CA certificates (PEM or parsed). */
export async function createAuthKeys(input: { signingKey?: JWK; trustedCardCas: readonly (string | X509Certificate)[] }): Promise<AuthKeys> {
  const privateJwk = input.signingKey ?? newSigningJwk();
  if (privateJwk.kty !== 'EC' || privateJwk.crv !== 'P-256' || !privateJwk.d) {
    throw new Error('the token signing key must be a private EC P-256 JWK (ES256)');
  }
  const tokenSigningKey = createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' });
  const tokenVerificationKey = createPublicKey(tokenSigningKey);
  const publicJwk = tokenVerificationKey.export({ format: 'jwk' }) as JWK;
  const tokenKeyId = await calculateJwkThumbprint(publicJwk);
  const trustedCardCas = input.trustedCardCas.flatMap((ca) => (typeof ca === 'string' ? certificatesInPem(ca) : [ca]));
  for (const ca of trustedCardCas) {
    if (!ca.ca) throw new Error(`a trusted professional-card CA must be a CA certificate; '${ca.subject}' is not`);
  }
  return {
    tokenSigningKey,
    tokenVerificationKey,
    tokenKeyId,
    publicJwks: { keys: [{ ...publicJwk, kid: tokenKeyId, alg: 'ES256', use: 'sig' }] },
    trustedCardCas,
  };
}

/**
 * Reads <dataDir>/keys/token-signing.jwk (generated on first start, mode 0600) and every *.pem
 * in <dataDir>/trust/card-ca/. Processes sharing a data folder share the key; processes on
 * several machines need the same file.
 */
export async function loadAuthKeys(config: Config): Promise<AuthKeys> {
  const signingKey = await readOrCreateSigningKey(path.join(config.dataDir, 'keys', 'token-signing.jwk'));
  const trustDir = path.join(config.dataDir, 'trust', 'card-ca');
  const files = (await readdir(trustDir).catch(() => [] as string[])).filter((f) => f.endsWith('.pem')).sort();
  const trustedCardCas: X509Certificate[] = [];
  for (const file of files) {
    const pem = await readFile(path.join(trustDir, file), 'utf8');
    try {
      trustedCardCas.push(...certificatesInPem(pem));
    } catch (error) {
      throw new Error(`${path.join(trustDir, file)}: not a PEM certificate file (${(error as Error).message})`);
    }
  }
  return createAuthKeys({ signingKey, trustedCardCas });
}

async function readOrCreateSigningKey(file: string): Promise<JWK> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeOnce(file, JSON.stringify(newSigningJwk(), null, 2) + '\n', 0o600);
  await chmod(file, 0o600);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch (error) {
    throw new Error(`${file}: not a JSON Web Key (${(error as Error).message}); delete it to generate a new one`);
  }
}

function newSigningJwk(): JWK {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ format: 'jwk' }) as JWK;
}

/** Every certificate in a PEM text (a bundle may hold several). */
export function certificatesInPem(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error('no BEGIN CERTIFICATE block');
  return blocks.map((block) => new X509Certificate(block));
}

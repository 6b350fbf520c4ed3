// Demo mode's own credentials, generated locally at first start under <dataDir>/demo/: a
// professional-card CA (trusted by copying it to <dataDir>/trust/card-ca/demo-ca.pem), each demo
// system's private key and each demo professional's card. Later calls add only what is missing.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { JSONWebKeySet, JWK } from 'jose';
import type { Config } from '../config.ts';
import { createCardAuthority, createSystemKey, issueProfessionalCard, loadCardAuthority, type CardAuthority } from './card-authority.ts';
import { readIfExists, readSoon, writeAtomically, writeOnce } from './files.ts';
import type { CardCredentials } from './token-client.ts';

export interface DemoCredentialsSpec {
  readonly systems: readonly { clientId: string; alg: 'ES384' | 'RS384' }[];
  readonly professionals: readonly { professionalId: string; name: string }[];
}

export interface DemoCredentials {
  /** <dataDir>/demo */
  readonly dir: string;
  readonly readmePath: string;
  readonly caCertPath: string;
  readonly caKeyPath: string;
  /** The CA certificate's copy among the trusted professional-card CAs. */
  readonly trustedCaPath: string;
  /** jwks is the public half, for client_system.jwks. */
  readonly systems: readonly { clientId: string; privateJwkPath: string; jwks: JSONWebKeySet }[];
  readonly professionals: readonly { professionalId: string; certPath: string; keyPath: string }[];
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

export async function ensureDemoCredentials(config: Config, spec: DemoCredentialsSpec): Promise<DemoCredentials> {
  const dir = path.join(config.dataDir, 'demo');
  const trustDir = path.join(config.dataDir, 'trust', 'card-ca');
  for (const d of [path.join(dir, 'systems'), path.join(dir, 'cards'), trustDir]) await mkdir(d, { recursive: true, mode: 0o700 });

  const caCertPath = path.join(dir, 'card-ca.pem');
  const caKeyPath = path.join(dir, 'card-ca.key.jwk');
  const ca = await ensureCardAuthority(caCertPath, caKeyPath);
  const trustedCaPath = path.join(trustDir, 'demo-ca.pem');
  if ((await readIfExists(trustedCaPath)) !== ca.certPem) await writeAtomically(trustedCaPath, ca.certPem, 0o644);

  const systems = [];
  for (const { clientId, alg } of spec.systems) {
    const privateJwkPath = path.join(dir, 'systems', `${safe(clientId)}.jwk`);
    if ((await readIfExists(privateJwkPath)) === undefined) {
      await writeOnce(privateJwkPath, json((await createSystemKey(alg)).privateJwk), 0o600);
    }
    const privateJwk = JSON.parse(await readSoon(privateJwkPath)) as JWK;
    systems.push({ clientId, privateJwkPath, jwks: { keys: [publicPart(privateJwk)] } });
  }

  const professionals = [];
  for (const { professionalId, name } of spec.professionals) {
    const certPath = path.join(dir, 'cards', `${safe(professionalId)}.pem`);
    const keyPath = path.join(dir, 'cards', `${safe(professionalId)}.key.jwk`);
    if ((await readIfExists(certPath)) === undefined) {
      const card = issueProfessionalCard(ca, { professionalId, name });
      // The certificate decides who wins; the winner then writes the key that belongs to it.
      if (await writeOnce(certPath, card.certPem, 0o644)) await writeOnce(keyPath, json(card.privateJwk), 0o600);
    }
    professionals.push({ professionalId, certPath, keyPath });
  }

  const readmePath = path.join(dir, 'README.md');
  await writeOnce(readmePath, readme(), 0o644);
  return { dir, readmePath, caCertPath, caKeyPath, trustedCaPath, systems, professionals };
}

/** A demo system's private key, for `kansio token` and the benchmark. */
export async function loadDemoSystemKey(config: Config, clientId: string): Promise<JWK> {
  const file = path.join(config.dataDir, 'demo', 'systems', `${safe(clientId)}.jwk`);
  const text = await readIfExists(file);
  if (text === undefined) throw new Error(`no demo key for system '${clientId}' at ${file}; start the server in demo mode once to generate it`);
  return JSON.parse(text) as JWK;
}

/** A demo professional's card, for `kansio token` and the benchmark. */
export async function loadDemoCard(config: Config, professionalId: string): Promise<CardCredentials> {
  const base = path.join(config.dataDir, 'demo', 'cards', safe(professionalId));
  const certPem = await readIfExists(`${base}.pem`);
  const keyText = await readIfExists(`${base}.key.jwk`);
  if (certPem === undefined || keyText === undefined) {
    throw new Error(`no demo card for professional '${professionalId}' at ${base}.pem; start the server in demo mode once to generate it`);
  }
  return { certPem, privateJwk: JSON.parse(keyText) as JWK, professionalId };
}

async function ensureCardAuthority(certPath: string, keyPath: string): Promise<CardAuthority> {
  if ((await readIfExists(certPath)) === undefined) {
    const ca = createCardAuthority('Kansio demo professional-card CA');
    if (await writeOnce(certPath, ca.certPem, 0o644)) await writeOnce(keyPath, json(ca.privateJwk), 0o600);
  }
  return loadCardAuthority(await readSoon(certPath), JSON.parse(await readSoon(keyPath)) as JWK);
}

function safe(name: string): string {
  if (!SAFE_NAME.test(name)) throw new Error(`'${name}' cannot name a demo credential file; use letters, digits, '.', '-' and '_'`);
  return name;
}

/** The public members of a JWK (RFC 7518 6.2.1, 6.3.1) with its alg, kid and use. */
function publicPart(jwk: JWK): JWK {
  const { kty, crv, x, y, n, e, alg, kid } = jwk;
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e, alg, kid, use: 'sig' }).filter(([, v]) => v !== undefined)) as JWK;
}

function readme(): string {
  return `# Kansio demo credentials

Generated locally by this Kansio installation at its first start in demo mode. They are for
demonstration and testing only: they prove nothing about anyone, and nothing outside this
installation trusts them. Never use them with real client data.

| file | what it is |
| --- | --- |
| \`card-ca.pem\` | the demo professional-card certification authority (CA) certificate |
| \`card-ca.key.jwk\` | its private key (file mode 0600) |
| \`../trust/card-ca/demo-ca.pem\` | the same CA certificate, placed among the CAs the server trusts for professional cards (D9) |
| \`systems/<client id>.jwk\` | a demo client data system's private key (ES384 or RS384); its public half is registered with the system |
| \`cards/<professional id>.pem\` | a demo professional's card certificate: subject CN = name, serialNumber = professional id |
| \`cards/<professional id>.key.jwk\` | the card's private key; on a real card it never leaves the chip |

Get an access token (SMART Backend Services, the professional bound by their card):

    npm run kansio -- token --system <client id> --professional <professional id>

Delete this folder and \`../trust/card-ca/demo-ca.pem\` to generate new credentials at the next start.
`;
}

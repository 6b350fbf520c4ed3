// The benchmark's world, set up the way a deployment would: one welfare area with one unit
// (organisation rows through SQL), one connecting client data system and one professional
// (the store's register functions), a card CA the server trusts, and clients whose client
// relationship documents and documents go in through the real ITI-65 interface.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Bundle, DocumentReference } from '@medplum/fhirtypes';
import { createCardAuthority, createSystemKey, issueProfessionalCard, requestToken, type CardAuthority, type CardCredentials, type SystemKey } from '../src/auth/index.ts';
import { registerSystem } from '../src/store/systems.ts';
import { registerProfessional } from '../src/store/professionals.ts';
import { makeIdentityCode } from '../src/domain/identity-code.ts';
import { serviceTaskCode } from '../src/domain/codes/index.ts';
import { EXTENSIONS, SYSTEMS } from '../src/fhir/extensions.ts';

export const CONTROLLER_OID = '1.2.246.10.99100';
export const UNIT_OID = '1.2.246.10.99100.1';
export const CLIENT_ID = 'bench-connecting';
export const PROFESSIONAL_ID = 'BENCH-PRO-1';
export const SCOPE = 'system/DocumentReference.cruds system/Binary.cr system/List.c';
const TASK = 'families-with-children' as const;

export interface Credentials {
  readonly ca: CardAuthority;
  readonly systemKey: SystemKey;
  readonly card: CardCredentials;
}

export function createCredentials(): Promise<Credentials> {
  const ca = createCardAuthority('Kansio benchmark professional-card CA');
  const issued = issueProfessionalCard(ca, { professionalId: PROFESSIONAL_ID, name: 'Benkki Ammattilainen' });
  return createSystemKey('ES384').then((systemKey) => ({
    ca, systemKey, card: { certPem: issued.certPem, privateJwk: issued.privateJwk, professionalId: PROFESSIONAL_ID },
  }));
}

/** Organisation rows, the system and the professional, into the server's database (idempotent). */
export async function registerWorld(databaseUrl: string, credentials: Credentials): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`insert into organisation (oid, name, kind) values ($1, 'Benchmark welfare area', 'welfare-area') on conflict (oid) do nothing`, [CONTROLLER_OID]);
    await client.query(`insert into organisation (oid, name, kind, parent_oid) values ($1, 'Benchmark family services', 'unit', $2) on conflict (oid) do nothing`, [UNIT_OID, CONTROLLER_OID]);
    await registerSystem(client, { clientId: CLIENT_ID, name: 'Benchmark client data system', controllerOid: CONTROLLER_OID as never, profile: 'connecting', jwks: { keys: [credentials.systemKey.publicJwk] } });
    await registerProfessional(client, { professionalId: PROFESSIONAL_ID, givenName: 'Benkki', familyName: 'Ammattilainen', title: 'sosiaalityöntekijä', organisationOid: UNIT_OID });
  } finally {
    await client.end();
  }
}

/**
 * An access token that renews itself well before its 300 s run out, so that a long phase never
 * sends an expired one. `current` is read on every request.
 */
export class TokenKeeper {
  current = '';
  private timer: NodeJS.Timeout | undefined;
  private readonly baseUrl: string;
  private readonly credentials: Credentials;

  constructor(baseUrl: string, credentials: Credentials) {
    this.baseUrl = baseUrl;
    this.credentials = credentials;
  }

  async start(): Promise<void> {
    const granted = await this.fetch();
    this.current = granted.access_token;
    // Renew at two thirds of the lifetime; a failed renewal keeps the old token and retries.
    const every = Math.max(10, Math.floor(granted.expires_in * 2 / 3)) * 1000;
    this.timer = setInterval(() => {
      this.fetch().then((t) => { this.current = t.access_token; }, (error: unknown) => console.error(`token renewal failed: ${(error as Error).message}`));
    }, every);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private fetch() {
    return requestToken({ baseUrl: this.baseUrl, clientId: CLIENT_ID, systemPrivateJwk: this.credentials.systemKey.privateJwk, card: this.credentials.card, scope: SCOPE });
  }
}

/**
 * `count` distinct synthetic identity codes (individual numbers 900-999) from a random start
 * date, so that runs against a reused database (--database-url) meet new people.
 */
export function syntheticCodes(count: number): string[] {
  const start = Date.UTC(1940, 0, 1) + Math.floor(Math.random() * 20_000) * 86_400_000;
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(start + Math.floor(i / 100) * 86_400_000).toISOString().slice(0, 10);
    return makeIdentityCode(date, 900 + (i % 100));
  });
}

const FILLER = 'Asiakkaan palvelutarpeen arvio: perhe on hakenut tukea arjen sujumiseen ja lasten hoitoon. ';

/**
 * About 2.4 KB of phase 2 structured JSON content, different bytes on every call (`seq` and a
 * random nonce), so that each store writes its own blob row.
 */
export function documentContent(seq: number, bytes = 2400): Buffer {
  const head = { kind: 'service-need-assessment', seq, nonce: randomBytes(8).toString('hex'), author: PROFESSIONAL_ID, text: '' };
  const room = bytes - Buffer.byteLength(JSON.stringify(head));
  head.text = FILLER.repeat(Math.ceil(room / FILLER.length)).slice(0, Math.max(0, room));
  return Buffer.from(JSON.stringify(head));
}

function documentReference(clientCode: string, content: Buffer, typeSystem: string, typeCode: string, created: string): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    extension: [{ url: EXTENSIONS.phase.url, valueCode: '2' }],
    type: { coding: [{ system: typeSystem, code: typeCode }] },
    subject: { identifier: { system: SYSTEMS.identityCode, value: clientCode } },
    date: created,
    content: [{ attachment: { contentType: 'application/json', data: content.toString('base64') } }],
    context: { practiceSetting: { coding: [{ system: SYSTEMS.serviceTask, code: serviceTaskCode(TASK) }] } },
  };
}

function provideBundle(resource: DocumentReference): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: `urn:uuid:${randomUUID()}`, resource: { resourceType: 'List', status: 'current', mode: 'working', code: { coding: [{ system: 'https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes', code: 'submissionset' }] } }, request: { method: 'POST', url: 'List' } },
      { fullUrl: `urn:uuid:${randomUUID()}`, resource, request: { method: 'POST', url: 'DocumentReference' } },
    ],
  };
}

/** ITI-65 body: one service need assessment (type 1005, phase 2) for a client, as JSON text. */
export function documentBundleJson(clientCode: string, seq: number): string {
  const created = new Date(Date.UTC(2026, 0, 1) + (seq % 50_000) * 60_000).toISOString();
  return JSON.stringify(provideBundle(documentReference(clientCode, documentContent(seq), SYSTEMS.documentType, '1005', created)));
}

/** ITI-65 body: the client relationship document that lets the controller store for the client (D1). */
export function relationshipBundleJson(clientCode: string): string {
  const content = Buffer.from(JSON.stringify({
    start: '2025-01-01',
    organiserUnit: UNIT_OID,
    worker: { name: 'Sanna Sosiaalityöntekijä', phone: '+358 40 123 4567' },
  }));
  return JSON.stringify(provideBundle(documentReference(clientCode, content, SYSTEMS.documentGroup, '1', '2025-01-01T09:00:00Z')));
}

/** POSTs an ITI-65 bundle and fails loudly on anything but 200. */
export async function store(baseUrl: string, token: string, body: string): Promise<void> {
  const res = await fetch(`${baseUrl}/fhir`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' }, body });
  if (res.status !== 200) throw new Error(`setup store failed with ${res.status}: ${(await res.text()).slice(0, 500)}`);
  await res.arrayBuffer();
}

/** The ITI-67 form body of the search phase. */
export function searchForm(clientCode: string): string {
  return new URLSearchParams({ 'patient.identifier': `${SYSTEMS.identityCode}|${clientCode}`, status: 'current' }).toString();
}

export async function searchTotal(baseUrl: string, token: string, clientCode: string): Promise<number> {
  const res = await fetch(`${baseUrl}/fhir/DocumentReference/_search`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: searchForm(clientCode),
  });
  if (res.status !== 200) throw new Error(`setup search failed with ${res.status}: ${(await res.text()).slice(0, 500)}`);
  const bundle = (await res.json()) as Bundle;
  return bundle.entry?.length ?? 0;
}

/** Runs tasks with at most `limit` in flight. */
export async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  }));
}

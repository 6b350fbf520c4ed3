// The benchmark's world, set up the way a deployment would: two welfare areas (A and B), each
// with one unit, one connecting client data system and one professional (all through the
// onboarding use cases that `kansio org|system|professional add` run), a card CA the server trusts, and clients whose
// client relationship documents and documents go in through the real ITI-65 interface and whose
// consents go in through POST /fhir/Consent. Area A is the one the store and search phases use;
// area B searches area A's register in the cross-register phase.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Bundle, Consent, DocumentReference } from '@medplum/fhirtypes';
import { createCardAuthority, createSystemKey, issueProfessionalCard, requestToken, type CardAuthority, type CardCredentials, type SystemKey } from '../src/auth/index.ts';
import { openDb } from '../src/store/db.ts';
import { registerOrganisation } from '../src/usecases/register-organisation.ts';
import { registerSystem } from '../src/usecases/register-system.ts';
import { registerProfessional } from '../src/usecases/register-professional.ts';
import { OPERATOR_TOOL, type AdminActor } from '../src/usecases/admin-audit.ts';
import { makeIdentityCode } from '../src/domain/identity-code.ts';
import { latestInformingVersion, serviceTaskCode, INFORMING_SYSTEM } from '../src/domain/codes/index.ts';
import { EXTENSIONS, MHD_EXTENSIONS, SYSTEMS } from '../src/fhir/extensions.ts';
import { CONSENT_PROFILE } from '../src/fhir/consent-profile.ts';

/** One welfare area of the benchmark: its controller and unit, its system and its professional. */
export interface BenchArea {
  readonly controllerOid: string;
  readonly controllerName: string;
  readonly unitOid: string;
  readonly unitName: string;
  readonly clientId: string;
  readonly systemName: string;
  readonly professionalId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly scope: string;
}

export const AREA_A: BenchArea = {
  controllerOid: '1.2.246.10.99100', controllerName: 'Benchmark welfare area', unitOid: '1.2.246.10.99100.1', unitName: 'Benchmark family services',
  clientId: 'bench-connecting', systemName: 'Benchmark client data system', professionalId: 'BENCH-PRO-1', givenName: 'Benkki', familyName: 'Ammattilainen',
  scope: 'system/DocumentReference.cruds system/Binary.cr system/List.c',
};

/** The second register: records consents (D7) and searches area A's register under them (D4). */
export const AREA_B: BenchArea = {
  controllerOid: '1.2.246.10.99200', controllerName: 'Benchmark welfare area B', unitOid: '1.2.246.10.99200.1', unitName: 'Benchmark social work B',
  clientId: 'bench-connecting-b', systemName: 'Benchmark client data system B', professionalId: 'BENCH-PRO-B1', givenName: 'Bertta', familyName: 'Ammattilainen',
  scope: 'system/DocumentReference.cruds system/Binary.cr system/List.c system/Consent.cu',
};

export const CONTROLLER_OID = AREA_A.controllerOid;
export const UNIT_OID = AREA_A.unitOid;
export const CLIENT_ID = AREA_A.clientId;
export const PROFESSIONAL_ID = AREA_A.professionalId;
export const SCOPE = AREA_A.scope;
const TASK = 'families-with-children' as const;

export interface AreaCredentials {
  readonly area: BenchArea;
  readonly systemKey: SystemKey;
  readonly card: CardCredentials;
}

export interface Credentials {
  readonly ca: CardAuthority;
  readonly a: AreaCredentials;
  readonly b: AreaCredentials;
}

export async function createCredentials(): Promise<Credentials> {
  const ca = createCardAuthority('Kansio benchmark professional-card CA');
  const forArea = async (area: BenchArea): Promise<AreaCredentials> => {
    const issued = issueProfessionalCard(ca, { professionalId: area.professionalId, name: `${area.givenName} ${area.familyName}` });
    return { area, systemKey: await createSystemKey('ES384'), card: { certPem: issued.certPem, privateJwk: issued.privateJwk, professionalId: area.professionalId } };
  };
  return { ca, a: await forArea(AREA_A), b: await forArea(AREA_B) };
}

/** The organisations, systems and professionals of both areas, into the server's database (idempotent). */
export async function registerWorld(databaseUrl: string, credentials: Credentials): Promise<void> {
  const db = openDb(databaseUrl, 1);
  const actor: AdminActor = { id: 'kansio-bench', name: 'Kansio benchmark', authority: OPERATOR_TOOL };
  try {
    await db.withTransaction(async (tx) => {
      const now = new Date().toISOString();
      for (const { area, systemKey } of [credentials.a, credentials.b]) {
        await registerOrganisation(tx, { oid: area.controllerOid, name: area.controllerName, kind: 'welfare-area', actor, now });
        await registerOrganisation(tx, { oid: area.unitOid, name: area.unitName, kind: 'unit', parentOid: area.controllerOid, actor, now });
        await registerSystem(tx, { clientId: area.clientId, name: area.systemName, controllerOid: area.controllerOid, profile: 'connecting', jwks: { keys: [systemKey.publicJwk] }, actor, now });
        await registerProfessional(tx, { professionalId: area.professionalId, givenName: area.givenName, familyName: area.familyName, title: 'sosiaalityöntekijä', organisationOid: area.unitOid, actor, now });
      }
    });
  } finally {
    await db.close();
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
  private readonly credentials: AreaCredentials;

  constructor(baseUrl: string, credentials: AreaCredentials) {
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
    const { area, systemKey, card } = this.credentials;
    return requestToken({ baseUrl: this.baseUrl, clientId: area.clientId, systemPrivateJwk: systemKey.privateJwk, card, scope: area.scope });
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
      {
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: {
          resourceType: 'List', status: 'current', mode: 'working', code: { coding: [{ system: 'https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes', code: 'submissionset' }] },
          subject: { ...(resource.subject?.identifier ? { identifier: resource.subject.identifier } : {}) }, date: resource.date, extension: [{ url: MHD_EXTENSIONS.sourceId, valueIdentifier: { value: `urn:oid:${CONTROLLER_OID}` } }],
        },
        request: { method: 'POST', url: 'List' },
      },
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
export function relationshipBundleJson(clientCode: string, organiserUnit = UNIT_OID): string {
  const content = Buffer.from(JSON.stringify({
    start: '2025-01-01',
    organiserUnit,
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

/**
 * POST /fhir/Consent body (Kansio Consent profile) given by the client now: the Kanta informing
 * acknowledgement (D5) or the social welfare disclosure consent (S2).
 */
export function consentJson(clientCode: string, kind: 'informing' | 'social-welfare-consent'): string {
  const patient = { identifier: { system: SYSTEMS.identityCode, value: clientCode } };
  const now = new Date().toISOString();
  const consent: Consent = {
    resourceType: 'Consent',
    status: 'active',
    scope: { coding: [{ system: CONSENT_PROFILE.scopeSystem, code: CONSENT_PROFILE.scopeCode }] },
    category: [{ coding: [{ system: CONSENT_PROFILE.loinc, code: CONSENT_PROFILE.loincPatientConsent }] }, { coding: [{ system: SYSTEMS.consentKind, code: kind }] }],
    patient,
    dateTime: now,
    performer: [patient],
    ...(kind === 'informing'
      ? { policyRule: { coding: [{ system: INFORMING_SYSTEM, code: latestInformingVersion(now.slice(0, 10)) }] } }
      : { provision: { type: 'permit' } }),
  };
  return JSON.stringify(consent);
}

/** Records a Consent and fails loudly on anything but 201. */
export async function recordConsent(baseUrl: string, token: string, body: string): Promise<void> {
  const res = await fetch(`${baseUrl}/fhir/Consent`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' }, body });
  if (res.status !== 201) throw new Error(`setup consent failed with ${res.status}: ${(await res.text()).slice(0, 500)}`);
  await res.arrayBuffer();
}

/** The ITI-67 form body of the search phase. */
export function searchForm(clientCode: string): string {
  return new URLSearchParams({ 'patient.identifier': `${SYSTEMS.identityCode}|${clientCode}`, status: 'current' }).toString();
}

export async function searchTotal(baseUrl: string, token: string, clientCode: string): Promise<number> {
  return (await searchCustodians(baseUrl, token, clientCode)).length;
}

/** The custodian (register) of each entry a search answers, in order. */
export async function searchCustodians(baseUrl: string, token: string, clientCode: string): Promise<string[]> {
  const res = await fetch(`${baseUrl}/fhir/DocumentReference/_search`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: searchForm(clientCode),
  });
  if (res.status !== 200) throw new Error(`setup search failed with ${res.status}: ${(await res.text()).slice(0, 500)}`);
  const bundle = (await res.json()) as Bundle<DocumentReference>;
  return (bundle.entry ?? []).map((e) => e.resource?.custodian?.identifier?.value ?? '?');
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

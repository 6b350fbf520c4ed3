// Disclosure between two controllers under the client's consent, stopped by a prohibition and
// given again when the prohibition is revoked: what two client data system vendors write, with
// off-the-shelf libraries only.
//
//   openid-client   SMART Backend Services tokens (client_credentials, private_key_jwt), one per system
//   fhir-kit-client IHE MHD (ITI-65, ITI-67, ITI-68) and the consent service (Consent create,
//                   read, search, update with If-Match)
//   jose            the professional_assertion, signed with the professional's card key (in a real
//                   system the card middleware signs it with the key on the chip)
//
// Area A's system stores a client relationship and a service need assessment for the client.
// Area B's system opens a client relationship of its own (D1), finds none of A's documents, and
// records during a visit the client's Kanta informing acknowledgement (D5) and social welfare
// disclosure consent (S2). Now B finds A's assessment and reads it (D4). On the client's wish B
// records a prohibition of A's register (S3(a)): A's assessment is no longer found. The client
// changes their mind, B revokes the prohibition (PUT with If-Match), and B finds it again.
//
//   node examples/consent-and-disclosure.ts [--base-url ...] [--client-code code] [--service-task code]
//        [--a-client-id ...] [--a-system-key file] [--a-card-cert file] [--a-card-key file]
//        [--b-client-id ...] [--b-system-key file] [--b-card-cert file] [--b-card-key file]
//
// Every option can also come from the environment (KANSIO_BASE_URL, KANSIO_CLIENT_CODE,
// KANSIO_SERVICE_TASK, KANSIO_A_CLIENT_ID, KANSIO_A_SYSTEM_KEY, KANSIO_A_CARD_CERT, KANSIO_A_CARD_KEY
// and the same with _B_). The defaults use the demo credentials that `npm start` generates in
// data/demo/: demo-connecting-a with demo-pro-a1, and demo-connecting-b with demo-pro-b1. Without a
// client code the example makes up a fresh synthetic one (individual number 900-999), so that
// every run starts from a client with no consent service records.
import { randomInt, randomUUID, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as oidc from 'openid-client';
import { Client, RESPONSE_KEY, type FhirResource, type FhirResponse } from 'fhir-kit-client';
import { importJWK, type JWK } from 'jose';
import { base64Json, provide, signWithCard, type SystemOptions } from './store-and-find.ts';

export type { SystemOptions };

// Code systems of the Finnish national archive and of Kansio's consent profile (docs/consent.md).
const IDENTITY_CODE = 'urn:oid:1.2.246.21';
const ORGANISATION = 'urn:oid:1.2.246.537.6.202.2008';
const DOCUMENT_TYPE = 'urn:oid:1.2.246.537.6.1506';
const DOCUMENT_GROUP = 'urn:oid:1.2.246.537.6.1505';
const SERVICE_TASK = 'urn:oid:1.2.246.537.6.1221';
const PHASE_EXTENSION = 'https://kansio.fi/fhir/StructureDefinition/document-phase';
const SUBMISSION_SET = { coding: [{ system: 'https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes', code: 'submissionset' }] };
const CONSENT_KIND = 'https://kansio.fi/fhir/CodeSystem/consent-kind';
const KANTA_INFORMING = 'https://kansio.fi/fhir/CodeSystem/kanta-informing';
const CONSENT_SCOPE = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] };
const PATIENT_CONSENT = { coding: [{ system: 'http://loinc.org', code: '59284-0' }] };
const CUSTODIAN = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'CST' }] };
// The Kanta informing the client acknowledges (the latest in force).
const INFORMING_VERSION = '2024-1';
// A service need assessment: what area A stores and area B looks for.
const SERVICE_NEED_ASSESSMENT = '1005';
const SCOPE_A = 'system/DocumentReference.cruds system/Binary.cr system/List.c';
const SCOPE_B = `${SCOPE_A} system/Consent.crus`;

export interface ConsentExampleOptions {
  /** Kansio's base URL, e.g. http://127.0.0.1:8080 */
  readonly baseUrl: string;
  /** Area A: stores the document. */
  readonly a: SystemOptions;
  /** Area B: another controller, asks for it. */
  readonly b: SystemOptions;
  /** The client's personal identity code. */
  readonly clientCode: string;
  /** Service task code (urn:oid:1.2.246.537.6.1221) of both client relationships and the document. */
  readonly serviceTask: string;
  readonly print?: (line: string) => void;
}

interface Coding { system?: string; code?: string }
interface DocumentReference extends FhirResource {
  id?: string;
  status?: string;
  custodian?: { identifier?: { system?: string; value?: string } };
}
interface Bundle extends FhirResource {
  entry?: { resource?: FhirResource; response?: { status?: string; location?: string } }[];
}
interface Consent extends FhirResource {
  id?: string;
  meta?: { versionId?: string };
  status?: string;
  category?: { coding?: Coding[] }[];
  policyRule?: { coding?: Coding[] };
}
interface Binary extends FhirResource { contentType?: string; data?: string }

interface Connected { readonly fhir: Client; readonly professionalId: string; readonly scope: string }
/** A consent service record as the example keeps it: its id and version. */
export interface RecordRef { readonly id: string; readonly version: number }

export interface ConsentExampleResult {
  /** What area A stored. */
  readonly a: { readonly professionalId: string; readonly relationship?: string; readonly document: string };
  /** Area A's controller, as B learns it from the disclosed DocumentReference's custodian. */
  readonly controllerA: string;
  readonly b: {
    readonly professionalId: string;
    readonly grantedScope: string;
    /** HTTP status of B's search before B had a client relationship of its own (D1); absent if it had one. */
    readonly searchWithoutRelationship?: number;
    readonly relationship?: string;
  };
  /** How many of area A's documents B's search found, step by step. */
  readonly seen: { readonly beforeConsent: number; readonly afterConsent: number; readonly whileProhibited: number; readonly afterRevocation: number };
  /**
   * ITI-68: A's document as B read it. answeredAs is 'Binary' for a Binary resource, else the
   * Content-Type of the answer (the document's own bytes).
   */
  readonly read: { readonly answeredAs: string; readonly contentType: string; readonly content: unknown };
  readonly informing: RecordRef;
  readonly consent: RecordRef;
  /** The prohibition as recorded (version 1) and as revoked (version 2, inactive). */
  readonly prohibition: RecordRef;
  readonly revoked: RecordRef & { readonly status: string };
}

export async function consentAndDisclosure(o: ConsentExampleOptions): Promise<ConsentExampleResult> {
  const print = o.print ?? ((line: string) => console.log(line));
  const patientIdentifier = `${IDENTITY_CODE}|${o.clientCode}`;
  const client = { identifier: { system: IDENTITY_CODE, value: o.clientCode } };

  // 0. One token per system, each naming the professional using it (D9).
  const a = await connect(o.baseUrl, o.a, SCOPE_A);
  print(`token A:      ${o.a.clientId} with professional ${a.professionalId}; scope ${a.scope}`);
  const b = await connect(o.baseUrl, o.b, SCOPE_B);
  print(`token B:      ${o.b.clientId} with professional ${b.professionalId}; scope ${b.scope}`);

  // 1. Area A: a client relationship (unless one is in force) and a phase 2 assessment (ITI-65).
  let relationshipA: string | undefined;
  if (!(await hasClientRelationship(a.fhir, patientIdentifier, o.serviceTask))) {
    relationshipA = (await provide(a.fhir, relationshipDocument(client, o.serviceTask))).id;
    print(`A stores:     client relationship DocumentReference/${relationshipA}`);
  }
  const documentA = (await provide(a.fhir, {
    resourceType: 'DocumentReference',
    status: 'current',
    masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${randomUUID()}` },
    extension: [{ url: PHASE_EXTENSION, valueCode: '2' }],
    type: { coding: [{ system: DOCUMENT_TYPE, code: SERVICE_NEED_ASSESSMENT }] },
    subject: client,
    date: new Date().toISOString(),
    content: [{ attachment: { contentType: 'application/json', data: base64Json({ assessment: 'Needs help with housing and income; a social worker meets the client weekly.' }) } }],
    context: { practiceSetting: { coding: [{ system: SERVICE_TASK, code: o.serviceTask }] } },
  })).id;
  print(`A stores:     service need assessment DocumentReference/${documentA} (phase 2)`);
  const ofA = new Set([documentA, ...(relationshipA ? [relationshipA] : [])]);

  // ITI-67 as B: the client's current service need assessments, from every register B may reach.
  // (Without the type, A's client relationship document, phase 2 too, would be disclosed as well.)
  // POST _search keeps the identity code out of URLs.
  const searchAsB = async (): Promise<DocumentReference[]> => {
    try {
      const bundle = (await b.fhir.search({
        resourceType: 'DocumentReference',
        searchParams: { 'patient.identifier': patientIdentifier, status: 'current', type: `${DOCUMENT_TYPE}|${SERVICE_NEED_ASSESSMENT}` },
        options: { postSearch: true },
      })) as Bundle;
      return (bundle.entry ?? []).map((e) => e.resource as DocumentReference);
    } catch (error) {
      throw fhirError(error, 'ITI-67');
    }
  };
  const countOfA = (found: readonly DocumentReference[]): number => found.filter((d) => d.id && ofA.has(d.id)).length;

  // 2. Area B searches before it has any business with the client: 403 (D1). So B's system
  //    stores a client relationship of its own first.
  let searchWithoutRelationship: number | undefined;
  let relationshipB: string | undefined;
  let first: DocumentReference[];
  try {
    first = await searchAsB();
  } catch (error) {
    searchWithoutRelationship = statusOf(error);
    if (searchWithoutRelationship !== 403) throw error;
    print(`B searches:   HTTP 403, no client relationship of B's own (D1)`);
    relationshipB = (await provide(b.fhir, relationshipDocument(client, o.serviceTask))).id;
    print(`B stores:     client relationship DocumentReference/${relationshipB}`);
    first = await searchAsB();
  }

  // 3. Without the informing and a consent, another register's documents are not disclosed.
  const beforeConsent = countOfA(first);
  print(`B searches:   ${beforeConsent} of A's documents (no informing, no consent: D5, S2)`);

  // 4. During the visit, B's professional records what the client says (D7, D8): first that the
  //    client has received the Kanta informing (D5), then the disclosure consent (S2). A record
  //    already in force (an earlier visit) is reused.
  const inForce = await activeRecords(b.fhir, patientIdentifier);
  const consentRecord = (kind: string, extra: Record<string, unknown>): Consent => ({
    resourceType: 'Consent',
    status: 'active',
    scope: CONSENT_SCOPE,
    category: [PATIENT_CONSENT, { coding: [{ system: CONSENT_KIND, code: kind }] }],
    patient: client,
    dateTime: nowWithSeconds(),
    performer: [client], // the client in person; a representative would be a contained RelatedPerson
    ...extra,
  });
  const informing = inForce.find((c) => kindOf(c) === 'informing' && c.policyRule?.coding?.some((x) => x.code === INFORMING_VERSION))
    ?? await create(b.fhir, consentRecord('informing', { policyRule: { coding: [{ system: KANTA_INFORMING, code: INFORMING_VERSION }] } }));
  print(`B records:    Kanta informing ${INFORMING_VERSION} acknowledged, Consent/${informing.id} version ${informing.meta?.versionId}`);
  const consent = inForce.find((c) => kindOf(c) === 'social-welfare-consent')
    ?? await create(b.fhir, consentRecord('social-welfare-consent', { provision: { type: 'permit' } }));
  print(`B records:    social welfare disclosure consent, Consent/${consent.id} version ${consent.meta?.versionId}`);

  // 5. Now A's assessment is disclosed to B (D4): found, and its content read (ITI-68).
  const afterConsentFound = await searchAsB();
  const afterConsent = countOfA(afterConsentFound);
  const disclosed = afterConsentFound.find((d) => d.id === documentA);
  const controllerA = disclosed?.custodian?.identifier?.value;
  if (!disclosed || !controllerA) throw new Error(`B did not find A's DocumentReference/${documentA} under the client's consent`);
  print(`B searches:   ${afterConsent} of A's documents: DocumentReference/${documentA} of register ${controllerA} (D4)`);
  // ITI-68 as fhir-kit-client makes it: GET Binary/<id> with Accept: application/fhir+json, which
  // docs/fhir.md answers with a Binary resource (base64 data). For a document whose own content
  // type is application/json, Kansio answers the document's bytes instead (Content-Type
  // application/json), so the answer is told apart by its resourceType.
  let answer: FhirResponse;
  try {
    answer = (await b.fhir.read({ resourceType: 'Binary', id: documentA })) as FhirResponse;
  } catch (error) {
    throw fhirError(error, 'ITI-68');
  }
  const answeredAs = answer.resourceType === 'Binary' ? 'Binary' : answer[RESPONSE_KEY]?.headers.get('content-type') ?? '?';
  const binary = answer as Binary;
  const contentType = answer.resourceType === 'Binary' ? binary.contentType ?? '' : answeredAs.split(';')[0]!;
  const content = answer.resourceType === 'Binary' ? JSON.parse(Buffer.from(binary.data ?? '', 'base64').toString('utf8')) as unknown : { ...answer };
  print(`B reads:      Binary/${documentA} ${contentType}${answeredAs === 'Binary' ? '' : ' (the document itself, not a Binary resource)'}: ${JSON.stringify(content)}`);

  // 6. The client does not want A's data to go anywhere: a prohibition per controller (S3(a)).
  const prohibition = await create(b.fhir, consentRecord('prohibition', {
    provision: { type: 'deny', actor: [{ role: CUSTODIAN, reference: { identifier: { system: ORGANISATION, value: controllerA } } }] },
  }));
  print(`B records:    prohibition of register ${controllerA}, Consent/${prohibition.id} version ${prohibition.meta?.versionId}`);

  // 7. The prohibition binds at once.
  const whileProhibited = countOfA(await searchAsB());
  print(`B searches:   ${whileProhibited} of A's documents (prohibited: S3(a))`);

  // 8. The client changes their mind. Revoking is a PUT of the record as read, status inactive,
  //    naming the version read in If-Match; another revocation in between would answer 412.
  let current: Consent;
  let revoked: Consent;
  try {
    current = (await b.fhir.read({ resourceType: 'Consent', id: prohibition.id! })) as Consent;
    revoked = (await b.fhir.update({
      resourceType: 'Consent',
      id: prohibition.id!,
      body: { ...current, status: 'inactive' },
      options: { headers: { 'If-Match': `W/"${current.meta?.versionId}"` } },
    })) as Consent;
  } catch (error) {
    throw fhirError(error, 'revocation');
  }
  print(`B revokes:    Consent/${revoked.id} version ${current.meta?.versionId} -> version ${revoked.meta?.versionId}, ${revoked.status}`);

  // 9. Disclosed again.
  const afterRevocation = countOfA(await searchAsB());
  print(`B searches:   ${afterRevocation} of A's documents (the prohibition is revoked)`);

  return {
    a: { professionalId: a.professionalId, ...(relationshipA ? { relationship: relationshipA } : {}), document: documentA },
    controllerA,
    b: {
      professionalId: b.professionalId,
      grantedScope: b.scope,
      ...(searchWithoutRelationship !== undefined ? { searchWithoutRelationship } : {}),
      ...(relationshipB ? { relationship: relationshipB } : {}),
    },
    seen: { beforeConsent, afterConsent, whileProhibited, afterRevocation },
    read: { answeredAs, contentType, content },
    informing: ref(informing),
    consent: ref(consent),
    prohibition: ref(prohibition),
    revoked: { ...ref(revoked), status: revoked.status ?? '' },
  };
}

/**
 * A token for a system and the professional using it: the system authenticates with its key
 * (private_key_jwt), the professional with a professional_assertion signed by their card.
 */
async function connect(baseUrl: string, s: SystemOptions, scope: string): Promise<Connected> {
  const systemJwk = JSON.parse(await readFile(s.systemKeyFile, 'utf8')) as JWK;
  const systemKey = await importJWK(systemJwk, systemJwk.alg ?? 'ES384');
  if (!(systemKey instanceof CryptoKey)) throw new Error(`${s.systemKeyFile} is not an asymmetric private key`);
  const config = await oidc.discovery(new URL(baseUrl), s.clientId, undefined, oidc.PrivateKeyJwt({ key: systemKey, ...(systemJwk.kid ? { kid: systemJwk.kid } : {}) }), {
    algorithm: 'oauth2', // RFC 8414 metadata at /.well-known/oauth-authorization-server
    ...(baseUrl.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {}),
  });
  const card = new X509Certificate(await readFile(s.cardCertFile, 'utf8'));
  const professionalId = /(?:^|\n)serialNumber=([^\n]+)/.exec(card.subject)?.[1];
  if (!professionalId) throw new Error(`${s.cardCertFile}: the card certificate's subject has no serialNumber (the professional id)`);
  const professionalAssertion = await signWithCard(await readFile(s.cardKeyFile, 'utf8'), card, {
    professionalId, clientId: s.clientId, tokenEndpoint: config.serverMetadata().token_endpoint!,
  });
  const token = await oidc.clientCredentialsGrant(config, { scope, professional_assertion: professionalAssertion });
  const fhir = new Client({ baseUrl: `${baseUrl}/fhir`, customHeaders: { Authorization: `Bearer ${token.access_token}` } });
  return { fhir, professionalId, scope: token.scope ?? '' };
}

/** A client relationship document (group 1505 code 1): the archive's condition for everything else (D1). */
function relationshipDocument(client: { identifier: { system: string; value: string } }, serviceTask: string): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    extension: [{ url: PHASE_EXTENSION, valueCode: '2' }],
    type: { coding: [{ system: DOCUMENT_GROUP, code: '1' }] },
    subject: client,
    date: new Date().toISOString(),
    content: [{ attachment: { contentType: 'application/json', data: base64Json({ start: new Date().toISOString().slice(0, 10), worker: { name: 'Example Worker', phone: '+358 40 000 0000' } }) } }],
    context: { practiceSetting: { coding: [{ system: SERVICE_TASK, code: serviceTask }] } },
  };
}

async function hasClientRelationship(fhir: Client, patientIdentifier: string, serviceTask: string): Promise<boolean> {
  try {
    const bundle = (await fhir.search({
      resourceType: 'DocumentReference',
      searchParams: { 'patient.identifier': patientIdentifier, status: 'current', type: `${DOCUMENT_GROUP}|1`, setting: `${SERVICE_TASK}|${serviceTask}` },
      options: { postSearch: true },
    })) as Bundle;
    return (bundle.entry ?? []).length > 0;
  } catch (error) {
    if (statusOf(error) === 403) return false; // no client relationship with this client at all (D1)
    throw fhirError(error, 'ITI-67');
  }
}

/** The client's consent service records in force (POST _search: no identity code in the URL). */
async function activeRecords(fhir: Client, patientIdentifier: string): Promise<Consent[]> {
  try {
    const bundle = (await fhir.search({
      resourceType: 'Consent',
      searchParams: { 'patient.identifier': patientIdentifier, status: 'active' },
      options: { postSearch: true },
    })) as Bundle;
    return (bundle.entry ?? []).map((e) => e.resource as Consent);
  } catch (error) {
    throw fhirError(error, 'Consent search');
  }
}

async function create(fhir: Client, consent: Consent): Promise<Consent> {
  try {
    return (await fhir.create({ resourceType: 'Consent', body: consent })) as Consent;
  } catch (error) {
    throw fhirError(error, `recording a ${kindOf(consent)} record`);
  }
}

const kindOf = (c: Consent): string | undefined => c.category?.flatMap((x) => x.coding ?? []).find((x) => x.system === CONSENT_KIND)?.code;
const ref = (c: Consent): RecordRef => ({ id: c.id ?? '', version: Number(c.meta?.versionId) });
const statusOf = (error: unknown): number | undefined => (error as { response?: { status?: number } }).response?.status;

/** An Error naming the interaction, the HTTP status and the OperationOutcome's issues. */
function fhirError(error: unknown, what: string): Error {
  const e = error as { response?: { status?: number; data?: { issue?: { diagnostics?: string; expression?: string[] }[] } } };
  if (!e.response) return error as Error;
  const issues = (e.response.data?.issue ?? []).map((i) => `${i.diagnostics ?? ''}${i.expression ? ` (${i.expression.join(', ')})` : ''}`).join('; ');
  // Keeps the response, so that a caller can still tell a 403 from a 422.
  return Object.assign(new Error(`${what} refused with HTTP ${e.response.status ?? '?'}: ${issues || (error as Error).message}`), { response: e.response });
}

/** When the client gave it: now, with seconds and Z (the profile wants both). */
function nowWithSeconds(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}


/** A fresh synthetic personal identity code: an adult born 1950-1999, individual number 900-999. */
export function syntheticIdentityCode(): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + randomInt(0, 50 * 365) * 86_400_000);
  const ddmmyy = [birth.getUTCDate(), birth.getUTCMonth() + 1, birth.getUTCFullYear() % 100].map((n) => String(n).padStart(2, '0')).join('');
  const individual = String(randomInt(900, 1000));
  return `${ddmmyy}-${individual}${'0123456789ABCDEFHJKLMNPRSTUVWXY'.charAt(Number(ddmmyy + individual) % 31)}`;
}

export const USAGE = `usage: node examples/consent-and-disclosure.ts [--base-url url] [--client-code code] [--service-task code]
       [--a-client-id id] [--a-system-key file] [--a-card-cert file] [--a-card-key file]
       [--b-client-id id] [--b-system-key file] [--b-card-cert file] [--b-card-key file]`;

/** Options from the command line, then the environment, then the demo defaults. */
export function optionsFrom(argv: readonly string[], env: NodeJS.ProcessEnv): ConsentExampleOptions & { readonly help?: boolean } {
  const side = (p: 'a' | 'b') => ({
    [`${p}-client-id`]: { type: 'string' }, [`${p}-system-key`]: { type: 'string' }, [`${p}-card-cert`]: { type: 'string' }, [`${p}-card-key`]: { type: 'string' },
  } as const);
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean' },
      'base-url': { type: 'string' },
      'client-code': { type: 'string' },
      'service-task': { type: 'string' },
      ...side('a'),
      ...side('b'),
    },
  });
  const v = values as Record<string, string | boolean | undefined>;
  const dataDir = env.KANSIO_DATA_DIR || 'data';
  const system = (p: 'a' | 'b', professional: string): SystemOptions => {
    const E = p.toUpperCase();
    const pick = (name: string, envName: string): string | undefined => (v[`${p}-${name}`] as string | undefined) ?? env[`KANSIO_${E}_${envName}`];
    const clientId = pick('client-id', 'CLIENT_ID') ?? `demo-connecting-${p}`;
    return {
      clientId,
      systemKeyFile: pick('system-key', 'SYSTEM_KEY') ?? `${dataDir}/demo/systems/${clientId}.jwk`,
      cardCertFile: pick('card-cert', 'CARD_CERT') ?? `${dataDir}/demo/cards/${professional}.pem`,
      cardKeyFile: pick('card-key', 'CARD_KEY') ?? `${dataDir}/demo/cards/${professional}.key.jwk`,
    };
  };
  return {
    ...(values.help ? { help: true } : {}),
    baseUrl: (values['base-url'] ?? env.KANSIO_BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    a: system('a', 'demo-pro-a1'),
    b: system('b', 'demo-pro-b1'),
    clientCode: values['client-code'] ?? env.KANSIO_CLIENT_CODE ?? syntheticIdentityCode(),
    // 2 = services for working-age people (until the national codes are configured).
    serviceTask: values['service-task'] ?? env.KANSIO_SERVICE_TASK ?? '2',
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const options = optionsFrom(process.argv.slice(2), process.env);
    if (options.help) console.log(USAGE);
    else await consentAndDisclosure(options);
  } catch (error) {
    console.error(`consent-and-disclosure: ${(error as Error).message}`);
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(USAGE);
    process.exitCode = 1;
  }
}

// Store a document in Kansio, correct it, and find it again: what a client data system vendor
// writes, with off-the-shelf libraries only.
//
//   openid-client   SMART Backend Services token (client_credentials, private_key_jwt)
//   fhir-kit-client IHE MHD: ITI-65 Provide Document Bundle, ITI-67 Find Document References
//   jose            the professional_assertion, signed with the professional's card key. In a real
//                   system the card middleware (the card reader software) makes this signature:
//                   the card's private key never leaves the chip.
//
//   node examples/store-and-find.ts [--base-url ...] [--client-id ...] [--system-key file]
//        [--card-cert file] [--card-key file] [--client-code code] [--service-task code]
//
// Every option can also come from the environment (KANSIO_BASE_URL, KANSIO_CLIENT_ID,
// KANSIO_SYSTEM_KEY, KANSIO_CARD_CERT, KANSIO_CARD_KEY, KANSIO_CLIENT_CODE, KANSIO_SERVICE_TASK).
// The defaults use the demo credentials that `npm start` generates in data/demo/.
import { randomUUID, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as oidc from 'openid-client';
import { Client, RESPONSE_KEY, type FhirResource, type FhirResponse } from 'fhir-kit-client';
import { importJWK, SignJWT, type JWK } from 'jose';

// Code systems of the Finnish national archive (see the CapabilityStatement at /fhir/metadata).
const IDENTITY_CODE = 'urn:oid:1.2.246.21';
const DOCUMENT_TYPE = 'urn:oid:1.2.246.537.6.1506';
const DOCUMENT_GROUP = 'urn:oid:1.2.246.537.6.1505';
const SERVICE_TASK = 'urn:oid:1.2.246.537.6.1221';
const PHASE_EXTENSION = 'https://kansio.fi/fhir/StructureDefinition/document-phase';
const SUBMISSION_SET = { coding: [{ system: 'https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes', code: 'submissionset' }] };
const SOURCE_ID_EXTENSION = 'https://profiles.ihe.net/ITI/MHD/StructureDefinition/ihe-sourceId';
// The vendor's own OID for its client data system (an example value).
const SOURCE_ID = 'urn:oid:1.2.246.10.999.1';
// A service need assessment for a child and family.
const SERVICE_NEED_ASSESSMENT = '1005';
const SCOPE = 'system/DocumentReference.cruds system/Binary.cr system/List.c';

/** One client data system and the professional using it: what the vendor holds, as files. */
export interface SystemOptions {
  /** The client data system's client id, as registered in Kansio. */
  readonly clientId: string;
  /** File with the system's private key (JWK, ES384 or RS384). */
  readonly systemKeyFile: string;
  /** The professional's card certificate (PEM) and the card key (JWK). */
  readonly cardCertFile: string;
  readonly cardKeyFile: string;
}

export interface ExampleOptions extends SystemOptions {
  /** Kansio's base URL, e.g. http://127.0.0.1:8080 */
  readonly baseUrl: string;
  /** The client's personal identity code. */
  readonly clientCode: string;
  /** Service task code (urn:oid:1.2.246.537.6.1221). */
  readonly serviceTask: string;
  readonly print?: (line: string) => void;
}

interface Coding { system?: string; code?: string }
interface DocumentReference extends FhirResource {
  id?: string;
  status?: string;
  masterIdentifier?: { system?: string; value?: string };
  relatesTo?: { code: string; target: { reference?: string } }[];
  type?: { coding?: Coding[] };
}
interface Bundle extends FhirResource {
  total?: number;
  entry?: { resource?: FhirResource; response?: { status?: string; location?: string } }[];
}

export interface ExampleResult {
  readonly professionalId: string;
  readonly grantedScope: string;
  /** Set when the example had to open the client relationship first. */
  readonly relationship?: { readonly id: string; readonly httpStatus: number; readonly entryStatus: string };
  readonly stored: { readonly id: string; readonly httpStatus: number; readonly entryStatus: string };
  readonly corrected: { readonly id: string; readonly httpStatus: number; readonly entryStatus: string };
  /** The corrected document as ITI-67 finds it. */
  readonly found: DocumentReference;
  /** The original as ITI-67 finds it with status=superseded. */
  readonly original: DocumentReference | undefined;
}

export async function storeAndFind(o: ExampleOptions): Promise<ExampleResult> {
  const print = o.print ?? ((line: string) => console.log(line));

  // 1. Access token. The system proves itself with its key (private_key_jwt); the professional
  //    with their card (professional_assertion).
  const systemJwk = JSON.parse(await readFile(o.systemKeyFile, 'utf8')) as JWK;
  const systemKey = await importJWK(systemJwk, systemJwk.alg ?? 'ES384');
  if (!(systemKey instanceof CryptoKey)) throw new Error(`${o.systemKeyFile} is not an asymmetric private key`);
  const config = await oidc.discovery(new URL(o.baseUrl), o.clientId, undefined, oidc.PrivateKeyJwt({ key: systemKey, ...(systemJwk.kid ? { kid: systemJwk.kid } : {}) }), {
    algorithm: 'oauth2', // RFC 8414 metadata at /.well-known/oauth-authorization-server
    ...(o.baseUrl.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {}),
  });
  const tokenEndpoint = config.serverMetadata().token_endpoint!;
  const cardPem = await readFile(o.cardCertFile, 'utf8');
  const card = new X509Certificate(cardPem);
  const professionalId = /(?:^|\n)serialNumber=([^\n]+)/.exec(card.subject)?.[1];
  if (!professionalId) throw new Error(`${o.cardCertFile}: the card certificate's subject has no serialNumber (the professional id)`);
  const professionalAssertion = await signWithCard(await readFile(o.cardKeyFile, 'utf8'), card, { professionalId, clientId: o.clientId, tokenEndpoint });
  const token = await oidc.clientCredentialsGrant(config, { scope: SCOPE, professional_assertion: professionalAssertion });
  print(`token:      ${token.expires_in} s for ${o.clientId} with professional ${professionalId}; scope ${token.scope}`);

  const fhir = new Client({ baseUrl: `${o.baseUrl}/fhir`, customHeaders: { Authorization: `Bearer ${token.access_token}` } });
  const client = { identifier: { system: IDENTITY_CODE, value: o.clientCode } };
  const setting = { coding: [{ system: SERVICE_TASK, code: o.serviceTask }] };

  // 2. The archive accepts documents for a client only within a client relationship, which is
  //    itself a document (group 1505 code 1). Look for one; store it if there is none.
  let relationship: ExampleResult['relationship'];
  if (!(await hasClientRelationship(fhir, o.clientCode, o.serviceTask))) {
    const today = new Date().toISOString().slice(0, 10);
    relationship = await provide(fhir, {
      resourceType: 'DocumentReference',
      status: 'current',
      extension: [{ url: PHASE_EXTENSION, valueCode: '2' }],
      type: { coding: [{ system: DOCUMENT_GROUP, code: '1' }] },
      subject: client,
      date: new Date().toISOString(),
      content: [{ attachment: { contentType: 'application/json', data: base64Json({ start: today, worker: { name: 'Example Worker', phone: '+358 40 000 0000' } }) } }],
      context: { practiceSetting: setting },
    });
    print(`relation:   stored client relationship DocumentReference/${relationship.id} (HTTP ${relationship.httpStatus}, ${relationship.entryStatus})`);
  } else {
    print('relation:   a client relationship in this service task is already in force');
  }

  // 3. ITI-65: store a document.
  const document = (text: string, replaces?: string): DocumentReference => ({
    resourceType: 'DocumentReference',
    status: 'current',
    masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${randomUUID()}` },
    extension: [{ url: PHASE_EXTENSION, valueCode: '2' }],
    type: { coding: [{ system: DOCUMENT_TYPE, code: SERVICE_NEED_ASSESSMENT }] },
    subject: client,
    date: new Date().toISOString(),
    ...(replaces ? { relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${replaces}` } }] } : {}),
    content: [{ attachment: { contentType: 'application/json', data: base64Json({ assessment: text }) } }],
    context: { practiceSetting: setting },
  });
  const stored = await provide(fhir, document('The family needs support at home twice a week.'));
  print(`stored:     DocumentReference/${stored.id} (HTTP ${stored.httpStatus}, ${stored.entryStatus})`);

  // 4. Correction (ITI-65 again): the new version replaces the old one, which becomes superseded.
  const corrected = await provide(fhir, document('The family needs support at home three times a week.', stored.id));
  print(`corrected:  DocumentReference/${corrected.id} replaces DocumentReference/${stored.id} (HTTP ${corrected.httpStatus}, ${corrected.entryStatus})`);

  // 5. ITI-67: find the client's current assessments. POST _search keeps the identity code out
  //    of URLs (and so out of every proxy's access log).
  const search = async (status: string): Promise<DocumentReference[]> => {
    const bundle = (await fhir.search({
      resourceType: 'DocumentReference',
      searchParams: { 'patient.identifier': `${IDENTITY_CODE}|${o.clientCode}`, status, type: `${DOCUMENT_TYPE}|${SERVICE_NEED_ASSESSMENT}` },
      options: { postSearch: true },
    })) as Bundle;
    return (bundle.entry ?? []).map((e) => e.resource as DocumentReference);
  };
  const found = (await search('current')).find((d) => d.id === corrected.id);
  if (!found) throw new Error(`ITI-67 did not find the corrected DocumentReference/${corrected.id}`);
  const original = (await search('superseded')).find((d) => d.id === stored.id);
  const replaces = found.relatesTo?.find((r) => r.code === 'replaces')?.target.reference;
  print(`found:      DocumentReference/${found.id} status ${found.status}, relatesTo replaces ${replaces ?? '(nothing)'}; the original is ${original?.status ?? 'not found'}`);

  return { professionalId, grantedScope: token.scope ?? '', ...(relationship ? { relationship } : {}), stored, corrected, found, original };
}

/**
 * The professional_assertion: a compact JWS made with the card key, carrying the card
 * certificate in x5c, for this system (client_id) and this token endpoint (aud), living at most
 * 300 s, with a fresh jti. A card middleware produces the same thing with the chip's key.
 */
export async function signWithCard(cardKeyJson: string, card: X509Certificate, p: { professionalId: string; clientId: string; tokenEndpoint: string }): Promise<string> {
  const jwk = JSON.parse(cardKeyJson) as JWK;
  const alg = jwk.alg ?? 'ES384';
  return new SignJWT({ client_id: p.clientId })
    .setProtectedHeader({ alg, typ: 'JWT', x5c: [card.raw.toString('base64')] })
    .setIssuer(p.professionalId)
    .setSubject(p.professionalId)
    .setAudience(p.tokenEndpoint)
    .setIssuedAt()
    .setExpirationTime('2m')
    .setJti(randomUUID())
    .sign(await importJWK(jwk, alg));
}

async function hasClientRelationship(fhir: Client, clientCode: string, serviceTask: string): Promise<boolean> {
  try {
    const bundle = (await fhir.search({
      resourceType: 'DocumentReference',
      searchParams: { 'patient.identifier': `${IDENTITY_CODE}|${clientCode}`, status: 'current', type: `${DOCUMENT_GROUP}|1`, setting: `${SERVICE_TASK}|${serviceTask}` },
      options: { postSearch: true },
    })) as Bundle;
    return (bundle.entry ?? []).length > 0;
  } catch (error) {
    // 403: the controller has no client relationship with this client at all (D1).
    if ((error as { response?: { status?: number } }).response?.status === 403) return false;
    throw error;
  }
}

/** ITI-65 with one DocumentReference; returns its new id and the statuses. */
export async function provide(fhir: Client, documentReference: DocumentReference): Promise<{ id: string; httpStatus: number; entryStatus: string }> {
  const docUrl = `urn:uuid:${randomUUID()}`;
  const bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: `urn:uuid:${randomUUID()}`,
        // MHD SubmissionSet: the client as subject, who sends it (sourceId, an OID) and when.
        resource: {
          resourceType: 'List', status: 'current', mode: 'working', code: SUBMISSION_SET, subject: documentReference.subject,
          extension: [{ url: SOURCE_ID_EXTENSION, valueIdentifier: { value: SOURCE_ID } }],
          date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          entry: [{ item: { reference: docUrl } }],
        },
        request: { method: 'POST', url: 'List' },
      },
      { fullUrl: docUrl, resource: documentReference, request: { method: 'POST', url: 'DocumentReference' } },
    ],
  };
  let response: Bundle;
  try {
    response = (await fhir.transaction({ body: bundle })) as Bundle;
  } catch (error) {
    const e = error as { response?: { status?: number; data?: { issue?: { diagnostics?: string; expression?: string[] }[] } } };
    const issues = (e.response?.data?.issue ?? []).map((i) => `${i.diagnostics ?? ''}${i.expression ? ` (${i.expression.join(', ')})` : ''}`).join('; ');
    throw new Error(`ITI-65 refused with HTTP ${e.response?.status ?? '?'}: ${issues || (error as Error).message}`);
  }
  const entry = (response.entry ?? []).find((e) => e.response?.location?.startsWith('DocumentReference/'));
  if (!entry) throw new Error('the transaction-response names no DocumentReference');
  return {
    id: entry.response!.location!.split('/')[1]!,
    httpStatus: (response as FhirResponse)[RESPONSE_KEY]?.status ?? 0,
    entryStatus: entry.response!.status ?? '',
  };
}

export function base64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

/** Options from the command line, then the environment, then the demo defaults. */
export function optionsFrom(argv: readonly string[], env: NodeJS.ProcessEnv): ExampleOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'base-url': { type: 'string' },
      'client-id': { type: 'string' },
      'system-key': { type: 'string' },
      'card-cert': { type: 'string' },
      'card-key': { type: 'string' },
      'client-code': { type: 'string' },
      'service-task': { type: 'string' },
    },
  });
  const dataDir = env.KANSIO_DATA_DIR || 'data';
  const clientId = values['client-id'] ?? env.KANSIO_CLIENT_ID ?? 'demo-connecting-a';
  return {
    baseUrl: (values['base-url'] ?? env.KANSIO_BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    clientId,
    systemKeyFile: values['system-key'] ?? env.KANSIO_SYSTEM_KEY ?? `${dataDir}/demo/systems/${clientId}.jwk`,
    cardCertFile: values['card-cert'] ?? env.KANSIO_CARD_CERT ?? `${dataDir}/demo/cards/demo-pro-a1.pem`,
    cardKeyFile: values['card-key'] ?? env.KANSIO_CARD_KEY ?? `${dataDir}/demo/cards/demo-pro-a1.key.jwk`,
    // A synthetic identity code (individual number 900-999) that the demo data does not use.
    clientCode: values['client-code'] ?? env.KANSIO_CLIENT_CODE ?? '070777-9998',
    // 1 = services for families with children (until the national codes are configured).
    serviceTask: values['service-task'] ?? env.KANSIO_SERVICE_TASK ?? '1',
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await storeAndFind(optionsFrom(process.argv.slice(2), process.env));
  } catch (error) {
    console.error(`store-and-find: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

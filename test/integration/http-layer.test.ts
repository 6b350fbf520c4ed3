// issue 8 / errors that help, and personal data that is not cached: every error the HTTP layer
// gives (404, 406, 413, 414, 415, 431, malformed HTTP) is an OperationOutcome that says exactly
// what is wrong and changes nothing, and every response carries no-store and nosniff.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Binary, Bundle, OperationOutcome } from '@medplum/fhirtypes';
import { startArchiveWithClient, tableCounts, type Actor, type Response, type TestArchive } from '../support/archive.ts';
import { aDocument } from '../support/bundles.ts';
import { informing, record } from '../support/consents.ts';

let archive: TestArchive;
let pro: Actor;
let token: string;
let client: string;
let documentId: string;

before(async () => {
  ({ archive, pro, client, token } = await startArchiveWithClient('HTTP layer area'));
  documentId = (await archive.store(pro, aDocument().forClient(client).withPdf().build()))[0]!;
});
after(async () => archive.close());

function diagnostics(body: unknown): string {
  const outcome = body as OperationOutcome;
  assert.equal(outcome?.resourceType, 'OperationOutcome', JSON.stringify(body));
  return outcome.issue.map((i) => i.diagnostics).join(' | ');
}

/** A raw fetch against the server (the archive's helper always adds a JSON content type). */
async function raw(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${archive.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> ?? {}) } });
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, bytes, body: /json/.test(type) && bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined };
}

/** Bytes written straight to the socket, for requests no HTTP client will send; the answer as status, headers and body. */
function onTheWire(request: string | Buffer): Promise<{ status: number; head: string; body: unknown }> {
  const { port } = new URL(archive.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), head, body: body ? JSON.parse(body) : undefined });
    });
  });
}

test('issue 8 / errors: an unknown route answers 404 OperationOutcome', async () => {
  for (const path of ['/fhir/Observation', '/nothing-here', '/fhir/DocumentReference/x/y/z']) {
    const res = await raw(path);
    assert.equal(res.status, 404, path);
    assert.match(diagnostics(res.body), /no route for GET/);
  }
});

test('issue 8 / errors: a body over the limit answers 413 naming its size and the limit', async () => {
  const before = await tableCounts(archive);
  const size = archive.config.bodyLimit + 5 * 1024 * 1024;
  const res = await raw('/fhir', { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: Buffer.alloc(size, 0x20) });
  assert.equal(res.status, 413);
  const limit = archive.config.bodyLimit;
  assert.equal(diagnostics(res.body), `the request body is ${size.toLocaleString('en')} bytes (${size / 1048576} MiB); the largest accepted is ${limit.toLocaleString('en')} bytes (${limit / 1048576} MiB) (KANSIO_BODY_LIMIT)`);
  assert.doesNotMatch(diagnostics(res.body), /limit of the server/);
  assert.deepEqual(await tableCounts(archive), before);
});

test('issue 8 / errors: a 5,000-character id answers 414, and a 100 KB query answers 431, both as OperationOutcome', async () => {
  const longId = await raw(`/fhir/DocumentReference/${'a'.repeat(5000)}`);
  assert.equal(longId.status, 414);
  assert.match(diagnostics(longId.body), /^the URL path is 5,0\d\d characters; the longest accepted is 1,024/);
  const longQuery = await raw(`/fhir/DocumentReference?status=current&patient.identifier=${'9'.repeat(10_000)}`);
  assert.equal(longQuery.status, 414);
  assert.match(diagnostics(longQuery.body), /^the query string is 10,0\d\d characters; the longest accepted is 8,192: send a long search as POST <type>\/_search/);
  const hugeQuery = await raw(`/fhir/DocumentReference?status=current&patient.identifier=${'9'.repeat(100 * 1024)}`);
  assert.equal(hugeQuery.status, 431);
  assert.equal(hugeQuery.headers.get('content-type'), 'application/fhir+json; charset=utf-8');
  assert.match(diagnostics(hugeQuery.body), /request line and headers are larger than 16,384 bytes \(16 KiB\)/);
  const hugeHeader = await raw('/fhir/metadata', { headers: { 'x-padding': 'p'.repeat(20_000) } });
  assert.equal(hugeHeader.status, 431);
  assert.equal(hugeHeader.headers.get('cache-control'), 'no-store');
  assert.equal(hugeHeader.headers.get('x-content-type-options'), 'nosniff');
});

test('issue 8 / errors: malformed HTTP and a NUL in a header are answered 400 OperationOutcome by the server, not by Node', async () => {
  const nulHeader = await onTheWire(`GET /fhir/metadata HTTP/1.1\r\nHost: x\r\nAccept: application/fhir+json\0x\r\n\r\n`);
  assert.equal(nulHeader.status, 400);
  assert.match(diagnostics(nulHeader.body), /header name or value holds a character HTTP does not allow/);
  const garbage = await onTheWire('NOT HTTP AT ALL\r\n\r\n');
  assert.equal(garbage.status, 400);
  assert.match(diagnostics(garbage.body), /not well-formed HTTP\/1\.1/);
});

test('issue 8 / errors: an unsupported content type is 415, not 400, and names the type', async () => {
  const before = await tableCounts(archive);
  const bundle = JSON.stringify(aDocument().forClient(client).build());
  for (const type of ['text/plain', 'application/fhir+xml', 'application/octet-stream']) {
    const res = await raw('/fhir', { method: 'POST', headers: { 'content-type': type }, body: bundle });
    assert.equal(res.status, 415, type);
    assert.equal(diagnostics(res.body), `Content-Type '${type}' is not supported; send application/fhir+json (or application/x-www-form-urlencoded for _search)`);
  }
  const none = await fetch(`${archive.baseUrl}/fhir`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new Blob([bundle]) });
  assert.equal(none.status, 415);
  assert.match(diagnostics(await none.json()), /has a body but no Content-Type/);
  assert.deepEqual(await tableCounts(archive), before);
});

test('issue 8 / errors: a charset other than UTF-8 is refused with 415 naming the charset; UTF-8 is accepted', async () => {
  const before = await tableCounts(archive);
  const bundle = JSON.stringify(aDocument().forClient(client).build());
  for (const charset of ['ISO-8859-1', 'utf-16', '"windows-1252"']) {
    const res = await raw('/fhir', { method: 'POST', headers: { 'content-type': `application/fhir+json; charset=${charset}` }, body: bundle });
    assert.equal(res.status, 415, charset);
    assert.match(diagnostics(res.body), new RegExp(`^charset '${charset.replaceAll('"', '"?')}' is not supported; the body must be UTF-8`));
  }
  const form = await raw('/fhir/DocumentReference/_search', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=latin1' }, body: `patient.identifier=urn:oid:1.2.246.21|${client}&status=current` });
  assert.equal(form.status, 415);
  assert.deepEqual(await tableCounts(archive), before);
  const utf8 = await raw('/fhir', { method: 'POST', headers: { 'content-type': 'application/fhir+json; charset=UTF-8' }, body: bundle });
  assert.equal(utf8.status, 200, JSON.stringify(utf8.body));
});

test('issue 8 / _format overrides Accept: Binary/<id>?_format=json answers a Binary resource; xml is 406', async () => {
  const plain = await raw(`/fhir/Binary/${documentId}`, { headers: { accept: 'application/pdf' } });
  assert.equal(plain.status, 200);
  assert.equal(plain.headers.get('content-type'), 'application/pdf');
  for (const format of ['json', 'application/fhir+json', 'application/json']) {
    const res = await raw(`/fhir/Binary/${documentId}?_format=${encodeURIComponent(format)}`, { headers: { accept: 'application/pdf' } });
    assert.equal(res.status, 200, format);
    const binary = res.body as Binary;
    assert.equal(binary.resourceType, 'Binary');
    assert.equal(binary.contentType, 'application/pdf');
    assert.ok(Buffer.from(binary.data!, 'base64').subarray(0, 5).equals(Buffer.from('%PDF-')));
  }
  for (const format of ['xml', 'application/fhir+xml', 'ttl']) {
    const res = await raw(`/fhir/Binary/${documentId}?_format=${encodeURIComponent(format)}`);
    assert.equal(res.status, 406, format);
    assert.match(diagnostics(res.body), /Kansio writes FHIR JSON only/);
  }
  const xml = await raw(`/fhir/DocumentReference/${documentId}`, { headers: { accept: 'application/fhir+xml' } });
  assert.equal(xml.status, 406);
  assert.match(diagnostics(xml.body), /Accept 'application\/fhir\+xml' asks for a format Kansio does not write/);
  const overridden = await raw(`/fhir/DocumentReference/${documentId}?_format=json`, { headers: { accept: 'application/fhir+xml' } });
  assert.equal(overridden.status, 200, '_format=json overrides an XML Accept');
  const search = await raw(`/fhir/DocumentReference?patient.identifier=urn:oid:1.2.246.21|${client}&status=current&_format=json`);
  assert.equal(search.status, 200);
  assert.equal((search.body as Bundle).resourceType, 'Bundle');
});

test('issue 8 / not cacheable: every kind of response carries Cache-Control: no-store and X-Content-Type-Options: nosniff', async () => {
  await record(archive, pro, informing({ client }));
  const consents = await archive.fhir<Bundle>(token, 'GET', `/Consent?patient.identifier=urn:oid:1.2.246.21|${client}`);
  const consentId = consents.body.entry?.[0]?.resource?.id;
  assert.ok(consentId, JSON.stringify(consents.body));
  const responses: [string, Promise<Response>][] = [
    ['searchset', raw(`/fhir/DocumentReference?patient.identifier=urn:oid:1.2.246.21|${client}&status=current`)],
    ['POST _search', raw('/fhir/DocumentReference/_search', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `patient.identifier=urn:oid:1.2.246.21|${client}&status=current` })],
    ['DocumentReference', raw(`/fhir/DocumentReference/${documentId}`)],
    ['Binary (document bytes)', raw(`/fhir/Binary/${documentId}`, { headers: { accept: 'application/pdf' } })],
    ['Binary resource', raw(`/fhir/Binary/${documentId}`, { headers: { accept: 'application/fhir+json' } })],
    ['Consent', raw(`/fhir/Consent/${consentId}`)],
    ['Consent search', raw(`/fhir/Consent?patient.identifier=urn:oid:1.2.246.21|${client}`)],
    ['AuditEvent search', raw(`/fhir/AuditEvent?patient.identifier=urn:oid:1.2.246.21|${client}`)],
    ['ITI-65 response', raw('/fhir', { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(aDocument().forClient(client).build()) })],
    ['OperationOutcome naming a person (400)', raw(`/fhir/DocumentReference?patient.identifier=urn:oid:1.2.246.21|${client}`)],
    ['OperationOutcome 401', raw('/fhir/DocumentReference/x', { headers: { authorization: 'Bearer nonsense' } })],
    ['OperationOutcome 404', raw(`/fhir/DocumentReference/00000000-0000-4000-8000-000000000000`)],
    ['OperationOutcome 404 no route', raw(`/fhir/Patient/${client}/nothing`)],
    ['OperationOutcome 414', raw(`/fhir/Binary/${'b'.repeat(2000)}`)],
    ['OperationOutcome 415', raw('/fhir', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })],
    ['CapabilityStatement', raw('/fhir/metadata')],
    ['token endpoint error', raw('/auth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password' })],
  ];
  for (const [kind, pending] of responses) {
    const res = await pending;
    assert.ok(res.status < 500, `${kind}: ${res.status}`);
    assert.equal(res.headers.get('cache-control'), 'no-store', `${kind} (${res.status}) is cacheable`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${kind} (${res.status}) lacks nosniff`);
  }
  // Public documents that name nobody keep their own caching, and still get nosniff.
  for (const path of ['/.well-known/smart-configuration', '/auth/jwks']) {
    const res = await raw(path);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=300', path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
  }
});

// examples/consent-and-disclosure.ts against a real Kansio: two outside vendors' systems of two
// controllers. The service starts as `kansio start` would (startService), the world is registered
// the way an operator would, and the example talks to it with openid-client, fhir-kit-client and
// jose only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeIdentityCode } from '../../src/domain/identity-code.ts';
import { consentAndDisclosure, type ConsentExampleOptions } from '../../examples/consent-and-disclosure.ts';
import { startExampleService, type ExampleService } from '../support/example-service.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const AREA = {
  a: { controller: '1.2.246.10.98701', unit: '1.2.246.10.98701.1', clientId: 'vendor-area-a', professional: 'EXAMPLE-PRO-A' },
  b: { controller: '1.2.246.10.98702', unit: '1.2.246.10.98702.1', clientId: 'vendor-area-b', professional: 'EXAMPLE-PRO-B' },
} as const;

let example: ExampleService;
let options: Omit<ConsentExampleOptions, 'clientCode'>;
let readAnswer: string | undefined;

before(async () => {
  example = await startExampleService();
  const a = await example.vendor({ name: 'A', controller: AREA.a.controller, unit: AREA.a.unit, clientId: AREA.a.clientId, professionalId: AREA.a.professional, givenName: 'Aada' });
  const b = await example.vendor({ name: 'B', controller: AREA.b.controller, unit: AREA.b.unit, clientId: AREA.b.clientId, professionalId: AREA.b.professional, givenName: 'Bertta' });
  options = { baseUrl: example.service.baseUrl, a, b, serviceTask: '2' };
});

after(async () => example?.stop());

interface AuditBody {
  system: { id: string };
  organisationOid: string;
  documents?: { versionId: string; controllerOid: string; basis?: { kind: string; consentId?: string } }[];
  disclosure?: { disclosers: string[]; purpose: string };
}

test('D4 D5 D7 D8 S2 S3 S9: consent discloses A\'s document to B, a prohibition stops it, its revocation lets it through again', async () => {
  const clientCode = makeIdentityCode('1980-03-03', 996);
  const lines: string[] = [];
  const result = await consentAndDisclosure({ ...options, clientCode, print: (line) => lines.push(line) });

  assert.equal(result.a.professionalId, AREA.a.professional);
  assert.equal(result.b.professionalId, AREA.b.professional);
  assert.match(result.b.grantedScope, /system\/Consent\.crus/);
  assert.ok(result.a.relationship, 'a new client: A opens the client relationship first');
  assert.equal(result.b.searchWithoutRelationship, 403, 'D1: B may not search before it has a client relationship of its own');
  assert.ok(result.b.relationship);
  assert.equal(result.controllerA, AREA.a.controller, 'B learns the register from the disclosed DocumentReference.custodian');

  // Steps 3, 5, 7, 9: no consent; consent; consent and a prohibition of A; the prohibition revoked.
  assert.deepEqual(result.seen, { beforeConsent: 0, afterConsent: 1, whileProhibited: 0, afterRevocation: 1 });
  readAnswer = result.read.answeredAs;
  assert.equal(result.read.contentType, 'application/json');
  assert.match(JSON.stringify(result.read.content), /housing and income/);

  for (const record of [result.informing, result.consent, result.prohibition]) {
    assert.match(record.id, UUID);
    assert.equal(record.version, 1);
  }
  assert.equal(new Set([result.informing.id, result.consent.id, result.prohibition.id]).size, 3);
  assert.deepEqual(result.revoked, { id: result.prohibition.id, version: 2, status: 'inactive' });

  // What the consent service keeps: version 1 in force until revoked, version 2 revoked (D11).
  const versions = await example.database.db.pool.query<{ version: number; is_current: boolean; revoked: boolean }>(
    'select version, is_current, revoked_at is not null as revoked from consent_record where consent_id = $1 order by version', [result.prohibition.id]);
  assert.deepEqual(versions.rows, [{ version: 1, is_current: false, revoked: false }, { version: 2, is_current: true, revoked: true }]);

  // S9: every search of B's that gave A's document wrote a disclosure record naming A as the
  // discloser and the consent as the basis; the searches that did not give it wrote none.
  const rows = await example.database.db.pool.query<{ action: string; body: string }>(
    "select action, body from audit_event where action in ('search', 'read') and outcome = 'success' order by recorded_at, lane, seq");
  const ofB = rows.rows.map((r) => ({ action: r.action, body: JSON.parse(r.body) as AuditBody })).filter((r) => r.body.system.id === AREA.b.clientId);
  const searches = ofB.filter((r) => r.action === 'search' && r.body.documents !== undefined && !r.body.documents.some((d) => d.controllerOid === AREA.b.controller));
  const giving = searches.filter((r) => r.body.documents!.some((d) => d.versionId === result.a.document));
  assert.equal(giving.length, 2, 'steps 5 and 9');
  for (const { body } of giving) {
    assert.ok('disclosure' in body, 'a search that gave another register\'s document is a disclosure record');
    assert.deepEqual(body.disclosure!.disclosers, [AREA.a.controller]);
    assert.equal(body.organisationOid, AREA.b.controller);
    assert.deepEqual(body.documents!.find((d) => d.versionId === result.a.document)!.basis, { kind: 'consent', consentId: result.consent.id });
  }
  for (const { body } of searches.filter((r) => !giving.includes(r))) assert.ok(!('disclosure' in body), 'nothing disclosed, no disclosure part');
  const read = ofB.find((r) => r.action === 'read' && r.body.documents?.some((d) => d.versionId === result.a.document));
  assert.ok(read && 'disclosure' in read.body, 'ITI-68 of A\'s document is a disclosure too');

  assert.equal(lines.length, 15);
  assert.doesNotMatch(lines.join('\n'), new RegExp(clientCode));
});

// docs/fhir.md: ITI-68 "with Accept: application/fhir+json a Binary resource". fhir-kit-client's
// read sends that Accept, also for a document stored as application/json.
test('ITI-68 with Accept: application/fhir+json answers a Binary resource, as docs/fhir.md says', () => {
  assert.equal(readAnswer, 'Binary');
});

test('run as a command with its inputs as arguments', async () => {
  const clientCode = makeIdentityCode('1980-03-04', 996);
  const args = [
    '--base-url', options.baseUrl, '--client-code', clientCode, '--service-task', '2',
    ...(['a', 'b'] as const).flatMap((p) => [
      `--${p}-client-id`, options[p].clientId, `--${p}-system-key`, options[p].systemKeyFile,
      `--${p}-card-cert`, options[p].cardCertFile, `--${p}-card-key`, options[p].cardKeyFile,
    ]),
  ];
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'examples/consent-and-disclosure.ts'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('exit', (c) => resolve({ code: c, stdout, stderr }));
  });
  assert.equal(code, 0, `the example failed: ${stderr}${stdout}`);
  const counts = [...stdout.matchAll(/B searches: +(\d+) of A's documents/g)].map((m) => Number(m[1]));
  assert.deepEqual(counts, [0, 1, 0, 1]);
  assert.match(stdout, /B revokes: +Consent\/[0-9a-f-]{36} version 1 -> version 2, inactive/);
  assert.doesNotMatch(stdout, new RegExp(clientCode));
});

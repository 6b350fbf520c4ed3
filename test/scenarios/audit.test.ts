// D10: every store, search, read and invalidation writes an audit record in the same
// transaction; the chain is tamper-evident and `kansio audit verify` finds the first break.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { verifyAuditChain } from '../../src/usecases/verify-audit-chain.ts';

let archive: TestArchive;
let pro: Actor;

before(async () => {
  archive = await startTestArchive();
  pro = await archive.actor(await archive.controller('Audit area'));
});
after(async () => archive.close());

interface Row { action: string; outcome: string; body: string }
const records = async (): Promise<Row[]> => archive.sql<Row & Record<string, unknown>>('select action, outcome, body from audit_event order by recorded_at, lane, seq');

test('D10: store, search, read and invalidate each leave one audit record with who, what, whom and the outcome', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const start = (await records()).length;
  const [id] = await archive.store(pro, aDocument().forClient(client).build());
  await archive.fhir(pro, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current`);
  await archive.fhir(pro, 'GET', `/Binary/${id}`);
  await archive.fhir(pro, 'POST', `/DocumentReference/${id}/$invalidate`, { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: 'wrong client' }] });
  const added = (await records()).slice(start);
  assert.deepEqual(added.map((r) => [r.action, r.outcome]), [['store', 'success'], ['search', 'success'], ['read', 'success'], ['invalidate', 'success']]);
  for (const r of added) {
    const body = JSON.parse(r.body);
    assert.equal(body.professional.id, pro.professionalId);
    assert.equal(body.system.id, pro.systemId);
    assert.equal(body.organisationOid, pro.controllerOid);
    assert.ok(body.personKey, 'the client is named');
    assert.ok(body.recordedAt);
  }
  assert.deepEqual(JSON.parse(added[2]!.body).documents.map((d: { versionId: string }) => d.versionId), [id]);
  assert.match(JSON.parse(added[1]!.body).query, /status=current/);
});

test('D10: a denied access leaves a record with outcome denied and changes nothing else', async () => {
  const other = await archive.actor(await archive.controller('Other area'));
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const beforeDocs = await archive.sql('select count(*)::int as n from document');
  const start = (await records()).length;
  const res = await archive.fhir(other, 'POST', '', aDocument().forClient(client).build());
  assert.equal(res.status, 403);
  const added = (await records()).slice(start);
  assert.deepEqual(added.map((r) => [r.action, r.outcome]), [['store', 'denied']]);
  assert.deepEqual(await archive.sql('select count(*)::int as n from document'), beforeDocs);
});

test('D10: the audit chain verifies, and a changed or removed record is reported as the first broken one', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  await archive.store(pro, aDocument().forClient(client).build());
  const intact = await archive.database.db.withSnapshot((s) => verifyAuditChain(s));
  assert.deepEqual(intact.broken, []);
  assert.ok(intact.records >= 2);

  const [victim] = await archive.sql<{ lane: number; seq: string }>('select lane, seq from audit_event order by recorded_at desc limit 1');
  // Tampering needs the append-only trigger off: exactly what an attacker with SQL access would do.
  await archive.sql('alter table audit_event disable trigger user');
  try {
    await archive.sql("update audit_event set body = replace(body, '\"success\"', '\"denied\"') where lane = $1 and seq = $2", [victim!.lane, victim!.seq]);
    const tampered = await archive.database.db.withSnapshot((s) => verifyAuditChain(s));
    assert.equal(tampered.broken.length, 1);
    assert.equal(tampered.broken[0]!.lane, victim!.lane);
    assert.equal(tampered.broken[0]!.seq, victim!.seq);
    assert.match(tampered.broken[0]!.problem, /hash does not match|differs from the body/);
  } finally {
    await archive.sql('alter table audit_event enable trigger user');
  }
});

test('D10: the application cannot update or delete audit records', async () => {
  await assert.rejects(archive.sql('delete from audit_event'), /append-only/);
  await assert.rejects(archive.sql("update audit_event set outcome = 'x'"), /append-only/);
});

test('D10: audit records are readable as IHE BALP AuditEvents by the client\'s own organisation', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  const [id] = await archive.store(pro, aDocument().forClient(client).build());
  await archive.fhir(pro, 'GET', `/Binary/${id}`);
  const res = await archive.fhir<Bundle>(pro, 'POST', '/AuditEvent/_search', `patient.identifier=urn:oid:1.2.246.21|${client}`);
  assert.equal(res.status, 200);
  const events = res.body.entry!.map((e) => e.resource as AuditEvent);
  const read = events.find((e) => e.subtype?.some((s) => s.code === 'ITI-68'));
  assert.ok(read, 'the ITI-68 read is there');
  assert.equal(read.action, 'R');
  assert.equal(read.outcome, '0');
  assert.equal(read.type.code, 'rest');
  assert.ok(read.entity!.some((e) => e.role?.code === '1' && e.what?.reference?.startsWith('Patient/')));
  assert.ok(read.entity!.some((e) => e.what?.reference === `DocumentReference/${id}`));
  assert.ok(read.agent.some((a) => a.requestor && a.who?.identifier?.value === pro.professionalId));
  assert.ok(events.some((e) => e.subtype?.some((s) => s.code === 'ITI-65') && e.action === 'C'));
});

// S10 Retention on the real database: documents stored through the FHIR interface, then the
// retention run (the use case `kansio retention run` calls) with a given day. A run destroys
// exactly the documents past retention with their unshared blobs and derived rows, leaves an
// audit record naming each, and the audit chain stays intact; a dry run changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle } from '@medplum/fhirtypes';
import { startTestArchive, tableCounts, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aMinorCode, aPersonCode } from '../support/bundles.ts';
import { runRetention, type RetentionProps } from '../../src/usecases/run-retention.ts';
import { verifyAuditChain } from '../../src/usecases/verify-audit-chain.ts';
import { NATIONAL_RETENTION, parseRetentionRules } from '../../src/domain/policy/retention.ts';
import type { AuditRecord } from '../../src/domain/audit-record.ts';

let archive: TestArchive;
let pro: Actor;

before(async () => {
  archive = await startTestArchive();
  pro = await archive.actor(await archive.controller('Retention welfare area'));
});
after(async () => archive.close());

const TODAY = '2026-06-01';
const props = (destroy: boolean, batchSize = 2): RetentionProps => ({ rules: NATIONAL_RETENTION, today: TODAY, now: new Date().toISOString(), destroy, batchSize });
const run = (p: RetentionProps) => runRetention((fn) => archive.database.db.withTransaction(fn), p);

async function setIdOf(versionId: string): Promise<string> {
  return (await archive.sql<{ set_id: string }>('select set_id::text from document where version_id = $1', [versionId]))[0]!.set_id;
}

interface World {
  /** Older-people client whose relationship ended in 2010: past retention (10 years) since 2020. */
  readonly ended: string;
  readonly endedSets: readonly string[];
  readonly endedVersions: readonly string[];
  readonly endedOnlyBlobs: readonly string[];
  readonly sharedBlob: string;
  readonly kept: string;
  readonly keptSets: readonly string[];
}

async function world(): Promise<World> {
  const ended = aPersonCode('1930-01-01');
  const [rel1] = await archive.store(pro, aDocument().forClient(ended).inTask('older-people').createdAt('2005-01-10T10:00:00+02:00').clientRelationship({ start: '2005-01-01', worker: { name: 'Sanna' } }).build());
  const [v1] = await archive.store(pro, aDocument().forClient(ended).inTask('older-people').createdAt('2008-03-01T10:00:00+02:00').withPdf(`decision ${ended}`).build());
  const [v2] = await archive.store(pro, aDocument().forClient(ended).inTask('older-people').createdAt('2008-04-01T10:00:00+02:00').withPdf(`corrected ${ended}`).replaces(v1!).build());
  const shared = `the same letter ${ended}`;
  const [a2] = await archive.store(pro, aDocument().forClient(ended).inTask('older-people').createdAt('2009-01-01T10:00:00+02:00').withPdf(shared).build());
  const [rel2] = await archive.store(pro, aDocument().forClient(ended).inTask('older-people').createdAt('2010-06-30T10:00:00+03:00').clientRelationship({ start: '2005-01-01', end: '2010-06-30', worker: { name: 'Sanna' } }).replaces(rel1!).build());

  // A client whose relationship goes on, with a document whose bytes equal one of the first client's.
  const kept = aPersonCode('1935-01-01');
  const [krel] = await archive.store(pro, aDocument().forClient(kept).inTask('older-people').createdAt('2005-01-10T10:00:00+02:00').clientRelationship({ start: '2005-01-01', worker: { name: 'Saara' } }).build());
  const [k1] = await archive.store(pro, aDocument().forClient(kept).inTask('older-people').createdAt('2009-01-01T10:00:00+02:00').withPdf(shared).build());
  // A child's family law document: 120 years from birth.
  const child = aMinorCode();
  await archive.openRelationship(pro, child, 'family-law');
  const [c1] = await archive.store(pro, aDocument().forClient(child).inTask('family-law').build());

  const shaOf = async (v: string) => (await archive.sql<{ h: string }>("select encode(content_sha256, 'hex') as h from document where version_id = $1", [v]))[0]!.h;
  return {
    ended,
    endedSets: [await setIdOf(v1!), await setIdOf(a2!), await setIdOf(rel1!)].sort(),
    endedVersions: [v1!, v2!, a2!, rel1!, rel2!],
    endedOnlyBlobs: [await shaOf(v1!), await shaOf(v2!), await shaOf(rel1!), await shaOf(rel2!)],
    sharedBlob: await shaOf(a2!),
    kept,
    keptSets: [await setIdOf(krel!), await setIdOf(k1!), await setIdOf(c1!)],
  };
}

test('S10: retention destroys exactly the documents past it, their unshared blobs and derived rows; audit records name them and the chain stays intact', async () => {
  const w = await world();
  const counts = await tableCounts(archive);

  // A dry run lists them and changes nothing.
  const dry = await run(props(false));
  assert.deepEqual(dry.due.map((d) => d.setId).sort(), w.endedSets);
  assert.ok(dry.due.every((d) => !d.destroyed && d.serviceTask === 'older-people' && d.dueOn === '2020-06-30'));
  assert.deepEqual(dry.perTask, { 'older-people': { due: 3, destroyed: 0 } });
  assert.deepEqual(await tableCounts(archive), counts);

  const report = await run(props(true));
  assert.equal(report.destroyed, 3);
  assert.equal(report.held, 0);
  assert.deepEqual(report.due.filter((d) => d.destroyed).map((d) => d.setId).sort(), w.endedSets);

  // Every version of the destroyed sets is gone; the others stay.
  assert.deepEqual(await archive.sql('select version_id from document where version_id = any($1::uuid[])', [w.endedVersions]), []);
  const keptLeft = await archive.sql<{ set_id: string }>('select distinct set_id::text from document where set_id = any($1::uuid[])', [w.keptSets]);
  assert.equal(keptLeft.length, w.keptSets.length);
  // Their blobs go, unless another document uses the same bytes.
  const blobs = await archive.sql<{ h: string }>("select encode(sha256, 'hex') as h from blob where encode(sha256, 'hex') = any($1::text[])", [[...w.endedOnlyBlobs, w.sharedBlob]]);
  assert.deepEqual(blobs.map((b) => b.h), [w.sharedBlob]);
  // The client relationship rows derived from the destroyed relationship document go with it.
  assert.deepEqual(await archive.sql('select 1 from client_relationship where source_set_id = any($1::uuid[])', [w.endedSets]), []);
  assert.equal((await archive.sql('select 1 from client_relationship r join person p using (person_key) where p.identity_code = $1', [w.kept])).length, 1);
  assert.deepEqual(await archive.sql('select 1 from submission_set where $1::uuid[] && document_version_ids', [w.endedVersions]), []);

  // One audit record per destroyed document: what, whose, when, why.
  const records = (await archive.sql<{ body: string }>("select body from audit_event where action = 'destroy'")).map((r) => JSON.parse(r.body) as AuditRecord);
  assert.equal(records.length, 3);
  const person = (await archive.sql<{ person_key: string }>('select person_key::text from person where identity_code = $1', [w.ended]))[0]!.person_key;
  for (const r of records) {
    assert.equal(r.personKey, person);
    assert.equal(r.outcome, 'success');
    assert.equal(r.because![0]!.rule, 'S10');
    assert.match(r.because![0]!.detail, /older-people: 10 years from matter-close.*2010-06-30/);
  }
  assert.deepEqual(records.map((r) => r.documents![0]!.setId).sort(), w.endedSets);
  assert.deepEqual(records.flatMap((r) => r.documents!.map((d) => d.versionId)).sort(), [...w.endedVersions].sort());
  assert.ok(!JSON.stringify(records).includes(w.ended), 'no identity code in the records');

  // D10: the destruction touched no audit row, so the chain verifies.
  const verified = await archive.database.db.withSnapshot((s) => verifyAuditChain(s));
  assert.deepEqual(verified.broken, []);
  assert.ok(verified.records > 3);

  // Searching finds nothing; reading a destroyed version is 404 (nothing says it ever existed).
  const search = await archive.fhir<Bundle>(pro, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${w.ended}&status=current,superseded,entered-in-error`);
  // The client relationship went with its document, so the archive refuses the search outright
  // (no relationship: no access to the client, D3); nothing of the client is returned.
  assert.equal(search.status, 403);
  assert.equal(search.body.entry, undefined);
  const stillThere = await archive.fhir<Bundle>(pro, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${w.kept}&status=current`);
  assert.equal(stillThere.status, 200);
  assert.equal(stillThere.body.entry?.length, 2, "the other client's documents are all there");
  for (const v of w.endedVersions) {
    assert.equal((await archive.fhir(pro, 'GET', `/Binary/${v}`)).status, 404);
    assert.equal((await archive.fhir(pro, 'GET', `/DocumentReference/${v}`)).status, 404);
  }

  // A second run finds nothing more to do.
  const again = await run(props(true));
  assert.equal(again.destroyed, 0);
  assert.deepEqual(again.due, []);
});

test('S10: matter and relationship documents are held while documents that depend on them remain, and go after them', async () => {
  // A deployment counting working-age from creation: the matter and relationship documents of
  // 2005 are past retention in 2026, the matter's member document of 2020 is not.
  const rules = parseRetentionRules('working-age=10y:creation');
  const client = aPersonCode('1940-01-01');
  const [rel] = await archive.store(pro, aDocument().forClient(client).inTask('working-age').createdAt('2005-01-10T10:00:00+02:00').clientRelationship({ start: '2005-01-01', worker: { name: 'Sanna' } }).build());
  const [m] = await archive.store(pro, aDocument().forClient(client).inTask('working-age').createdAt('2005-02-01T10:00:00+02:00').matter({ clients: [{ identifier: client, joined: '2005-02-01' }] }).build());
  const [relSet, matterSet] = [await setIdOf(rel!), await setIdOf(m!)];
  const [d] = await archive.store(pro, aDocument().forClient(client).inTask('working-age').createdAt('2020-01-01T10:00:00+02:00').inMatter(matterSet).build());
  const docSet = await setIdOf(d!);
  const mine = (r: { due: readonly { setId: string; destroyed: boolean; held?: string }[] }) =>
    r.due.filter((x) => [relSet, matterSet, docSet].includes(x.setId)).map((x) => [x.setId, x.destroyed, x.held ?? null]);

  const first = await runRetention((fn) => archive.database.db.withTransaction(fn), { ...props(true, 500), rules });
  assert.deepEqual(mine(first), [[matterSet, false, 'other documents of the matter remain'], [relSet, false, 'other documents of the client relationship remain']]);
  assert.equal((await archive.sql('select 1 from matter where matter_set_id = $1', [matterSet])).length, 1);
  assert.equal((await archive.sql('select 1 from client_relationship where source_set_id = $1', [relSet])).length, 1);

  // In 2030 the member is due too: one run destroys it first, then its matter, then the relationship.
  const later = await runRetention((fn) => archive.database.db.withTransaction(fn), { ...props(true, 500), rules, today: '2030-01-01' });
  assert.deepEqual(mine(later), [[docSet, true, null], [matterSet, true, null], [relSet, true, null]]);
  assert.deepEqual(await archive.sql('select 1 from matter where matter_set_id = $1', [matterSet]), []);
  assert.deepEqual(await archive.sql('select 1 from client_relationship where source_set_id = $1', [relSet]), []);
  assert.deepEqual((await archive.database.db.withSnapshot((s) => verifyAuditChain(s))).broken, []);
});

// The benchmark's scale load (bench/scale.ts, `npm run bench -- --scale N`) at a small size: what
// it writes by binary COPY straight into the real tables must be an archive the real code works
// on. Area A's search finds a loaded client's documents (D1 through the loaded client
// relationship, D2), the portal lists them, and the audit trail it continues, with records that
// a server appends between its batches, verifies as `kansio audit verify` checks it (D10).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { ensureAuditPartitions, appendAudit, canonicalJson } from '../../src/store/audit.ts';
import { findPersonByIdentityCode } from '../../src/store/people.ts';
import { portalListOf } from '../../src/store/portal.ts';
import { findDocumentsUseCase } from '../../src/usecases/find-documents.ts';
import { verifyAuditChain } from '../../src/usecases/verify-audit-chain.ts';
import type { ControllerOid, OrganisationOid, Requester } from '../../src/domain/types.ts';
import { AREA_A, AREA_B, createCredentials, registerWorld } from '../../bench/world.ts';
import { loadScale, sampleScaleClient, scaleClientCode, type ScaleLoad } from '../../bench/scale.ts';

const DOCUMENTS = 2_000;
const CLIENTS = 200;

let database: TestDatabase;
let load: ScaleLoad;
let appendedMeanwhile = 0;

const count = async (sql: string, values: unknown[] = []): Promise<number> => Number((await database.db.pool.query<{ n: string }>(sql, values)).rows[0]!.n);

const areaA: Requester = {
  systemId: AREA_A.clientId, systemName: AREA_A.systemName, profile: 'connecting', controllerOid: AREA_A.controllerOid as ControllerOid,
  professional: { id: AREA_A.professionalId, name: `${AREA_A.givenName} ${AREA_A.familyName}`, title: 'sosiaalityöntekijä', organisationOid: AREA_A.unitOid as OrganisationOid },
  scopes: AREA_A.scope.split(' '),
};

before(async () => {
  database = await createTestDatabase();
  await ensureAuditPartitions(database.db, new Date());
  // The bench world, as the bench registers it (its admin-change records start the lanes).
  await registerWorld(database.url, await createCredentials());
  load = await loadScale(database.url, {
    documents: DOCUMENTS,
    // Batches of 300 items: some end inside a round of clients, and the last ones hold only search records.
    batchSize: 300,
    afterBatch: async (k) => {
      if (k % 3 !== 1) return;
      // A server appending while the load runs: the next batch, built onto the heads it expected,
      // must be chained onto this record instead.
      await database.db.withConnection((connection) => appendAudit(connection, {
        eventId: crypto.randomUUID(), recordedAt: new Date().toISOString(), action: 'search', transaction: 'ITI-67', outcome: 'success',
        system: { id: AREA_B.clientId, name: AREA_B.systemName }, organisationOid: AREA_B.controllerOid, because: [{ rule: 'D1', detail: 'no such client in the archive' }], documents: [],
      }));
      appendedMeanwhile++;
    },
  });
});
after(async () => {
  await database?.drop();
});

test('the scale load writes N documents of N/10 clients, each with its blob, SubmissionSet, store record and client relationship in area A', async () => {
  assert.equal(load.documents, DOCUMENTS);
  assert.equal(load.clients, CLIENTS);
  assert.equal(load.auditRecords, DOCUMENTS + CLIENTS);
  assert.equal(load.batches, Math.ceil((DOCUMENTS + CLIENTS) / 300));
  assert.equal(load.rows, 2 * CLIENTS + 4 * DOCUMENTS + DOCUMENTS + CLIENTS);
  assert.equal(await count('select count(*) as n from person'), CLIENTS);
  assert.equal(await count('select count(*) as n from document where controller_oid = $1 and status = $2', [AREA_A.controllerOid, 'current']), DOCUMENTS);
  assert.equal(await count('select count(*) as n from blob'), DOCUMENTS, 'every content is its own blob');
  assert.equal(await count('select count(*) as n from submission_set'), DOCUMENTS);
  assert.equal(await count("select count(*) as n from client_relationship where controller_oid = $1 and start_date <= current_date and end_date is null", [AREA_A.controllerOid]), CLIENTS);
  assert.equal(await count("select count(*) as n from audit_event where organisation_oid = $1 and action = 'store'", [AREA_A.controllerOid]), DOCUMENTS);
  assert.equal(await count("select count(*) as n from audit_event where organisation_oid = $1 and action = 'search'", [AREA_A.controllerOid]), CLIENTS);
  assert.equal(await count('select count(*) as n from person where identity_code = $1', [scaleClientCode(CLIENTS - 1)]), 1);
});

test('the history lies in its months: the audit records in monthly partitions over five years, none in the default partition', async () => {
  assert.equal(await count('select count(*) as n from audit_event_default'), 0);
  const months = await count('select count(distinct tableoid) as n from audit_event where organisation_oid = $1', [AREA_A.controllerOid]);
  assert.ok(months >= 60, `the loaded records fall into ${months} monthly partitions`);
  const span = (await database.db.pool.query<{ first: Date; last: Date }>('select min(created_at) as first, max(created_at) as last from document')).rows[0]!;
  // The searches come last: the documents take the first 10/11 of the five years.
  assert.ok(span.last.getTime() - span.first.getTime() > 4.5 * 365 * 86_400_000, 'documents created over four and a half years');
  assert.ok(span.last.getTime() <= Date.now());
});

test('D1, D2: area A\'s search use case finds a loaded client\'s 10 documents, newest first, the relationship document last', async () => {
  for (const code of [sampleScaleClient(DOCUMENTS), scaleClientCode(0), scaleClientCode(CLIENTS - 1)]) {
    const person = await findPersonByIdentityCode(database.db.pool, code);
    assert.ok(person, 'the loaded client is a person of the archive');
    assert.equal(person.relationships.length, 1);
    const result = await database.db.withConnection((connection) => findDocumentsUseCase(connection, {
      client: { identityCode: code }, query: { statuses: ['current'], count: 100, offset: 0 }, queryText: 'status=current', requester: areaA, now: new Date().toISOString(),
    }));
    assert.ok(result.ok, `the search is allowed: ${!result.ok ? result.error.message : ''}`);
    const documents = result.value.documents;
    assert.equal(documents.length, 10);
    assert.ok(documents.every((d) => d.controllerOid === AREA_A.controllerOid && d.personKey === person.personKey));
    assert.deepEqual(documents.map((d) => d.typeCode), [...Array(9).fill('1005'), '1']);
    assert.deepEqual(documents.map((d) => d.createdAt), documents.map((d) => d.createdAt).sort().reverse());
    const source = await database.db.pool.query<{ s: string }>('select source_set_id::text as s from client_relationship where person_key = $1', [person.personKey]);
    assert.equal(documents.at(-1)!.setId, source.rows[0]!.s, 'the relationship derives from its document');
    const portal = await portalListOf(database.db.pool, person.personKey);
    assert.equal(portal.documents.length, 10);
    assert.equal(portal.relationships.length, 1);
  }
});

test('D10: the loaded search records name each client\'s documents as the search use case does', async () => {
  const person = (await findPersonByIdentityCode(database.db.pool, scaleClientCode(7)))!;
  const result = await database.db.withConnection((connection) => findDocumentsUseCase(connection, {
    client: { identityCode: scaleClientCode(7) }, query: { statuses: ['current'], count: 100, offset: 0 }, queryText: 'status=current', requester: areaA, now: new Date().toISOString(),
  }));
  assert.ok(result.ok);
  const bodies = (await database.db.pool.query<{ body: string }>(
    "select body from audit_event where person_key = $1 and organisation_oid = $2 and action = 'search' order by recorded_at", [person.personKey, AREA_A.controllerOid])).rows;
  const loaded = JSON.parse(bodies[0]!.body) as { documents: unknown[]; personFhirId: string };
  const live = JSON.parse(bodies.at(-1)!.body) as { documents: unknown[] };
  assert.equal(bodies.length, 2, 'the loaded search record and the one just written');
  assert.equal(loaded.personFhirId, person.fhirId);
  assert.deepEqual(loaded.documents, live.documents);
  // Each body is the canonical JSON appendAudit would have hashed.
  const stores = (await database.db.pool.query<{ body: string }>("select body from audit_event where person_key = $1 and action = 'store'", [person.personKey])).rows;
  assert.equal(stores.length, 10);
  for (const { body } of [...stores, bodies[0]!]) assert.equal(body, canonicalJson(JSON.parse(body)));
});

test('D10: the audit chain verifies, the records appended by a "server" between batches included', async () => {
  assert.ok(appendedMeanwhile >= 2);
  assert.ok(load.rechained >= appendedMeanwhile, `${load.rechained} batches chained again onto ${appendedMeanwhile} records appended meanwhile`);
  const total = await count('select count(*) as n from audit_event');
  const report = await database.db.withSnapshot((s) => verifyAuditChain(s));
  assert.deepEqual(report.broken, []);
  assert.equal(report.records, total);
  assert.equal(await count('select sum(last_seq) as n from audit_lane'), total);
});

test('a second scale load on the same database is refused before it writes anything', async () => {
  const documents = await count('select count(*) as n from document');
  await assert.rejects(loadScale(database.url, { documents: 100 }), /already holds a scale population/);
  assert.equal(await count('select count(*) as n from document'), documents);
});

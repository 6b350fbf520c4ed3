// The demo seed: idempotent, deterministic, and covering every case the demo promises (synthetic
// people only, all service tasks and phases, V3-V5 categories, L1, L2, S8, D10, the consent
// service, disclosure between registers, S7 and $explain). Every request people.md lists is run
// through the use cases and must show what people.md says it shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, chmod, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { seedDemoData } from '../../src/demo/seed.ts';
import { DEMO_REQUESTS, STEPS } from '../../src/demo/stories.ts';
import { ORG, PEOPLE, PROFESSIONALS, SYSTEMS, type PersonHandle } from '../../src/demo/fixtures.ts';
import { identityCodeOf, masterIdentifierOf, requesterFor } from '../../src/demo/bundles.ts';
import { findPersonByIdentityCode } from '../../src/store/people.ts';
import { findDocumentsUseCase } from '../../src/usecases/find-documents.ts';
import { explainAccess } from '../../src/usecases/explain-access.ts';
import { ageOn, parseIdentityCode } from '../../src/domain/identity-code.ts';
import { SERVICE_TASK_KEYS, findDocumentType, HIDDEN_BY_DEFAULT_SUBJECT_GROUPS } from '../../src/domain/codes/index.ts';
import { verifyAuditChain } from '../../src/usecases/verify-audit-chain.ts';
import type { Db } from '../../src/store/db.ts';
import { tablePopulationRegister } from '../../src/store/population-register.ts';
import { tableMandateRegister } from '../../src/store/mandate-register.ts';
import { decideActingForWithRefusals } from '../../src/domain/policy/representation.ts';
import type { ConsentStep, StoreStep } from '../../src/demo/fixtures.ts';

const TABLES = [
  'organisation', 'client_system', 'professional', 'person', 'client_relationship', 'client_relationship_person',
  'client_relationship_producer', 'matter', 'matter_client', 'blob', 'document', 'consent_record', 'audit_event',
  'population_representation', 'mandate',
];

let database: TestDatabase;
let dataDir: string;
let config: Config;
const firstRun: string[] = [];

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) counts[table] = Number((await db.pool.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
  return counts;
}

async function column<T>(sql: string): Promise<T[]> {
  return (await database.db.pool.query<{ v: T }>(sql)).rows.map((r) => r.v);
}

async function freshDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kansio-demo-'));
  await chmod(dir, 0o755);
  return dir;
}

before(async () => {
  database = await createTestDatabase();
  dataDir = await freshDataDir();
  config = loadConfig({ KANSIO_DATA_DIR: dataDir, KANSIO_DEMO: 'true' });
  await seedDemoData(database.db, config, (line) => firstRun.push(line));
});

after(async () => {
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('a second run changes nothing and says so', async () => {
  const before = await rowCounts(database.db);
  const lines: string[] = [];
  await seedDemoData(database.db, config, (line) => lines.push(line));
  assert.deepEqual(lines, ['demo data already present']);
  assert.deepEqual(await rowCounts(database.db), before);
});

test('the log names every demo system and professional with where their keys are', () => {
  for (const id of [...SYSTEMS.map((s) => s.clientId), ...PROFESSIONALS.map((p) => p.professionalId)]) {
    const line = firstRun.find((l) => l.includes(` ${id} `));
    assert.ok(line, `no log line for ${id}`);
    assert.match(line, /<dataDir>\/demo\//);
  }
  assert.match(firstRun.at(-1)!, /^demo data seeded in \d+ ms: \d+ people/);
});

test('at least 30 people, all synthetic (individual numbers 900-999), minors among them', async () => {
  const codes = await column<string>('select identity_code as v from person');
  assert.ok(codes.length >= 30, `${codes.length} people`);
  for (const code of codes) {
    const parsed = parseIdentityCode(code);
    assert.ok(parsed.ok && parsed.synthetic, `${code} is not a synthetic identity code`);
    const individual = Number(code.slice(7, 10));
    assert.ok(individual >= 900 && individual <= 999);
  }
  const names = await column<string | null>('select family_name as v from person');
  assert.ok(names.every((n) => n), 'every demo person has a name');
  const today = new Date().toISOString().slice(0, 10);
  const minors = await column<string>(`select distinct p.birth_date as v from client_relationship_person r join person p on p.person_key = r.person_key where r.role_code = '31'`);
  assert.ok(minors.length >= 3 && minors.every((b) => ageOn(b, today) < 18), 'minors with guardians (role 31)');
});

test('related persons: guardian (31), trustee (32), mandate holder (34)', async () => {
  const roles = new Set(await column<string>('select distinct role_code as v from client_relationship_person'));
  for (const role of ['31', '32', '34']) assert.ok(roles.has(role), `role ${role}`);
});

test('every service task, every phase, and every status occur', async () => {
  const tasks = new Set(await column<string>('select distinct service_task as v from document'));
  assert.deepEqual([...tasks].sort(), [...SERVICE_TASK_KEYS].sort());
  const phases = new Set(await column<string>('select distinct phase as v from document'));
  assert.deepEqual([...phases].sort(), ['1', '2', '3', 'legacy']);
  const superseded = await column<string>(`select version_id as v from document where status = 'superseded'`);
  assert.ok(superseded.length >= 3, `L1: ${superseded.length} superseded versions`);
  const invalidated = await column<string>(`select invalidation_reason as v from document where status = 'entered-in-error'`);
  assert.ok(invalidated.length >= 2 && invalidated.every(Boolean), 'L2: at least two invalidated documents, each with its reason');
  const phase1 = await column<string>(`select content_type as v from document where phase in ('1', 'legacy')`);
  assert.ok(phase1.every((t) => t === 'application/pdf'), 'phase 1 and legacy documents are PDFs');
});

test('V5 restrictions each with a reason, and a V4 opt-in on an adoption or parenthood document', async () => {
  const q = (where: string) => column<string | null>(`select restriction_reason as v from document where ${where}`);
  for (const where of ['display_delayed_until is not null', 'special_content', 'hidden_from_guardians']) {
    const reasons = await q(where);
    assert.ok(reasons.length >= 1 && reasons.every(Boolean), `${where}: present with a reason`);
  }
  const optedIn = await column<string>(`select type_code as v from document where portal_opt_in`);
  assert.ok(optedIn.some((code) => HIDDEN_BY_DEFAULT_SUBJECT_GROUPS.has(findDocumentType('1.2.246.537.6.1506', code)!.subjectGroup)));
});

test('V3 never-shown categories: a shelter services document and a payment commitment', async () => {
  const groups = (await column<string>(`select type_code as v from document where type_system = '1.2.246.537.6.1506'`))
    .map((code) => findDocumentType('1.2.246.537.6.1506', code)!);
  assert.ok(groups.some((t) => t.subjectGroup === 'shelter-services'));
  assert.ok(groups.some((t) => t.generalType === 'payment-commitment'));
});

test('S8: a shared matter with two clients, and a document linked to it', async () => {
  const shared = await column<string>('select matter_set_id as v from matter_client group by matter_set_id having count(*) >= 2');
  assert.ok(shared.length >= 1);
  const linked = await column<string>(`select version_id as v from document where matter_set_id = '${shared[0]}' and type_system = '1.2.246.537.6.1506'`);
  assert.ok(linked.length >= 1);
});

test('relationships are in force today except one that has ended; producers are named', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const ends = await column<string | null>('select end_date as v from client_relationship');
  assert.equal(ends.filter((e) => e !== null && e < today).length, 1);
  const producers = await column<string>('select producer_unit_oid as v from client_relationship_producer');
  assert.ok(producers.length >= 1 && producers.every((u) => u === `${ORG.producer}.1`));
});

test('area B holds documents of clients who also have relationships in area A', async () => {
  const both = await column<string>(`
    select d.person_key as v from document d
    where d.controller_oid = '${ORG.areaB}'
      and exists (select 1 from client_relationship r where r.person_key = d.person_key and r.controller_oid = '${ORG.areaA}')
    group by d.person_key`);
  assert.ok(both.length >= 2, `${both.length} clients in both registers`);
});

test('D10: one audit record per stored bundle, invalidation, consent record and revocation, and the chain verifies', async () => {
  const steps = (kind: string) => STEPS.filter((s) => s.kind === kind).length;
  const stores = steps('store');
  const count = async (action: string) => Number((await column<string>(`select count(*) as v from audit_event where action = '${action}' and outcome = 'success'`))[0]);
  assert.equal(await count('store'), stores);
  assert.equal(await count('invalidate'), steps('invalidate'));
  assert.equal(await count('consent-record'), steps('consent'));
  assert.equal(await count('consent-revoke'), steps('revoke'));
  assert.equal(Number((await column<string>(`select count(*) as v from audit_event where outcome <> 'success'`))[0]), 0, 'the seed is never refused');
  assert.equal(Number((await column<string>('select count(*) as v from document'))[0]), stores);
  const report = await database.db.withSnapshot((s) => verifyAuditChain(s));
  assert.deepEqual(report.broken, []);
});

test('deterministic: another database gets the same people and the same document contents', async () => {
  const other = await createTestDatabase();
  const otherDir = await freshDataDir();
  try {
    await seedDemoData(other.db, loadConfig({ KANSIO_DATA_DIR: otherDir }), () => {});
    const snapshot = async (db: Db) => (await db.pool.query<{ v: string }>(`
      select p.identity_code || ' ' || d.version_number || ' ' || d.status || ' ' || d.type_code || ' ' || encode(d.content_sha256, 'hex') as v
      from document d join person p on p.person_key = d.person_key order by 1`)).rows.map((r) => r.v);
    assert.deepEqual(await snapshot(other.db), await snapshot(database.db));
  } finally {
    await other.drop();
    await rm(otherDir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// The consent service, disclosure between registers, S7 and $explain. These tests read through
// the use cases and so add audit records: they come after the tests that count rows.

const personKeyOf = async (h: PersonHandle): Promise<string> => (await findPersonByIdentityCode(database.db.pool, identityCodeOf(h)))!.personKey;

/** The client's current consent service records: kind, scope, who gave it, revoked or not. */
async function recordsOf(h: PersonHandle): Promise<{ kind: string; scope: string | null; actor: { kind: string; role?: string }; revoked: boolean; version: number }[]> {
  return (await database.db.pool.query(
    'select kind, scope, actor, revoked_at is not null as revoked, version from consent_record where person_key = $1 and is_current order by given_at',
    [await personKeyOf(h)])).rows;
}

test('the consent service: informed and consenting, revoked, uninformed, every prohibition kind, a guardian for a minor', async () => {
  for (const h of ['pirkko', 'ville', 'sofia'] as const) {
    const kinds = (await recordsOf(h)).filter((r) => !r.revoked).map((r) => r.kind);
    assert.ok(kinds.includes('informing') && kinds.includes('social-welfare-consent'), `${h} is informed and consenting`);
  }
  const antti = await recordsOf('antti');
  assert.deepEqual(antti.map((r) => [r.kind, r.revoked, r.version]), [['informing', false, 1], ['social-welfare-consent', true, 2]], 'Antti revoked his consent (a second version)');
  assert.deepEqual(await recordsOf('marja'), [], 'Marja has not been informed');
  const scopes = (await column<string>(`select distinct scope as v from consent_record where kind = 'prohibition' and is_current and revoked_at is null`)).sort();
  assert.deepEqual(scopes, ['controller', 'document', 'service-task']);
  const sofia = await recordsOf('sofia');
  assert.ok(sofia.every((r) => r.actor.kind === 'representative' && r.actor.role === '31'), 'the guardian gave Sofia\'s records');
  assert.ok(ageOn(PEOPLE.sofia.birthDate, new Date().toISOString().slice(0, 10)) < 18, 'Sofia is a minor');
  assert.ok((await recordsOf('pirkko')).some((r) => r.actor.kind === 'representative' && r.actor.role === '34'), 'a mandate holder acted for Pirkko');
  // Every record was given after the informing, and none is dated in the future.
  const order = await column<boolean>(`
    select bool_and(c.given_at <= now() and (c.kind = 'informing' or exists (select 1 from consent_record i
      where i.person_key = c.person_key and i.kind = 'informing' and i.given_at < c.given_at))) as v from consent_record c`);
  assert.equal(order[0], true);
});

test('the producer stored into area A\'s register under its authorisation, which covers today', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const windows = (await database.db.pool.query<{ controller_oid: string; start_date: string; end_date: string | null }>(
    'select controller_oid, start_date, end_date from client_relationship_producer where producer_unit_oid = $1 and person_key = $2',
    [ORG.producerHomeCare, await personKeyOf('pirkko')])).rows;
  assert.ok(windows.some((w) => w.controller_oid === ORG.areaA && w.start_date <= today && (w.end_date === null || w.end_date >= today)), JSON.stringify(windows));
  const stored = await database.db.pool.query<{ controller_oid: string; author_professional_id: string }>(
    'select controller_oid, author_professional_id from document where master_identifier = $1', [masterIdentifierOf(STEPS, 'pirkko-home-visit')]);
  assert.deepEqual(stored.rows, [{ controller_oid: ORG.areaA, author_professional_id: 'demo-pro-p1' }]);
});

test('a demo supervisor may ask $explain', async () => {
  const roles = await column<string[]>(`select roles as v from professional where 'supervisor' = any(roles)`);
  assert.ok(roles.length >= 1);
});

test('issue 10: the demo has an administrator of area A and a national operator of its own organisation, and people.md says whom to log in as', async () => {
  const rows = await database.db.pool.query<{ professional_id: string; organisation_oid: string; kind: string; roles: string[] }>(
    `select p.professional_id, p.organisation_oid, o.kind, p.roles from professional p join organisation o on o.oid = p.organisation_oid
     where 'administrator' = any(p.roles) or 'operator' = any(p.roles) order by p.professional_id`);
  assert.deepEqual(rows.rows, [
    { professional_id: 'demo-admin-a', organisation_oid: ORG.areaA, kind: 'welfare-area', roles: ['administrator'] },
    { professional_id: 'demo-operator', organisation_oid: ORG.operator, kind: 'operator', roles: ['operator'] },
  ]);
  const text = await readFile(path.join(dataDir, 'demo', 'people.md'), 'utf8');
  for (const phrase of ['## Archivist and administration interfaces', '| Päivi Järvinen | Demo-Pohjanmaan hyvinvointialue | administrator |', '| Timo Lahtinen |']) {
    assert.ok(text.includes(phrase), `people.md mentions ${phrase}`);
  }
});

test('people.md lists consent status, prohibitions and the demo requests', async () => {
  const text = await readFile(path.join(dataDir, 'demo', 'people.md'), 'utf8');
  for (const phrase of ['social welfare disclosure consent', '**revoked 2025-11-03**', 'not informed', '(S3(a))', '(S3(b))', '(S3(c))', '| not informed |', 'by guardian Petteri Leinonen', 'producer Demo-Hoiva 2025-03-01 to 2029-12-31', '## What to try']) {
    assert.ok(text.includes(phrase), `people.md mentions ${phrase}`);
  }
  for (const r of DEMO_REQUESTS) assert.ok(text.includes(r.shows), `people.md lists: ${r.shows}`);
  assert.doesNotMatch(text, /\| `GET \/fhir\/DocumentReference\/<id>/, 'the $explain rows name real version ids');
});

for (const r of DEMO_REQUESTS) {
  const title = r.kind === 'search'
    ? `${r.by} ${r.legalJustification ? 'broad-searching' : 'searching'} ${r.client}: ${r.shows}`
    : `${r.by} explaining ${r.document} to ${r.recipient}: ${r.shows}`;
  test(`people.md: ${title}`, async () => {
    const now = new Date().toISOString();
    const requester = requesterFor(r.by);
    if (r.kind === 'search') {
      const person = await findPersonByIdentityCode(database.db.pool, identityCodeOf(r.client));
      const result = await database.db.withConnection((connection) => findDocumentsUseCase(connection, {
        client: { identityCode: identityCodeOf(r.client) }, query: { statuses: ['current'], count: 100, offset: 0 }, queryText: 'status=current', requester, now,
        ...(r.legalJustification ? { legalJustification: r.legalJustification } : {}),
      }));
      assert.ok(result.ok, `the search is allowed: ${!result.ok ? result.error.message : ''}`);
      const got = new Set(result.value.documents.map((d) => d.masterIdentifier));
      for (const ref of r.sees) assert.ok(got.has(masterIdentifierOf(STEPS, ref)), `returns ${ref}`);
      for (const ref of r.withheld) assert.ok(!got.has(masterIdentifierOf(STEPS, ref)), `withholds ${ref}`);
      const own = requester.controllerOid;
      const foreign = result.value.documents.filter((d) => d.controllerOid !== own);
      // S9: a search that gives another register's documents leaves a disclosure record naming the disclosers.
      const audit = await database.db.pool.query<{ related_oids: string[] | null }>(
        `select related_oids from audit_event where action = 'search' and person_key = $1 order by recorded_at desc limit 1`, [person!.personKey]);
      assert.deepEqual([...(audit.rows[0]!.related_oids ?? [])].sort(), [...new Set(foreign.map((d) => d.controllerOid))].sort());
      return;
    }
    const versionId = (await column<string>(`select version_id as v from document where master_identifier = '${masterIdentifierOf(STEPS, r.document)}'`))[0]!;
    const result = await database.db.withConnection((connection) => explainAccess(connection, { versionId, recipientOid: r.recipient, requester, now }));
    assert.ok(result.ok, `the supervisor may ask: ${!result.ok ? result.error.message : ''}`);
    assert.equal(result.value.decision.allow, r.given);
    const rules = result.value.decision.because.map((b) => b.rule);
    for (const rule of r.rules) assert.ok(rules.includes(rule), `names ${rule} (got ${rules.join(', ')})`);
  });
}

test('$explain is refused to a professional without the supervisor or archivist role', async () => {
  const versionId = (await column<string>(`select version_id as v from document where master_identifier = '${masterIdentifierOf(STEPS, 'pirkko-decision')}'`))[0]!;
  const result = await database.db.withConnection((connection) => explainAccess(connection, { versionId, recipientOid: ORG.areaBOlder, requester: requesterFor('a1'), now: new Date().toISOString() }));
  assert.ok(!result.ok && /V14/.test(result.error.message));
});

// V7, V8, V9, S3: the demo registers agree with the stories, and people.md's "Who acts for whom" holds.

const keyOf = async (h: PersonHandle): Promise<string> => (await findPersonByIdentityCode(database.db.pool, identityCodeOf(h)))!.personKey;

test('S3: every representative the stories name is in the registers with the role they act in', async () => {
  const named = new Set<string>();
  for (const s of STEPS) {
    if (s.kind === 'consent' && (s as ConsentStep).givenBy) named.add(`${s.client} ${(s as ConsentStep).givenBy!.role} ${(s as ConsentStep).givenBy!.person}`);
    if (s.kind === 'store' && (s as StoreStep).content.kind === 'relationship') {
      const c = (s as StoreStep).content as Extract<StoreStep['content'], { kind: 'relationship' }>;
      for (const [p, role] of c.related ?? []) named.add(`${s.client} ${role} ${p}`);
    }
  }
  assert.ok(named.size >= 10, [...named].join(', '));
  for (const entry of named) {
    const [client, role, rep] = entry.split(' ') as [PersonHandle, string, PersonHandle];
    const [clientKey, repKey] = [await keyOf(client), await keyOf(rep)];
    if (role === 'mandate-holder') {
      const held = await tableMandateRegister.mandatesOf(database.db.pool, clientKey as never);
      assert.ok(held.some((m) => m.holderKey === repKey && m.scopes.includes('consent') && m.revokedAt === null), entry);
    } else {
      const relations = await tablePopulationRegister.representativesOf(database.db.pool, clientKey as never);
      assert.ok(relations.some((r) => r.representativeKey === repKey && r.kind === role), entry);
    }
  }
});

test('V7 V8 V9: each demo person acts for whom people.md says, on 2026-12-01', async () => {
  const today = '2026-12-01';
  const actingFor = async (h: PersonHandle) => {
    const self = { personKey: await keyOf(h), birthDate: PEOPLE[h].birthDate };
    const representations = await tablePopulationRegister.representationsOf(database.db.pool, self.personKey as never);
    const mandates = await tableMandateRegister.mandatesHeldBy(database.db.pool, self.personKey as never);
    const birthDates = new Map<string, string>();
    const names = new Map<string, string>();
    const handleOf = new Map<string, PersonHandle>();
    for (const other of Object.keys(PEOPLE) as PersonHandle[]) {
      const k = await keyOf(other);
      birthDates.set(k, PEOPLE[other].birthDate);
      names.set(k, `${PEOPLE[other].family} ${PEOPLE[other].given}`);
      handleOf.set(k, other);
    }
    const d = decideActingForWithRefusals({ self, representations, mandates, birthDates, names, today, now: `${today}T12:00:00.000Z` });
    return {
      acting: d.acting.map((a) => `${handleOf.get(a.personKey)}:${a.basis}:${(['view', 'consent', 'prohibit'] as const).filter((k) => a.may[k]).join('+')}`),
      refused: d.refused.map((r) => `${handleOf.get(r.personKey)}:${r.relation}:${r.endedOn ?? '-'}`),
    };
  };
  assert.deepEqual((await actingFor('eetu')).acting, ['eetu:self:view+consent+prohibit'], 'V7: a minor sees their own');
  assert.deepEqual((await actingFor('laura')).acting, ['laura:self:view+consent+prohibit', 'eetu:guardian:view+consent', 'ella:guardian:view+consent']);
  assert.deepEqual((await actingFor('tuomas')).acting.slice(1), ['onni:information-right:view']);
  assert.deepEqual(await actingFor('raili'), { acting: ['raili:self:view+consent+prohibit'], refused: ['mikael:continuing-power-of-attorney:-', 'mikael:guardian:2013-07-07'] });
  assert.deepEqual(await actingFor('heikki'), { acting: ['heikki:self:view+consent+prohibit'], refused: ['veikko:trustee:-'] });
  assert.deepEqual((await actingFor('tiina')).acting.slice(1), ['pirkko:mandate:view+consent+prohibit']);
  assert.deepEqual((await actingFor('aili')).acting.slice(1), ['oskari:mandate:view']);
  assert.deepEqual(await actingFor('marja'), { acting: ['marja:self:view+consent+prohibit'], refused: ['helmi:mandate:2026-01-01', 'helmi:mandate:2026-02-16'] });
  const list = await readFile(path.join(dataDir, 'demo', 'people.md'), 'utf8');
  assert.match(list, /## Who acts for whom/);
  assert.match(list, /\| Raili Heinonen \| Mikael Heinonen \| population register: guardian from 1995-07-07/);
  assert.match(await readFile(path.join(dataDir, 'demo', 'registers.jsonl'), 'utf8'), /"register":"mandate","id":"DEMO-M-2026-002"/);
});

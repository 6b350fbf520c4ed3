// L4 legacy data import: several thousand rows with bad ones among them, an interruption and two
// re-runs. The bad rows (and only they) are in the reject file with their line numbers and
// reasons; nothing is stored twice; each batch leaves one audit record naming its documents and
// the chain verifies. The stored documents are the controller's (D2, with D1), never shown in the
// portal (V2), and reach another register only through a statutory broad search (S6).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestArchive, type Actor, type BundleOrOutcome, type TestArchive } from '../support/archive.ts';
import { aDataFolder } from '../support/kansio-process.ts';
import { makeIdentityCode } from '../../src/domain/identity-code.ts';
import { importLegacy } from '../../src/usecases/import-legacy.ts';
import { listPortalDocuments } from '../../src/usecases/list-portal-documents.ts';
import { portalSettings } from '../../src/usecases/portal-context.ts';
import type { AuditRecord } from '../../src/domain/audit-record.ts';

const PEOPLE = 300;
const DOCS_EACH = 10;
const BATCH = 500;
const JUSTIFICATION = 'https://kansio.fi/fhir/CodeSystem/legal-justification|child-protection-assessment';

let archive: TestArchive;
let dir: string;
let areaA: string;
let areaB: string;
let proA: Actor;
let proB: Actor;
const codes: string[] = [];
/** Line number (header = 1) -> the reason's expected start, for every bad row. */
const bad = new Map<number, RegExp>();
let manifest: string;

function day(i: number): string {
  return new Date(Date.UTC(1935, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
}

before(async () => {
  archive = await startTestArchive();
  areaA = await archive.controller('Vanhan datan hyvinvointialue');
  areaB = await archive.controller('Toinen hyvinvointialue');
  proA = await archive.actor(areaA);
  proB = await archive.actor(areaB);
  dir = await aDataFolder('kansio-legacy-');
  await mkdir(path.join(dir, 'files'));
  for (let p = 0; p < PEOPLE; p++) codes.push(makeIdentityCode(day(p * 7), 900 + (p % 100)));
  const lines = ['person,controller,serviceTask,type,date,file,oldClientRelationship,title'];
  const add = (row: string, reason?: RegExp): void => {
    lines.push(row);
    if (reason) bad.set(lines.length, reason);
  };
  let n = 0;
  for (let p = 0; p < PEOPLE; p++) {
    for (let d = 0; d < DOCS_EACH; d++) {
      const file = `files/${p}-${d}.txt`;
      await writeFile(path.join(dir, file), `Vanhan asiakastietojärjestelmän asiakirja ${p}-${d}\n`.padEnd(400, '.'));
      add(`${codes[p]},,older-people,${d % 2 ? '11000' : '1000'},2019-0${1 + (d % 9)}-1${d % 10},${file},${d % 3 === 0},"Asiakirja ${p}, nro ${d}"`);
      n++;
      // The bad rows, spread over the batches.
      if (n % 400 === 0) {
        const code = codes[p]!;
        const badCheck = `${code.slice(0, 10)}${code.endsWith('A') ? 'B' : 'A'}`;
        add(`${badCheck},,older-people,1000,2019-01-01,${file},false,`, /^person is not a valid personal identity code: check character/);
        add(`${code},,older-people,99999,2019-01-01,${file},false,`, /^type '99999' is not a code of the national document type list/);
        add(`${code},,older-people,1000,2019-01-01,files/missing-${n}.txt,false,`, /^file does not exist/);
      }
    }
  }
  await writeFile(path.join(dir, 'files/empty.txt'), '');
  add(`${codes[0]},,older-people,1000,2019-01-01,files/empty.txt,false,`, /^file is empty/);
  add(`${codes[0]},,child-care,1000,2019-01-01,files/0-0.txt,false,`, /^serviceTask must be one of/);
  add(`${codes[0]},,older-people,1000,2019-02-30,files/0-0.txt,false,`, /^date must be a real date/);
  add(`${codes[0]},1.2.246.10.424242,older-people,1000,2019-01-01,files/0-0.txt,false,`, /^controller 1\.2\.246\.10\.424242 is not a registered controller/);
  add(`${codes[0]},,older-people,1000,2019-01-01,files/0-0.txt,maybe,`, /^oldClientRelationship must be true or false/);
  add(`${codes[0]},,older-people,1000`, /^4 fields where the header has 8/);
  // The same document as the very first row: stored once, not rejected.
  add(lines[1]!);
  manifest = path.join(dir, 'manifest.csv');
  await writeFile(manifest, lines.join('\n') + '\n');
});
after(async () => {
  await archive.close();
  await rm(dir, { recursive: true, force: true });
});

const legacyCount = async (): Promise<number> => Number((await archive.sql<{ n: string }>("select count(*) as n from document where phase = 'legacy'"))[0]!.n);
const importRecords = async (): Promise<AuditRecord[]> =>
  (await archive.sql<{ body: string }>("select body from audit_event where action = 'legacy-import' order by recorded_at, lane, seq")).map((r) => JSON.parse(r.body) as AuditRecord);

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: archive.database.url, KANSIO_DATA_DIR: dir, KANSIO_DEMO: 'false', LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 300_000,
  });
}

test('L4: an interrupted import keeps whole batches; the re-run stores the rest once, and the reject file lists exactly the bad rows', async () => {
  const abort = new AbortController();
  const rejected: number[] = [];
  const { readFileSync } = await import('node:fs');
  const first = await importLegacy({
    lines: readFileSync(manifest, 'utf8').split('\n'), format: 'csv', baseDir: dir, manifestName: 'manifest.csv',
    transaction: (fn) => archive.database.db.withTransaction(fn), controllerOid: areaA, by: { id: 'test', name: 'test' }, now: () => new Date().toISOString(),
    batchSize: BATCH, signal: abort.signal, reject: (line) => rejected.push(line),
    // Interrupted once two batches have committed.
    progress: (c) => { if (c.batches === 2) abort.abort(); },
  });
  assert.equal(first.interrupted, true);
  assert.equal(first.stored, 2 * BATCH);
  assert.equal(await legacyCount(), 2 * BATCH, 'whole batches, nothing of the third');
  assert.equal((await importRecords()).length, 2);

  const rerun = cli('import-legacy', '--quiet', '--controller', areaA, '--batch-size', String(BATCH), manifest);
  assert.equal(rerun.status, 2, rerun.stderr);
  const total = PEOPLE * DOCS_EACH;
  assert.match(rerun.stdout, new RegExp(`${total - 2 * BATCH} documents stored, ${2 * BATCH + 1} already stored, ${bad.size} rejected`));
  assert.equal(await legacyCount(), total);
  const rejects = (await readFile(`${manifest}.rejects.csv`, 'utf8')).trim().split('\n');
  assert.equal(rejects[0], 'line,reason');
  const listed = rejects.slice(1).map((l) => ({ line: Number(l.slice(0, l.indexOf(','))), reason: l.slice(l.indexOf(',') + 1).replace(/^"|"$/g, '') }));
  assert.deepEqual(listed.map((r) => r.line), [...bad.keys()]);
  for (const r of listed) assert.match(r.reason, bad.get(r.line)!, `line ${r.line}`);
  const output = rerun.stdout + rerun.stderr + rejects.join('\n');
  for (const code of codes.slice(0, 50)) assert.ok(!output.includes(code.slice(0, 7)), 'no identity code in the output or the reject file');

  // A third run finds everything stored.
  const again = cli('import-legacy', '--quiet', '--controller', areaA, manifest);
  assert.equal(again.status, 2, again.stderr);
  assert.match(again.stdout, new RegExp(`0 documents stored, ${total + 1} already stored, ${bad.size} rejected \\(see [^)]*\\); 0 people new`));
  assert.equal(await legacyCount(), total);
  const dup = await archive.sql<{ n: string }>('select count(*) as n from (select master_identifier from document group by 1 having count(*) > 1) x');
  assert.equal(Number(dup[0]!.n), 0);
  assert.equal(Number((await archive.sql<{ n: string }>('select count(*) as n from person where identity_code = any($1)', [codes]))[0]!.n), PEOPLE, 'each person once');
});

test('L4 D10: one audit record per batch names its documents; every stored document is named once; the chain verifies', async () => {
  const records = await importRecords();
  assert.equal(records.length, Math.ceil((PEOPLE * DOCS_EACH) / BATCH));
  for (const r of records) {
    assert.equal(r.organisationOid, areaA);
    assert.equal(r.outcome, 'success');
    assert.ok(r.because?.some((b) => b.rule === 'L4'));
    assert.ok(r.documents!.length <= BATCH);
  }
  const named = records.flatMap((r) => r.documents!.map((d) => d.versionId)).sort();
  const stored = (await archive.sql<{ v: string }>("select version_id::text as v from document where phase = 'legacy' order by 1")).map((r) => r.v);
  assert.deepEqual(named, stored);
  const verify = cli('audit', 'verify', '--quiet');
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /audit chain intact/);
});

const search = (actor: Actor, client: string, extra = '') =>
  archive.fhir<BundleOrOutcome>(actor, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current${extra}`);
const legacyIdsOf = async (client: string): Promise<string[]> =>
  (await archive.sql<{ v: string }>("select d.version_id::text as v from document d join person p using (person_key) where p.identity_code = $1 and d.phase = 'legacy' order by 1", [client])).map((r) => r.v);

test('L4 D2: the controller finds its legacy documents with an ITI-67 search, as stored, with the old-relationship flag kept', async () => {
  const client = codes[1]!;
  await archive.openRelationship(proA, client, 'older-people');
  const res = await search(proA, client);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const ids = (res.body.entry ?? []).map((e) => e.resource!.id!);
  const legacy = await legacyIdsOf(client);
  assert.equal(legacy.length, DOCS_EACH);
  for (const id of legacy) assert.ok(ids.includes(id), `found ${id}`);
  const rows = await archive.sql<{ title: string; created: string; flag: boolean; size: number }>(
    `select title, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as created, legacy_old_relationship as flag, content_size as size
     from document where version_id = any($1::uuid[]) order by title`, [legacy]);
  assert.equal(rows[0]!.title, 'Asiakirja 1, nro 0');
  assert.equal(rows[0]!.created, '2019-01-10');
  assert.equal(rows[0]!.flag, true);
  assert.equal(rows[1]!.flag, false);
  assert.equal(rows[0]!.size, Buffer.byteLength('Vanhan asiakastietojärjestelmän asiakirja 1-0\n'.padEnd(400, '.')));
});

test('V2 L4: the portal never shows a legacy document', async () => {
  const client = codes[1]!;
  const [row] = await archive.sql<{ person_key: string }>('select person_key::text from person where identity_code = $1', [client]);
  const list = await archive.database.db.withConnection(async (c) => listPortalDocuments(c, {
    viewer: { citizenKey: row!.person_key, personKey: row!.person_key, relation: 'self' }, settings: await portalSettings(c, archive.config), now: new Date().toISOString(),
  }));
  const legacy = await legacyIdsOf(client);
  assert.deepEqual(list.shown.filter((d) => legacy.includes(d.versionId)), []);
  assert.equal(list.restricted, 0, 'not counted as restricted either: V2 is no restriction (V6)');
});

test('S6 L4: another register gets legacy documents only through a statutory broad search', async () => {
  const client = codes[2]!;
  await archive.openRelationship(proB, client, 'older-people');
  const legacy = await legacyIdsOf(client);
  const plain = await search(proB, client);
  assert.equal(plain.status, 200, JSON.stringify(plain.body));
  assert.deepEqual((plain.body.entry ?? []).map((e) => e.resource!.id!).filter((id) => legacy.includes(id)), []);
  const broad = await search(proB, client, `&legal-justification=${encodeURIComponent(JUSTIFICATION)}`);
  assert.equal(broad.status, 200, JSON.stringify(broad.body));
  const ids = (broad.body.entry ?? []).map((e) => e.resource!.id!);
  for (const id of legacy) assert.ok(ids.includes(id), `the broad search reaches ${id}`);
});

test('kansio import-legacy --help documents the manifest; a missing manifest is an error', () => {
  const help = cli('import-legacy', '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /person,serviceTask,type,date,file,oldClientRelationship,title/);
  const missing = cli('import-legacy', path.join(dir, 'nope.csv'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no such file/);
});

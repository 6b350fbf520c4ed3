// L4 legacy import with COPY (docs/decisions/0020-legacy-import-with-copy.md): COPY has no ON
// CONFLICT, so what is stored already is looked up first. These tests prove what that look-up
// must get right: content addressing (the same bytes in several rows, in one batch and across
// batches, or stored before by another document, make one blob), a concurrent store of the same
// bytes between the look-up and the COPY (the batch rolls back whole and runs once more), and
// that the binary COPY stores exactly what the manifest says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestArchive, type TestArchive } from '../support/archive.ts';
import { aDataFolder } from '../support/kansio-process.ts';
import { makeIdentityCode } from '../../src/domain/identity-code.ts';
import { importLegacy, type ImportLegacyProps } from '../../src/usecases/import-legacy.ts';
import type { Tx } from '../../src/store/db.ts';
import type { AuditRecord } from '../../src/domain/audit-record.ts';

let archive: TestArchive;
let dir: string;
let area: string;

before(async () => {
  archive = await startTestArchive();
  area = await archive.controller('Kopioinnin hyvinvointialue');
  dir = await aDataFolder('kansio-legacy-copy-');
  await mkdir(path.join(dir, 'files'));
});
after(async () => {
  await archive.close();
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest();
const person = (i: number): string => makeIdentityCode(new Date(Date.UTC(1941, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), 900 + (i % 100));

async function manifest(name: string, rows: readonly string[]): Promise<string[]> {
  const lines = ['person,serviceTask,type,date,file,oldClientRelationship,title', ...rows];
  await writeFile(path.join(dir, name), lines.join('\n') + '\n');
  return lines;
}

function props(lines: readonly string[], name: string, batchSize: number, overrides: Partial<ImportLegacyProps> = {}): ImportLegacyProps {
  return {
    lines, format: 'csv', baseDir: dir, manifestName: name, controllerOid: area, by: { id: 'test', name: 'test' }, now: () => new Date().toISOString(),
    transaction: (fn) => archive.database.db.withTransaction(fn), batchSize, reject: (line, reason) => { throw new Error(`line ${line}: ${reason}`); },
    ...overrides,
  };
}

const blobCount = async (hash: Buffer): Promise<number> => Number((await archive.sql<{ n: string }>('select count(*) as n from blob where sha256 = $1', [hash]))[0]!.n);
const documentsOf = async (hash: Buffer): Promise<number> => Number((await archive.sql<{ n: string }>('select count(*) as n from document where content_sha256 = $1', [hash]))[0]!.n);

test('L4: the same bytes in several rows (one batch, later batches) and bytes another document stored before are each one blob; every row is its own document', async () => {
  const shared = Buffer.from('Yhteinen liite, sama tiedosto usealle asiakkaalle\n'.padEnd(3000, '-'));
  const before = Buffer.from('Jo arkistoitu sisältö\n'.padEnd(2100, '+'));
  await writeFile(path.join(dir, 'files/shared.txt'), shared);
  await writeFile(path.join(dir, 'files/before.txt'), before);
  // Bytes stored by another document before the import (content addressing reaches across kinds).
  await archive.sql('insert into blob (sha256, bytes) values ($1, $2)', [sha256(before), before]);
  const rows: string[] = [];
  for (let i = 0; i < 7; i++) rows.push(`${person(i)},older-people,1000,2018-03-0${1 + i},files/shared.txt,false,Yhteinen ${i}`);
  for (let i = 0; i < 4; i++) rows.push(`${person(i)},older-people,11000,2018-04-0${1 + i},files/before.txt,true,Ennen ${i}`);
  const lines = await manifest('shared.csv', rows);

  // Batches of three: the shared bytes twice in the first batch, and again in later ones.
  const summary = await importLegacy(props(lines, 'shared.csv', 3));
  assert.equal(summary.stored, 11);
  assert.equal(summary.rejected, 0);
  assert.equal(await blobCount(sha256(shared)), 1);
  assert.equal(await blobCount(sha256(before)), 1);
  assert.equal(await documentsOf(sha256(shared)), 7);
  assert.equal(await documentsOf(sha256(before)), 4);
  const stored = await archive.sql<{ bytes: Buffer }>('select bytes from blob where sha256 = $1', [sha256(shared)]);
  assert.deepEqual(stored[0]!.bytes, shared, 'the bytes as the file has them');

  const again = await importLegacy(props(lines, 'shared.csv', 3));
  assert.equal(again.stored, 0);
  assert.equal(again.skipped, 11);
  assert.equal(await documentsOf(sha256(shared)), 7, 'nothing twice');
});

test('L4: bytes stored by another transaction between the look-up and the COPY: the batch rolls back whole and runs again, each document stored and audited once', async () => {
  const rows: string[] = [];
  const contents: Buffer[] = [];
  for (let i = 0; i < 6; i++) {
    const bytes = Buffer.from(`Kilpaileva tallennus ${i}\n`.padEnd(2048, String(i)));
    contents.push(bytes);
    await writeFile(path.join(dir, `files/race-${i}.txt`), bytes);
    rows.push(`${person(200 + i)},disability,1000,2017-0${1 + i}-15,files/race-${i}.txt,false,Kilpa ${i}`);
  }
  const lines = await manifest('race.csv', rows);
  let transactions = 0;
  let raced = false;
  const summary = await importLegacy(props(lines, 'race.csv', 3, {
    transaction: (fn) => archive.database.db.withTransaction((tx) => {
      transactions++;
      // The second batch's look-up of stored bytes answers; then, before its COPY, an ITI-65
      // store elsewhere commits one of the same contents.
      const racing = new Proxy(tx, {
        get(target, prop, receiver) {
          if (prop !== 'query') return Reflect.get(target, prop, receiver);
          return (query: unknown, values?: unknown) => {
            const result = (target.query as (q: unknown, v?: unknown) => unknown).call(target, query, values);
            const named = query as { name?: string; values?: Buffer[][] };
            if (raced || named.name !== 'legacy-stored-blobs' || !named.values![0]!.some((h) => h.equals(sha256(contents[4]!)))) return result;
            raced = true;
            return (result as Promise<unknown>).then(async (answer) => {
              await archive.sql('insert into blob (sha256, bytes) values ($1, $2)', [sha256(contents[4]!), contents[4]!]);
              return answer;
            });
          };
        },
      }) as Tx;
      return fn(racing);
    }),
  }));
  assert.equal(raced, true, 'the race happened');
  assert.equal(summary.stored, 6);
  assert.equal(summary.batches, 2);
  // The controller check, the first batch, the second batch twice.
  assert.equal(transactions, 4);
  for (const bytes of contents) {
    assert.equal(await blobCount(sha256(bytes)), 1);
    assert.equal(await documentsOf(sha256(bytes)), 1);
  }
  const records = (await archive.sql<{ body: string }>("select body from audit_event where action = 'legacy-import' and body like '%race.csv%'")).map((r) => JSON.parse(r.body) as AuditRecord);
  assert.equal(records.length, 2, 'one audit record per batch: the rolled-back attempt left none');
  assert.equal(records.flatMap((r) => r.documents!).length, 6);
});

test('L4: the binary COPY stores what the manifest says: title with ä and ö, date, flag, size, hashes, content type; ids are time-ordered version 7', async () => {
  const bytes = Buffer.from('Päätös: kotihoito jatkuu. Åland-testi.\n');
  await writeFile(path.join(dir, 'files/paatos.pdf'), bytes);
  const lines = await manifest('fields.csv', [`${person(300)},older-people,11000,2016-06-01,files/paatos.pdf,true,"Palvelupäätös, ateriapalvelu ja kotihoito"`]);
  const summary = await importLegacy(props(lines, 'fields.csv', 10));
  assert.equal(summary.stored, 1);
  const [row] = await archive.sql<{ title: string; created: string; flag: boolean; size: number; sha1: Buffer; type: string; format: string; phase: string; status: string; version_id: string; set_id: string; submission_set_id: string; ss_versions: string[] }>(
    `select d.title, to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') as created, d.legacy_old_relationship as flag, d.content_size as size, d.content_sha1 as sha1,
            d.content_type as type, d.format_code as format, d.phase, d.status, d.version_id::text, d.set_id::text, d.submission_set_id::text, s.document_version_ids::text[] as ss_versions
     from document d join submission_set s using (submission_set_id) where d.content_sha256 = $1`, [sha256(bytes)]);
  assert.equal(row!.title, 'Palvelupäätös, ateriapalvelu ja kotihoito');
  assert.equal(row!.created, '2016-06-01 00:00:00');
  assert.equal(row!.flag, true);
  assert.equal(row!.size, bytes.length);
  assert.deepEqual(row!.sha1, createHash('sha1').update(bytes).digest());
  assert.equal(row!.type, 'application/pdf');
  assert.equal(row!.format, 'urn:ihe:iti:xds:2017:mimeTypeSufficient');
  assert.equal(row!.phase, 'legacy');
  assert.equal(row!.status, 'current');
  assert.deepEqual(row!.ss_versions, [row!.version_id]);
  for (const id of [row!.version_id, row!.set_id, row!.submission_set_id]) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

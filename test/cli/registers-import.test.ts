// `kansio registers import FILE` as an operator runs it (V8, V9, S3: the registers who-acts-for-
// whom is read from): the documented example imports; a file with bad lines is refused whole,
// every bad line named with its number and no identity code printed; a re-import replaces.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { aDataFolder } from '../support/kansio-process.ts';
import { makeIdentityCode } from '../../src/domain/identity-code.ts';

const EXAMPLE = 'docs/examples/registers.jsonl';
let database: TestDatabase;
let dataDir: string;

before(async () => {
  database = await createTestDatabase();
  dataDir = await aDataFolder('kansio-registers-');
});
after(async () => {
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

function importFile(file: string) {
  return spawnSync(process.execPath, ['src/cli/main.ts', 'registers', 'import', '--quiet', file], {
    env: { ...process.env, DATABASE_URL: database.url, KANSIO_DATA_DIR: dataDir, KANSIO_DEMO: 'false', LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 120_000,
  });
}

async function rows(): Promise<{ people: number; representations: string[]; mandates: string[] }> {
  const q = async <R>(text: string): Promise<R[]> => (await database.db.pool.query(text)).rows as R[];
  const people = Number((await q<{ n: string }>('select count(*) as n from person'))[0]!.n);
  const representations = (await q<{ r: string }>(`select p.given_name || ' ' || r.kind || ' ' || g.given_name || ' ' || r.start_date || ' ' || coalesce(r.end_date::text, '-') as r
    from population_representation r join person p on p.person_key = r.person_key join person g on g.person_key = r.representative_key order by 1`)).map((x) => x.r);
  const mandates = (await q<{ m: string }>(`select m.mandate_id || ' ' || p.given_name || '->' || h.given_name || ' ' || array_to_string(m.scopes, '+') || ' ' || m.valid_from || ' ' || coalesce(m.valid_until::text, '-') || ' ' || coalesce(to_char(m.revoked_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI'), '-') as m
    from mandate m join person p on p.person_key = m.person_key join person h on h.person_key = m.holder_key order by 1`)).map((x) => x.m);
  return { people, representations, mandates };
}

test('V8 V9: the documented example file imports: people with their names, relations and mandates, and a summary', async () => {
  const run = importFile(EXAMPLE);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /7 people, 4 population register relations, 3 mandates \(7 people new to the archive\)/);
  const got = await rows();
  assert.equal(got.people, 7);
  assert.deepEqual(got.representations, [
    'Aune continuing-power-of-attorney Tuula 2024-10-01 -',
    'Eino trustee Tuula 2022-04-01 -',
    'Veera guardian Maija 2016-05-09 -',
    'Veera information-right Kalle 2021-01-15 -',
  ]);
  assert.deepEqual(got.mandates, [
    'EX-2023-007 Aune->Maija view 2023-01-01 2024-12-31 -',
    'EX-2024-001 Aune->Seppo view+consent 2024-01-01 - -',
    'EX-2025-003 Eino->Seppo view 2025-02-01 - 2025-06-30 11:05',
  ]);
});

test('V8 V9: a file with bad lines imports nothing and names every bad line by number, without an identity code', async () => {
  const before = await rows();
  const child = makeIdentityCode('2018-01-01', 970);
  const parent = makeIdentityCode('1985-01-01', 971);
  const badCode = `${parent.slice(0, 10)}${parent.endsWith('A') ? 'B' : 'A'}`;
  const lines = [
    JSON.stringify({ register: 'population', type: 'person', identityCode: child, givenName: 'Uusi', familyName: 'Lapsi' }),
    JSON.stringify({ register: 'population', type: 'representation', person: child, representative: badCode, kind: 'guardian', start: '2018-01-01', end: null }),
    JSON.stringify({ register: 'population', type: 'representation', person: child, representative: parent, kind: 'parent', start: '2018-01-01', end: null }),
    '',
    JSON.stringify({ register: 'mandate', id: 'BAD-1', principal: parent, holder: child, scopes: ['view'], validFrom: '2025-02-30', validUntil: null, revokedAt: null }),
    `{"register":"population","type":"person","identityCode":"${child}",`,
    JSON.stringify({ register: 'mandate', id: 'BAD-2', principal: parent, holder: child, scopes: ['read'], validFrom: '2025-01-01' }),
    JSON.stringify({ register: 'population', type: 'representation', person: child, representative: parent, kind: 'guardian', start: '2020-01-01', end: '2019-12-31' }),
    JSON.stringify({ register: 'population', type: 'person', identityCode: parent, givenName: 'Vanhempi', familyName: 'Uusi', nickname: 'x' }),
  ];
  const file = path.join(dataDir, 'bad.jsonl');
  await writeFile(file, lines.join('\n') + '\n');
  const run = importFile(file);
  assert.equal(run.status, 1);
  const reported = run.stderr.split('\n').filter((l) => l.startsWith('line ')).map((l) => l.split(':')[0]);
  assert.deepEqual(reported, ['line 2', 'line 3', 'line 5', 'line 6', 'line 7', 'line 8', 'line 9']);
  assert.match(run.stderr, /line 2: representative is not a valid personal identity code: check character/);
  assert.match(run.stderr, /line 3: kind must be one of guardian, information-right, trustee, continuing-power-of-attorney/);
  assert.match(run.stderr, /line 5: validFrom must be a real date/);
  assert.match(run.stderr, /line 6: not valid JSON/);
  assert.match(run.stderr, /line 7: scopes must be/);
  assert.match(run.stderr, /line 8: start and end: the end is before the start/);
  assert.match(run.stderr, /line 9: unknown field 'nickname'/);
  assert.match(run.stderr, /7 bad lines .*nothing was imported/);
  for (const code of [child, parent, badCode]) assert.ok(!(run.stdout + run.stderr).includes(code.slice(0, 6)), 'no identity code, not even its date part');
  assert.deepEqual(await rows(), before, 'nothing written, not even the good first line');
});

test('V8 V9: importing again replaces records with the same key; nothing is duplicated', async () => {
  const first = await rows();
  const again = importFile(EXAMPLE);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /\(0 people new to the archive\)/);
  assert.deepEqual(await rows(), first);
  // The guardianship ends, the mandate is revoked and a name changes: the same keys, new values.
  const text = (await readFile(EXAMPLE, 'utf8'))
    .replace('"kind":"guardian","start":"2016-05-09","end":null', '"kind":"guardian","start":"2016-05-09","end":"2026-01-31"')
    .replace('"validFrom":"2024-01-01","validUntil":null,"revokedAt":null', '"validFrom":"2024-01-01","validUntil":null,"revokedAt":"2026-02-01T08:00:00Z"')
    .replace('"givenName":"Maija"', '"givenName":"Maija-Liisa"');
  const file = path.join(dataDir, 'changed.jsonl');
  await writeFile(file, text);
  const changed = importFile(file);
  assert.equal(changed.status, 0, changed.stderr);
  const got = await rows();
  assert.equal(got.people, first.people);
  assert.ok(got.representations.includes('Veera guardian Maija-Liisa 2016-05-09 2026-01-31'), got.representations.join('\n'));
  assert.equal(got.representations.length, first.representations.length);
  assert.ok(got.mandates.includes('EX-2024-001 Aune->Seppo view+consent 2024-01-01 - 2026-02-01 08:00'), got.mandates.join('\n'));
  assert.equal(got.mandates.length, first.mandates.length);
});

test('kansio registers import --help documents the format; a missing file is an error', () => {
  const help = spawnSync(process.execPath, ['src/cli/main.ts', 'registers', 'import', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /docs\/registers\.md/);
  assert.match(help.stdout, /guardian, information-right, trustee, continuing-power-of-attorney/);
  const missing = importFile(path.join(dataDir, 'no-such-file.jsonl'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no such file/);
});

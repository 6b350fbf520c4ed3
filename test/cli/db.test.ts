// Issue 8, section 5: `kansio db` says how to reach the database in use, never showing a password
// unless asked. (The embedded database's details and `kansio db psql` are checked on a running
// installation in backup-restore.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { maskedUrl } from '../../src/cli/db.ts';

test('issue 8 / operator: kansio db prints DATABASE_URL with its password masked, and shows it with --show-password', () => {
  assert.equal(maskedUrl('postgres://kansio:s3cr%40t@db.example:5432/kansio?sslmode=require'), 'postgres://kansio:*****@db.example:5432/kansio?sslmode=require');
  assert.equal(maskedUrl('postgres://kansio@db.example/kansio'), 'postgres://kansio@db.example/kansio');
  const env = { ...process.env, DATABASE_URL: 'postgres://kansio:s3cr%40t@db.example:5432/kansio' };
  const out = spawnSync(process.execPath, ['src/cli/main.ts', 'db'], { env, encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /DATABASE_URL postgres:\/\/kansio:\*\*\*\*\*@db\.example:5432\/kansio/);
  assert.ok(!out.stdout.includes('s3cr'), 'no part of the password');
  const shown = spawnSync(process.execPath, ['src/cli/main.ts', 'db', '--show-password'], { env, encoding: 'utf8' });
  assert.match(shown.stdout, /s3cr%40t/);
});

test('issue 8 / operator: the README configuration table lists every variable that src/config.ts reads', async () => {
  const { readFile } = await import('node:fs/promises');
  const source = await readFile('src/config.ts', 'utf8');
  const readme = await readFile('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));
  const variables = new Set([...source.matchAll(/env(?:\.|, ')([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!));
  assert.ok(variables.size >= 14, `found ${[...variables].join(', ')}`);
  const missing = [...variables].filter((v) => !table.includes(`\`${v}\``));
  assert.deepEqual(missing, [], 'every variable has its row');
});

test('issue 8 / operator: kansio backup of a data folder without a database says so, and creates nothing', async () => {
  const { mkdtemp, readdir, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = await mkdtemp(path.join(tmpdir(), 'kansio-nodb-'));
  try {
    const env = { ...process.env, DATABASE_URL: '', KANSIO_DATA_DIR: path.join(dir, 'data') };
    const out = spawnSync(process.execPath, ['src/cli/main.ts', 'backup', path.join(dir, 'b.jsonl.gz')], { env, encoding: 'utf8' });
    assert.equal(out.status, 1);
    assert.match(out.stderr, /there is no embedded database in .*data \(KANSIO_DATA_DIR\): nothing to back up/);
    assert.deepEqual(await readdir(dir), [], 'no database and no file were created');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

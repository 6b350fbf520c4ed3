// D10: `kansio audit verify` as an operator runs it: exit 0 on an intact chain, exit 1 naming
// the first broken record after tampering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';

let archive: TestArchive;
let pro: Actor;

before(async () => {
  archive = await startTestArchive();
  pro = await archive.actor(await archive.controller('CLI area'));
});
after(async () => archive.close());

function verify(): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, ['src/cli/main.ts', 'audit', 'verify', '--quiet'], {
    env: { ...process.env, DATABASE_URL: archive.database.url, KANSIO_DATA_DIR: archive.config.dataDir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout + result.stderr };
}

test('D10: kansio audit verify reports an intact chain and then the first broken record', async () => {
  const client = aPersonCode();
  await archive.openRelationship(pro, client);
  await archive.store(pro, aDocument().forClient(client).build());
  const intact = verify();
  assert.equal(intact.status, 0, intact.stdout);
  assert.match(intact.stdout, /audit chain intact: \d+ records in 64 lanes verified/);

  const [first] = await archive.sql<{ lane: number; seq: string }>('select lane, seq from audit_event order by recorded_at limit 1');
  await archive.sql('alter table audit_event disable trigger user');
  try {
    // Removing a record breaks the sequence of its lane.
    await archive.sql('delete from audit_event where lane = $1 and seq = $2', [first!.lane, first!.seq]);
  } finally {
    await archive.sql('alter table audit_event enable trigger user');
  }
  const broken = verify();
  assert.equal(broken.status, 1, broken.stdout);
  assert.match(broken.stdout, new RegExp(`audit chain BROKEN: first broken record lane ${first!.lane} seq`));
  assert.match(broken.stdout, /sequence gap|records were removed/);
});

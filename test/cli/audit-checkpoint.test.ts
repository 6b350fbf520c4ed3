// D10, S9, V11 (issue 12): signed audit checkpoints against the people who run the archive.
// A database superuser can edit an audit record and recompute every later hash and the lane
// head, and `kansio audit verify` then passes; a checkpoint signed before the edit, kept outside
// the database, must catch it. The checkpoints are read here with a small parser written from
// the C2SP texts (c2sp.org/signed-note, c2sp.org/tlog-checkpoint, and the Go note key forms),
// not with Kansio's own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { informedAndConsenting } from '../support/consents.ts';
import { canonicalJson, type AuditRecord } from '../../src/store/audit.ts';

let archive: TestArchive;
let proA: Actor;
let proB: Actor;

before(async () => {
  archive = await startTestArchive();
  proA = await archive.actor(await archive.controller('Checkpoint area A'));
  proB = await archive.actor(await archive.controller('Checkpoint area B'));
});
after(async () => archive?.close());

// ---- c2sp.org/signed-note, c2sp.org/tlog-checkpoint, read from the specifications ----------

interface SpecSignature { readonly name: string; readonly keyId: Buffer; readonly signature: Buffer }

/** A signed note: text ending in a newline, a blank line, then `— <name> <base64(key ID || sig)>` lines. */
function specSignedNote(note: string): { text: string; signatures: SpecSignature[] } {
  assert.ok(Buffer.from(note, 'utf8').toString('utf8') === note, 'valid UTF-8');
  for (const ch of note) assert.ok(ch === '\n' || ch.codePointAt(0)! >= 0x20, 'no control characters other than newline');
  const split = note.lastIndexOf('\n\n');
  assert.ok(split > 0, 'the text is separated from the signatures by the last empty line');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2).split('\n');
  assert.equal(lines.pop(), '', 'every signature line ends with a newline');
  assert.ok(lines.length >= 1, 'one or more signature lines');
  const signatures = lines.map((line) => {
    assert.ok(line.startsWith('\u2014 '), `a signature line starts with an em dash and a space: ${line}`);
    const [name, b64, ...rest] = line.slice(2).split(' ');
    assert.equal(rest.length, 0);
    assert.ok(name && !/[\s+]/u.test(name), 'a key name is non-empty, without spaces or plus');
    const bytes = Buffer.from(b64!, 'base64');
    assert.equal(bytes.toString('base64'), b64, 'standard base64');
    return { name, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

/** A checkpoint's text: origin, tree size (no leading zeros), root hash (base64), optional non-empty extension lines. */
function specCheckpoint(text: string): { origin: string; size: bigint; root: Buffer; extensions: string[] } {
  const lines = text.split('\n');
  assert.equal(lines.pop(), '');
  assert.ok(lines.length >= 3, 'at least three lines');
  for (const line of lines) assert.notEqual(line, '', 'every line is non-empty');
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  assert.match(size, /^(0|[1-9][0-9]*)$/, 'the tree size in ASCII decimal without leading zeros');
  const rootBytes = Buffer.from(root, 'base64');
  assert.equal(rootBytes.toString('base64'), root, 'the root hash in standard base64');
  return { origin, size: BigInt(size), root: rootBytes, extensions };
}

/** A Go note verifier key: `<name>+<8 hex key ID>+base64(0x01 || 32-byte Ed25519 key)`. */
function specVerifierKey(vkey: string): { name: string; keyId: Buffer; key: KeyObject } {
  const [name, hash, ...data] = vkey.trim().split('+');
  const bytes = Buffer.from(data.join('+'), 'base64');
  assert.equal(bytes[0], 0x01, 'Ed25519 signature type');
  assert.equal(bytes.length, 33);
  // key ID = SHA-256(key name || 0x0A || 0x01 || public key)[:4]
  const keyId = createHash('sha256').update(Buffer.concat([Buffer.from(name!, 'utf8'), Buffer.from([0x0a]), bytes])).digest().subarray(0, 4);
  assert.equal(keyId.toString('hex'), hash!.toLowerCase(), 'the key ID is the recommended one');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.subarray(1).toString('base64url') }, format: 'jwk' });
  return { name: name!, keyId, key };
}

// ---- running the commands as an operator or auditor does ------------------------------------

const dataDir = (): string => archive.config.dataDir;
const checkpointDir = (): string => path.join(dataDir(), 'audit-checkpoints');

function kansio(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: archive.database.url, KANSIO_DATA_DIR: dataDir(), KANSIO_DEMO: 'false', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function checkpointFiles(): Promise<string[]> {
  return (await readdir(checkpointDir()).catch(() => [] as string[])).sort().map((f) => path.join(checkpointDir(), f));
}

const searchAs = (actor: Actor, client: string) =>
  archive.fhir(actor, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current`);

// The tests below run in order on one archive: the first takes the checkpoints the others use.
let client: string;
let firstCheckpoint: string;
let editedLane: number;

test('D10: a checkpoint is a signed note in the C2SP tlog-checkpoint form, served at /audit/checkpoint, and none is signed when nothing changed', async () => {
  assert.equal((await fetch(`${archive.baseUrl}/audit/checkpoint`)).status, 404, 'none before the first');
  client = aPersonCode();
  await archive.openRelationship(proA, client);
  await archive.store(proA, aDocument().forClient(client).build());
  assert.equal((await searchAs(proA, client)).status, 200);
  // Concurrent searches use several pooled connections, so several lanes hold two or more
  // records: the later insider tests need such lanes apart from the one they edit.
  for (let round = 0; round < 3; round++) {
    const statuses = await Promise.all(Array.from({ length: 6 }, async () => (await searchAs(proA, client)).status));
    assert.deepEqual(statuses, Array(6).fill(200));
  }

  const taken = kansio(['audit', 'checkpoint']);
  assert.equal(taken.status, 0, taken.stdout + taken.stderr);
  const files = await checkpointFiles();
  assert.equal(files.length, 1, 'kept outside the database, one file');
  const note = await readFile(files[0]!, 'utf8');
  assert.equal(taken.stdout, note, 'the command prints what it kept');
  firstCheckpoint = files[0]!;

  const { text, signatures } = specSignedNote(note);
  const checkpoint = specCheckpoint(text);
  const vkey = specVerifierKey(await readFile(path.join(dataDir(), 'keys', 'audit-signing.pub'), 'utf8'));
  assert.equal(signatures.length, 1);
  assert.equal(signatures[0]!.name, vkey.name);
  assert.equal(checkpoint.origin, vkey.name, 'the key name matches the origin line');
  assert.deepEqual(signatures[0]!.keyId, vkey.keyId);
  assert.ok(verify(null, Buffer.from(text, 'utf8'), vkey.key, signatures[0]!.signature), 'Ed25519 over the note text verifies');

  // Kansio's extension lines: the time, and every lane's last sequence number and hash.
  const records = (await archive.sql<{ n: string }>('select count(*)::text as n from audit_event'))[0]!.n;
  assert.equal(checkpoint.size, BigInt(records), 'the size is every record appended');
  assert.match(checkpoint.extensions[0]!, /^time \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  const lanes = checkpoint.extensions.slice(1);
  assert.equal(lanes.length, 64);
  const heads = await archive.sql<{ lane: number; last_seq: string; last_hash: Buffer }>('select lane, last_seq, last_hash from audit_lane order by lane');
  assert.deepEqual(lanes, heads.map((h) => `lane ${h.lane} ${h.last_seq} ${h.last_hash.toString('base64')}`));
  assert.deepEqual(checkpoint.root, createHash('sha256').update(lanes.map((l) => l + '\n').join('')).digest(), 'the root hash is the hash of the lane lines');

  // Served as kept, without a token: the latest, and by its size.
  const latest = await fetch(`${archive.baseUrl}/audit/checkpoint`);
  assert.equal(latest.status, 200);
  assert.match(latest.headers.get('content-type') ?? '', /^text\/plain/);
  assert.equal(await latest.text(), note);
  const bySize = await fetch(`${archive.baseUrl}/audit/checkpoint/${checkpoint.size}`);
  assert.equal(bySize.status, 200);
  assert.equal(await bySize.text(), note);
  assert.equal((await fetch(`${archive.baseUrl}/audit/checkpoint/${checkpoint.size + 1000n}`)).status, 404);
  assert.equal((await fetch(`${archive.baseUrl}/audit/checkpoint/012`)).status, 400);
  assert.equal((await fetch(`${archive.baseUrl}/audit/checkpoint/99999999999999999999`)).status, 400);

  // Nothing appended since (serving checkpoints appends nothing): nothing new to sign.
  const again = kansio(['audit', 'checkpoint']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /nothing new to sign/);
  assert.equal((await checkpointFiles()).length, 1);
  assert.equal((await archive.sql('select 1 from audit_checkpoint')).length, 1);
});

test('D10: with a key made by kansio audit keygen and one file as the place outside, checkpoints are appended to the file and verify from it with the printed verifier key', async () => {
  const keyFile = path.join(dataDir(), 'operator', 'audit-signing.key');
  const missing = kansio(['audit', 'checkpoint'], { KANSIO_AUDIT_SIGNING_KEY: keyFile });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /KANSIO_AUDIT_SIGNING_KEY: .*audit-signing\.key does not exist; make one with: kansio audit keygen/);
  const made = kansio(['audit', 'keygen', '--name', 'kansio.example.fi/audit', keyFile]);
  assert.equal(made.status, 0, made.stderr);
  const vkey = made.stdout.trim();
  assert.equal(specVerifierKey(vkey).name, 'kansio.example.fi/audit');
  assert.equal(kansio(['audit', 'keygen', '--name', 'kansio.example.fi/audit', keyFile]).status, 1, 'a key file is never overwritten');

  const file = path.join(dataDir(), 'shipped', 'checkpoints.txt');
  const env = { KANSIO_AUDIT_SIGNING_KEY: keyFile, KANSIO_AUDIT_CHECKPOINTS: file };
  await searchAs(proA, client);
  assert.equal(kansio(['audit', 'checkpoint'], env).status, 0);
  await archive.store(proA, aDocument().forClient(client).build());
  assert.equal(kansio(['audit', 'checkpoint'], env).status, 0);
  const notes = (await readFile(file, 'utf8')).split(/(?<=\n)(?=kansio\.example\.fi\/audit\n)/);
  assert.equal(notes.length, 2, 'two notes, one after the other');
  for (const note of notes) {
    const { text, signatures } = specSignedNote(note);
    assert.equal(specCheckpoint(text).origin, 'kansio.example.fi/audit');
    assert.ok(verify(null, Buffer.from(text, 'utf8'), specVerifierKey(vkey).key, signatures[0]!.signature));
  }
  const verified = kansio(['audit', 'verify', '--quiet', '--checkpoints', file, '--key', vkey]);
  assert.equal(verified.status, 0, verified.stdout);
  assert.match(verified.stdout, /extends all 2 checkpoint\(s\), the latest of size \d+ signed at \S+ by kansio\.example\.fi\/audit/);
  // The installation's own generated key does not vouch for them.
  assert.match(kansio(['audit', 'verify', '--quiet', '--checkpoints', file]).stdout, /not signed by a trusted key/);
  // A directory named without its final / is refused at once, naming the variable.
  const wrong = kansio(['audit', 'checkpoint'], { KANSIO_AUDIT_CHECKPOINTS: checkpointDir() });
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /KANSIO_AUDIT_CHECKPOINTS: .* is a directory; end the path with \/ to write one file per checkpoint there/);
});

test('D10, S9, V11: an insider who edits a disclosure record and recomputes every later hash passes kansio audit verify, but not verify --checkpoints, which names the lane and the checkpoint', async (t) => {
  // B reads A's documents with the client's consent: a disclosure record (S9) that A and the
  // client can follow (V11). Then a checkpoint, then more work after it.
  await archive.openRelationship(proB, client);
  await informedAndConsenting(archive, proB, client);
  const disclosed = await searchAs(proB, client);
  assert.equal(disclosed.status, 200);
  const taken = kansio(['audit', 'checkpoint']);
  assert.equal(taken.status, 0, taken.stderr);
  const checkpointSize = specCheckpoint(specSignedNote(taken.stdout).text).size;
  await searchAs(proA, client);
  await archive.store(proA, aDocument().forClient(client).build());

  const honest = kansio(['audit', 'verify', '--quiet', '--checkpoints', checkpointDir()]);
  assert.equal(honest.status, 0, honest.stdout + honest.stderr);
  assert.match(honest.stdout, /audit chain intact: \d+ records in 64 lanes verified/);
  assert.match(honest.stdout, /extends all 2 checkpoint\(s\)/);

  // The insider, as database superuser: the disclosure record loses its disclosure, and every
  // later record of its lane and the lane head get hashes that fit.
  const [target] = await archive.sql<{ lane: number; seq: string; body: string }>(
    "select lane, seq::text, body from audit_event where action = 'search' and organisation_oid = $1 and $2 = any(related_oids)", [proB.controllerOid, proA.controllerOid]);
  assert.ok(target, "the record of B's search that disclosed A's documents");
  editedLane = target.lane;
  const edited = JSON.parse(target.body) as AuditRecord & { disclosure?: unknown };
  assert.ok(edited.disclosure, 'the record discloses (S9)');
  delete edited.disclosure;
  const lane = await archive.sql<{ seq: string; body: string }>('select seq::text, body from audit_event where lane = $1 and seq >= $2 order by audit_event.seq', [target.lane, target.seq]);
  const [prev] = await archive.sql<{ prev_hash: Buffer }>('select prev_hash from audit_event where lane = $1 and seq = $2', [target.lane, target.seq]);
  await archive.sql('alter table audit_event disable trigger user');
  try {
    let hash = prev!.prev_hash;
    for (const row of lane) {
      const body = row.seq === target.seq ? canonicalJson(edited) : row.body;
      const next = createHash('sha256').update(hash).update(body, 'utf8').digest();
      await archive.sql('update audit_event set body = $1, prev_hash = $2, hash = $3 where lane = $4 and seq = $5', [body, hash, next, target.lane, row.seq]);
      hash = next;
    }
    // The disclosing register no longer finds it either.
    await archive.sql('update audit_event set related_oids = null where lane = $1 and seq = $2', [target.lane, target.seq]);
    await archive.sql('update audit_lane set last_hash = $1 where lane = $2', [hash, target.lane]);
  } finally {
    await archive.sql('alter table audit_event enable trigger user');
  }

  const fooled = kansio(['audit', 'verify', '--quiet']);
  assert.equal(fooled.status, 0, `the edit is invisible to the chain alone: ${fooled.stdout}`);
  assert.match(fooled.stdout, /audit chain intact/);

  const caught = kansio(['audit', 'verify', '--quiet', '--checkpoints', checkpointDir()]);
  assert.equal(caught.status, 1, caught.stdout);
  t.diagnostic(caught.stdout);
  assert.match(caught.stdout, new RegExp(`audit trail does NOT extend checkpoint ${checkpointSize} of \\S+ \\([^)]*\\): lane ${target.lane}: the hash of record \\d+ is not the one the checkpoint signed`));
  // The first checkpoint was taken before the disclosure: it still matches.
  assert.doesNotMatch(caught.stdout, new RegExp(`checkpoint ${specCheckpoint(specSignedNote(await readFile(firstCheckpoint, 'utf8')).text).size} of`));

  // The archive itself refuses to sign the rewritten trail.
  await searchAs(proA, client);
  const refused = kansio(['audit', 'checkpoint']);
  assert.equal(refused.status, 1, refused.stdout);
  t.diagnostic(refused.stderr);
  assert.match(refused.stderr, new RegExp(`no longer extends checkpoint ${checkpointSize} .*lane ${target.lane} record \\d+ has another hash`));
});

test('D10: a forged checkpoint, with a changed root or signed with another key, is refused with a clear message', async () => {
  const note = await readFile(firstCheckpoint, 'utf8');
  const { text } = specSignedNote(note);
  const forgedDir = path.join(dataDir(), 'forged');
  await mkdir(forgedDir, { recursive: true });

  // The root hash and a lane line changed, the archive's signature kept.
  const lines = text.split('\n');
  const laneLine = lines.findIndex((l) => /^lane \d+ [1-9]/.test(l));
  lines[laneLine] = lines[laneLine]!.replace(/ \S+$/, ' ' + Buffer.alloc(32, 7).toString('base64'));
  const laneLines = lines.filter((l) => l.startsWith('lane '));
  lines[2] = createHash('sha256').update(laneLines.map((l) => l + '\n').join('')).digest('base64');
  const changed = lines.join('\n') + note.slice(text.length);
  await writeFile(path.join(forgedDir, 'changed-root.txt'), changed);
  const changedRoot = kansio(['audit', 'verify', '--quiet', '--checkpoints', path.join(forgedDir, 'changed-root.txt')]);
  assert.equal(changedRoot.status, 1, changedRoot.stdout);
  assert.match(changedRoot.stdout, /checkpoint REFUSED: .*changed-root\.txt: the signature by \S+ \(key [0-9a-f]{8}\) does not verify: the text was changed after it was signed, or the signature is forged/);

  // The same text signed by another key under the archive's name.
  const name = specSignedNote(note).signatures[0]!.name;
  const other = generateKeyPairSync('ed25519');
  const raw = Buffer.from(other.publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const keyId = createHash('sha256').update(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, 0x01]), raw])).digest().subarray(0, 4);
  const signed = `${text}\n\u2014 ${name} ${Buffer.concat([keyId, sign(null, Buffer.from(text, 'utf8'), other.privateKey)]).toString('base64')}\n`;
  await writeFile(path.join(forgedDir, 'other-key.txt'), signed);
  const otherKey = kansio(['audit', 'verify', '--quiet', '--checkpoints', path.join(forgedDir, 'other-key.txt')]);
  assert.equal(otherKey.status, 1, otherKey.stdout);
  assert.match(otherKey.stdout, /checkpoint REFUSED: .*other-key\.txt: not signed by a trusted key: signed by \S+ \(key [0-9a-f]{8}\); trusted: \S+ \(key [0-9a-f]{8}\)/);

  // An auditor who trusts that other key (and only it) refuses the archive's genuine checkpoint.
  const otherVkey = `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([0x01]), raw]).toString('base64')}`;
  const genuine = kansio(['audit', 'verify', '--quiet', '--checkpoints', firstCheckpoint, '--key', otherVkey]);
  assert.equal(genuine.status, 1, genuine.stdout);
  assert.match(genuine.stdout, /not signed by a trusted key/);
  // ... and accepts it with the archive's verifier key given explicitly.
  // (The insider's edit above came after this first checkpoint, so the trail still extends it.)
  const pinned = kansio(['audit', 'verify', '--quiet', '--checkpoints', firstCheckpoint, '--key', path.join(dataDir(), 'keys', 'audit-signing.pub')]);
  assert.equal(pinned.status, 0, pinned.stdout);
  assert.match(pinned.stdout, /extends all 1 checkpoint\(s\)/);
});

test('D10, V11: an insider who removes the newest records of a lane and moves its head back passes kansio audit verify, but not verify --checkpoints', async () => {
  const files = await checkpointFiles();
  const latest = specCheckpoint(specSignedNote(await readFile(files[files.length - 1]!, 'utf8')).text);
  const lanes = latest.extensions.slice(1).map((l) => l.split(' ')).map(([, lane, seq]) => ({ lane: Number(lane), seq: BigInt(seq!) }));
  const victim = lanes.find((l) => l.seq > 1n && l.lane !== editedLane);
  assert.ok(victim, 'a lane with records that the insider has not touched yet');
  // Everything from the checkpointed record on goes, and the head moves back to the record before.
  const [before] = await archive.sql<{ hash: Buffer }>('select hash from audit_event where lane = $1 and seq = $2', [victim.lane, String(victim.seq - 1n)]);
  await archive.sql('alter table audit_event disable trigger user');
  try {
    await archive.sql('delete from audit_event where lane = $1 and seq >= $2', [victim.lane, String(victim.seq)]);
    await archive.sql('update audit_lane set last_seq = $1, last_hash = $2 where lane = $3', [String(victim.seq - 1n), before!.hash, victim.lane]);
  } finally {
    await archive.sql('alter table audit_event enable trigger user');
  }
  assert.equal(kansio(['audit', 'verify', '--quiet']).status, 0, 'the chain alone cannot tell');
  const caught = kansio(['audit', 'verify', '--quiet', '--checkpoints', checkpointDir()]);
  assert.equal(caught.status, 1, caught.stdout);
  assert.match(caught.stdout, new RegExp(`lane ${victim.lane}(, from checkpoint \\d+ of \\S+ \\([^)]*\\))?: the lane ends at record ${victim.seq - 1n}, the checkpoint signed record ${victim.seq} \\(records were removed from the end\\)`));
});

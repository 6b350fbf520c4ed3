// D10 (issue 12): the signed-note envelope of the audit checkpoints, against the known answer of
// Go's golang.org/x/mod/sumdb/note (its package documentation's PeterNeumann key and note): a
// note signed here is what the transparency-log tools sign and open, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSignerKey, formatVerifierKey, generateSigner, NoteError, openNote, parseSignerKey, parseVerifierKey, signNote } from '../../src/domain/signed-note.ts';
import { CheckpointFormatError, CheckpointPositions, checkpointText, parseCheckpoint } from '../../src/domain/audit-checkpoint.ts';

const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const NOTE = `${TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

test('D10: keys and signatures match the Go note reference byte for byte', () => {
  const signer = parseSignerKey(SKEY);
  assert.equal(signer.keyId, 0xc74f20a3);
  assert.equal(formatSignerKey(signer), SKEY);
  assert.equal(formatVerifierKey(signer), VKEY);
  assert.equal(signNote(TEXT, signer), NOTE);
  const opened = openNote(NOTE, [parseVerifierKey(VKEY)]);
  assert.equal(opened.text, TEXT);
});

test('D10: a note is refused when changed, when signed by no trusted key, or malformed; unknown signatures are ignored', () => {
  const trusted = [parseVerifierKey(VKEY)];
  assert.throws(() => openNote(NOTE.replace('answer', 'Answer'), trusted), (e: Error) => e instanceof NoteError && /signature by PeterNeumann \(key c74f20a3\) does not verify/.test(e.message));
  const other = generateSigner('PeterNeumann');
  assert.throws(() => openNote(signNote(TEXT, other), trusted), /not signed by a trusted key: signed by PeterNeumann \(key [0-9a-f]{8}\); trusted: PeterNeumann \(key c74f20a3\)/);
  // A witness's cosignature by a key the verifier does not know changes nothing.
  const cosigned = NOTE + signNote(TEXT, generateSigner('witness.example/w1')).slice(TEXT.length + 1);
  assert.equal(openNote(cosigned, trusted).text, TEXT);
  assert.throws(() => openNote(TEXT, trusted), /no blank line before the signature lines/);
  assert.throws(() => openNote(NOTE.replace('\u2014', '-'), trusted), /signature line 1 is not/);
  assert.throws(() => openNote(NOTE.replace('problem,', 'problem,\t'), trusted), /control characters/);
  assert.throws(() => parseVerifierKey(VKEY.replace('c74f20a3', 'c74f20a4')), /does not belong to this name and key/);
  assert.throws(() => parseSignerKey(SKEY.replace('PeterNeumann', 'Peter Neumann')), /without spaces/);
});

test('D10: a checkpoint text carries size and root that agree with its lane lines, and nothing else parses', () => {
  const lanes = [0, 1, 2].map((lane) => ({ lane, seq: BigInt(lane * 5), hash: Buffer.alloc(32, lane + 1) }));
  const text = checkpointText('kansio.example.fi/audit', '2026-12-01T10:00:00.000Z', lanes);
  const parsed = parseCheckpoint(text);
  assert.equal(parsed.size, 15n);
  assert.equal(parsed.origin, 'kansio.example.fi/audit');
  assert.deepEqual(parsed.lanes, lanes);
  assert.throws(() => parseCheckpoint(text.replace('\n15\n', '\n16\n')), (e: Error) => e instanceof CheckpointFormatError && /not the sum/.test(e.message));
  assert.throws(() => parseCheckpoint(text.replace('lane 2 10', 'lane 2 11').replace('\n15\n', '\n16\n')), /root hash is not the hash of the lane lines/);
  assert.throws(() => parseCheckpoint(text.replace('\n15\n', '\n015\n')), /without leading zeros/);
  assert.throws(() => parseCheckpoint(text.replace('time ', 'tme ')), /time <ISO 8601 instant>/);
});

test('D10: verify holds each signed lane position once, in order, whatever order the checkpoints come in', () => {
  const at = (seqs: number[]) => parseCheckpoint(checkpointText('k/audit', '2026-12-01T10:00:00.000Z', seqs.map((s, lane) => ({ lane, seq: BigInt(s), hash: Buffer.alloc(32, s) }))));
  const positions = new CheckpointPositions();
  positions.add(at([1, 1])); // size 2
  positions.add(at([4, 1])); // size 5
  positions.add(at([2, 1])); // size 3, read after the larger one
  assert.deepEqual([...positions.of(0)].map((p) => [p.seq, p.checkpoint]), [[1n, 0], [2n, 2], [4n, 1]]);
  assert.deepEqual([...positions.of(1)].map((p) => [p.seq, p.checkpoint]), [[1n, 0]], 'an idle lane signed alike is kept once');
});

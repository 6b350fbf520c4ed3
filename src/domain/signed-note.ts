// Signed notes (c2sp.org/signed-note), the envelope of the audit checkpoints: a text ending in a
// newline, a blank line, and signature lines `— <key name> base64(key ID || signature)`. Only
// Ed25519 (signature type 0x01). Keys travel in the text forms of Go's golang.org/x/mod/sumdb/note,
// which the transparency-log tools share: a verifier key `<name>+<hex key ID>+base64(0x01 || 32-byte
// public key)`, a signer key `PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || 32-byte seed)`.
// Pure: no I/O; the keys are values.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** The signed-note signature type byte of Ed25519. */
const ED25519 = 0x01;
const EM_DASH = '\u2014';
// DER prefixes that turn a raw Ed25519 seed or public key into PKCS #8 and SPKI (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** The note spec asks verifiers to accept at least 16 signatures and to cap them. */
const MAX_SIGNATURES = 100;

export class NoteError extends Error {}

export interface NoteVerifier {
  readonly name: string;
  /** The 4-byte key ID as an unsigned 32-bit number. */
  readonly keyId: number;
  readonly publicKey: KeyObject;
}

export interface NoteSigner extends NoteVerifier {
  readonly privateKey: KeyObject;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Buffer;
}

export interface OpenedNote {
  /** The signed text, with its final newline. */
  readonly text: string;
  /** The trusted keys whose signatures verified. */
  readonly verifiedBy: readonly NoteVerifier[];
}

/** A key name: non-empty, no Unicode space, no plus (c2sp.org/signed-note). */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4], big-endian. */
export function ed25519KeyId(name: string, rawPublicKey: Buffer): number {
  return createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a, ED25519])).update(rawPublicKey).digest().readUInt32BE(0);
}

function rawPublicKey(publicKey: KeyObject): Buffer {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}

function hex8(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

function keyFromParts(name: string, hash: string, data: string, what: string): { keyId: number; raw: Buffer } {
  if (!isKeyName(name)) throw new NoteError(`${what}: the key name must be non-empty, without spaces or '+'`);
  if (!/^[0-9a-fA-F]{8}$/.test(hash)) throw new NoteError(`${what}: the key ID must be 8 hexadecimal digits, got '${hash}'`);
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length !== 33 || bytes.toString('base64') !== data) throw new NoteError(`${what}: the key data must be base64 of 33 bytes (0x01 and an Ed25519 key)`);
  if (bytes[0] !== ED25519) throw new NoteError(`${what}: only Ed25519 keys (type 0x01) are supported, this one has type 0x${bytes[0]!.toString(16).padStart(2, '0')}`);
  return { keyId: Number.parseInt(hash, 16), raw: bytes.subarray(1) };
}

/** Parses a verifier key `<name>+<hex key ID>+<base64 key data>`. */
export function parseVerifierKey(text: string): NoteVerifier {
  const parts = text.trim().split('+');
  if (parts.length < 3) throw new NoteError("a verifier key has the form <name>+<key ID>+<key data>");
  const [name, hash] = parts as [string, string];
  const { keyId, raw } = keyFromParts(name, hash, parts.slice(2).join('+'), 'verifier key');
  if (ed25519KeyId(name, raw) !== keyId) throw new NoteError(`verifier key: the key ID ${hash} does not belong to this name and key`);
  return { name, keyId, publicKey: createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' }) };
}

/** Parses a signer key `PRIVATE+KEY+<name>+<hex key ID>+<base64 seed>`. */
export function parseSignerKey(text: string): NoteSigner {
  const parts = text.trim().split('+');
  if (parts.length < 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw new NoteError('a signer key has the form PRIVATE+KEY+<name>+<key ID>+<key data>');
  const [, , name, hash] = parts as [string, string, string, string];
  const { keyId, raw } = keyFromParts(name, hash, parts.slice(4).join('+'), 'signer key');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  if (ed25519KeyId(name, rawPublicKey(publicKey)) !== keyId) throw new NoteError(`signer key: the key ID ${hash} does not belong to this name and key`);
  return { name, keyId, publicKey, privateKey };
}

export function formatVerifierKey(key: NoteVerifier): string {
  return `${key.name}+${hex8(key.keyId)}+${Buffer.concat([Buffer.from([ED25519]), rawPublicKey(key.publicKey)]).toString('base64')}`;
}

export function formatSignerKey(key: NoteSigner): string {
  const der = key.privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = der.subarray(der.length - 32);
  return `PRIVATE+KEY+${key.name}+${hex8(key.keyId)}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString('base64')}`;
}

/** A fresh Ed25519 signer under this key name. */
export function generateSigner(name: string): NoteSigner {
  if (!isKeyName(name)) throw new NoteError(`the key name '${name}' must be non-empty, without spaces or '+'`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { name, keyId: ed25519KeyId(name, rawPublicKey(publicKey)), privateKey, publicKey };
}

function checkText(text: string): void {
  if (!text.endsWith('\n') || text === '\n') throw new NoteError('the note text must be non-empty and end with a newline');
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new NoteError('the note text must not contain control characters other than newline');
}

/** The signed note: the text, a blank line, and the signer's signature line. */
export function signNote(text: string, signer: NoteSigner): string {
  checkText(text);
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId);
  return `${text}\n${EM_DASH} ${signer.name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

/** Splits a note into its text and its signature lines, checking the format only. */
export function splitNote(note: string): { text: string; signatures: NoteSignature[] } {
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw new NoteError('a signed note must not contain control characters other than newline');
  if (!note.endsWith('\n')) throw new NoteError('a signed note ends with a newline');
  // The text is separated from the signatures by the last blank line.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('no blank line before the signature lines: this is not a signed note');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError(`more than ${MAX_SIGNATURES} signature lines`);
  const signatures = lines.map((line, i) => {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!match || !isKeyName(match[1]!)) throw new NoteError(`signature line ${i + 1} is not '— <key name> <base64 signature>'`);
    const bytes = Buffer.from(match[2]!, 'base64');
    if (bytes.length < 5) throw new NoteError(`signature line ${i + 1} is too short to hold a key ID and a signature`);
    return { name: match[1]!, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

/**
 * Opens a signed note with the trusted keys (c2sp.org/signed-note): signatures by unknown keys are
 * ignored; a known key's signature that fails rejects the whole note; at least one must verify.
 */
export function openNote(note: string, trusted: readonly NoteVerifier[]): OpenedNote {
  const { text, signatures } = splitNote(note);
  const verifiedBy: NoteVerifier[] = [];
  for (const s of signatures) {
    const key = trusted.find((k) => k.name === s.name && k.keyId === s.keyId);
    if (!key) continue;
    if (s.signature.length !== 64 || !verify(null, Buffer.from(text, 'utf8'), key.publicKey, s.signature)) {
      throw new NoteError(`the signature by ${s.name} (key ${hex8(s.keyId)}) does not verify: the text was changed after it was signed, or the signature is forged`);
    }
    if (!verifiedBy.includes(key)) verifiedBy.push(key);
  }
  if (verifiedBy.length === 0) {
    const by = signatures.map((s) => `${s.name} (key ${hex8(s.keyId)})`).join(', ');
    const keys = trusted.map((k) => `${k.name} (key ${hex8(k.keyId)})`).join(', ');
    throw new NoteError(`not signed by a trusted key: signed by ${by}; trusted: ${keys}`);
  }
  return { text, verifiedBy };
}

// D10 (issue 12): the archive's audit-signing key, which signs the audit checkpoints, and the
// verifier keys that `kansio audit verify --checkpoints` trusts. Both in the text forms of
// signed-note keys (src/domain/signed-note.ts), so that note tools and witnesses read them too.
//
// Without KANSIO_AUDIT_SIGNING_KEY the key is generated at first start into the data folder
// (keys/audit-signing.key, mode 0600, its verifier key beside it in audit-signing.pub), like the
// token signing key. A configured key file must exist: a production key is made on purpose
// (`kansio audit keygen`), ideally where the database's administrators cannot read it.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type Config } from '../config.ts';
import { formatSignerKey, formatVerifierKey, generateSigner, NoteError, parseSignerKey, parseVerifierKey, type NoteSigner, type NoteVerifier } from '../domain/signed-note.ts';
import { readIfExists, readSoon, writeOnce } from '../auth/files.ts';

export function auditSigningKeyFile(config: Config): string {
  return config.auditSigningKeyFile ?? path.join(config.dataDir, 'keys', 'audit-signing.key');
}

/** The generated key's name, the checkpoints' origin: the public host, e.g. kansio.example.fi/audit. */
export function defaultAuditKeyName(config: Config): string {
  return `${new URL(config.baseUrl).hostname}/audit`;
}

function parseSigner(text: string, file: string): NoteSigner {
  try {
    return parseSignerKey(text);
  } catch (error) {
    throw new ConfigError(`${file}: not an audit-signing key (${(error as Error).message})`);
  }
}

/** Reads the signing key; without a configured one, generates it at first start. */
export async function loadAuditSigner(config: Config): Promise<NoteSigner> {
  const file = auditSigningKeyFile(config);
  if (config.auditSigningKeyFile) {
    const text = await readIfExists(file).catch((error: NodeJS.ErrnoException) => { throw new ConfigError(`KANSIO_AUDIT_SIGNING_KEY: cannot read ${file} (${error.code ?? error.message})`); });
    if (text === undefined) throw new ConfigError(`KANSIO_AUDIT_SIGNING_KEY: ${file} does not exist; make one with: kansio audit keygen --name <your host>/audit ${file}`);
    return parseSigner(text, file);
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // Several processes sharing the folder may start together: one writes, the others read it.
  await writeOnce(file, formatSignerKey(generateSigner(defaultAuditKeyName(config))) + '\n', 0o600);
  const signer = parseSigner(await readSoon(file), file);
  await writeOnce(file.replace(/\.key$/, '') + '.pub', formatVerifierKey(signer) + '\n', 0o644);
  return signer;
}

/** Verifier keys from key texts, or files holding one per line ('#' starts a comment line). */
export async function parseVerifierKeys(sources: readonly string[]): Promise<NoteVerifier[]> {
  const keys: NoteVerifier[] = [];
  for (const source of sources) {
    const looksLikeKey = /^[^\s+]+\+[0-9a-fA-F]{8}\+\S+$/.test(source);
    const lines = looksLikeKey ? [source] : (await readFile(source, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(`verifier key: '${source}' is neither a key (<name>+<key ID>+<key data>) nor a readable file (${error.code ?? error.message})`);
    })).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const line of lines) {
      try {
        keys.push(parseVerifierKey(line));
      } catch (error) {
        throw new ConfigError(`${looksLikeKey ? 'verifier key' : source}: ${(error as NoteError).message}`);
      }
    }
  }
  return keys;
}

/**
 * The keys a verification trusts: the ones given, else KANSIO_AUDIT_VERIFIER_KEY, else the
 * public half of this installation's signing key (`fromSigningKey` then names its file: an
 * auditor should rather hold the verifier key apart from the machine).
 */
export async function trustedAuditKeys(config: Config, given: readonly string[]): Promise<{ keys: NoteVerifier[]; fromSigningKey?: string }> {
  if (given.length) return { keys: await parseVerifierKeys(given) };
  if (config.auditVerifierKeys.length) return { keys: await parseVerifierKeys(config.auditVerifierKeys) };
  const file = auditSigningKeyFile(config);
  const text = await readIfExists(file);
  if (text === undefined) throw new ConfigError(`no verifier key: give --key <name>+<key ID>+<key data> (or a file), or set KANSIO_AUDIT_VERIFIER_KEY; ${file} does not exist`);
  return { keys: [parseSigner(text, file)], fromSigningKey: file };
}

// `kansio audit verify`, `kansio audit checkpoint` and `kansio audit keygen`.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Config } from '../config.ts';
import { openDatabase } from '../app.ts';
import { verifyAuditChain, type VerifyReport } from '../usecases/verify-audit-chain.ts';
import { takeAuditCheckpoint } from '../usecases/take-audit-checkpoint.ts';
import { CheckpointPositions, parseCheckpoint } from '../domain/audit-checkpoint.ts';
import { formatSignerKey, formatVerifierKey, generateSigner, openNote, type NoteVerifier } from '../domain/signed-note.ts';
import { loadAuditSigner, trustedAuditKeys } from '../ops/audit-signing-key.ts';
import { checkpointNotes, keepCheckpoint, prepareCheckpointTarget } from '../ops/checkpoint-log.ts';
import { writeOnce } from '../auth/files.ts';

export interface AuditVerifyOptions {
  readonly progress: boolean;
  /** A checkpoint file (one or more signed notes) or a directory of them. */
  readonly checkpoints?: string;
  /** Verifier keys (texts or files); default KANSIO_AUDIT_VERIFIER_KEY, else the signing key's. */
  readonly keys: readonly string[];
}

/** What the report names of a checkpoint; its positions go into CheckpointPositions. */
interface CheckpointSummary {
  readonly source: string;
  readonly size: bigint;
  readonly time: string;
  readonly origin: string;
}

/** Opens every checkpoint with the trusted keys; a single one refused refuses them all. */
async function openCheckpoints(where: string, keys: readonly NoteVerifier[]): Promise<{ summaries: CheckpointSummary[]; positions: CheckpointPositions; refused: string[] }> {
  const summaries: CheckpointSummary[] = [];
  const positions = new CheckpointPositions();
  const refused: string[] = [];
  for await (const { source, note } of checkpointNotes(where)) {
    try {
      const checkpoint = parseCheckpoint(openNote(note, keys).text);
      positions.add(checkpoint);
      summaries.push({ source, size: checkpoint.size, time: checkpoint.time, origin: checkpoint.origin });
    } catch (error) {
      refused.push(`${source}: ${(error as Error).message}`);
    }
  }
  return { summaries, positions, refused };
}

function printReport(report: VerifyReport, checkpoints: readonly CheckpointSummary[]): number {
  const chainIntact = report.broken.length === 0;
  if (chainIntact) {
    console.log(`audit chain intact: ${report.records} records in ${report.lanes} lanes verified`);
  } else {
    const first = report.broken[0]!;
    console.log(`audit chain BROKEN: first broken record lane ${first.lane} seq ${first.seq}${first.eventId ? ` (event ${first.eventId})` : ''}: ${first.problem}`);
    for (const b of report.broken.slice(1)) console.log(`  also lane ${b.lane} seq ${b.seq}: ${b.problem}`);
    console.log(`${report.records} records read, ${report.broken.length} lane(s) broken`);
  }
  if (checkpoints.length === 0) return chainIntact ? 0 : 1;
  const name = (i: number): string => {
    const c = checkpoints[i]!;
    return `checkpoint ${c.size} of ${c.time} (${c.source})`;
  };
  if (report.checkpointMismatches.length === 0) {
    const last = checkpoints.reduce((a, b) => (b.size > a.size ? b : a));
    console.log(`the audit trail extends all ${checkpoints.length} checkpoint(s), the latest of size ${last.size} signed at ${last.time} by ${last.origin}`);
    return chainIntact ? 0 : 1;
  }
  const first = report.checkpointMismatches[0]!;
  console.log(`audit trail does NOT extend ${name(first.checkpoint)}: lane ${first.lane}: ${first.problem}`);
  for (const m of report.checkpointMismatches.slice(1)) console.log(`  also lane ${m.lane}, from ${name(m.checkpoint)}: ${m.problem}`);
  console.log(`${checkpoints.length} checkpoint(s) checked, ${report.checkpointMismatches.length} lane(s) no longer match`);
  return 1;
}

/** Returns the process exit code: 0 intact (and extending every checkpoint), 1 broken or refused. */
export async function auditVerifyCommand(config: Config, options: AuditVerifyOptions): Promise<number> {
  let checkpoints: CheckpointSummary[] = [];
  let positions = new CheckpointPositions();
  if (options.checkpoints) {
    const trusted = await trustedAuditKeys(config, options.keys);
    if (trusted.fromSigningKey) console.error(`trusting the public half of ${trusted.fromSigningKey}; an auditor gives the verifier key they hold apart (--key)`);
    const opened = await openCheckpoints(options.checkpoints, trusted.keys);
    const refused = opened.refused;
    if (refused.length) {
      for (const r of refused) console.log(`checkpoint REFUSED: ${r}`);
      console.log(`${refused.length} checkpoint(s) refused: nothing verified against a checkpoint that is not the archive's`);
      return 1;
    }
    if (opened.summaries.length === 0) {
      console.log(`no checkpoints in ${options.checkpoints}`);
      return 1;
    }
    checkpoints = opened.summaries;
    positions = opened.positions;
  }
  const database = await openDatabase(config);
  const bar = options.progress && process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: 'verifying audit chain [{bar}] {value}/{total} records' }, cliProgress.Presets.shades_classic) : undefined;
  try {
    let started = false;
    // One snapshot: a server in use keeps appending, and verify must see heads and records as of one instant.
    const report = await database.db.withSnapshot((snapshot) => verifyAuditChain(snapshot, (done, total) => {
      if (!bar) return;
      if (!started) { bar.start(total, 0); started = true; }
      bar.update(done);
    }, 5000, positions));
    bar?.stop();
    return printReport(report, checkpoints);
  } finally {
    await database.close();
  }
}

/** `kansio audit checkpoint`: signs a checkpoint now, unless nothing was appended since the latest. */
export async function auditCheckpointCommand(config: Config): Promise<number> {
  const signer = await loadAuditSigner(config);
  await prepareCheckpointTarget(config.auditCheckpoints);
  const database = await openDatabase(config);
  try {
    let kept = '';
    const result = await database.db.withTransaction((tx) => takeAuditCheckpoint(tx, {
      signer, now: new Date().toISOString(),
      keep: async (checkpoint) => { kept = await keepCheckpoint(config.auditCheckpoints, checkpoint); },
    }));
    if (!result.taken) {
      console.log(`no audit records since checkpoint ${result.latest.size} of ${result.latest.createdAt}: nothing new to sign`);
      return 0;
    }
    console.error(`audit checkpoint ${result.size} signed at ${result.time}, kept in ${kept} and in the database`);
    process.stdout.write(result.note);
    return 0;
  } finally {
    await database.close();
  }
}

/** `kansio audit keygen`: a new audit-signing key in a file of its own; prints its verifier key. */
export async function auditKeygenCommand(name: string, file: string): Promise<number> {
  const signer = generateSigner(name);
  const target = path.resolve(file);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  if (!(await writeOnce(target, formatSignerKey(signer) + '\n', 0o600))) {
    console.error(`kansio: ${target} exists; a key file is never overwritten`);
    return 1;
  }
  console.error(`audit-signing key written to ${target} (mode 0600); set KANSIO_AUDIT_SIGNING_KEY=${target}`);
  console.error('its verifier key, for auditors and witnesses (KANSIO_AUDIT_VERIFIER_KEY, kansio audit verify --key):');
  console.log(formatVerifierKey(signer));
  return 0;
}

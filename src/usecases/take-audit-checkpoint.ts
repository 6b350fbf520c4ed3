// D10, S9, V11 (issue 12): signs a checkpoint of the audit trail: every lane's last sequence number
// and hash, one hash over them, and the time, as a signed note (src/domain/audit-checkpoint.ts).
// The note is kept outside the database first (`keep`: the checkpoint directory or file), then
// in the table, in the caller's transaction.
//
// Several processes may share the database and append while this runs. An advisory lock takes
// checkpoints one at a time, and the lane heads are read after it is granted, so each checkpoint
// sees at least what the previous one saw: sizes only grow and identify a checkpoint. Only
// committed heads are read (an append writes its record and its lane head in one statement), so
// every checkpointed record exists for any reader that starts after the checkpoint is kept.
//
// Checkpoints leave no audit record: they hold no personal data, and a record per checkpoint
// would itself change the trail, so that an idle archive would be checkpointed for ever
// (docs/decisions/0021-audit-checkpoints.md).
import { auditLaneHeads } from '../store/audit.ts';
import type { Tx } from '../store/db.ts';
import { auditHashesAt, insertCheckpoint, latestCheckpoint, lockCheckpoints, type StoredCheckpoint } from '../store/audit-checkpoints.ts';
import { checkpointText, laneRoot, parseCheckpoint, type LaneHead } from '../domain/audit-checkpoint.ts';
import { signNote, splitNote, type NoteSigner } from '../domain/signed-note.ts';
import { Conflict } from '../domain/errors.ts';

export interface TakeCheckpointProps {
  /** The archive's audit-signing key; its name is the checkpoint's origin. */
  readonly signer: NoteSigner;
  /** The clock, as an ISO instant. */
  readonly now: string;
  /** Writes the signed note where the database cannot rewrite it; runs before the row commits. */
  readonly keep: (checkpoint: { readonly size: bigint; readonly time: string; readonly note: string }) => Promise<void>;
  /**
   * The timer's pace: none is taken while the latest is younger than this (several processes
   * share one database and each runs a timer). 0, the command's: whenever the trail has grown.
   */
  readonly minIntervalMs?: number;
}

export type TakeCheckpointResult =
  | { readonly taken: true; readonly size: bigint; readonly time: string; readonly note: string }
  | { readonly taken: false; readonly because: 'unchanged' | 'recent'; readonly latest: StoredCheckpoint };

/**
 * Refuses to sign heads that do not extend the latest checkpoint (c2sp.org/tlog-checkpoint: a log
 * never signs a checkpoint inconsistent with one it signed): a lane that went back, or whose
 * record at the checkpointed position has another hash, was rewritten.
 */
async function checkExtends(tx: Tx, latest: StoredCheckpoint, heads: readonly LaneHead[]): Promise<void> {
  const previous = parseCheckpoint(splitNote(latest.note).text);
  const moved = previous.lanes.filter((h) => h.seq > 0n);
  const stored = await auditHashesAt(tx, moved);
  for (const old of moved) {
    const head = heads.find((h) => h.lane === old.lane);
    const hash = stored.get(`${old.lane}/${old.seq}`);
    if (!head || head.seq < old.seq || !hash?.equals(old.hash)) {
      throw new Conflict([{ code: 'conflict', message: `D10: the audit trail no longer extends checkpoint ${latest.size} (${latest.createdAt}): lane ${old.lane} ${!head || head.seq < old.seq ? `has ${head?.seq ?? 0n} records, the checkpoint ${old.seq}` : `record ${old.seq} has another hash`}; run kansio audit verify --checkpoints; no checkpoint is signed until this is resolved` }]);
    }
  }
}

export async function takeAuditCheckpoint(tx: Tx, props: TakeCheckpointProps): Promise<TakeCheckpointResult> {
  await lockCheckpoints(tx);
  const latest = await latestCheckpoint(tx);
  const heads: LaneHead[] = (await auditLaneHeads(tx)).map((h) => ({ lane: h.lane, seq: BigInt(h.lastSeq), hash: h.lastHash }));
  const size = heads.reduce((n, h) => n + h.seq, 0n);
  if (latest) {
    // Nothing appended since: nothing new to sign (an idle archive writes no checkpoints).
    if (latest.size === size && laneRoot(heads).equals(parseCheckpoint(splitNote(latest.note).text).root)) return { taken: false, because: 'unchanged', latest };
    if (props.minIntervalMs && Date.parse(props.now) - Date.parse(latest.createdAt) < props.minIntervalMs) return { taken: false, because: 'recent', latest };
    await checkExtends(tx, latest, heads);
  }
  // Times never go back from one checkpoint to the next, whatever the clocks of the processes.
  const time = latest && latest.createdAt > props.now ? latest.createdAt : props.now;
  const text = checkpointText(props.signer.name, time, heads);
  const note = signNote(text, props.signer);
  await props.keep({ size, time, note });
  await insertCheckpoint(tx, { size, createdAt: time, root: laneRoot(heads), note });
  return { taken: true, size, time, note };
}

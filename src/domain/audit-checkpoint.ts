// D10, S9, V11 (issue 12): a checkpoint of the audit trail, the text of a signed note in the shape
// of c2sp.org/tlog-checkpoint, so that note tools and witnesses can read and check it:
//
//   <origin>                           the archive's key name, e.g. kansio.example.fi/audit
//   <size>                             records ever appended: the sum of the lanes' sequence numbers
//   <root hash>                        base64 SHA-256 over the lane lines below, each with its newline
//   time <ISO 8601 instant>            when the checkpoint was taken
//   lane <n> <seq> <base64 hash>       per lane (docs/decisions/0001): its last record and that record's hash
//
// The trail is 64 hash chains, not one Merkle tree, so the root hash is not an RFC 6962 tree hash
// and no consistency proof exists between two checkpoints: the lane lines are what a verifier
// compares with the database. Pure: no I/O, no clock (the time is a parameter).
import { createHash } from 'node:crypto';

export interface LaneHead {
  readonly lane: number;
  /** The lane's last sequence number (0: the lane has no record yet, and hash is its genesis). */
  readonly seq: bigint;
  readonly hash: Buffer;
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: bigint;
  readonly root: Buffer;
  readonly time: string;
  readonly lanes: readonly LaneHead[];
}

export class CheckpointFormatError extends Error {}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

function laneLine(head: LaneHead): string {
  return `lane ${head.lane} ${head.seq} ${head.hash.toString('base64')}`;
}

/** The one hash over every lane head. */
export function laneRoot(lanes: readonly LaneHead[]): Buffer {
  const hash = createHash('sha256');
  for (const head of lanes) hash.update(laneLine(head) + '\n', 'utf8');
  return hash.digest();
}

/** The checkpoint's note text (unsigned), lanes in lane order. */
export function checkpointText(origin: string, time: string, heads: readonly LaneHead[]): string {
  if (!INSTANT.test(time)) throw new CheckpointFormatError(`the time must be an ISO 8601 instant in UTC, got '${time}'`);
  const lanes = [...heads].sort((a, b) => a.lane - b.lane);
  const size = lanes.reduce((n, h) => n + h.seq, 0n);
  return [origin, String(size), laneRoot(lanes).toString('base64'), `time ${time}`, ...lanes.map(laneLine)].join('\n') + '\n';
}

/**
 * Reads a checkpoint's note text (already opened with a trusted key), checking that its size and
 * root hash agree with its lane lines.
 */
export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : [];
  if (lines.length < 4) throw new CheckpointFormatError('a checkpoint has an origin, a size, a root hash and a time line at least');
  const [origin, sizeLine, rootLine, timeLine] = lines as [string, string, string, string];
  if (origin === '') throw new CheckpointFormatError('the origin line is empty');
  if (!/^(0|[1-9]\d*)$/.test(sizeLine)) throw new CheckpointFormatError(`the size line must be a decimal number without leading zeros, got '${sizeLine}'`);
  const root = Buffer.from(rootLine, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootLine) throw new CheckpointFormatError('the root hash line must be base64 of 32 bytes');
  const time = /^time (\S+)$/.exec(timeLine)?.[1];
  if (!time || !INSTANT.test(time)) throw new CheckpointFormatError(`the fourth line must be 'time <ISO 8601 instant>', got '${timeLine}'`);
  const lanes: LaneHead[] = [];
  for (const line of lines.slice(4)) {
    const m = /^lane (0|[1-9]\d*) (0|[1-9]\d*) ([A-Za-z0-9+/]{43}=)$/.exec(line);
    if (!m) throw new CheckpointFormatError(`not a lane line: '${line.slice(0, 80)}'`);
    const head = { lane: Number(m[1]), seq: BigInt(m[2]!), hash: Buffer.from(m[3]!, 'base64') };
    if (lanes.length && head.lane <= lanes[lanes.length - 1]!.lane) throw new CheckpointFormatError(`lane ${head.lane} is out of order or repeated`);
    lanes.push(head);
  }
  const size = lanes.reduce((n, h) => n + h.seq, 0n);
  if (size !== BigInt(sizeLine)) throw new CheckpointFormatError(`the size ${sizeLine} is not the sum of the lanes' sequence numbers (${size})`);
  if (!laneRoot(lanes).equals(root)) throw new CheckpointFormatError('the root hash is not the hash of the lane lines');
  return { origin, size, root, time, lanes };
}

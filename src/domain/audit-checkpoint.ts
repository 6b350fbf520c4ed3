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

/** One lane's signed positions, in flat arrays: about 44 bytes each, so that many checkpoints fit. */
class LanePositions {
  count = 0;
  seqs = new Float64Array(16);
  checkpoints = new Uint32Array(16);
  hashes = Buffer.alloc(16 * 32);
  /** False once a position arrives out of (seq, checkpoint size) order: then they are sorted before use. */
  ordered = true;

  push(seq: number, hash: Buffer, checkpoint: number, sizes: readonly bigint[]): void {
    const n = this.count;
    if (n > 0) {
      const lastSeq = this.seqs[n - 1]!;
      // The same position signed alike by consecutive checkpoints (an idle lane) is kept once.
      if (seq === lastSeq && this.hashes.subarray((n - 1) * 32, n * 32).equals(hash)) return;
      if (seq < lastSeq || sizes[checkpoint]! < sizes[this.checkpoints[n - 1]!]!) this.ordered = false;
    }
    if (n === this.seqs.length) {
      const grow = <T extends Float64Array | Uint32Array>(a: T, make: (size: number) => T): T => { const b = make(a.length * 2); b.set(a); return b; };
      this.seqs = grow(this.seqs, (size) => new Float64Array(size));
      this.checkpoints = grow(this.checkpoints, (size) => new Uint32Array(size));
      const hashes = Buffer.alloc(this.hashes.length * 2);
      this.hashes.copy(hashes);
      this.hashes = hashes;
    }
    this.seqs[n] = seq;
    this.checkpoints[n] = checkpoint;
    hash.copy(this.hashes, n * 32);
    this.count = n + 1;
  }
}

export interface SignedPosition {
  readonly seq: bigint;
  readonly hash: Buffer;
  /** The index of the checkpoint that signed it, in the order they were added. */
  readonly checkpoint: number;
}

/**
 * Every lane position that a set of checkpoints signed, for `kansio audit verify --checkpoints`:
 * per lane, the sequence numbers and hashes the chain must still run through. Checkpoints are
 * added one at a time, so that only these positions are held, not the checkpoints' texts.
 */
export class CheckpointPositions {
  /** Each added checkpoint's size, by index. */
  readonly sizes: bigint[] = [];
  readonly #lanes = new Map<number, LanePositions>();

  /** Adds one checkpoint's lane heads; returns its index. */
  add(checkpoint: Checkpoint): number {
    const tooLong = checkpoint.lanes.find((h) => h.seq > BigInt(Number.MAX_SAFE_INTEGER));
    if (tooLong) throw new CheckpointFormatError(`lane ${tooLong.lane}: sequence number ${tooLong.seq} is beyond what verify can hold`);
    const index = this.sizes.length;
    this.sizes.push(checkpoint.size);
    for (const head of checkpoint.lanes) {
      if (head.seq === 0n) continue;
      let lane = this.#lanes.get(head.lane);
      if (!lane) this.#lanes.set(head.lane, lane = new LanePositions());
      lane.push(Number(head.seq), head.hash, index, this.sizes);
    }
    return index;
  }

  get count(): number {
    return this.sizes.length;
  }

  lanes(): number[] {
    return [...this.#lanes.keys()].sort((a, b) => a - b);
  }

  /** One lane's positions by sequence number, and among equal ones the smallest checkpoint first. */
  *of(lane: number): Generator<SignedPosition> {
    const p = this.#lanes.get(lane);
    if (!p) return;
    const order = p.ordered ? undefined : Array.from({ length: p.count }, (_, i) => i)
      .sort((a, b) => p.seqs[a]! - p.seqs[b]! || (this.sizes[p.checkpoints[a]!]! < this.sizes[p.checkpoints[b]!]! ? -1 : 1));
    for (let k = 0; k < p.count; k++) {
      const i = order ? order[k]! : k;
      yield { seq: BigInt(p.seqs[i]!), hash: p.hashes.subarray(i * 32, i * 32 + 32), checkpoint: p.checkpoints[i]! };
    }
  }
}

// Which of the 64 audit lanes (hash chains, decision 0001) a writer appends to. Every pooled
// connection and every group-commit writer of a process takes a lane of its own, round robin
// from a random start, so that a process never queues on its own lane head (that wait would last
// until the other transaction's commit has reached the disk). Processes sharing a database may
// meet on a lane now and then; the head row's lock keeps each chain correct regardless.
import { randomInt } from 'node:crypto';

export const AUDIT_LANES = 64;

let nextLane = randomInt(AUDIT_LANES);

/** The next lane in this process's round robin. */
export function takeAuditLane(): number {
  const lane = nextLane;
  nextLane = (nextLane + 1) % AUDIT_LANES;
  return lane;
}

// SMART Backend Services and RFC 7523 3: an assertion is used once. Claims the jti of the client
// assertion and of the professional assertion after every other check has passed, and refuses a
// jti seen before with the error of the assertion that carried it. Forgets expired claims now and then.
import type { Queryable } from '../../store/queryable.ts';
import { claimJti, pruneExpiredJtis } from '../../store/jti.ts';
import type { ReplayClaim } from './expectations.ts';

const PRUNE_EVERY_S = 60;
let lastPrune = 0;

export async function checkNotReplayed(db: Queryable, claims: readonly ReplayClaim[], now: number): Promise<void> {
  if (now - lastPrune >= PRUNE_EVERY_S) {
    lastPrune = now;
    await pruneExpiredJtis(db, new Date(now * 1000));
  }
  for (const claim of claims) {
    if (!(await claimJti(db, claim.key, new Date(claim.expiresAt * 1000)))) throw claim.refusal;
  }
}

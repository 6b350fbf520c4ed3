// Replay protection for client assertions and professional assertions: each jti is accepted once
// while it could still be valid (SMART Backend Services, RFC 7523 section 3).
import type { Queryable } from './queryable.ts';

/**
 * Claims a jti until expiresAt. True when it was free: never seen, or seen only under an
 * assertion that has since expired (so a row not yet pruned never blocks a legitimate reuse).
 */
export async function claimJti(db: Queryable, jti: string, expiresAt: Date): Promise<boolean> {
  const r = await db.query({
    name: 'jti-claim',
    text: `insert into seen_jti (jti, expires_at) values ($1, $2)
           on conflict (jti) do update set expires_at = excluded.expires_at where seen_jti.expires_at < now()
           returning jti`,
    values: [jti, expiresAt],
  });
  return r.rowCount === 1;
}

/** Deletes the jti claims whose assertions have expired; returns how many. */
export async function pruneExpiredJtis(db: Queryable, now: Date): Promise<number> {
  const r = await db.query({ name: 'jti-prune', text: 'delete from seen_jti where expires_at < $1', values: [now] });
  return r.rowCount ?? 0;
}

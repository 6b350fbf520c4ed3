// Removed systems and professionals (migration 0013), for refusing the access tokens they hold.
import type { Queryable } from './queryable.ts';

export type RevokedKind = 'system' | 'professional';

export interface Revocation {
  readonly kind: RevokedKind;
  readonly id: string;
  /** ms since the epoch. */
  readonly revokedAt: number;
}

export async function recordRevocation(tx: Queryable, kind: RevokedKind, id: string, at: string): Promise<void> {
  await tx.query({
    name: 'revocation-record',
    text: 'insert into revoked_credential (kind, id, revoked_at) values ($1, $2, $3) on conflict (kind, id) do update set revoked_at = excluded.revoked_at',
    values: [kind, id, at],
  });
}

/** Revocations recent enough to matter: an access token issued before one lives at most `withinSeconds`. */
export async function recentRevocations(db: Queryable, withinSeconds: number): Promise<Revocation[]> {
  const { rows } = await db.query<{ kind: RevokedKind; id: string; revoked_at: Date }>({
    name: 'revocation-recent',
    text: "select kind, id, revoked_at from revoked_credential where revoked_at > now() - make_interval(secs => $1)",
    values: [withinSeconds],
  });
  return rows.map((r) => ({ kind: r.kind, id: r.id, revokedAt: r.revoked_at.getTime() }));
}

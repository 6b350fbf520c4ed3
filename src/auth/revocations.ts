// Issue 10 onboarding: an access token is checked without the database (its signature, cached),
// so removing a system or a professional alone would leave their tokens working for up to 300 s.
// Each server process keeps the recent removals in memory, polled once a second from
// revoked_credential (one small indexed query), and refuses a token issued before its system's or
// its professional's removal. Polling rather than LISTEN/NOTIFY: nothing is missed across a
// reconnect, and a removal made by `kansio system remove` in another process is seen the same way.
import type { Queryable } from '../store/queryable.ts';
import type { Requester } from '../domain/types.ts';
import { Unauthenticated } from '../domain/errors.ts';
import { recentRevocations, type RevokedKind } from '../store/revocations.ts';
import type { Logger } from '../log.ts';

export const REVOCATION_POLL_MS = 1_000;

export class RevocationList {
  private revoked = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly db: Queryable;
  private readonly withinSeconds: number;
  private readonly log: Logger | undefined;

  /** @param withinSeconds how far back a removal can matter: the longest a token can live, clock allowance included. */
  constructor(db: Queryable, withinSeconds: number, log?: Logger) {
    this.db = db;
    this.withinSeconds = withinSeconds;
    this.log = log;
  }

  /** Reads the recent removals now; concurrent calls share one query. */
  refresh(): Promise<void> {
    this.refreshing ??= recentRevocations(this.db, this.withinSeconds)
      .then((rows) => { this.revoked = new Map(rows.map((r) => [`${r.kind}:${r.id}`, r.revokedAt])); })
      .finally(() => { this.refreshing = undefined; });
    return this.refreshing;
  }

  /** Polls until stop(); a failed poll keeps the last list and is logged (the next one retries). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.log?.warn({ err: (error as Error).message }, 'revocation poll failed; the last list stays in force'));
    }, REVOCATION_POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** When `id` was removed (ms since the epoch), if it was recently. */
  revokedAt(kind: RevokedKind, id: string): number | undefined {
    return this.revoked.get(`${kind}:${id}`);
  }
}

/**
 * Throws Unauthenticated when the token (issued at `issuedAtS`, seconds) predates the removal of
 * its system or of the professional it binds. A token of the same second as the removal counts
 * as before it: refusing a fresh one is safer than accepting a stale one.
 */
export function checkNotRevoked(list: RevocationList, requester: Requester, issuedAtS: number): void {
  const system = list.revokedAt('system', requester.systemId);
  if (system !== undefined && issuedAtS <= Math.floor(system / 1000)) {
    throw Unauthenticated.of(`the client data system ${requester.systemId} was removed from Kansio at ${new Date(system).toISOString()}; its access tokens no longer work`);
  }
  const professional = requester.professional ? list.revokedAt('professional', requester.professional.id) : undefined;
  if (professional !== undefined && issuedAtS <= Math.floor(professional / 1000)) {
    throw Unauthenticated.of(`the professional this access token binds was removed from Kansio at ${new Date(professional).toISOString()}; request a token with a current professional`);
  }
}

// Portal sessions: @fastify/session with the sessions in PostgreSQL (migration 0008). The browser
// holds only a signed, random session id in an HttpOnly, SameSite=Lax cookie (Secure behind
// TLS), so logging out or expiring ends the session on the server too: a copied cookie is worth
// nothing afterwards. Inactivity is enforced here, not by the cookie: the row's expires_at moves
// forward at most once a minute, so that a page view does not always cost a write.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Archivist } from '../usecases/archivist-context.ts';
import type { Queryable } from '../store/queryable.ts';
import { deleteWebSession, readWebSession, writeWebSession } from '../store/web-sessions.ts';

/** A person-in-the-portal's session. */
export interface CitizenSession {
  readonly personKey: string;
  /** For the page header: the logged-in person's own name. */
  readonly name: string;
  /** ISO instant of the login. */
  readonly loggedInAt: string;
}

export interface LoginInProgress {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** A citizen logging in to the portal, or a professional to the archivist interface. */
  readonly kind: 'citizen' | 'professional';
}

/** An archive officer's session (L2): the archivist as the use cases take them. */
export type ArchivistSession = Archivist;

declare module 'fastify' {
  interface Session {
    citizen?: CitizenSession;
    archivist?: ArchivistSession;
    /** The person whose data is on screen: the citizen or one they act for (V13). */
    viewing?: string;
    login?: LoginInProgress;
    /** ms since the epoch of the last request that counted as activity. */
    lastSeen?: number;
    /** The CSRF secret of @fastify/csrf-protection. */
    _csrf?: string;
  }
}

type Callback = (error?: unknown, result?: never) => void;

/** The store interface @fastify/session expects (express-session's), over PostgreSQL. */
export function postgresSessionStore(db: Queryable, idleMinutes: number) {
  const idleMs = idleMinutes * 60_000;
  return {
    set(sessionId: string, session: object, callback: Callback): void {
      const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
      const lastSeen = typeof data.lastSeen === 'number' ? data.lastSeen : Date.now();
      writeWebSession(db, sessionId, data, new Date(lastSeen + idleMs)).then(() => callback(), callback);
    },
    get(sessionId: string, callback: (error: unknown, result?: never) => void): void {
      readWebSession(db, sessionId).then((data) => callback(null, (data ?? null) as never), callback);
    },
    destroy(sessionId: string, callback: Callback): void {
      deleteWebSession(db, sessionId).then(() => callback(), callback);
    },
  };
}

const TOUCH_EVERY_MS = 60_000;

/**
 * onRequest hook: a session idle for longer than the window is ended (the person logs in
 * again); an active one is marked seen, which saves it when a minute has passed.
 */
export function enforceInactivity(idleMinutes: number) {
  const idleMs = idleMinutes * 60_000;
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const session = request.session;
    if (!session || typeof session.get !== 'function') return;
    const now = Date.now();
    const lastSeen = session.lastSeen;
    const loggedIn = session.citizen !== undefined || session.archivist !== undefined;
    if (loggedIn && lastSeen !== undefined && now - lastSeen > idleMs) {
      await session.destroy();
      await session.regenerate();
      expiredSessions.add(request);
      return;
    }
    if (loggedIn && (lastSeen === undefined || now - lastSeen > TOUCH_EVERY_MS)) session.lastSeen = now;
  };
}

/** The requests that found their session expired: the page says so. */
export const expiredSessions = new WeakSet<FastifyRequest>();

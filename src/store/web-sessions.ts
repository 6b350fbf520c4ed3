// Web sessions of the portal (migration 0008): the browser holds only the signed session id.
import type { Queryable } from './queryable.ts';

export async function readWebSession(db: Queryable, sessionId: string): Promise<unknown> {
  const r = await db.query<{ data: unknown }>({ name: 'web-session-get', text: 'select data from web_session where session_id = $1 and expires_at > now()', values: [sessionId] });
  return r.rows[0]?.data;
}

export async function writeWebSession(db: Queryable, sessionId: string, data: unknown, expiresAt: Date): Promise<void> {
  await db.query({
    name: 'web-session-set',
    text: `insert into web_session (session_id, data, expires_at) values ($1, $2, $3)
           on conflict (session_id) do update set data = excluded.data, expires_at = excluded.expires_at`,
    values: [sessionId, JSON.stringify(data), expiresAt],
  });
}

export async function deleteWebSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query({ name: 'web-session-delete', text: 'delete from web_session where session_id = $1', values: [sessionId] });
}

/** Removes sessions whose inactivity window has passed; returns how many. */
export async function purgeExpiredWebSessions(db: Queryable): Promise<number> {
  const r = await db.query('delete from web_session where expires_at <= now()');
  return r.rowCount ?? 0;
}

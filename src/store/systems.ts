// Client data systems: each registered with its controller, its profile (L5) and the public keys
// that verify its private_key_jwt client assertions (SMART Backend Services).
import type { JSONWebKeySet } from 'jose';
import type { Queryable } from './queryable.ts';
import type { ControllerOid, SystemProfile } from '../domain/types.ts';

export interface SystemRow {
  readonly clientId: string;
  readonly name: string;
  readonly controllerOid: ControllerOid;
  readonly profile: SystemProfile;
  /** Public keys only; the system keeps its private key. */
  readonly jwks: JSONWebKeySet;
}

interface Row { client_id: string; name: string; controller_oid: string; profile: SystemProfile; jwks: JSONWebKeySet }

export async function getSystem(db: Queryable, clientId: string): Promise<SystemRow | undefined> {
  const r = await db.query<Row>({
    name: 'system-by-client-id',
    text: 'select client_id, name, controller_oid, profile, jwks from client_system where client_id = $1',
    values: [clientId],
  });
  const row = r.rows[0];
  if (!row) return undefined;
  return { clientId: row.client_id, name: row.name, controllerOid: row.controller_oid as ControllerOid, profile: row.profile, jwks: row.jwks };
}

/** Registers a system, or updates its name, controller, profile and keys if it is already registered. */
export async function registerSystem(tx: Queryable, s: SystemRow): Promise<void> {
  await tx.query({
    name: 'system-register',
    text: `insert into client_system (client_id, name, controller_oid, profile, jwks) values ($1, $2, $3, $4, $5)
           on conflict (client_id) do update set name = excluded.name, controller_oid = excluded.controller_oid,
             profile = excluded.profile, jwks = excluded.jwks`,
    values: [s.clientId, s.name, s.controllerOid, s.profile, JSON.stringify(s.jwks)],
  });
}

// Client data systems: each registered with its controller, its profile (L5) and the public keys
// that verify its private_key_jwt client assertions (SMART Backend Services): inline (jwks) or
// published by the system at a JWKS URL (jwksUri) that the token endpoint fetches.
import type { JSONWebKeySet } from 'jose';
import type { Queryable } from './queryable.ts';
import type { ControllerOid, SystemProfile } from '../domain/types.ts';

export interface SystemRow {
  readonly clientId: string;
  readonly name: string;
  readonly controllerOid: ControllerOid;
  readonly profile: SystemProfile;
  /** Public keys only; the system keeps its private key. Empty when jwksUri is set. */
  readonly jwks: JSONWebKeySet;
  /** Where the system publishes its public keys, instead of jwks. */
  readonly jwksUri?: string | null;
}

interface Row { client_id: string; name: string; controller_oid: string; profile: SystemProfile; jwks: JSONWebKeySet; jwks_uri: string | null }
const toRow = (row: Row): SystemRow => ({
  clientId: row.client_id, name: row.name, controllerOid: row.controller_oid as ControllerOid, profile: row.profile, jwks: row.jwks, jwksUri: row.jwks_uri,
});

export async function getSystem(db: Queryable, clientId: string): Promise<SystemRow | undefined> {
  const r = await db.query<Row>({
    name: 'system-by-client-id',
    text: 'select client_id, name, controller_oid, profile, jwks, jwks_uri from client_system where client_id = $1',
    values: [clientId],
  });
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

/** Every system, or one controller's. */
export async function listSystems(db: Queryable, controllerOid?: string): Promise<SystemRow[]> {
  const r = await db.query<Row>({
    name: 'system-list',
    text: 'select client_id, name, controller_oid, profile, jwks, jwks_uri from client_system where $1::text is null or controller_oid = $1 order by controller_oid, client_id',
    values: [controllerOid ?? null],
  });
  return r.rows.map(toRow);
}

/** Registers a system, or updates its name, controller, profile and keys if it is already registered. */
export async function registerSystem(tx: Queryable, s: SystemRow): Promise<void> {
  await tx.query({
    name: 'system-register',
    text: `insert into client_system (client_id, name, controller_oid, profile, jwks, jwks_uri) values ($1, $2, $3, $4, $5, $6)
           on conflict (client_id) do update set name = excluded.name, controller_oid = excluded.controller_oid,
             profile = excluded.profile, jwks = excluded.jwks, jwks_uri = excluded.jwks_uri`,
    values: [s.clientId, s.name, s.controllerOid, s.profile, JSON.stringify(s.jwks), s.jwksUri ?? null],
  });
}

/** Replaces the system's inline keys (rotation). */
export async function setSystemKeys(tx: Queryable, clientId: string, jwks: JSONWebKeySet): Promise<void> {
  await tx.query({ name: 'system-set-keys', text: 'update client_system set jwks = $2 where client_id = $1', values: [clientId, JSON.stringify(jwks)] });
}

/** The token endpoint reads the row on every request: a deleted system gets no token from then on. */
export async function deleteSystem(tx: Queryable, clientId: string): Promise<void> {
  await tx.query({ name: 'system-delete', text: 'delete from client_system where client_id = $1', values: [clientId] });
}

// Issue 10 onboarding: key rotation without downtime. The administrator adds the new public key
// (a key with a kid already registered replaces it), the system switches to signing with it,
// and the old key is removed. The token endpoint reads the keys on every request: no restart.
import type { JWK } from 'jose';
import type { Tx } from '../store/db.ts';
import { Conflict, NotFound, Unprocessable } from '../domain/errors.ts';
import { checkClientId, checkPublicJwk, firstProblem } from '../domain/onboarding.ts';
import { getSystem, setSystemKeys, type SystemRow } from '../store/systems.ts';
import { auditAdminChange, authorise, refuseProblem, type AdminActor } from './admin-audit.ts';
import { checkKeysImport } from './register-system.ts';

export interface AddSystemKeyProps {
  readonly clientId: string;
  /** One public JWK with a kid. */
  readonly jwk: unknown;
  readonly actor: AdminActor;
  readonly now: string;
}

export interface RemoveSystemKeyProps {
  readonly clientId: string;
  readonly kid: string;
  readonly actor: AdminActor;
  readonly now: string;
}

async function inlineKeysOf(tx: Tx, clientId: string, actor: AdminActor): Promise<SystemRow> {
  refuseProblem(checkClientId('clientId', clientId));
  const system = await getSystem(tx, clientId);
  if (!system) throw NotFound.of(`no client data system is registered with client id ${clientId}`);
  authorise(actor, { entity: 'system', before: system.controllerOid, after: system.controllerOid });
  if (system.jwksUri) throw Unprocessable.of(`system ${clientId} publishes its keys at ${system.jwksUri}: rotate them there (the token endpoint fetches an unknown kid again)`, 'clientId');
  return system;
}

export async function addSystemKey(tx: Tx, props: AddSystemKeyProps): Promise<{ change: 'add' | 'update' }> {
  refuseProblem(checkPublicJwk('jwk', props.jwk));
  const jwk = props.jwk as JWK;
  refuseProblem(firstProblem(checkKeysImport('jwk', { keys: [jwk] })));
  const system = await inlineKeysOf(tx, props.clientId, props.actor);
  const replaced = system.jwks.keys.some((k) => k.kid === jwk.kid);
  await setSystemKeys(tx, system.clientId, { keys: [...system.jwks.keys.filter((k) => k.kid !== jwk.kid), jwk] });
  const change = replaced ? 'update' : 'add';
  await auditAdminChange(tx, {
    actor: props.actor, now: props.now, organisationOid: system.controllerOid,
    admin: { entity: 'system-key', id: `${system.clientId}#${jwk.kid}`, change },
    detail: `${replaced ? 'replaced' : 'added'} public key ${jwk.kid} of client data system ${system.clientId}`,
  });
  return { change };
}

export async function removeSystemKey(tx: Tx, props: RemoveSystemKeyProps): Promise<void> {
  const system = await inlineKeysOf(tx, props.clientId, props.actor);
  if (!system.jwks.keys.some((k) => k.kid === props.kid)) {
    throw NotFound.of(`system ${system.clientId} has no key with kid '${props.kid}'; its kids are ${system.jwks.keys.map((k) => k.kid).join(', ')}`);
  }
  if (system.jwks.keys.length === 1) throw Conflict.of(`'${props.kid}' is the last key of system ${system.clientId}: add its new key first, then remove this one`, 'kid');
  await setSystemKeys(tx, system.clientId, { keys: system.jwks.keys.filter((k) => k.kid !== props.kid) });
  await auditAdminChange(tx, {
    actor: props.actor, now: props.now, organisationOid: system.controllerOid,
    admin: { entity: 'system-key', id: `${system.clientId}#${props.kid}`, change: 'remove' },
    detail: `removed public key ${props.kid} of client data system ${system.clientId}`,
  });
}

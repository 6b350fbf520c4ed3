// Issue 10 onboarding: a controller's administrator registers a client data system with its
// profile (L5: what its tokens allow) and its public keys, inline (a JWKS) or at a JWKS URL the
// token endpoint fetches. Registering again updates it; an identical registration is a no-op.
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import type { Tx } from '../store/db.ts';
import type { ControllerOid, SystemProfile } from '../domain/types.ts';
import { Unprocessable } from '../domain/errors.ts';
import { checkClientId, checkJwks, checkJwksUrl, checkOid, checkOneOf, checkText, firstProblem, isControllerKind, SYSTEM_PROFILES, type FieldProblem } from '../domain/onboarding.ts';
import { getOrganisation } from '../store/organisations.ts';
import { getSystem, registerSystem as upsertSystem, type SystemRow } from '../store/systems.ts';
import { canonicalJson } from '../store/audit.ts';
import { auditAdminChange, authorise, refuseProblem, refuseUnexpected, type AdminActor, type Expect } from './admin-audit.ts';
import type { Change } from './register-organisation.ts';

export interface RegisterSystemProps {
  /** The OAuth client_id: iss and sub of the system's client assertions. */
  readonly clientId: string;
  readonly name: string;
  /** The controller whose register the system writes and reads (not a unit). */
  readonly controllerOid: string;
  /** L5: connecting, storing, reading or service. */
  readonly profile: string;
  /** Inline public keys, parsed JSON; exactly one of jwks and jwksUrl. */
  readonly jwks?: unknown;
  /** Where the system publishes its public keys. */
  readonly jwksUrl?: string | undefined;
  readonly actor: AdminActor;
  readonly now: string;
  /** An add form's 'new' or a change form's 'existing'. */
  readonly expect?: Expect;
}

/** Checks that each key of a JWKS that passed checkJwks is a usable public key (valid base64url, on its curve). */
export function checkKeysImport(field: string, jwks: JSONWebKeySet): FieldProblem | undefined {
  for (const [i, key] of jwks.keys.entries()) {
    try {
      createPublicKey({ key: key as JsonWebKey, format: 'jwk' });
    } catch (error) {
      return { field: `${field}.keys[${i}]`, message: `is not a usable public key (${(error as Error).message})` };
    }
  }
  return undefined;
}

export async function registerSystem(tx: Tx, props: RegisterSystemProps): Promise<{ system: SystemRow; change: Change }> {
  refuseProblem(firstProblem(
    checkClientId('clientId', props.clientId), checkText('name', props.name), checkOid('controller', props.controllerOid),
    checkOneOf('profile', props.profile, SYSTEM_PROFILES),
  ));
  const hasJwks = props.jwks !== undefined;
  if (hasJwks === (props.jwksUrl !== undefined)) refuseProblem({ field: 'jwks', message: 'give the public keys either inline (a JWKS) or as a JWKS URL, exactly one of the two' });
  if (hasJwks) refuseProblem(firstProblem(checkJwks('jwks', props.jwks), checkKeysImport('jwks', props.jwks as JSONWebKeySet)));
  else refuseProblem(checkJwksUrl('jwksUrl', props.jwksUrl!));
  const existing = await getSystem(tx, props.clientId);
  authorise(props.actor, { entity: 'system', before: existing?.controllerOid, after: props.controllerOid });
  refuseUnexpected(props.expect, existing !== undefined, `client data system ${props.clientId}`, 'clientId');
  const controller = await getOrganisation(tx, props.controllerOid);
  if (!controller) throw Unprocessable.of(`no organisation ${props.controllerOid} is registered: register it with kansio org add first`, 'controller');
  if (controller.kind === 'unit') throw Unprocessable.of(`${props.controllerOid} is a unit; a system is registered with its controller ${controller.parentOid}`, 'controller');
  if (!isControllerKind(controller.kind)) throw Unprocessable.of(`${props.controllerOid} is the national operator's organisation, not a controller: it has no register`, 'controller');

  const system: SystemRow = {
    clientId: props.clientId, name: props.name.trim(), controllerOid: props.controllerOid as ControllerOid, profile: props.profile as SystemProfile,
    jwks: hasJwks ? { keys: (props.jwks as JSONWebKeySet).keys } : { keys: [] }, jwksUri: hasJwks ? null : props.jwksUrl!,
  };
  // Canonical JSON on both sides: jsonb gives the keys back in its own order.
  if (existing && canonicalJson({ ...existing, jwksUri: existing.jwksUri ?? null }) === canonicalJson(system)) return { system, change: 'unchanged' };
  const change = existing ? 'update' : 'add';
  await upsertSystem(tx, system);
  const keys = system.jwksUri ? `keys at ${system.jwksUri}` : `keys ${system.jwks.keys.map((k) => k.kid).join(', ')}`;
  await auditAdminChange(tx, {
    actor: props.actor, now: props.now, organisationOid: system.controllerOid,
    admin: { entity: 'system', id: system.clientId, change },
    detail: `${change === 'add' ? 'registered' : 'updated'} client data system ${system.clientId} '${system.name}', profile ${system.profile} (L5), ${keys}`,
  });
  return { system, change };
}

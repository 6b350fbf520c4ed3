// SMART Backend Services client authentication (private_key_jwt, RFC 7523): a JWT signed with one
// of the keys registered for the system, iss = sub = client_id, aud = the token endpoint, expiring
// within 5 minutes, with a jti. Refuses with invalid_client and says which of these failed.
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import type { Queryable } from '../../store/queryable.ts';
import { getSystem, type SystemRow } from '../../store/systems.ts';
import { ASSERTION_MAX_LIFETIME_S, CLIENT_ASSERTION_ALGS, CLOCK_SKEW_S } from '../metadata.ts';
import { InvalidClient, InvalidRequest } from '../oauth-errors.ts';
import type { TokenParams } from './check-form.ts';
import { describeJoseError } from './describe-jose-error.ts';
import type { Expectations, ReplayClaim } from './expectations.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_JTI_LENGTH = 255;

/** RFC 7523 2.2: the client authenticates with a JWT bearer assertion and nothing else. */
export function checkClientAssertionType(params: TokenParams): void {
  if (params.client_assertion_type !== JWT_BEARER) {
    throw new InvalidClient(params.client_assertion_type
      ? `client_assertion_type '${params.client_assertion_type}' is not supported; send ${JWT_BEARER}`
      : `client_assertion_type is missing; authenticate with private_key_jwt: client_assertion_type=${JWT_BEARER} and a signed client_assertion`);
  }
  if (!params.client_assertion) throw new InvalidRequest('client_assertion is missing; send a JWT signed with your private key (private_key_jwt)');
}

/** The registered system that signed the client assertion, and its jti to claim. */
export async function checkClientAssertion(db: Queryable, params: TokenParams, expect: Expectations): Promise<{ system: SystemRow; replay: ReplayClaim }> {
  const assertion = params.client_assertion!;
  const clientId = unverifiedIssuer(assertion);
  if (params.client_id !== undefined && params.client_id !== clientId) {
    throw new InvalidClient(`client_id '${params.client_id}' differs from the client_assertion's iss '${clientId}'`);
  }
  const system = await getSystem(db, clientId);
  if (!system) throw new InvalidClient(`no client data system is registered with client_id '${clientId}'; ask the operator to register it with its public keys`);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, keySetOf(system), {
      algorithms: [...CLIENT_ASSERTION_ALGS],
      issuer: clientId,
      subject: clientId,
      audience: [expect.tokenUrl, expect.issuer],
      requiredClaims: ['exp', 'jti'],
      currentDate: new Date(expect.now * 1000),
      clockTolerance: CLOCK_SKEW_S,
    }));
  } catch (error) {
    throw new InvalidClient(describeJoseError(error, {
      name: 'client_assertion',
      audience: `the token endpoint URL ${expect.tokenUrl}`,
      algorithms: CLIENT_ASSERTION_ALGS,
      keyHolder: system.jwksUri ? `the keys published at ${system.jwksUri} for client '${clientId}'` : `the keys registered for client '${clientId}'`,
      keySource: system.jwksUri ?? undefined,
    }));
  }
  // SMART: exp no more than five minutes in the future.
  if (payload.exp! > expect.now + ASSERTION_MAX_LIFETIME_S + CLOCK_SKEW_S) {
    throw new InvalidClient(`client_assertion exp is ${payload.exp! - expect.now} s ahead; it may be at most ${ASSERTION_MAX_LIFETIME_S} s ahead`);
  }
  const jti = payload.jti;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
    throw new InvalidClient(`client_assertion jti must be a non-empty string of at most ${MAX_JTI_LENGTH} characters`);
  }
  return {
    system,
    replay: {
      key: `client:${clientId}:${jti}`,
      expiresAt: payload.exp! + CLOCK_SKEW_S,
      refusal: new InvalidClient(`client_assertion jti '${jti}' has been used before; sign a new assertion with a fresh jti for every token request`),
    },
  };
}

// A system that publishes its keys at a URL (issue 10): one key set per URL, which jose caches
// and fetches again when an assertion names a kid it does not hold (rotation at the system).
const remoteKeySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetOf(system: SystemRow): ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet> {
  if (!system.jwksUri) return createLocalJWKSet(system.jwks);
  let set = remoteKeySets.get(system.jwksUri);
  if (!set) remoteKeySets.set(system.jwksUri, (set = createRemoteJWKSet(new URL(system.jwksUri), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 600_000 })));
  return set;
}

function unverifiedIssuer(assertion: string): string {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw new InvalidClient('client_assertion is not a JWT (a compact JWS with a JSON payload)');
  }
  if (typeof claims.iss !== 'string' || claims.iss === '') {
    throw new InvalidClient('client_assertion has no iss; iss and sub must both be your client_id');
  }
  return claims.iss;
}

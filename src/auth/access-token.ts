// Access tokens: JWTs (RFC 9068, typ at+jwt) signed with the server's ES256 key, valid 300 s,
// carrying the system, its controller and profile (L5) and the bound professional (D9).
// authenticate() checks one on every FHIR request: no database, the key imported once; removed
// systems and professionals come from an in-memory list polled each second (revocations.ts).
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Config } from '../config.ts';
import type { ControllerOid, OrganisationOid, Requester, SystemProfile } from '../domain/types.ts';
import { Unauthenticated } from '../domain/errors.ts';
import type { ProfessionalRow } from '../store/professionals.ts';
import type { SystemRow } from '../store/systems.ts';
import type { AuthKeys } from './keys.ts';
import { checkNotRevoked, type RevocationList } from './revocations.ts';
import { ACCESS_TOKEN_LIFETIME_S, fhirAudience, tokenEndpoint } from './metadata.ts';

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope: string;
}

/** The professional as the token carries it. */
interface ProfClaim { id: string; name: string; title: string; org: string; roles?: string[] }

interface AccessTokenClaims extends JWTPayload {
  client_id: string;
  scope: string;
  profile: SystemProfile;
  controller: string;
  system_name: string;
  prof?: ProfClaim;
}

export async function issueAccessToken(
  keys: AuthKeys,
  config: Config,
  grant: { system: SystemRow; professional: ProfessionalRow | undefined; scopes: readonly string[] },
  now: number,
): Promise<TokenResponse> {
  const { system, professional } = grant;
  const scope = grant.scopes.join(' ');
  const claims: Omit<AccessTokenClaims, keyof JWTPayload> = {
    client_id: system.clientId,
    scope,
    profile: system.profile,
    controller: system.controllerOid,
    system_name: system.name,
    ...(professional ? {
      prof: {
        id: professional.professionalId,
        name: `${professional.givenName} ${professional.familyName}`,
        title: professional.title,
        org: professional.organisationOid,
        ...(professional.roles.length ? { roles: [...professional.roles] } : {}),
      },
    } : {}),
  };
  const accessToken = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: keys.tokenKeyId })
    .setIssuer(config.baseUrl)
    .setSubject(system.clientId)
    .setAudience(fhirAudience(config))
    .setIssuedAt(now)
    .setExpirationTime(now + ACCESS_TOKEN_LIFETIME_S)
    .setJti(randomUUID())
    .sign(keys.tokenSigningKey);
  return { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_S, scope };
}

// Verified tokens, per key set: a client reuses its token for up to 300 s, so most requests
// skip the signature check. Entries are dropped when they expire or when the cache is full.
const CACHE_LIMIT = 10_000;
const verified = new WeakMap<AuthKeys, Map<string, { requester: Requester; iat: number; exp: number; baseUrl: string }>>();

/**
 * The requester behind an `Authorization: Bearer` header, or Unauthenticated with the reason.
 * With `revocations`, a token of a removed system or professional is refused (cached or not).
 */
export async function authenticate(keys: AuthKeys, config: Config, authorization: string | undefined, now: Date = new Date(), revocations?: RevocationList): Promise<Requester> {
  const token = bearerToken(authorization, config);
  const nowS = Math.floor(now.getTime() / 1000);
  let cache = verified.get(keys);
  if (!cache) verified.set(keys, (cache = new Map()));
  const hit = cache.get(token);
  if (hit && hit.baseUrl === config.baseUrl && hit.exp > nowS) {
    if (revocations) checkNotRevoked(revocations, hit.requester, hit.iat);
    return hit.requester;
  }

  const claims = await verifyAccessToken(keys, config, token, now);
  const requester = toRequester(claims);
  if (revocations) checkNotRevoked(revocations, requester, claims.iat!);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(token, { requester, iat: claims.iat!, exp: claims.exp!, baseUrl: config.baseUrl });
  return requester;
}

function bearerToken(authorization: string | undefined, config: Config): string {
  if (!authorization) {
    throw Unauthenticated.of(`no Authorization: Bearer header; get an access token from ${tokenEndpoint(config)} (SMART Backend Services)`);
  }
  const m = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
  if (!m) throw Unauthenticated.of("the Authorization header must be 'Bearer <access token>'");
  return m[1]!;
}

async function verifyAccessToken(keys: AuthKeys, config: Config, token: string, now: Date): Promise<AccessTokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys.tokenVerificationKey, {
      algorithms: ['ES256'],
      typ: 'at+jwt',
      issuer: config.baseUrl,
      audience: fhirAudience(config),
      requiredClaims: ['iat', 'exp', 'sub', 'scope', 'profile', 'controller'],
      currentDate: now,
    }));
  } catch (error) {
    throw Unauthenticated.of(describeTokenError(error, config));
  }
  // jose checks exp and nbf but not iat: a token issued in the future (a clock far ahead, or a
  // token minted for later use) is refused beyond the allowance for clock differences.
  const ahead = payload.iat! - Math.floor(now.getTime() / 1000);
  if (ahead > config.clockSkewSeconds) {
    throw Unauthenticated.of(`the access token's iat lies ${ahead} s in the future; at most ${config.clockSkewSeconds} s is allowed for clock differences (KANSIO_CLOCK_SKEW_SECONDS): request a new token from ${tokenEndpoint(config)}`);
  }
  // Tokens live at most 300 s, whoever signed them.
  if (payload.exp! - payload.iat! > ACCESS_TOKEN_LIFETIME_S) {
    throw Unauthenticated.of(`the access token lives ${payload.exp! - payload.iat!} s; tokens may live at most ${ACCESS_TOKEN_LIFETIME_S} s`);
  }
  return payload as AccessTokenClaims;
}

function describeTokenError(error: unknown, config: Config): string {
  if (error instanceof errors.JWTExpired) {
    const exp = error.payload.exp;
    const at = typeof exp === 'number' ? new Date(exp * 1000).toISOString() : 'an earlier time';
    return `the access token expired at ${at}; request a new one from ${tokenEndpoint(config)}`;
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss': return `the access token was not issued by this server; its iss must be ${config.baseUrl}`;
      case 'aud': return `the access token is meant for another audience; its aud must be ${fhirAudience(config)}`;
      case 'typ': return 'this is not an access token (its typ must be at+jwt)';
      default: return `the access token's ${error.claim} claim is missing or invalid: ${error.reason}`;
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed) {
    return `the access token's signature does not verify with this server's key; request a new one from ${tokenEndpoint(config)}`;
  }
  return 'the access token is not a well-formed JWT';
}

function toRequester(claims: AccessTokenClaims): Requester {
  const prof = claims.prof;
  return {
    systemId: claims.sub!,
    systemName: claims.system_name,
    profile: claims.profile,
    controllerOid: claims.controller as ControllerOid,
    ...(prof ? { professional: { id: prof.id, name: prof.name, title: prof.title, organisationOid: prof.org as OrganisationOid, roles: Array.isArray(prof.roles) ? prof.roles.filter((r) => typeof r === 'string') : [] } } : {}),
    scopes: claims.scope.split(' ').filter(Boolean),
  };
}

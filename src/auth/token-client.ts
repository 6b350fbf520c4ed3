// A client data system's side of the token request: the client assertion (private_key_jwt) and,
// for a professional, the card-signed professional assertion (D9). Used by tests, the benchmark
// and `kansio token`; a real system does the same with its own card middleware.
import { randomUUID, X509Certificate } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';

export interface CardCredentials {
  /** The card certificate, PEM. */
  readonly certPem: string;
  /** Intermediate CA certificates, PEM, nearest to the card first. */
  readonly chainPem?: readonly string[];
  /** The card's private key; on a real card the chip signs instead. */
  readonly privateJwk: JWK;
  readonly professionalId: string;
}

export interface TokenRequestInput {
  /** The server's base URL; the token endpoint is `${baseUrl}/auth/token`. */
  readonly baseUrl: string;
  readonly clientId: string;
  /** The system's private key (ES384 or RS384), with kid. */
  readonly systemPrivateJwk: JWK;
  readonly card?: CardCredentials;
  /** Space-separated SMART scopes, e.g. 'system/DocumentReference.cruds system/Binary.r'. */
  readonly scope: string;
}

export interface GrantedToken {
  readonly access_token: string;
  readonly expires_in: number;
  readonly scope: string;
}

export class TokenRequestError extends Error {
  readonly status: number;
  readonly error: string;
  constructor(status: number, error: string, description: string) {
    super(`token request refused (${status} ${error}): ${description}`);
    this.status = status;
    this.error = error;
  }
}

const ASSERTION_LIFETIME_S = 120;

export function tokenUrlOf(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/auth/token`;
}

/** SMART Backend Services client assertion: iss = sub = client id, aud = the token endpoint. */
export async function buildClientAssertion(input: { tokenUrl: string; clientId: string; privateJwk: JWK; lifetimeS?: number }): Promise<string> {
  const alg = input.privateJwk.alg ?? (input.privateJwk.kty === 'RSA' ? 'RS384' : 'ES384');
  return new SignJWT({})
    .setProtectedHeader({ alg, typ: 'JWT', ...(input.privateJwk.kid ? { kid: input.privateJwk.kid } : {}) })
    .setIssuer(input.clientId)
    .setSubject(input.clientId)
    .setAudience(input.tokenUrl)
    .setIssuedAt()
    .setExpirationTime(`${input.lifetimeS ?? ASSERTION_LIFETIME_S}s`)
    .setJti(randomUUID())
    .sign(await importJWK(input.privateJwk, alg));
}

/**
 * D9 professional assertion: a compact JWS signed with the card key, header x5c = [card,
 * ...intermediates] (base64 DER), payload { iss = sub = professional id, aud = token endpoint,
 * client_id, iat, exp (at most 300 s after iat), jti }.
 */
export async function buildProfessionalAssertion(input: { tokenUrl: string; clientId: string; card: CardCredentials; lifetimeS?: number }): Promise<string> {
  const { card } = input;
  const alg = card.privateJwk.alg ?? (card.privateJwk.kty === 'RSA' ? 'RS384' : 'ES384');
  const x5c = [card.certPem, ...(card.chainPem ?? [])].map((pem) => new X509Certificate(pem).raw.toString('base64'));
  return new SignJWT({ client_id: input.clientId })
    .setProtectedHeader({ alg, typ: 'JWT', x5c })
    .setIssuer(card.professionalId)
    .setSubject(card.professionalId)
    .setAudience(input.tokenUrl)
    .setIssuedAt()
    .setExpirationTime(`${input.lifetimeS ?? ASSERTION_LIFETIME_S}s`)
    .setJti(randomUUID())
    .sign(await importJWK(card.privateJwk, alg));
}

/** Asks the server for an access token; throws TokenRequestError with the server's reason. */
export async function requestToken(input: TokenRequestInput): Promise<GrantedToken> {
  const tokenUrl = tokenUrlOf(input.baseUrl);
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await buildClientAssertion({ tokenUrl, clientId: input.clientId, privateJwk: input.systemPrivateJwk }),
    scope: input.scope,
  });
  if (input.card) {
    form.set('professional_assertion', await buildProfessionalAssertion({ tokenUrl, clientId: input.clientId, card: input.card }));
  }
  const response = await fetch(tokenUrl, { method: 'POST', body: form, headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    throw new TokenRequestError(response.status, String(body.error ?? 'unknown_error'), String(body.error_description ?? response.statusText));
  }
  return { access_token: String(body.access_token), expires_in: Number(body.expires_in), scope: String(body.scope) };
}

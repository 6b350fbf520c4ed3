// Discovery: SMART App Launch 2 `.well-known/smart-configuration` (the backend services fields)
// and the same document as RFC 8414 authorization server metadata, which `openid-client` reads.
import type { Config } from '../config.ts';
import { scopesForProfile } from '../domain/policy/system-profile.ts';
import type { SystemProfile } from '../domain/types.ts';

export const CLIENT_ASSERTION_ALGS = ['ES384', 'RS384'] as const;
export const CARD_ASSERTION_ALGS = ['ES384', 'RS384', 'PS256'] as const;
export const ACCESS_TOKEN_LIFETIME_S = 300;
/** Client and professional assertions may live at most this long (SMART: exp at most 5 minutes ahead). */
export const ASSERTION_MAX_LIFETIME_S = 300;
/** Tolerated difference between the client's clock and ours. */
export const CLOCK_SKEW_S = 30;

export function tokenEndpoint(config: Config): string {
  return `${config.baseUrl}/auth/token`;
}

/** The audience of every access token: the FHIR base. */
export function fhirAudience(config: Config): string {
  return `${config.baseUrl}/fhir`;
}

export interface SmartConfiguration {
  readonly issuer: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
  readonly token_endpoint_auth_methods_supported: readonly string[];
  readonly token_endpoint_auth_signing_alg_values_supported: readonly string[];
  readonly grant_types_supported: readonly string[];
  readonly scopes_supported: readonly string[];
  readonly capabilities: readonly string[];
}

const PROFILES: readonly SystemProfile[] = ['connecting', 'storing', 'reading', 'service'];

/** The metadata document; served at /.well-known/smart-configuration, /.well-known/oauth-authorization-server and under /fhir. */
export function smartConfiguration(config: Config): SmartConfiguration {
  return {
    issuer: config.baseUrl,
    token_endpoint: tokenEndpoint(config),
    jwks_uri: `${config.baseUrl}/auth/jwks`,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGS],
    grant_types_supported: ['client_credentials'],
    scopes_supported: [...new Set(PROFILES.flatMap(scopesForProfile))],
    // Only what Kansio does: SMART Backend Services with asymmetric client keys, and v1 and v2
    // scope syntax (src/auth/scopes.ts). No authorization endpoint, so no launch, no PKCE, no
    // response types (an empty response_types_supported claims an endpoint that is not there).
    capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
  };
}

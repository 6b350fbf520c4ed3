// The portal as an OpenID Connect relying party (openid-client): authorization code flow with
// PKCE, state and nonce, against the configured provider (the national identification service
// in production) or the built-in demo provider. Discovery happens at the first login, not at
// start, so that a provider that is briefly down does not stop the archive from starting.
import { readFile } from 'node:fs/promises';
import { createPrivateKey } from 'node:crypto';
import * as client from 'openid-client';
import type { Config } from '../../config.ts';
import { DEFAULT_ID_CLAIM } from '../../config.ts';
import type { LoginInProgress } from '../session.ts';
import { DEMO_CLIENT_ID, PROFESSIONAL_CLAIM, PROFESSIONAL_SCOPE, type DemoProvider } from './demo-provider.ts';

/** Who logs in: a citizen (the portal) or a professional (the archivist interface). */
export type LoginKind = 'citizen' | 'professional';

export interface ProvenIdentity {
  /** A citizen's personal identity code. */
  readonly identityCode?: string;
  /** A professional's id in Kansio's professional registry (their card's subject). */
  readonly professionalId?: string;
  readonly givenName: string | undefined;
  readonly familyName: string | undefined;
}

export interface RelyingParty {
  /** Where to send the browser, and what to remember in the session until it comes back. */
  start(lang: string, kind: LoginKind): Promise<{ url: string; login: LoginInProgress }>;
  /** The identity proven by the provider's answer at the callback URL. */
  finish(callbackUrl: URL, login: LoginInProgress): Promise<ProvenIdentity>;
}

export class LoginFailed extends Error {}

interface Settings {
  readonly issuer: string;
  readonly clientId: string;
  readonly auth: () => Promise<client.ClientAuth>;
  readonly idClaim: string;
  readonly scope: string;
  readonly professionalClaim: string;
  readonly professionalScope: string;
}

async function privateKeyJwt(file: string): Promise<client.ClientAuth> {
  const key = createPrivateKey(await readFile(file));
  const alg = key.asymmetricKeyType === 'ec' ? 'ES256' : 'RS256';
  const cryptoKey = await crypto.subtle.importKey('pkcs8', key.export({ format: 'der', type: 'pkcs8' }), alg === 'ES256' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  return client.PrivateKeyJwt(cryptoKey);
}

export function relyingParty(config: Config, demo: DemoProvider | undefined): RelyingParty | undefined {
  let settings: Settings;
  if (config.oidc) {
    const oidc = config.oidc;
    settings = {
      issuer: oidc.issuer, clientId: oidc.clientId, idClaim: oidc.idClaim, scope: oidc.scope, professionalClaim: oidc.professionalClaim, professionalScope: oidc.professionalScope,
      auth: async () => (oidc.privateKeyFile ? privateKeyJwt(oidc.privateKeyFile) : client.ClientSecretBasic(oidc.clientSecret!)),
    };
  } else if (demo) {
    settings = {
      issuer: demo.issuer, clientId: DEMO_CLIENT_ID, idClaim: DEFAULT_ID_CLAIM, scope: 'openid profile',
      professionalClaim: PROFESSIONAL_CLAIM, professionalScope: `openid profile ${PROFESSIONAL_SCOPE}`, auth: async () => client.ClientSecretBasic(demo.clientSecret),
    };
  } else {
    return undefined;
  }
  const redirectUri = `${config.baseUrl}/login/callback`;
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = (): Promise<client.Configuration> => {
    discovered ??= (async () => {
      const issuerUrl = new URL(settings.issuer);
      const options = issuerUrl.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined;
      return client.discovery(issuerUrl, settings.clientId, undefined, await settings.auth(), options);
    })().catch((error: unknown) => {
      discovered = undefined;
      throw new LoginFailed(`the identity provider ${settings.issuer} cannot be reached: ${(error as Error).message}`);
    });
    return discovered;
  };

  return {
    async start(lang, kind) {
      const config = await configuration();
      const login: LoginInProgress = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), kind };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: kind === 'professional' ? settings.professionalScope : settings.scope,
        code_challenge: await client.calculatePKCECodeChallenge(login.codeVerifier),
        code_challenge_method: 'S256',
        state: login.state,
        nonce: login.nonce,
        // A shared computer: every login proves the person again.
        prompt: 'login',
        ui_locales: lang,
      });
      return { url: url.href, login };
    },
    async finish(callbackUrl, login) {
      const config = await configuration();
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: login.codeVerifier, expectedState: login.state, expectedNonce: login.nonce, idTokenExpected: true });
      } catch (error) {
        throw new LoginFailed(`the login could not be completed: ${(error as Error).message}`);
      }
      const claim = login.kind === 'professional' ? settings.professionalClaim : settings.idClaim;
      let claims: Record<string, unknown> = { ...tokens.claims() };
      // Some providers give the identity claims only from the userinfo endpoint.
      if (typeof claims[claim] !== 'string') {
        claims = { ...claims, ...(await client.fetchUserInfo(config, tokens.access_token, String(claims.sub))) };
      }
      const value = claims[claim];
      if (typeof value !== 'string') throw new LoginFailed(`the identity provider did not give the claim ${claim}`);
      const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
      const names = { givenName: text(claims.given_name), familyName: text(claims.family_name) };
      return login.kind === 'professional' ? { professionalId: value, ...names } : { identityCode: value, ...names };
    },
  };
}

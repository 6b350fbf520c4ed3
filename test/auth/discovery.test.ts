// Discovery documents (SMART App Launch 2, RFC 8414), the JWKS, and a standard OAuth client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, importJWK, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { authenticate, buildProfessionalAssertion, smartConfiguration } from '../../src/auth/index.ts';
import { startAuthServer, type AuthServer } from './support.ts';

describe('discovery', () => {
  let s: AuthServer;
  before(async () => { s = await startAuthServer(); });
  after(async () => { await s.close(); });

  test('GET /.well-known/smart-configuration describes SMART Backend Services', async () => {
    const response = await fetch(`${s.baseUrl}/.well-known/smart-configuration`);
    assert.equal(response.status, 200);
    const doc = await response.json() as Record<string, unknown>;
    assert.equal(doc.token_endpoint, s.tokenUrl);
    assert.equal(doc.jwks_uri, `${s.baseUrl}/auth/jwks`);
    assert.deepEqual(doc.token_endpoint_auth_methods_supported, ['private_key_jwt']);
    assert.deepEqual(doc.token_endpoint_auth_signing_alg_values_supported, ['ES384', 'RS384']);
    assert.deepEqual(doc.grant_types_supported, ['client_credentials']);
    assert.deepEqual(doc.capabilities, ['client-confidential-asymmetric', 'permission-v1', 'permission-v2']);
    // issue 8: no empty response_types_supported (there is no authorization endpoint).
    assert.equal('response_types_supported' in doc, false);
    assert.equal('authorization_endpoint' in doc, false);
    assert.ok((doc.scopes_supported as string[]).includes('system/DocumentReference.rs'));
    assert.deepEqual(doc, smartConfiguration(s.config));
  });

  test('GET /.well-known/oauth-authorization-server is RFC 8414 metadata with this server as issuer', async () => {
    const doc = await (await fetch(`${s.baseUrl}/.well-known/oauth-authorization-server`)).json() as Record<string, unknown>;
    assert.equal(doc.issuer, s.baseUrl);
    assert.equal(doc.token_endpoint, s.tokenUrl);
  });

  test('GET /auth/jwks publishes the public key that verifies access tokens, and no private part', async () => {
    const jwks = await (await fetch(`${s.baseUrl}/auth/jwks`)).json() as { keys: Record<string, unknown>[] };
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0]!.d, undefined);
    assert.equal(jwks.keys[0]!.alg, 'ES256');
    const system = await s.addSystem('service');
    const { body } = await s.post(await s.form(system, { scope: 'system/Binary.c' }));
    const { payload } = await jwtVerify(body.access_token as string, createLocalJWKSet(jwks as never), { issuer: s.baseUrl, audience: `${s.baseUrl}/fhir` });
    assert.equal(payload.sub, system.clientId);
  });

  test('D9: openid-client discovers the server and gets a token with private_key_jwt and a professional_assertion', async () => {
    const system = await s.addSystem('connecting');
    const card = await s.addProfessional();
    const key = await importJWK(system.privateJwk, 'ES384') as CryptoKey;
    const config = await oidc.discovery(
      new URL(s.baseUrl),
      system.clientId,
      undefined,
      oidc.PrivateKeyJwt({ key, kid: system.privateJwk.kid! }),
      { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' },
    );
    assert.equal(config.serverMetadata().token_endpoint, s.tokenUrl);
    const tokens = await oidc.clientCredentialsGrant(config, {
      scope: 'system/DocumentReference.rs',
      professional_assertion: await buildProfessionalAssertion({ tokenUrl: s.tokenUrl, clientId: system.clientId, card }),
    });
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.expires_in, 300);
    const requester = await authenticate(s.keys, s.config, `Bearer ${tokens.access_token}`);
    assert.equal(requester.professional?.id, card.professionalId);
    assert.deepEqual(requester.scopes, ['system/DocumentReference.rs']);
  });

  test('openid-client sees an OAuth error response with the reason', async () => {
    const system = await s.addSystem('storing');
    const key = await importJWK(system.privateJwk, 'ES384') as CryptoKey;
    const config = await oidc.discovery(new URL(s.baseUrl), system.clientId, undefined, oidc.PrivateKeyJwt({ key, kid: system.privateJwk.kid! }), { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' });
    await assert.rejects(oidc.clientCredentialsGrant(config, { scope: 'system/DocumentReference.cu' }), (e: unknown) => {
      const error = e as { error?: string; error_description?: string };
      return error.error === 'invalid_grant' && /professional_assertion is missing/.test(error.error_description ?? '');
    });
  });
});

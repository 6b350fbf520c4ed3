// SMART Backend Services token endpoint: client authentication, replay, lifetimes, error format.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { authenticate, buildClientAssertion, createSystemKey, requestToken, TokenRequestError } from '../../src/auth/index.ts';
import { Unauthenticated } from '../../src/domain/errors.ts';
import { CONTROLLER, startAuthServer, type AuthServer } from './support.ts';

describe('token endpoint', () => {
  let s: AuthServer;
  before(async () => { s = await startAuthServer(); });
  after(async () => { await s.close(); });

  for (const alg of ['ES384', 'RS384'] as const) {
    test(`a system signing its client assertion with ${alg} gets a token bound to its professional`, async () => {
      const system = await s.addSystem('connecting', { alg });
      const card = await s.addProfessional();
      const token = await requestToken({ baseUrl: s.baseUrl, clientId: system.clientId, systemPrivateJwk: system.privateJwk, card, scope: 'system/DocumentReference.cruds system/Binary.r' });
      assert.equal(token.expires_in, 300);
      assert.equal(token.scope, 'system/DocumentReference.crus system/Binary.r');
      const requester = await authenticate(s.keys, s.config, `Bearer ${token.access_token}`);
      assert.equal(requester.systemId, system.clientId);
      assert.equal(requester.profile, 'connecting');
      assert.equal(requester.controllerOid, CONTROLLER);
      assert.equal(requester.professional?.id, card.professionalId);
      assert.equal(requester.professional?.organisationOid, CONTROLLER);
      assert.deepEqual(requester.scopes, ['system/DocumentReference.crus', 'system/Binary.r']);
    });
  }

  test('the token response is an RFC 6749 bearer token response that is never cached', async () => {
    const system = await s.addSystem('connecting');
    const response = await fetch(s.tokenUrl, { method: 'POST', body: new URLSearchParams(await s.form(system, { card: await s.addProfessional() })) });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = await response.json() as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
    assert.equal(body.token_type, 'Bearer');
  });

  test('the access token lives at most 300 s and carries the system, controller and professional', async () => {
    const system = await s.addSystem('connecting');
    const card = await s.addProfessional();
    const { body } = await s.post(await s.form(system, { card }));
    const token = body.access_token as string;
    const claims = decodeJwt(token);
    assert.equal(claims.exp! - claims.iat!, 300);
    assert.equal(claims.iss, s.baseUrl);
    assert.equal(claims.sub, system.clientId);
    assert.equal(claims.aud, `${s.baseUrl}/fhir`);
    assert.equal(claims.controller, CONTROLLER);
    assert.equal(claims.profile, 'connecting');
    assert.equal(claims.system_name, 'Test connecting system');
    const prof = claims.prof as Record<string, string>;
    assert.deepEqual(prof, { id: card.professionalId, name: prof.name, title: 'sosiaalityöntekijä', org: CONTROLLER });
    assert.match(prof.name!, /^Anna Sosiaalityöntekijä\d+$/);
    const header = decodeProtectedHeader(token);
    assert.equal(header.alg, 'ES256');
    assert.equal(header.typ, 'at+jwt');
    await assert.rejects(
      authenticate(s.keys, s.config, `Bearer ${token}`, new Date((claims.exp! + 1) * 1000)),
      (e: unknown) => e instanceof Unauthenticated && /the access token expired at \d{4}-/.test(e.message),
    );
  });

  test('a client assertion jti is accepted once: a replay is refused', async () => {
    const system = await s.addSystem('service');
    const form = await s.form(system, { scope: 'system/DocumentReference.cu' });
    assert.equal((await s.post(form)).status, 200);
    const replay = await s.post(form);
    assert.equal(replay.status, 401);
    assert.equal(replay.body.error, 'invalid_client');
    assert.match(replay.body.error_description as string, /jti .* has been used before/);
  });

  test('a client assertion whose exp is more than 5 minutes ahead is refused', async () => {
    const system = await s.addSystem('service');
    const { status, body } = await s.post(await s.form(system, { scope: 'system/Binary.c', lifetimeS: 3600 }));
    assert.equal(status, 401);
    assert.equal(body.error, 'invalid_client');
    assert.match(body.error_description as string, /exp is \d+ s ahead; it may be at most 300 s ahead/);
  });

  test('an expired client assertion is refused', async () => {
    const system = await s.addSystem('service');
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'ES384', kid: system.privateJwk.kid! })
      .setIssuer(system.clientId).setSubject(system.clientId).setAudience(s.tokenUrl)
      .setIssuedAt(now - 400).setExpirationTime(now - 100).setJti(crypto.randomUUID())
      .sign(await crypto.subtle.importKey('jwk', system.privateJwk as JsonWebKey, { name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign']));
    const { status, body } = await s.post({ ...(await s.form(system, { scope: 'system/Binary.c' })), client_assertion: assertion });
    assert.equal(status, 401);
    assert.match(body.error_description as string, /client_assertion expired at/);
  });

  test('a client assertion for another audience is refused, naming the token endpoint', async () => {
    const system = await s.addSystem('service');
    const assertion = await buildClientAssertion({ tokenUrl: 'https://elsewhere.example/token', clientId: system.clientId, privateJwk: system.privateJwk });
    const { status, body } = await s.post({ ...(await s.form(system, { scope: 'system/Binary.c' })), client_assertion: assertion });
    assert.equal(status, 401);
    assert.equal(body.error_description, `client_assertion aud must be the token endpoint URL ${s.tokenUrl}`);
  });

  test('a client assertion signed with a key not registered for the system is refused', async () => {
    const system = await s.addSystem('service');
    const stranger = await createSystemKey('ES384');
    const assertion = await buildClientAssertion({ tokenUrl: s.tokenUrl, clientId: system.clientId, privateJwk: { ...stranger.privateJwk, kid: system.privateJwk.kid! } });
    const { status, body } = await s.post({ ...(await s.form(system, { scope: 'system/Binary.c' })), client_assertion: assertion });
    assert.equal(status, 401);
    assert.match(body.error_description as string, /signature does not verify with the keys registered for client/);
  });

  test('an unknown client is refused with invalid_client', async () => {
    const key = await createSystemKey('ES384');
    await assert.rejects(
      requestToken({ baseUrl: s.baseUrl, clientId: 'nobody', systemPrivateJwk: key.privateJwk, scope: 'system/Binary.c' }),
      (e: unknown) => e instanceof TokenRequestError && e.status === 401 && e.error === 'invalid_client' && /no client data system is registered with client_id 'nobody'/.test(e.message),
    );
  });

  test('other grant types are refused with unsupported_grant_type', async () => {
    const system = await s.addSystem('service');
    const { status, body } = await s.post({ ...(await s.form(system)), grant_type: 'password' });
    assert.equal(status, 400);
    assert.equal(body.error, 'unsupported_grant_type');
  });

  test('a repeated parameter, a JSON body and an unknown content type are invalid_request', async () => {
    const system = await s.addSystem('service');
    const form = new URLSearchParams(await s.form(system));
    form.append('scope', 'system/Binary.c');
    const repeated = await s.post(form);
    assert.equal(repeated.status, 400);
    assert.equal(repeated.body.error, 'invalid_request');
    assert.match(repeated.body.error_description as string, /scope appears more than once/);
    const json = await s.post(JSON.stringify(await s.form(system)), 'application/json');
    assert.deepEqual([json.status, json.body.error], [400, 'invalid_request']);
    const xml = await s.post('<token/>', 'application/xml');
    assert.deepEqual([xml.status, xml.body.error], [400, 'invalid_request']);
  });

  test('a request without a client assertion is refused with invalid_client', async () => {
    const { status, body } = await s.post({ grant_type: 'client_credentials', scope: 'system/Binary.c' });
    assert.equal(status, 401);
    assert.equal(body.error, 'invalid_client');
    assert.match(body.error_description as string, /client_assertion_type is missing/);
  });
});

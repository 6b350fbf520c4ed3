// Access token verification for the FHIR routes: signature, iss, aud, lifetime, clear reasons.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { authenticate, createAuthKeys, type AuthKeys } from '../../src/auth/index.ts';
import { issueAccessToken } from '../../src/auth/access-token.ts';
import type { Config } from '../../src/config.ts';
import type { ControllerOid, OrganisationOid } from '../../src/domain/types.ts';
import { Unauthenticated } from '../../src/domain/errors.ts';

const config = { baseUrl: 'http://kansio.test' } as Config;
const system = { clientId: 'sys-1', name: 'Testijärjestelmä', controllerOid: '1.2.246.10.1' as ControllerOid, profile: 'connecting' as const, jwks: { keys: [] } };
const professional = { professionalId: '9.2.246.1', givenName: 'Anna', familyName: 'Virtanen', title: 'sosiaalityöntekijä', organisationOid: '1.2.246.10.1' as OrganisationOid, organisationParentOid: null, roles: [] };
const now = () => Math.floor(Date.now() / 1000);

const refused = (pattern: RegExp) => (e: unknown) => e instanceof Unauthenticated && e.status === 401 && pattern.test(e.message);

describe('authenticate', () => {
  let keys: AuthKeys;
  before(async () => { keys = await createAuthKeys({ trustedCardCas: [] }); });

  test('a valid token gives the requester with its system, controller, professional and scopes', async () => {
    const { access_token } = await issueAccessToken(keys, config, { system, professional, scopes: ['system/DocumentReference.crus'] }, now());
    assert.deepEqual(await authenticate(keys, config, `Bearer ${access_token}`), {
      systemId: 'sys-1',
      systemName: 'Testijärjestelmä',
      profile: 'connecting',
      controllerOid: '1.2.246.10.1',
      professional: { id: '9.2.246.1', name: 'Anna Virtanen', title: 'sosiaalityöntekijä', organisationOid: '1.2.246.10.1', roles: [] },
      scopes: ['system/DocumentReference.crus'],
    });
  });

  test('no Authorization header says where to get a token', async () => {
    await assert.rejects(authenticate(keys, config, undefined), refused(/^no Authorization: Bearer header; get an access token from http:\/\/kansio\.test\/auth\/token/));
    await assert.rejects(authenticate(keys, config, 'Basic dXNlcjpwYXNz'), refused(/must be 'Bearer <access token>'/));
  });

  test('an expired token names when it expired', async () => {
    const issuedAt = now() - 400;
    const { access_token } = await issueAccessToken(keys, config, { system, professional, scopes: ['system/Binary.r'] }, issuedAt);
    await assert.rejects(authenticate(keys, config, `Bearer ${access_token}`), refused(new RegExp(`^the access token expired at ${new Date((issuedAt + 300) * 1000).toISOString()}`)));
  });

  test('a token living longer than 300 s is refused even with a valid signature', async () => {
    const token = await new SignJWT({ scope: 'system/Binary.r', profile: 'service', controller: '1.2.246.10.1', system_name: 'x', client_id: 'x' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' }).setIssuer(config.baseUrl).setSubject('x').setAudience(`${config.baseUrl}/fhir`)
      .setIssuedAt().setExpirationTime('10m').sign(keys.tokenSigningKey);
    await assert.rejects(authenticate(keys, config, `Bearer ${token}`), refused(/lives 600 s; tokens may live at most 300 s/));
  });

  test('issue 8 / iat in the future: a token issued beyond the clock-skew allowance is refused, one within it is accepted', async () => {
    const skewed = { ...config, clockSkewSeconds: 600 } as Config;
    const sign = (iat: number) => new SignJWT({ scope: 'system/Binary.r', profile: 'service', controller: '1.2.246.10.1', system_name: 'x', client_id: 'x' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' }).setIssuer(config.baseUrl).setSubject('x').setAudience(`${config.baseUrl}/fhir`)
      .setIssuedAt(iat).setExpirationTime(iat + 300).sign(keys.tokenSigningKey);
    const at = new Date(now() * 1000);
    const future = await sign(now() + 900);
    await assert.rejects(authenticate(keys, skewed, `Bearer ${future}`, at), refused(/^the access token's iat lies 900 s in the future; at most 600 s is allowed for clock differences \(KANSIO_CLOCK_SKEW_SECONDS\)/));
    await assert.rejects(authenticate(keys, { ...skewed, clockSkewSeconds: 0 } as Config, `Bearer ${await sign(now() + 5)}`, at), refused(/iat lies 5 s in the future; at most 0 s/));
    const within = await sign(now() + 60);
    assert.equal((await authenticate(keys, skewed, `Bearer ${within}`, at)).systemId, 'x');
  });

  test('a token of another server, another audience or another type is refused', async () => {
    const otherKeys = await createAuthKeys({ trustedCardCas: [] });
    const { access_token: foreign } = await issueAccessToken(otherKeys, config, { system, professional, scopes: ['system/Binary.r'] }, now());
    await assert.rejects(authenticate(keys, config, `Bearer ${foreign}`), refused(/signature does not verify with this server's key/));
    const { access_token: elsewhere } = await issueAccessToken(keys, { baseUrl: 'http://other.test' } as Config, { system, professional, scopes: ['system/Binary.r'] }, now());
    await assert.rejects(authenticate(keys, config, `Bearer ${elsewhere}`), refused(/not issued by this server/));
    const idToken = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', typ: 'JWT' }).setIssuer(config.baseUrl).setAudience(`${config.baseUrl}/fhir`).setIssuedAt().setExpirationTime('1m').sign(keys.tokenSigningKey);
    await assert.rejects(authenticate(keys, config, `Bearer ${idToken}`), refused(/not an access token/));
    await assert.rejects(authenticate(keys, config, 'Bearer not.a.jwt'), refused(/not a well-formed JWT/));
  });

  test('a cached token still expires', async () => {
    const { access_token } = await issueAccessToken(keys, config, { system, professional: undefined, scopes: ['system/Binary.r'] }, now());
    await authenticate(keys, config, `Bearer ${access_token}`);
    await assert.rejects(authenticate(keys, config, `Bearer ${access_token}`, new Date((now() + 301) * 1000)), refused(/expired at/));
  });

  test('a token reused by its client is verified once, and the remembered verification still ends when the token expires', async () => {
    const { access_token } = await issueAccessToken(keys, config, { system, professional, scopes: ['system/Binary.r'] }, now());
    const first = await authenticate(keys, config, `Bearer ${access_token}`);
    // The very same requester object comes back: the second request skipped the signature check.
    for (let i = 0; i < 3; i++) assert.equal(await authenticate(keys, config, `Bearer ${access_token}`), first);
    await assert.rejects(authenticate(keys, config, `Bearer ${access_token}`, new Date((now() + 301) * 1000)), refused(/expired at/));
  });
});

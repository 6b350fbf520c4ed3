// L5: a system's profile limits what its tokens allow, whatever it asks for.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scopeAllows } from '../../src/auth/index.ts';
import { grantScopes, parseScope } from '../../src/auth/scopes.ts';
import { startAuthServer, type AuthServer } from './support.ts';

const EVERYTHING = 'system/*.cruds system/DocumentReference.cruds system/Binary.cruds system/List.cruds system/AuditEvent.cruds';

describe('scopes granted at the token endpoint', () => {
  let s: AuthServer;
  before(async () => { s = await startAuthServer(); });
  after(async () => { await s.close(); });

  const grant = async (profile: 'connecting' | 'storing' | 'reading' | 'service', scope: string) => {
    const system = await s.addSystem(profile);
    const card = profile === 'service' ? undefined : await s.addProfessional();
    return s.post(await s.form(system, { scope, ...(card ? { card } : {}) }));
  };

  test("L5: a storing system's token never carries search or read scopes", async () => {
    const { status, body } = await grant('storing', EVERYTHING);
    assert.equal(status, 200);
    const scopes = (body.scope as string).split(' ');
    assert.deepEqual(scopes, ['system/DocumentReference.cu', 'system/Binary.c', 'system/List.c', 'system/Consent.cu']);
    for (const resource of ['DocumentReference', 'Binary', 'List', 'AuditEvent', 'Consent']) {
      assert.equal(scopeAllows(scopes, resource, 'r'), false, resource);
      assert.equal(scopeAllows(scopes, resource, 's'), false, resource);
    }
  });

  test("L5: a reading system's token never carries store scopes", async () => {
    const { status, body } = await grant('reading', EVERYTHING);
    assert.equal(status, 200);
    const scopes = (body.scope as string).split(' ');
    assert.deepEqual(scopes, ['system/DocumentReference.rs', 'system/Binary.r', 'system/AuditEvent.rs', 'system/Patient.r', 'system/Consent.rs']);
    for (const resource of ['DocumentReference', 'Binary', 'List', 'Consent']) {
      for (const p of ['c', 'u', 'd'] as const) assert.equal(scopeAllows(scopes, resource, p), false, `${resource}.${p}`);
    }
  });

  test('L5: a reading system asking only to store is refused with invalid_scope naming what it may ask for', async () => {
    const { status, body } = await grant('reading', 'system/DocumentReference.c system/Binary.c');
    assert.equal(status, 400);
    assert.equal(body.error, 'invalid_scope');
    assert.match(body.error_description as string, /none of the requested scopes is allowed for a reading system \(L5\); it may ask for: system\/DocumentReference\.rs/);
  });

  test('L5: a connecting system gets the intersection of what it asks for and what it may have', async () => {
    const { body } = await grant('connecting', 'system/DocumentReference.cruds system/Binary.r patient/Patient.r openid');
    assert.equal(body.scope, 'system/DocumentReference.crus system/Binary.r');
  });

  test('SMART v1 scopes are understood and granted in v2 form', async () => {
    const { body } = await grant('connecting', 'system/DocumentReference.read system/Binary.write');
    assert.equal(body.scope, 'system/DocumentReference.rs system/Binary.c');
  });

  test('a missing scope is invalid_scope', async () => {
    const { status, body } = await grant('service', '');
    assert.deepEqual([status, body.error], [400, 'invalid_scope']);
  });
});

describe('scope parsing', () => {
  test('v2 letters must come in the order c r u d s', () => {
    assert.deepEqual(parseScope('system/Binary.cr')?.permissions, ['c', 'r']);
    assert.equal(parseScope('system/Binary.rc'), undefined);
    assert.equal(parseScope('system/Binary.cc'), undefined);
    assert.equal(parseScope('system/DocumentReference.rs?category=x'), undefined);
    assert.equal(parseScope('user/DocumentReference.rs'), undefined);
  });

  test('L5: every profile is granted exactly its own scopes when it asks for everything', () => {
    // Issue 8: a service system imports earlier consent records (create only).
    assert.deepEqual(grantScopes(['system/*.*'], 'service'), ['system/DocumentReference.cu', 'system/Binary.c', 'system/List.c', 'system/Consent.c']);
    assert.deepEqual(grantScopes(['system/*.*'], 'connecting'), ['system/DocumentReference.crus', 'system/Binary.cr', 'system/List.cr', 'system/AuditEvent.rs', 'system/Patient.r', 'system/Consent.crus']);
  });
});

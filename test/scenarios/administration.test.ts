// Issue 10, D1: the onboarding use cases enforce who may change what, whichever adapter calls
// them; and the national operator's own organisation (migration 0017) holds no register: no unit
// under it, no client data system in it, only professionals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import type { Tx } from '../../src/store/db.ts';
import { createCardAuthority, createSystemKey } from '../../src/auth/index.ts';
import { KansioError } from '../../src/domain/errors.ts';
import { OPERATOR_TOOL, type AdminActor } from '../../src/usecases/admin-audit.ts';
import { registerOrganisation } from '../../src/usecases/register-organisation.ts';
import { registerSystem } from '../../src/usecases/register-system.ts';
import { registerProfessional } from '../../src/usecases/register-professional.ts';
import { removeProfessional } from '../../src/usecases/remove-professional.ts';
import { removeSystem } from '../../src/usecases/remove-system.ts';
import { addSystemKey } from '../../src/usecases/rotate-system-key.ts';
import { addCardCa } from '../../src/usecases/card-cas.ts';

const OPERATOR_ORG = '1.2.246.10.55000';
const A = '1.2.246.10.55001';
const B = '1.2.246.10.55002';
const now = (): string => new Date().toISOString();
const tool: AdminActor = { id: 'test', name: 'test', authority: OPERATOR_TOOL };
const adminOf = (controllerOid: string): AdminActor => ({ id: 'kansio-admin', name: 'test administrator', authority: { kind: 'administrator', controllerOid } });
const operatorOnPages: AdminActor = { id: 'kansio-admin', name: 'test operator', authority: { kind: 'operator' } };
let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
  await database.db.withTransaction(async (tx) => {
    await registerOrganisation(tx, { oid: OPERATOR_ORG, name: 'Operaattori', kind: 'operator', actor: tool, now: now() });
    for (const oid of [A, B]) await registerOrganisation(tx, { oid, name: `Alue ${oid}`, kind: 'welfare-area', actor: tool, now: now() });
    const key = await createSystemKey('ES384');
    await registerSystem(tx, { clientId: 'sys-b', name: 'B', controllerOid: B, profile: 'connecting', jwks: { keys: [key.publicJwk] }, actor: tool, now: now() });
    await registerProfessional(tx, { professionalId: 'PRO-B', givenName: 'B', familyName: 'B', title: 't', organisationOid: B, actor: tool, now: now() });
    await registerProfessional(tx, { professionalId: 'OPER-1', givenName: 'O', familyName: 'O', title: 't', organisationOid: OPERATOR_ORG, roles: ['operator'], actor: tool, now: now() });
  });
});
after(async () => database?.drop());

async function refused(change: Promise<unknown>, status: number, expression: string, message: RegExp): Promise<void> {
  await assert.rejects(change, (e: unknown) => e instanceof KansioError && e.status === status && e.problems[0]!.expression === expression && message.test(e.message));
}

const tx = <T>(fn: (t: Tx) => Promise<T>): Promise<T> => database.db.withTransaction(fn);

test("the operator's organisation is not a controller: no unit under it, no system in it", async () => {
  await refused(tx((t) => registerOrganisation(t, { oid: `${OPERATOR_ORG}.1`, name: 'U', kind: 'unit', parentOid: OPERATOR_ORG, actor: tool, now: now() })), 422, 'parent', /national operator's organisation; a unit's parent must be a controller/);
  const key = await createSystemKey('ES384');
  await refused(tx((t) => registerSystem(t, { clientId: 'sys-op', name: 'O', controllerOid: OPERATOR_ORG, profile: 'reading', jwks: { keys: [key.publicJwk] }, actor: tool, now: now() })), 422, 'controller', /not a controller/);
  await refused(tx((t) => registerOrganisation(t, { oid: '1.2.246.10.55009', name: 'O2', kind: 'operator', parentOid: A, actor: tool, now: now() })), 400, 'parent', /has no parent/);
});

test("D1: an administrator of A changes none of B's systems or professionals through the use cases, whatever the adapter", async () => {
  const key = await createSystemKey('ES384');
  await refused(tx((t) => registerSystem(t, { clientId: 'sys-b', name: 'Taken', controllerOid: A, profile: 'connecting', jwks: { keys: [key.publicJwk] }, actor: adminOf(A), now: now() })), 403, 'clientId', /another controller/);
  await refused(tx((t) => registerSystem(t, { clientId: 'sys-new', name: 'Elsewhere', controllerOid: B, profile: 'connecting', jwks: { keys: [key.publicJwk] }, actor: adminOf(A), now: now() })), 403, 'controller', /own controller/);
  await refused(tx((t) => removeSystem(t, { clientId: 'sys-b', actor: adminOf(A), now: now() })), 403, 'clientId', /another controller/);
  await refused(tx((t) => addSystemKey(t, { clientId: 'sys-b', jwk: key.publicJwk, actor: adminOf(A), now: now() })), 403, 'clientId', /another controller/);
  await refused(tx((t) => removeProfessional(t, { professionalId: 'PRO-B', actor: adminOf(A), now: now() })), 403, 'id', /another controller/);
  await refused(tx((t) => registerProfessional(t, { professionalId: 'PRO-B', givenName: 'B', familyName: 'B', title: 't', organisationOid: A, actor: adminOf(A), now: now() })), 403, 'id', /another controller/);
});

test("D1: no administrator makes or unmakes the national operator; the operator's tool does", async () => {
  await refused(tx((t) => registerProfessional(t, { professionalId: 'PRO-A', givenName: 'A', familyName: 'A', title: 't', organisationOid: A, roles: ['operator'], actor: adminOf(A), now: now() })), 403, 'roles', /operator role/);
  // The operator's organisation is no controller's: its administrator would have to be its own.
  await refused(tx((t) => removeProfessional(t, { professionalId: 'OPER-1', actor: adminOf(OPERATOR_ORG), now: now() })), 403, 'id', /operator role/);
  await tx((t) => registerProfessional(t, { professionalId: 'PRO-A', givenName: 'A', familyName: 'A', title: 't', organisationOid: A, roles: ['administrator'], actor: tool, now: now() }));
  await tx((t) => registerProfessional(t, { professionalId: 'PRO-A', givenName: 'A', familyName: 'A', title: 't', organisationOid: A, roles: ['operator'], actor: tool, now: now() }));
});

test('D1, D9: organisations and card CAs are refused to an administrator, allowed to the operator on the pages', async () => {
  await refused(tx((t) => registerOrganisation(t, { oid: '1.2.246.10.55003', name: 'C', kind: 'municipality', actor: adminOf(A), now: now() })), 403, 'oid', /only the national operator/);
  await refused(tx((t) => addCardCa(t, { pem: createCardAuthority('Test CA').certPem, actor: adminOf(A), now: now() })), 403, 'oid', /only the national operator/);
  await tx((t) => registerOrganisation(t, { oid: '1.2.246.10.55003', name: 'C', kind: 'municipality', actor: operatorOnPages, now: now() }));
  const key = await createSystemKey('ES384');
  await refused(tx((t) => registerSystem(t, { clientId: 'sys-c', name: 'C', controllerOid: '1.2.246.10.55003', profile: 'connecting', jwks: { keys: [key.publicJwk] }, actor: operatorOnPages, now: now() })), 403, 'clientId', /administrator registers/);
});

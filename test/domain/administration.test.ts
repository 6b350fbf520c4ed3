// D1, issue 10: who may change the registry, decided as a value (src/domain/policy/administration.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideAdminChange, type AdminAuthority } from '../../src/domain/policy/administration.ts';

const A = '1.2.246.10.1';
const B = '1.2.246.10.2';
const tool: AdminAuthority = { kind: 'operator-tool' };
const operator: AdminAuthority = { kind: 'operator' };
const adminA: AdminAuthority = { kind: 'administrator', controllerOid: A };

test("D1: the operator's own tool may change anything, the operator role included", () => {
  for (const change of [
    { entity: 'organisation' }, { entity: 'card-ca' }, { entity: 'system', before: A, after: B },
    { entity: 'professional', before: B, after: A, rolesBefore: [], rolesAfter: ['operator'] },
  ] as const) {
    assert.equal(decideAdminChange(tool, change).allow, true, JSON.stringify(change));
  }
});

test('D1: organisations and card CAs are the national operator\'s; an administrator is refused', () => {
  assert.equal(decideAdminChange(operator, { entity: 'organisation' }).allow, true);
  assert.equal(decideAdminChange(operator, { entity: 'card-ca' }).allow, true);
  const refused = decideAdminChange(adminA, { entity: 'organisation' });
  assert.equal(refused.allow, false);
  assert.equal(refused.because[0]!.rule, 'D1');
  assert.equal(decideAdminChange(adminA, { entity: 'card-ca' }).allow, false);
});

test("D1: the national operator on the pages does not register a controller's systems or professionals", () => {
  assert.deepEqual(decideAdminChange(operator, { entity: 'system', after: A }).field, 'clientId');
  assert.deepEqual(decideAdminChange(operator, { entity: 'professional', after: A, rolesBefore: [], rolesAfter: [] }).field, 'id');
});

test("D1: an administrator changes their own controller's systems, never another's, nor moves one there", () => {
  assert.equal(decideAdminChange(adminA, { entity: 'system', after: A }).allow, true);
  assert.equal(decideAdminChange(adminA, { entity: 'system', before: A, after: A }).allow, true);
  assert.equal(decideAdminChange(adminA, { entity: 'system', before: A }).allow, true);
  const takeOver = decideAdminChange(adminA, { entity: 'system', before: B, after: A });
  assert.deepEqual([takeOver.allow, takeOver.field], [false, 'clientId']);
  const elsewhere = decideAdminChange(adminA, { entity: 'system', after: B });
  assert.deepEqual([elsewhere.allow, elsewhere.field], [false, 'controller']);
  assert.equal(decideAdminChange(adminA, { entity: 'system', before: B }).allow, false);
});

test("D1: an administrator gives roles only to their own controller's professionals, and never 'operator'", () => {
  const own = { entity: 'professional', before: A, after: A } as const;
  assert.equal(decideAdminChange(adminA, { ...own, rolesBefore: [], rolesAfter: ['archivist', 'administrator', 'supervisor'] }).allow, true);
  const intoB = decideAdminChange(adminA, { entity: 'professional', after: B, rolesBefore: [], rolesAfter: ['archivist'] });
  assert.deepEqual([intoB.allow, intoB.field], [false, 'organisation']);
  const fromB = decideAdminChange(adminA, { entity: 'professional', before: B, after: A, rolesBefore: [], rolesAfter: [] });
  assert.deepEqual([fromB.allow, fromB.field], [false, 'id']);
  const grant = decideAdminChange(adminA, { ...own, rolesBefore: [], rolesAfter: ['operator'] });
  assert.deepEqual([grant.allow, grant.field], [false, 'roles']);
  // Nor take it away, nor remove its holder: the national operator is not the controller's to unmake.
  assert.deepEqual(decideAdminChange(adminA, { ...own, rolesBefore: ['operator'], rolesAfter: [] }).field, 'roles');
  assert.deepEqual(decideAdminChange(adminA, { entity: 'professional', before: A, rolesBefore: ['operator'], rolesAfter: [] }).field, 'id');
  // A holder kept as they are may have their other details changed.
  assert.equal(decideAdminChange(adminA, { ...own, rolesBefore: ['operator'], rolesAfter: ['operator', 'archivist'] }).allow, true);
});

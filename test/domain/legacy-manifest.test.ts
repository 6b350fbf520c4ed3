// L4: the manifest's CSV records, one a line (RFC 4180 quoting). Rows without quotes take a
// faster path; it must give the same fields as the quoted parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkLegacyRow, splitCsvLine } from '../../src/domain/legacy-manifest.ts';
import { makeIdentityCode } from '../../src/domain/identity-code.ts';

test('L4: a line without quotes gives the fields the quoted parser gives, empty ones included', () => {
  assert.deepEqual(splitCsvLine('a,,b,'), ['a', '', 'b', '']);
  assert.deepEqual(splitCsvLine(''), ['']);
  assert.deepEqual(splitCsvLine('010101-999X,older-people,1000,2019-05-10,files/0.txt,true,Vanha ä'), ['010101-999X', 'older-people', '1000', '2019-05-10', 'files/0.txt', 'true', 'Vanha ä']);
  // The same line with every field quoted goes through the quoted parser.
  fc.assert(fc.property(fc.array(fc.string().filter((s) => !s.includes('"') && !s.includes(',')), { minLength: 1, maxLength: 9 }), (fields) => {
    assert.deepEqual(splitCsvLine(fields.join(',')), fields);
    assert.deepEqual(splitCsvLine(fields.map((f) => `"${f}"`).join(',')), fields);
  }));
});

test('L4: quoted fields keep commas and doubled quotes; an unclosed quote is no record', () => {
  assert.deepEqual(splitCsvLine('x,"Palvelupäätös, ateriapalvelu","sanoi ""ei""",y'), ['x', 'Palvelupäätös, ateriapalvelu', 'sanoi "ei"', 'y']);
  assert.equal(splitCsvLine('x,"auki'), undefined);
});

test('L4: a title with a NUL character (possible in JSON lines) is a bad row, named by its field', () => {
  const fields = { person: makeIdentityCode('1950-01-01', 901), controller: '1.2.246.10.1', serviceTask: 'older-people', type: '1000', date: '2019-01-01', file: 'a.txt', oldClientRelationship: false };
  assert.equal(checkLegacyRow({ ...fields, title: 'Ok' }, undefined, '2026-12-01').ok, true);
  assert.deepEqual(checkLegacyRow({ ...fields, title: 'A\u0000B' }, undefined, '2026-12-01'), { ok: false, reason: 'title contains a NUL character' });
});

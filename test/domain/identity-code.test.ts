import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageOn, IDENTITY_CODE_SYSTEM, makeIdentityCode, parseIdentityCode } from '../../src/domain/identity-code.ts';

// Independent check-character computation, written out differently from the module's on purpose.
function check(ddmmyy: string, zzz: string): string {
  const table = [...'0123456789ABCDEFHJKLMNPRSTUVWXY'];
  let remainder = 0;
  for (const digit of ddmmyy + zzz) remainder = (remainder * 10 + Number(digit)) % 31;
  return table[remainder] ?? '?';
}
const code = (ddmmyy: string, sign: string, zzz: string): string => ddmmyy + sign + zzz + check(ddmmyy, zzz);

function reasonOf(input: string): string {
  const result = parseIdentityCode(input);
  assert.equal(result.ok, false, `expected ${input} to be rejected`);
  return result.ok ? '' : result.reason;
}

test('published example 131052-308T is valid', () => {
  const r = parseIdentityCode('131052-308T');
  assert.ok(r.ok);
  assert.equal(r.birthDate, '1952-10-13');
  assert.equal(r.sex, 'female');
  assert.equal(r.synthetic, false);
  assert.equal(r.code, '131052-308T');
  assert.equal(check('131052', '308'), 'T', 'the independent check computation agrees with the published example');
});

test('every century sign, including the 2023 ones, gives the right century', () => {
  const expected: Record<string, string> = {
    '+': '1894', '-': '1994', Y: '1994', X: '1994', W: '1994', V: '1994', U: '1994',
    A: '2094', B: '2094', C: '2094', D: '2094', E: '2094', F: '2094',
  };
  for (const [sign, year] of Object.entries(expected)) {
    const r = parseIdentityCode(code('010594', sign, '902'));
    assert.ok(r.ok, `sign ${sign}`);
    assert.equal(r.birthDate, `${year}-05-01`);
  }
  assert.match(reasonOf(code('010594', 'Z', '902')), /century sign/);
});

test('sex follows the parity of the individual number; 900-999 are synthetic', () => {
  const male = parseIdentityCode(code('280264', '-', '123'));
  assert.ok(male.ok);
  assert.equal(male.sex, 'male');
  assert.equal(male.synthetic, false);
  for (const [zzz, synthetic] of [['899', false], ['900', true], ['999', true], ['002', false]] as const) {
    const r = parseIdentityCode(code('010101', 'A', zzz));
    assert.ok(r.ok, zzz);
    assert.equal(r.synthetic, synthetic, zzz);
  }
});

test('a wrong check character is rejected with the expected one, without echoing the code', () => {
  const valid = code('131052', '-', '308');
  const wrong = valid.slice(0, 10) + (valid.endsWith('A') ? 'B' : 'A');
  const reason = reasonOf(wrong);
  assert.equal(reason, `check character is '${wrong.charAt(10)}' but should be 'T'`);
  assert.ok(!reason.includes(wrong) && !reason.includes('131052'));
  assert.match(reasonOf('131052-308G'), /should be 'T'/); // G is never a check character
});

test('impossible dates are rejected, leap years respected', () => {
  assert.match(reasonOf(code('310423', 'A', '902')), /not a real date/);
  assert.match(reasonOf(code('290223', 'A', '902')), /leap year/);
  assert.ok(parseIdentityCode(code('290224', 'A', '902')).ok);
  assert.ok(parseIdentityCode(code('290200', 'A', '902')).ok, '2000 is a leap year');
  assert.match(reasonOf(code('290200', '-', '902')), /leap year/); // 1900 is not
  assert.match(reasonOf(code('011394', '-', '902')), /month/);
  assert.match(reasonOf(code('000194', '-', '902')), /day/);
});

test('format errors: lowercase, length, non-digits, individual number 000/001', () => {
  const valid = code('010594', 'A', '902');
  if (/[A-Z]$/.test(valid)) assert.match(reasonOf(valid.toLowerCase()), /uppercase/);
  assert.match(reasonOf(code('010594', 'a', '902')), /uppercase/);
  assert.match(reasonOf(valid.slice(0, 10)), /exactly 11 characters, got 10/);
  assert.match(reasonOf(`${valid}0`), /exactly 11/);
  assert.match(reasonOf(` ${valid}`), /trim/);
  assert.match(reasonOf(''), /got 0/);
  assert.match(reasonOf('01O594-902X'), /first 6 characters/);
  assert.match(reasonOf('010594-9O2X'), /individual number/);
  assert.match(reasonOf(code('010594', '-', '000')), /002-999/);
  assert.match(reasonOf(code('010594', '-', '001')), /002-999/);
});

test('makeIdentityCode builds codes that parse back', () => {
  assert.equal(makeIdentityCode('1952-10-13', 308), '131052-308T');
  assert.equal(makeIdentityCode('2001-01-01', 902), code('010101', 'A', '902'));
  assert.equal(makeIdentityCode('1899-12-31', 950), code('311299', '+', '950'));
  assert.equal(makeIdentityCode('1994-05-01', 902, 'Y'), code('010594', 'Y', '902'));
  const r = parseIdentityCode(makeIdentityCode('2024-02-29', 901, 'B'));
  assert.ok(r.ok);
  assert.equal(r.birthDate, '2024-02-29');
  assert.equal(r.synthetic, true);
  assert.throws(() => makeIdentityCode('2023-02-29', 900), RangeError);
  assert.throws(() => makeIdentityCode('1994-05-01', 902, 'A'), RangeError);
  assert.throws(() => makeIdentityCode('1994-05-01', 1), RangeError);
  assert.throws(() => makeIdentityCode('1994-05-01', 1000), RangeError);
  assert.throws(() => makeIdentityCode('1700-01-01', 900), RangeError);
  assert.throws(() => makeIdentityCode('1.5.1994', 900), RangeError);
});

test('ageOn counts whole years', () => {
  assert.equal(ageOn('2006-05-01', '2024-04-30'), 17);
  assert.equal(ageOn('2006-05-01', '2024-05-01'), 18);
  assert.equal(ageOn('2006-05-01', '2006-05-01'), 0);
  assert.equal(ageOn('2004-02-29', '2022-02-28'), 17);
  assert.equal(ageOn('2004-02-29', '2022-03-01'), 18);
  assert.equal(ageOn('2004-02-29', '2024-02-29'), 20);
  assert.throws(() => ageOn('2006-05-01', '2006-04-30'), RangeError);
  assert.throws(() => ageOn('2006-13-01', '2010-01-01'), RangeError);
});

test('system URI', () => {
  assert.equal(IDENTITY_CODE_SYSTEM, 'urn:oid:1.2.246.21');
});

// Finnish personal identity code (henkilötunnus), DDMMYYCZZZQ. Pure: no I/O, no clock.
// Failure reasons never contain the code itself, since they may end up in logs.

export const IDENTITY_CODE_SYSTEM = 'urn:oid:1.2.246.21';

export type IdentityCode = string & { readonly __brand: 'IdentityCode' };

export type ParsedIdentityCode =
  | { ok: true; code: IdentityCode; birthDate: string; synthetic: boolean; sex: 'female' | 'male' }
  | { ok: false; reason: string };

const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

// The signs other than '+', '-' and 'A' came into use in 2023, for when the individual numbers
// of one birth date run out.
const CENTURY_BY_SIGN: Readonly<Record<string, number>> = {
  '+': 1800,
  '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900,
  A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000,
};
const DEFAULT_SIGN_BY_CENTURY: Readonly<Record<number, string>> = { 1800: '+', 1900: '-', 2000: 'A' };
const CENTURY_SIGNS = Object.keys(CENTURY_BY_SIGN).join(' ');

// Individual numbers 900-999 are used for temporary and synthetic (test) identities.
const FIRST_SYNTHETIC_INDIVIDUAL_NUMBER = 900;
const FIRST_INDIVIDUAL_NUMBER = 2;

function checkCharacter(ddmmyy: string, zzz: string): string {
  // Nine digits stay below 2^53, so plain number arithmetic is exact.
  return CHECK_CHARACTERS.charAt(Number(ddmmyy + zzz) % 31);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Why a date does not exist, or undefined if it does. */
function dateProblem(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12) return 'month must be 01-12';
  if (day === 29 && month === 2 && !isLeapYear(year)) return '29 February in a year that is not a leap year';
  if (day < 1 || day > daysInMonth(year, month)) return 'day does not exist in that month';
  return undefined;
}

export function parseIdentityCode(input: string): ParsedIdentityCode {
  const fail = (reason: string): ParsedIdentityCode => ({ ok: false, reason });
  if (input.length !== 11) {
    const hint = input.trim().length !== input.length ? '; trim surrounding whitespace first' : '';
    return fail(`must be exactly 11 characters, got ${input.length}${hint}`);
  }
  if (input !== input.toUpperCase()) return fail('letters must be uppercase');
  const ddmmyy = input.slice(0, 6);
  const sign = input.charAt(6);
  const zzz = input.slice(7, 10);
  const given = input.charAt(10);
  if (!/^\d{6}$/.test(ddmmyy)) return fail('the first 6 characters must be digits (DDMMYY)');
  const century = CENTURY_BY_SIGN[sign];
  if (century === undefined) return fail(`character 7 must be a century sign (${CENTURY_SIGNS})`);
  if (!/^\d{3}$/.test(zzz)) return fail('characters 8-10 must be digits (individual number)');
  const year = century + Number(ddmmyy.slice(4, 6));
  const month = Number(ddmmyy.slice(2, 4));
  const day = Number(ddmmyy.slice(0, 2));
  const problem = dateProblem(year, month, day);
  if (problem) return fail(`birth date (DDMMYY) is not a real date: ${problem}`);
  const individual = Number(zzz);
  if (individual < FIRST_INDIVIDUAL_NUMBER) return fail('individual number must be 002-999 (000 and 001 are not used)');
  const expected = checkCharacter(ddmmyy, zzz);
  if (given !== expected) return fail(`check character is '${given}' but should be '${expected}'`);
  return {
    ok: true,
    code: input as IdentityCode,
    birthDate: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`,
    synthetic: individual >= FIRST_SYNTHETIC_INDIVIDUAL_NUMBER,
    // Odd individual numbers are given to men, even ones to women.
    sex: individual % 2 === 1 ? 'male' : 'female',
  };
}

/** Parses 'YYYY-MM-DD' into numbers, throwing RangeError if it is not a real date. */
function parseIsoDate(value: string, name: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) throw new RangeError(`${name} must be YYYY-MM-DD`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const problem = dateProblem(year, month, day);
  if (problem) throw new RangeError(`${name} is not a real date: ${problem}`);
  return { year, month, day };
}

/**
 * Builds a valid code, for generating synthetic demo people (use individual numbers 900-999).
 * The century sign defaults to '+', '-' or 'A' by the birth year; throws RangeError when the
 * date, the number or the sign is impossible.
 */
export function makeIdentityCode(birthDate: string, individualNumber: number, centurySign?: string): IdentityCode {
  const { year, month, day } = parseIsoDate(birthDate, 'birthDate');
  const century = Math.floor(year / 100) * 100;
  const sign = centurySign ?? DEFAULT_SIGN_BY_CENTURY[century];
  if (sign === undefined) throw new RangeError('birth year must be 1800-2099');
  if (CENTURY_BY_SIGN[sign] !== century) throw new RangeError(`century sign '${sign}' does not denote ${century}s`);
  if (!Number.isInteger(individualNumber) || individualNumber < FIRST_INDIVIDUAL_NUMBER || individualNumber > 999) {
    throw new RangeError('individualNumber must be an integer 2-999');
  }
  const ddmmyy = pad(day, 2) + pad(month, 2) + pad(year % 100, 2);
  const zzz = pad(individualNumber, 3);
  return (ddmmyy + sign + zzz + checkCharacter(ddmmyy, zzz)) as IdentityCode;
}

/**
 * Age in whole years on a date (both 'YYYY-MM-DD'). Someone born on 29 February has their
 * birthday on 1 March in common years. Throws RangeError if onDate is before birthDate.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const b = parseIsoDate(birthDate, 'birthDate');
  const o = parseIsoDate(onDate, 'onDate');
  // Zero-padded ISO dates compare correctly as strings.
  if (onDate < birthDate) throw new RangeError('onDate is before birthDate');
  const hadBirthday = o.month > b.month || (o.month === b.month && o.day >= b.day);
  return o.year - b.year - (hadBirthday ? 0 : 1);
}

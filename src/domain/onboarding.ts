// Issue 10 onboarding: what the operator and a controller's administrator may register, checked
// field by field. Pure: each check returns the problem naming the field, or nothing; the use
// cases throw it as InvalidInput with the field as its expression, and the CLI prints the option.
import type { SystemProfile } from './types.ts';

export type ControllerKind = 'welfare-area' | 'municipality' | 'private-provider';
/**
 * A controller, a unit of one, or the national operator's own organisation: not a controller (it
 * holds no register and no client data system), registered so that its staff can be registered
 * professionals with the operator role.
 */
export type OrganisationKind = ControllerKind | 'unit' | 'operator';
export const CONTROLLER_KINDS: readonly ControllerKind[] = ['welfare-area', 'municipality', 'private-provider'];
export const ORGANISATION_KINDS: readonly OrganisationKind[] = [...CONTROLLER_KINDS, 'unit', 'operator'];

export function isControllerKind(kind: string): kind is ControllerKind {
  return (CONTROLLER_KINDS as readonly string[]).includes(kind);
}
/** L5: a system's profile limits what its tokens allow. */
export const SYSTEM_PROFILES: readonly SystemProfile[] = ['connecting', 'storing', 'reading', 'service'];

/** One bad field: `field` is the input's name (the CLI shows it as --kebab-case). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** ISO/ITU-T object identifier in dot notation, e.g. 1.2.246.10.12345 (no leading zeros). */
const OID = /^[0-2](\.(0|[1-9][0-9]*))+$/;
/** Client ids travel in JWT iss/sub and in audit records: keep them plain. */
const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
/** D9: the card's subject serialNumber is an X.520 PrintableString. */
const PROFESSIONAL_ID = /^[A-Za-z0-9'()+,\-./:=?]{1,64}$/;

export function checkOid(field: string, value: string | undefined): FieldProblem | undefined {
  if (!value) return { field, message: 'is required: an OID in dot notation, e.g. 1.2.246.10.12345' };
  if (!OID.test(value) || value.length > 128) return { field, message: `'${value}' is not an OID in dot notation (digits separated by dots, no leading zeros), e.g. 1.2.246.10.12345` };
  return undefined;
}

export function checkText(field: string, value: string | undefined, max = 200): FieldProblem | undefined {
  if (value === undefined || value.trim() === '') return { field, message: 'is required and must not be blank' };
  if (value.length > max) return { field, message: `is ${value.length} characters long; at most ${max} are allowed` };
  if (/[\u0000-\u001f\u007f]/.test(value)) return { field, message: 'must not contain control characters' };
  return undefined;
}

export function checkOneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[]): FieldProblem | undefined {
  if (value && (allowed as readonly string[]).includes(value)) return undefined;
  return { field, message: `${value ? `'${value}' is not allowed` : 'is required'}; use one of ${allowed.join(', ')}` };
}

export function checkClientId(field: string, value: string | undefined): FieldProblem | undefined {
  if (!value) return { field, message: 'is required' };
  if (!CLIENT_ID.test(value)) return { field, message: `'${value}' is not a client id: 1 to 100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit` };
  return undefined;
}

export function checkProfessionalId(field: string, value: string | undefined): FieldProblem | undefined {
  if (!value) return { field, message: 'is required: the subject serialNumber of the professional card' };
  if (!PROFESSIONAL_ID.test(value)) return { field, message: `'${value}' is not a card subject serialNumber: 1 to 64 printable ASCII characters (letters, digits, . - : and the like, no spaces)` };
  return undefined;
}

/**
 * A JWKS URL: https, or http to this machine only (a test or a local key server); the token
 * endpoint fetches it when a system's assertion arrives.
 */
export function checkJwksUrl(field: string, value: string): FieldProblem | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { field, message: `'${value}' is not a URL` };
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return { field, message: 'must be an https URL (http only for 127.0.0.1 or localhost)' };
  if (url.username || url.password) return { field, message: 'must not carry a user name or password' };
  return undefined;
}

// RFC 7518 6.2.2 and 6.3.2: members that only a private key has.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const EC_CURVES = ['P-256', 'P-384', 'P-521'];

/** One public signing key: EC or RSA, with a kid (rotation removes keys by kid) and no private part. */
export function checkPublicJwk(field: string, key: unknown): FieldProblem | undefined {
  if (typeof key !== 'object' || key === null || Array.isArray(key)) return { field, message: 'must be a JSON object (a JWK)' };
  const k = key as Record<string, unknown>;
  const str = (name: string): boolean => typeof k[name] === 'string' && (k[name] as string).length > 0;
  if (!str('kid')) return { field: `${field}.kid`, message: 'is required: keys are rotated by kid' };
  const privateMember = PRIVATE_MEMBERS.find((m) => m in k);
  if (privateMember) return { field: `${field}.${privateMember}`, message: `is a private key member: register the public key only (the system keeps its private key)` };
  if (k.kty === 'EC') {
    if (!EC_CURVES.includes(k.crv as string)) return { field: `${field}.crv`, message: `must be one of ${EC_CURVES.join(', ')}` };
    if (!str('x')) return { field: `${field}.x`, message: 'is required for an EC key' };
    if (!str('y')) return { field: `${field}.y`, message: 'is required for an EC key' };
  } else if (k.kty === 'RSA') {
    if (!str('n')) return { field: `${field}.n`, message: 'is required for an RSA key' };
    if (!str('e')) return { field: `${field}.e`, message: 'is required for an RSA key' };
  } else {
    return { field: `${field}.kty`, message: `${k.kty === undefined ? 'is required' : `'${String(k.kty)}' is not supported`}; use EC or RSA` };
  }
  if (k.use !== undefined && k.use !== 'sig') return { field: `${field}.use`, message: "must be 'sig' when present" };
  return undefined;
}

/** A JWKS: {"keys": [...]} with at least one public key and no kid twice. */
export function checkJwks(field: string, value: unknown): FieldProblem | undefined {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { keys?: unknown }).keys)) {
    return { field, message: 'must be a JSON Web Key Set: {"keys": [ ...public keys... ]}' };
  }
  const keys = (value as { keys: unknown[] }).keys;
  if (keys.length === 0) return { field: `${field}.keys`, message: 'must hold at least one key' };
  for (const [i, key] of keys.entries()) {
    const problem = checkPublicJwk(`${field}.keys[${i}]`, key);
    if (problem) return problem;
  }
  const kids = keys.map((k) => (k as { kid: string }).kid);
  const twice = kids.find((kid, i) => kids.indexOf(kid) !== i);
  if (twice) return { field: `${field}.keys`, message: `kid '${twice}' appears twice` };
  return undefined;
}

/** The first problem of several checks, or nothing. */
export function firstProblem(...problems: (FieldProblem | undefined)[]): FieldProblem | undefined {
  return problems.find((p) => p !== undefined);
}

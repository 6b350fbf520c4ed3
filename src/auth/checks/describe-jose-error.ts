// jose's verification errors, retold as a sentence a client developer can act on.
import { errors } from 'jose';

export interface AssertionDescription {
  /** The form parameter: client_assertion or professional_assertion. */
  readonly name: string;
  /** The expected aud value(s), named in the message. */
  readonly audience: string;
  readonly algorithms: readonly string[];
  /** Whose key should have verified the signature, e.g. "the keys registered for client 'x'". */
  readonly keyHolder: string;
  /** Where the keys are fetched from, for a system that publishes them at a JWKS URL. */
  readonly keySource?: string | undefined;
}

export function describeJoseError(error: unknown, d: AssertionDescription): string {
  const fetchProblem = d.keySource ? describeFetchProblem(error, d.keySource) : undefined;
  if (fetchProblem) return fetchProblem;
  if (error instanceof errors.JWTExpired) {
    const exp = error.payload.exp;
    return `${d.name} expired${typeof exp === 'number' ? ` at ${new Date(exp * 1000).toISOString()}` : ''}; sign a fresh one for every token request`;
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud': return `${d.name} aud must be ${d.audience}`;
      case 'sub': return `${d.name} sub must equal its iss`;
      case 'nbf': return `${d.name} is not valid yet (nbf is in the future); check your clock`;
      default:
        return error.reason === 'missing'
          ? `${d.name} has no ${error.claim} claim`
          : `${d.name} ${error.claim} claim is invalid (${error.message})`;
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return `${d.name} must be signed with ${d.algorithms.join(' or ')}`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return `no key among ${d.keyHolder} matches the ${d.name} header (its kid and alg)`;
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return `several keys among ${d.keyHolder} match the ${d.name}; put the kid of the signing key in its header`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return `${d.name} signature does not verify with ${d.keyHolder}`;
  }
  if (error instanceof errors.JWKSInvalid) {
    return `${d.keyHolder} are not a valid JWKS; ask the operator to register the system's keys again`;
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return `${d.name} is not a well-formed signed JWT (${error.message})`;
  }
  // A key that cannot be used with the header's alg (wrong curve, RSA key for ES384...).
  if (error instanceof TypeError) return `${d.name} alg does not fit ${d.keyHolder} (${error.message})`;
  return `${d.name} could not be verified (${(error as Error).message})`;
}

/** A JWKS URL that did not give keys: timed out, answered other than 200, or not reachable. */
function describeFetchProblem(error: unknown, url: string): string | undefined {
  if (error instanceof errors.JWKSTimeout) return `the keys could not be fetched from ${url}: it did not answer in time; the system's operator must make it reachable from Kansio`;
  const message = (error as Error | undefined)?.message ?? '';
  if (/JSON Web Key Set HTTP response/.test(message)) return `the keys could not be fetched from ${url}: ${message}; the system's operator must publish its JWKS there`;
  if (error instanceof TypeError && /fetch failed/.test(message)) {
    const cause = (error as TypeError & { cause?: { code?: string } }).cause?.code;
    return `the keys could not be fetched from ${url}${cause ? ` (${cause})` : ''}; the system's operator must make it reachable from Kansio`;
  }
  return undefined;
}

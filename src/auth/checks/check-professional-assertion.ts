// D9: a token of a system with users names the professional using it, proven by an assertion
// signed with their professional card: iss = sub = professional id, aud = the token endpoint,
// client_id = the requesting system, living at most 300 s, with a jti. Refuses with invalid_grant.
import type { X509Certificate } from 'node:crypto';
import { jwtVerify, type JWTPayload } from 'jose';
import { profileNeedsProfessional } from '../../domain/policy/system-profile.ts';
import type { SystemRow } from '../../store/systems.ts';
import { ASSERTION_MAX_LIFETIME_S, CARD_ASSERTION_ALGS, CLOCK_SKEW_S } from '../metadata.ts';
import { InvalidGrant } from '../oauth-errors.ts';
import {
  checkCardChainsToTrustedCa, checkCardIsSigningCertificate, checkCardNamesProfessional, checkCardValidity, readCardChain,
} from './check-card-certificate.ts';
import type { TokenParams } from './check-form.ts';
import { describeJoseError } from './describe-jose-error.ts';
import type { Expectations, ReplayClaim } from './expectations.ts';

const MAX_JTI_LENGTH = 255;

/** Only service systems, which have no users, may ask without a professional. */
export function checkProfessionalAssertionPresent(params: TokenParams, system: SystemRow): string | undefined {
  if (params.professional_assertion) return params.professional_assertion;
  if (profileNeedsProfessional(system.profile)) {
    throw new InvalidGrant(`professional_assertion is missing: a token for a ${system.profile} system must name the professional using it, signed with their professional card (D9)`);
  }
  return undefined;
}

/** The professional id the card vouches for, and the assertion's jti to claim. */
export async function checkProfessionalAssertion(
  trustedCardCas: readonly X509Certificate[],
  assertion: string,
  system: SystemRow,
  expect: Expectations,
): Promise<{ professionalId: string; replay: ReplayClaim }> {
  const now = new Date(expect.now * 1000);
  const chain = readCardChain(assertion);
  checkCardIsSigningCertificate(chain.card);
  checkCardValidity(chain.card, now);
  checkCardChainsToTrustedCa(chain, trustedCardCas, now);
  const claims = await checkCardSignature(assertion, chain.card, expect);
  const professionalId = checkAssertionClaims(claims, system, expect);
  checkCardNamesProfessional(chain.card, professionalId);
  return {
    professionalId,
    replay: {
      key: `card:${professionalId}:${claims.jti}`,
      expiresAt: claims.exp! + CLOCK_SKEW_S,
      refusal: new InvalidGrant(`professional_assertion jti '${claims.jti}' has been used before; sign a new assertion with a fresh jti for every token request`),
    },
  };
}

/** The JWS verifies with the card's own key, for this token endpoint, and has not expired. */
async function checkCardSignature(assertion: string, card: X509Certificate, expect: Expectations): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(assertion, card.publicKey, {
      algorithms: [...CARD_ASSERTION_ALGS],
      audience: expect.tokenUrl,
      requiredClaims: ['iss', 'sub', 'iat', 'exp', 'jti'],
      currentDate: new Date(expect.now * 1000),
      clockTolerance: CLOCK_SKEW_S,
    });
    return payload;
  } catch (error) {
    throw new InvalidGrant(describeJoseError(error, {
      name: 'professional_assertion',
      audience: `the token endpoint URL ${expect.tokenUrl}`,
      algorithms: CARD_ASSERTION_ALGS,
      keyHolder: 'the key of the card certificate in x5c[0]',
    }));
  }
}

/** iss = sub, bound to this client, short-lived; returns the professional id. */
function checkAssertionClaims(claims: JWTPayload, system: SystemRow, expect: Expectations): string {
  const { iss, sub, iat, exp, jti } = claims;
  if (typeof iss !== 'string' || iss === '' || sub !== iss) {
    throw new InvalidGrant('professional_assertion iss and sub must both be the professional id');
  }
  if (claims.client_id !== system.clientId) {
    throw new InvalidGrant(`professional_assertion client_id must be '${system.clientId}', the system asking for the token`);
  }
  if (exp! - iat! > ASSERTION_MAX_LIFETIME_S) {
    throw new InvalidGrant(`professional_assertion lives ${exp! - iat!} s (exp - iat); it may live at most ${ASSERTION_MAX_LIFETIME_S} s`);
  }
  if (iat! > expect.now + CLOCK_SKEW_S) throw new InvalidGrant('professional_assertion iat is in the future; check the clock of the signing workstation');
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
    throw new InvalidGrant(`professional_assertion jti must be a non-empty string of at most ${MAX_JTI_LENGTH} characters`);
  }
  return iss;
}

// What every check of one token request compares against: where the request was sent and when.
import type { OAuthError } from '../oauth-errors.ts';

export interface Expectations {
  /** The token endpoint URL: the aud of client and professional assertions. */
  readonly tokenUrl: string;
  /** The issuer identifier, also accepted as a client assertion's aud (RFC 7523bis; openid-client sends it). */
  readonly issuer: string;
  /** Seconds since the epoch. */
  readonly now: number;
}

/** A jti to claim once the whole request has passed, and the error to throw if it was seen before. */
export interface ReplayClaim {
  readonly key: string;
  /** Seconds since the epoch; the claim may be forgotten after this. */
  readonly expiresAt: number;
  readonly refusal: OAuthError;
}

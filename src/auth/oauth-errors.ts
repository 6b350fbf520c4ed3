// The token endpoint speaks OAuth, not FHIR: its errors are RFC 6749 section 5.2 JSON
// ({ error, error_description }), thrown once by a check and answered by one handler.

export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'invalid_scope' | 'unsupported_grant_type' | 'server_error';

export class OAuthError extends Error {
  readonly error: OAuthErrorCode;
  readonly status: number;
  constructor(error: OAuthErrorCode, status: number, description: string) {
    super(description);
    this.error = error;
    this.status = status;
  }

  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}

/** A parameter is missing, repeated or malformed. */
export class InvalidRequest extends OAuthError {
  constructor(description: string) { super('invalid_request', 400, description); }
}

/** The client could not be authenticated: unknown client, bad client assertion (401, RFC 6749 5.2). */
export class InvalidClient extends OAuthError {
  constructor(description: string) { super('invalid_client', 401, description); }
}

/** The grant is refused: here, the professional assertion or the card behind it (D9). */
export class InvalidGrant extends OAuthError {
  constructor(description: string) { super('invalid_grant', 400, description); }
}

/** None of the requested scopes can be granted to this client (L5). */
export class InvalidScope extends OAuthError {
  constructor(description: string) { super('invalid_scope', 400, description); }
}

export class UnsupportedGrantType extends OAuthError {
  constructor(description: string) { super('unsupported_grant_type', 400, description); }
}

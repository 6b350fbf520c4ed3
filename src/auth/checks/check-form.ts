// RFC 6749 3.2 and 4.4: a token request is an application/x-www-form-urlencoded POST in which no
// parameter appears twice. Reads the parameters the later checks use, or refuses the request with
// invalid_request naming the repeated parameter.
import { InvalidRequest } from '../oauth-errors.ts';

export interface TokenParams {
  readonly grant_type?: string;
  readonly client_assertion_type?: string;
  readonly client_assertion?: string;
  readonly client_id?: string;
  readonly scope?: string;
  /** D9: the professional's card-signed assertion. */
  readonly professional_assertion?: string;
}

export function checkForm(body: unknown): TokenParams {
  if (!(body instanceof URLSearchParams)) {
    throw new InvalidRequest('send the token request as an application/x-www-form-urlencoded body (RFC 6749 4.4)');
  }
  const params: Record<string, string> = {};
  for (const [name, value] of body) {
    if (name in params) throw new InvalidRequest(`the parameter ${name} appears more than once; send each parameter once (RFC 6749 3.2)`);
    params[name] = value;
  }
  return params;
}

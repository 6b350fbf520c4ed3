// SMART Backend Services: the only grant is client_credentials (RFC 6749 4.4). Refuses a missing
// grant_type with invalid_request and any other grant with unsupported_grant_type.
import { InvalidRequest, UnsupportedGrantType } from '../oauth-errors.ts';
import type { TokenParams } from './check-form.ts';

export function checkGrantType(params: TokenParams): void {
  if (!params.grant_type) throw new InvalidRequest('grant_type is missing; send grant_type=client_credentials');
  if (params.grant_type !== 'client_credentials') {
    throw new UnsupportedGrantType(`grant_type '${params.grant_type}' is not supported; this server issues tokens only for client_credentials (SMART Backend Services)`);
  }
}

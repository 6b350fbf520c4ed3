// L5: a token carries only what the system's profile allows. Grants the requested SMART system
// scopes (v1 or v2) intersected with the profile's, in v2 form; refuses with invalid_scope when
// nothing remains, listing what this system may ask for.
import type { SystemProfile } from '../../domain/types.ts';
import { scopesForProfile } from '../../domain/policy/system-profile.ts';
import { InvalidScope } from '../oauth-errors.ts';
import { grantScopes } from '../scopes.ts';
import type { TokenParams } from './check-form.ts';

export function checkScope(params: TokenParams, profile: SystemProfile): string[] {
  const requested = (params.scope ?? '').split(' ').filter(Boolean);
  const mayAsk = scopesForProfile(profile).join(' ');
  if (requested.length === 0) throw new InvalidScope(`scope is missing; a ${profile} system may ask for: ${mayAsk}`);
  const granted = grantScopes(requested, profile);
  if (granted.length === 0) {
    throw new InvalidScope(`none of the requested scopes is allowed for a ${profile} system (L5); it may ask for: ${mayAsk}`);
  }
  return granted;
}

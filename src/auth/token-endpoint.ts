// POST /auth/token: SMART Backend Services (client_credentials + private_key_jwt) with the
// professional bound by their card (D9). The request passes the checks below in order; the first
// that fails throws an OAuth error, and only a request that passes them all claims its jtis.
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import { issueAccessToken, type TokenResponse } from './access-token.ts';
import { checkClientAssertion, checkClientAssertionType } from './checks/check-client-assertion.ts';
import { checkForm } from './checks/check-form.ts';
import { checkGrantType } from './checks/check-grant-type.ts';
import { checkProfessionalAssertion, checkProfessionalAssertionPresent } from './checks/check-professional-assertion.ts';
import { checkProfessionalWorksForController } from './checks/check-professional.ts';
import { checkNotReplayed } from './checks/check-replay.ts';
import { checkScope } from './checks/check-scope.ts';
import type { Expectations } from './checks/expectations.ts';
import type { AuthKeys } from './keys.ts';
import { tokenEndpoint } from './metadata.ts';
import { trustedCardCasInDb } from '../store/card-cas.ts';

export interface TokenServices {
  readonly config: Config;
  readonly db: Db;
  readonly keys: AuthKeys;
}

/** Answers one token request; `now` in seconds since the epoch. */
export async function tokenRequest(services: TokenServices, body: unknown, now: number): Promise<TokenResponse> {
  const { config, db, keys } = services;
  const expect: Expectations = { tokenUrl: tokenEndpoint(config), issuer: config.baseUrl, now };

  const params = checkForm(body);
  checkGrantType(params);
  checkClientAssertionType(params);
  const client = await checkClientAssertion(db.pool, params, expect);
  const scopes = checkScope(params, client.system.profile);
  const assertion = checkProfessionalAssertionPresent(params, client.system);
  // D9: the CAs of the data folder (read at start) and those the operator added with kansio ca
  // add (read now, so that an added or removed CA counts without a restart).
  const card = assertion ? await checkProfessionalAssertion([...keys.trustedCardCas, ...await trustedCardCasInDb(db.pool)], assertion, client.system, expect) : undefined;
  const professional = card ? await checkProfessionalWorksForController(db.pool, card.professionalId, client.system) : undefined;
  await checkNotReplayed(db.pool, card ? [client.replay, card.replay] : [client.replay], now);

  return issueAccessToken(keys, config, { system: client.system, professional, scopes }, now);
}

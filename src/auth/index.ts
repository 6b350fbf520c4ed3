// The authorisation server (/auth) and access token verification for the FHIR routes.
export type { AuthKeys } from './keys.ts';
export { loadAuthKeys, createAuthKeys } from './keys.ts';
export { registerAuthRoutes } from './routes.ts';
export { authenticate, type TokenResponse } from './access-token.ts';
export { smartConfiguration, tokenEndpoint, fhirAudience, type SmartConfiguration } from './metadata.ts';
export { scopeAllows, type Permission } from './scopes.ts';
export { OAuthError } from './oauth-errors.ts';
export {
  createCardAuthority, createIntermediateAuthority, loadCardAuthority, issueProfessionalCard, createSystemKey,
  type CardAuthority, type ProfessionalCard, type SystemKey,
} from './card-authority.ts';
export {
  ensureDemoCredentials, loadDemoSystemKey, loadDemoCard,
  type DemoCredentials, type DemoCredentialsSpec,
} from './demo-credentials.ts';
export {
  requestToken, buildClientAssertion, buildProfessionalAssertion, tokenUrlOf, TokenRequestError,
  type CardCredentials, type TokenRequestInput, type GrantedToken,
} from './token-client.ts';

-- Issue 10, onboarding: a client data system may publish its keys at a JWKS URL instead of
-- registering them inline (then jwks stays empty and the token endpoint fetches the URL), and
-- the operator trusts professional-card CAs in the database as well as in the data folder, so
-- that a CA added with `kansio ca add` is trusted by every running server without a restart (D9).
alter table client_system add column jwks_uri text;

create table trusted_card_ca (
  -- SHA-256 fingerprint of the certificate, colon-separated upper-case hex (as openssl prints it).
  fingerprint  text primary key,
  subject      text not null,
  pem          text not null,
  not_after    timestamptz not null,
  added_at     timestamptz not null
);

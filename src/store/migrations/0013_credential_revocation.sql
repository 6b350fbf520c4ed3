-- Issue 10 onboarding: a client data system or a professional removed from Kansio. The token
-- endpoint refuses them from the commit on; the access tokens they already hold (valid up to
-- 300 s, checked without the database) are refused by every server process within a second,
-- which polls this table (src/auth/revocations.ts). Re-registering later does not bring back
-- tokens issued before the removal: a token counts only if it was issued after it.
create table revoked_credential (
  kind        text not null check (kind in ('system', 'professional')),
  id          text not null,
  revoked_at  timestamptz not null,
  primary key (kind, id)
);
create index revoked_credential_recent on revoked_credential (revoked_at);

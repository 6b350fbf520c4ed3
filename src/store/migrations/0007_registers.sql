-- The population register and the mandate register (V7, V8, V9, V13, S3, S5): who may act for
-- whom. Both are filled by `kansio registers import` (docs/registers.md) or, in a deployment
-- that reads the national services, by an adapter; the portal and the consent service read them
-- through the interfaces in src/domain/registers.ts. Person-scoped: person_key leads each key.

-- A representation from the population register: person_key is the represented person (a child
-- or an adult), representative_key the guardian, the person entitled to a minor's information,
-- the trustee or the holder of a continuing power of attorney. Days are inclusive.
create table population_representation (
  person_key          bigint not null references person (person_key),
  representative_key  bigint not null references person (person_key),
  kind                text not null check (kind in ('guardian', 'information-right', 'trustee', 'continuing-power-of-attorney')),
  start_date          date not null,
  end_date            date,
  primary key (person_key, representative_key, kind, start_date),
  check (representative_key <> person_key),
  check (end_date is null or end_date >= start_date)
);
-- The portal asks "whom do I represent?" by the representative.
create index population_representation_representative on population_representation (representative_key);

-- A Suomi.fi-style mandate: person_key is the principal, holder_key the person acting for them.
-- Scopes: 'view' (social welfare documents and the log in the portal), 'consent' (informing,
-- consents and prohibitions). Days are inclusive; a revocation takes effect at revoked_at.
create table mandate (
  person_key   bigint not null references person (person_key),
  mandate_id   text not null,
  holder_key   bigint not null references person (person_key),
  scopes       text[] not null check (cardinality(scopes) > 0 and scopes <@ array['view', 'consent']::text[]),
  valid_from   date not null,
  valid_until  date,
  revoked_at   timestamptz,
  primary key (person_key, mandate_id),
  check (holder_key <> person_key),
  check (valid_until is null or valid_until >= valid_from)
);
create index mandate_holder on mandate (holder_key);

-- Kansio core schema: people, organisations, systems, professionals, client relationships,
-- matters, documents and their bytes. Every person-scoped table carries person_key first,
-- so the schema can later be distributed by it (for example with Citus) without redesign.

create table person (
  person_key     bigint generated always as identity primary key,
  -- Opaque id used in FHIR references, so that identity codes never appear in URLs.
  fhir_id        uuid not null unique default gen_random_uuid(),
  identity_code  text not null unique,
  -- Names come from the population register; a person first met in a stored document has none yet.
  given_name     text,
  family_name    text,
  birth_date     date not null,
  created_at     timestamptz not null default now()
);

-- Controllers (welfare areas, municipalities, private providers) and their units. A unit has
-- parent_oid = its controller; a controller has parent_oid null.
create table organisation (
  oid          text primary key,
  name         text not null,
  kind         text not null check (kind in ('welfare-area', 'municipality', 'private-provider', 'unit')),
  parent_oid   text references organisation (oid),
  check ((kind = 'unit') = (parent_oid is not null))
);

-- Client data systems, registered with their controller and profile (L5).
create table client_system (
  client_id       text primary key,
  name            text not null,
  controller_oid  text not null references organisation (oid),
  profile         text not null check (profile in ('connecting', 'storing', 'reading', 'service')),
  -- Public keys (JWKS) used to verify the system's private_key_jwt client assertions.
  jwks            jsonb not null
);

-- Professionals, identified by their professional card (D9). card_subject is the card
-- certificate's subject serialNumber; the card chains to a trusted professional-card CA.
create table professional (
  professional_id  text primary key,
  given_name       text not null,
  family_name      text not null,
  title            text not null,
  organisation_oid text not null references organisation (oid)
);

-- Client relationships per controller and service task, derived from the current version of
-- the client relationship document (group 1505 code 1) in the transaction that stores it.
create table client_relationship (
  person_key       bigint not null references person (person_key),
  controller_oid   text not null references organisation (oid),
  service_task     text not null,
  source_set_id    uuid not null,
  unit_oid         text,
  start_date       date not null,
  end_date         date,
  worker_name      text,
  worker_phone     text,
  worker_email     text,
  primary key (person_key, controller_oid, service_task)
);

-- Persons related to the client on the relationship record (parent, guardian, trustee...).
create table client_relationship_person (
  person_key          bigint not null references person (person_key),
  controller_oid      text not null,
  service_task        text not null,
  related_person_key  bigint not null references person (person_key),
  role_code           text not null,
  primary key (person_key, controller_oid, service_task, related_person_key, role_code),
  foreign key (person_key, controller_oid, service_task)
    references client_relationship (person_key, controller_oid, service_task) on delete cascade
);

-- Producer units named on the relationship record: the register access authorisation (D3, S7).
create table client_relationship_producer (
  person_key         bigint not null references person (person_key),
  controller_oid     text not null,
  service_task       text not null,
  producer_unit_oid  text not null references organisation (oid),
  start_date         date not null,
  end_date           date,
  primary key (person_key, controller_oid, service_task, producer_unit_oid, start_date),
  foreign key (person_key, controller_oid, service_task)
    references client_relationship (person_key, controller_oid, service_task) on delete cascade
);

-- Matters (group 1505 code 2), possibly shared by several clients (S8).
create table matter (
  matter_set_id   uuid primary key,
  controller_oid  text not null references organisation (oid),
  service_task    text not null
);

create table matter_client (
  person_key     bigint not null references person (person_key),
  matter_set_id  uuid not null references matter (matter_set_id) on delete cascade,
  joined_at      timestamptz not null,
  left_at        timestamptz,
  primary key (person_key, matter_set_id)
);

-- Content-addressed bytes behind a small blob-store interface (src/store/blobs.ts).
create table blob (
  sha256  bytea primary key,
  bytes   bytea not null
);

create table document (
  person_key              bigint not null references person (person_key),
  version_id              uuid not null,
  -- S1: every version has its own id; all versions share the set id of the original.
  set_id                  uuid not null,
  version_number          integer not null,
  -- No foreign key to organisation: every concurrent insert would take a key-share lock on the
  -- same controller row, and those locks turn into multixacts under load. The controller comes
  -- from a registered system (client_system has the foreign key).
  controller_oid          text not null,
  unit_oid                text,
  service_task            text not null,
  type_system             text not null,
  type_code               text not null,
  phase                   text not null check (phase in ('legacy', '1', '2', '3')),
  status                  text not null check (status in ('current', 'superseded', 'entered-in-error')),
  title                   text,
  -- V5 display restrictions.
  display_delayed_until   date,
  special_content         boolean not null default false,
  hidden_from_guardians   boolean not null default false,
  restriction_reason      text,
  -- V4: a professional's opt-in to show one adoption or parenthood document.
  portal_opt_in           boolean not null default false,
  author_professional_id  text,
  author_given            text,
  author_family           text,
  author_organisation_oid text,
  created_at              timestamptz not null,
  stored_at               timestamptz not null,
  period_start            timestamptz,
  period_end              timestamptz,
  content_type            text not null,
  format_code             text,
  content_sha256          bytea not null references blob (sha256),
  -- FHIR R4 Attachment.hash is SHA-1; kept so that responses need not read the bytes.
  content_sha1            bytea not null,
  content_size            integer not null,
  language                text,
  matter_set_id           uuid references matter (matter_set_id),
  replaces_version_id     uuid,
  replaced_by_version_id  uuid,
  submission_set_id       uuid not null,
  master_identifier       text,
  invalidated_at          timestamptz,
  invalidation_reason     text,
  invalidated_by          text,
  primary key (person_key, version_id)
);

create unique index document_version_id on document (version_id);
create index document_set on document (set_id, version_number);
create index document_person_status on document (person_key, status, created_at desc);
create unique index document_one_current_per_set on document (set_id) where status = 'current';
create unique index document_master_identifier on document (master_identifier) where master_identifier is not null;
create index document_matter on document (matter_set_id) where matter_set_id is not null;

-- Token replay protection: each client assertion and professional statement jti once (SMART).
create table seen_jti (
  jti         text primary key,
  expires_at  timestamptz not null
);
create index seen_jti_expiry on seen_jti (expires_at);

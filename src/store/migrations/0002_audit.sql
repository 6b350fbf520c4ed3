-- D10 audit trail: append-only, partitioned by month, tamper-evident.
--
-- The records form hash chains: each record's hash is sha256(previous hash || body), where body
-- is the record's canonical JSON (it holds every column below but the chain fields). One single
-- chain would serialise every committing transaction on its head row and defeat group commit,
-- so there are 64 lanes (chains), and each pooled connection of a process appends to a lane of
-- its own (src/store/audit.ts), so that concurrent transactions rarely wait for each other's
-- commit. `kansio audit verify` walks every lane from its first record.

create table audit_lane (
  lane      smallint primary key,
  last_seq  bigint not null,
  last_hash bytea not null
);

insert into audit_lane (lane, last_seq, last_hash)
select l, 0, sha256(convert_to('kansio-audit-genesis-' || l, 'UTF8'))
from generate_series(0, 63) as l;

create table audit_event (
  lane              smallint not null,
  seq               bigint not null,
  recorded_at       timestamptz not null,
  event_id          uuid not null,
  action            text not null,
  outcome           text not null,
  person_key        bigint,
  organisation_oid  text,
  body              text not null,
  prev_hash         bytea not null,
  hash              bytea not null,
  primary key (lane, seq, recorded_at)
) partition by range (recorded_at);

create index audit_event_person on audit_event (person_key, recorded_at desc);
create index audit_event_id on audit_event (event_id);

-- Records are never updated or deleted by the application: enforce it in the database too.
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only';
end $$;

create trigger audit_event_no_update before update or delete on audit_event
  for each row execute function audit_event_append_only();

-- Creates the monthly partition holding `at`, if missing. Called at start for this month and
-- the next two, and by the default partition's fallback below.
create function audit_ensure_partition(at timestamptz) returns void language plpgsql as $$
declare
  first_day date := date_trunc('month', at at time zone 'UTC')::date;
  name text := 'audit_event_' || to_char(first_day, 'YYYYMM');
begin
  if to_regclass(name) is null then
    execute format(
      'create table %I partition of audit_event for values from (%L) to (%L)',
      name, first_day::timestamp at time zone 'UTC', (first_day + interval '1 month')::timestamp at time zone 'UTC');
  end if;
end $$;

-- Catches anything outside the prepared months (a clock far off, an old import) rather than fail.
create table audit_event_default partition of audit_event default;

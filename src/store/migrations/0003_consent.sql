-- The consent service (D11): Kanta informing acknowledgements, disclosure consents and
-- prohibitions, shared by all controllers. Every change is a new version row; the previous row
-- stays as it was (only its is_current flag turns off), so nothing is silently overwritten.

create table consent_record (
  person_key         bigint not null references person (person_key),
  consent_id         uuid not null,
  version            integer not null check (version >= 1),
  is_current         boolean not null,
  kind               text not null check (kind in ('informing', 'social-welfare-consent', 'health-consent', 'prohibition')),
  -- S3: prohibitions per controller, per service task, or per document (by set id).
  scope              text check (scope in ('controller', 'service-task', 'document')),
  target             text,
  informing_version  text,
  given_at           timestamptz not null,
  valid_from         date not null,
  revoked_at         timestamptz,
  -- Who gave it: {"kind":"client"} or {"kind":"representative","role":"32","personKey":"..."}.
  actor              jsonb not null,
  revoked_by         jsonb,
  channel            text not null check (channel in ('visit', 'portal')),
  -- Who wrote this version: system, professional and organisation.
  recorded_at        timestamptz not null,
  recorded_by        jsonb not null,
  check ((kind = 'prohibition') = (scope is not null and target is not null)),
  check ((kind = 'informing') = (informing_version is not null)),
  check ((revoked_at is null) = (revoked_by is null)),
  primary key (person_key, consent_id, version)
);

create unique index consent_record_current on consent_record (consent_id) where is_current;
create index consent_record_person on consent_record (person_key) where is_current;

create function consent_record_keep_history() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'consent_record keeps its history: versions are never deleted';
  end if;
  if old.is_current and not new.is_current
     and (to_jsonb(old) - 'is_current') = (to_jsonb(new) - 'is_current') then
    return new;
  end if;
  raise exception 'consent_record keeps its history: a change is a new version';
end $$;

create trigger consent_record_history before update or delete on consent_record
  for each row execute function consent_record_keep_history();

-- The professional's roles in their controller (D1: each controller manages its staff's access
-- rights). 'supervisor' and 'archivist' may ask why a document is or is not disclosed ($explain).
alter table professional add column roles text[] not null default '{}';

-- Disclosure records concern the disclosing controllers as well as the recipient: they may read
-- them too (S9).
alter table audit_event add column related_oids text[];

-- ITI-65 SubmissionSets (MHD List, code submissionset), kept so that the List/<id> location the
-- transaction-response returns resolves, and content.format with its code system.
--
-- One row per stored bundle. The documents of the set are listed here (their version ids), so
-- that reading the set needs no index on the busy document table.
create table submission_set (
  person_key            bigint not null references person (person_key),
  submission_set_id     uuid not null,
  -- Who stored it: only this system reads it back (GET List/<id>); the controller it worked for.
  system_id             text not null,
  controller_oid        text not null,
  -- MHD: sourceId (an OID, as urn:oid:...), uniqueId (identifier use official), submissionTime (date).
  source_id             text not null,
  unique_id             text,
  submitted_at          timestamptz not null,
  stored_at             timestamptz not null,
  title                 text,
  document_version_ids  uuid[] not null,
  primary key (person_key, submission_set_id)
);
create unique index submission_set_id on submission_set (submission_set_id);

-- content.format always has a system. Rows stored before this migration: a missing format is
-- "the MIME type says it all" (IHE format code urn:ihe:iti:xds:2017:mimeTypeSufficient); a code
-- given without a system keeps its code under Kansio's documented system for such codes.
alter table document add column format_system text;
update document set format_system = 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode',
                    format_code = 'urn:ihe:iti:xds:2017:mimeTypeSufficient'
  where format_code is null;
update document set format_system = 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode'
  where format_system is null and format_code like 'urn:ihe:%';
update document set format_system = 'https://kansio.fi/fhir/CodeSystem/unqualified-format-code'
  where format_system is null;
alter table document alter column format_system set not null, alter column format_code set not null;

-- L4: a legacy document (old client data) says whether it belongs to a client relationship that
-- had ended before the controller joined the archive, as the import manifest states it
-- (docs/legacy-import.md). Null for every other document. A column without a default: adding it
-- rewrites nothing.
alter table document add column legacy_old_relationship boolean;
alter table document add constraint document_legacy_old_relationship check (legacy_old_relationship is null or phase = 'legacy') not valid;

-- D10 (issue 12): signed checkpoints of the audit trail. Each row is one signed note (the
-- c2sp.org/tlog-checkpoint shape, src/domain/audit-checkpoint.ts) naming every lane's last
-- sequence number and hash. The same note is also written outside the database
-- (KANSIO_AUDIT_CHECKPOINTS) before the row commits: this table serves GET /audit/checkpoint,
-- the copies outside are what an insider cannot rewrite.
--
-- size is the number of records ever appended (the sum of the lanes' sequence numbers). It only
-- grows, and checkpoints are taken one at a time (an advisory lock), so it identifies one.
create table audit_checkpoint (
  size        bigint primary key,
  created_at  timestamptz not null,
  root_hash   bytea not null,
  note        text not null
);

create index audit_checkpoint_created on audit_checkpoint (created_at);

create function audit_checkpoint_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_checkpoint is append-only';
end $$;

create trigger audit_checkpoint_no_update before update or delete on audit_checkpoint
  for each row execute function audit_checkpoint_append_only();

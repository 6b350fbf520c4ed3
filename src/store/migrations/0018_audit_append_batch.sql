-- Issue 11, group commit for audit records: a read's record no longer commits on its own. The
-- server gathers the records of concurrent reads and appends them in one call of this function,
-- one statement and one commit (src/store/audit-appender.ts). The records are chained on one
-- lane exactly as the single-record append chains them (hash = sha256(previous hash || body)),
-- so `kansio audit verify` and the signed checkpoints need no change. The lane's head row is
-- locked for the call: another process meeting this lane waits, and each chain stays correct.
--
-- related_oids travel as one JSON array text per record (or null): a batch of text[] values
-- would have to be a rectangular two-dimensional array.
create function audit_append_batch(
  p_lane smallint,
  p_recorded_at timestamptz[],
  p_event_id uuid[],
  p_action text[],
  p_outcome text[],
  p_person_key bigint[],
  p_organisation_oid text[],
  p_body text[],
  p_related text[]
) returns bigint language plpgsql as $$
declare
  v_seq bigint;
  v_hash bytea;
  v_prev bytea;
begin
  select last_seq, last_hash into v_seq, v_hash from audit_lane where lane = p_lane for update;
  if not found then
    raise exception 'audit lane % does not exist', p_lane;
  end if;
  for i in 1 .. coalesce(array_length(p_body, 1), 0) loop
    v_prev := v_hash;
    v_seq := v_seq + 1;
    v_hash := sha256(v_prev || convert_to(p_body[i], 'UTF8'));
    insert into audit_event (lane, seq, recorded_at, event_id, action, outcome, person_key, organisation_oid, body, prev_hash, hash, related_oids)
    values (p_lane, v_seq, p_recorded_at[i], p_event_id[i], p_action[i], p_outcome[i], p_person_key[i], p_organisation_oid[i], p_body[i], v_prev, v_hash,
            case when p_related[i] is null then null else array(select jsonb_array_elements_text(p_related[i]::jsonb)) end);
  end loop;
  update audit_lane set last_seq = v_seq, last_hash = v_hash where lane = p_lane;
  return v_seq;
end $$;

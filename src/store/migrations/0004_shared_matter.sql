-- S8 shared matter: a document of a matter belongs to every client of the matter whose
-- membership covers the document's creation time (docs/disclosure-decision.md, "Shared matter").

-- A membership is the interval [joined_at, left_at): left_at is the exclusive end. A day given as
-- the join or leave time is a day in Finland, the leave day included (src/store/relationships.ts).
comment on column matter_client.joined_at is 'S8: member from this instant (a join day: its start in Europe/Helsinki)';
comment on column matter_client.left_at is 'S8: member until just before this instant (a leave day: the start of the next day in Europe/Helsinki); null while a member';

-- Rows derived before this migration stored a day as UTC midnight of that day, the leave day
-- excluded: derive them again from the current version of each matter document, as the archive
-- now does when one is stored.
update matter_client mc set
  joined_at = case when c.value ->> 'joined' ~ '^\d{4}-\d{2}-\d{2}$'
    then (c.value ->> 'joined')::date::timestamp at time zone 'Europe/Helsinki' else (c.value ->> 'joined')::timestamptz end,
  left_at = case when c.value ->> 'left' is null then null
    when c.value ->> 'left' ~ '^\d{4}-\d{2}-\d{2}$' then ((c.value ->> 'left')::date + 1)::timestamp at time zone 'Europe/Helsinki'
    else (c.value ->> 'left')::timestamptz end
from document d
join blob b on b.sha256 = d.content_sha256
cross join lateral jsonb_array_elements(convert_from(b.bytes, 'UTF8')::jsonb -> 'clients') c
join person p on p.identity_code = c.value ->> 'identifier'
where d.set_id = mc.matter_set_id and d.status = 'current' and p.person_key = mc.person_key;

-- A matter document is a document of its own matter, so it too belongs to each of its clients.
update document set matter_set_id = set_id
where matter_set_id is null and set_id in (select matter_set_id from matter);

-- A document's other clients are looked up by its matter (the primary key leads with the person).
create index matter_client_matter on matter_client (matter_set_id, joined_at);

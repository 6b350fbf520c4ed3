// S8 shared matter: SQL fragments that say who the clients of a document are. A document
// belongs to the client it was stored under and, when it is a document of a matter
// (document.matter_set_id; a matter document carries its own set id), to every client of the
// matter whose membership covers the document's creation time: joined_at <= created_at <
// left_at (left_at is the exclusive end; see docs/disclosure-decision.md "Shared matter").
// Kept in one place, so that the search and the read cannot come to disagree.
import { CONSENTS_JSON, AUTHORISATIONS_JSON } from './consents.ts';
import { RELATIONSHIPS_JSON } from './people.ts';

/** The membership of `mc` (a matter_client row) covers the creation of document `d`. */
const COVERS = 'mc.matter_set_id = d.matter_set_id and mc.joined_at <= d.created_at and (mc.left_at is null or d.created_at < mc.left_at)';

/**
 * The document `d` is a document of the client `person` (a parameter placeholder such as $1).
 * The array of the client's matters is computed once per statement, so PostgreSQL can answer
 * the condition from the person and matter indexes (a BitmapOr) instead of scanning.
 */
export function documentOfClient(person: string): string {
  return `(d.person_key = ${person} or (d.matter_set_id = any(array(select m.matter_set_id from matter_client m where m.person_key = ${person}))
    and exists (select 1 from matter_client mc where mc.person_key = ${person} and ${COVERS})))`;
}

/**
 * The client's documents as a derived table with document's columns, for a search: those
 * stored under the client, and those of the matters the client was a member of when they were
 * written. Two index paths joined by union all (a document is in at most one of them); the
 * lateral subquery is kept apart (offset 0) so that each of the client's matters is a
 * parameterised index lookup, never a walk of the matter index.
 */
export function documentsOfClient(person: string): string {
  return `(select * from document where person_key = ${person}
    union all
    select md.* from matter_client mc cross join lateral (select * from document md where md.matter_set_id = mc.matter_set_id
      and mc.joined_at <= md.created_at and (mc.left_at is null or md.created_at < mc.left_at) and md.person_key <> mc.person_key offset 0) md
    where mc.person_key = ${person})`;
}

function replaced(fragment: string, from: string, to: string): string {
  if (!fragment.includes(from)) throw new Error(`shared-matter: '${from}' not found in the fragment it adapts`);
  return fragment.replaceAll(from, to);
}

/**
 * The current prohibitions of the document's clients other than `person` (the client it is
 * reached through), as ConsentFact JSON: they bind a disclosure too (S8). Empty for a document
 * of no matter, without touching the consent table.
 */
export function coClientProhibitions(person: string): string {
  // An array, so that the consent index answers it: an `or` of two sets would scan the table.
  const others = `c.person_key = any(array(select d.person_key union select mc.person_key from matter_client mc where ${COVERS}))
    and c.person_key <> ${person} and c.kind = 'prohibition'`;
  return `case when d.matter_set_id is null then '[]'::json else ${replaced(CONSENTS_JSON, 'c.person_key = person.person_key', others)} end`;
}

/**
 * The clients of the document other than the one it was stored under, each with the facts the
 * access decision needs (ordered by join time): JSON for toMembers.
 */
export const MATTER_MEMBERS_JSON = `case when d.matter_set_id is null then '[]'::json else (select coalesce(json_agg(json_build_object(
  'personKey', person.person_key::text, 'personFhirId', person.fhir_id, 'relationships', ${RELATIONSHIPS_JSON},
  'authorisations', ${AUTHORISATIONS_JSON}, 'consents', ${CONSENTS_JSON}) order by mc.joined_at, person.person_key), '[]'::json)
  from matter_client mc join person on person.person_key = mc.person_key where mc.person_key <> d.person_key and ${COVERS}) end`;

// The mandate register as a table (migration 0007): read by the portal and the consent service
// through MandateRegister, written by the registers import.
import type { Queryable } from './queryable.ts';
import type { PersonKey } from '../domain/types.ts';
import type { Mandate, MandateRegister, MandateScope } from '../domain/registers.ts';

interface Row { person_key: string; mandate_id: string; holder_key: string; scopes: MandateScope[]; valid_from: string; valid_until: string | null; revoked_at: string | null }

// Instants as ISO 8601 in UTC with milliseconds, as the rest of the store gives them, so they compare as strings.
const COLUMNS = `person_key::text, mandate_id, holder_key::text, scopes, to_char(valid_from, 'YYYY-MM-DD') as valid_from,
  to_char(valid_until, 'YYYY-MM-DD') as valid_until, to_char(revoked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as revoked_at`;

const toMandate = (r: Row): Mandate => ({
  principalKey: r.person_key as PersonKey, mandateId: r.mandate_id, holderKey: r.holder_key as PersonKey, scopes: r.scopes,
  validFrom: r.valid_from, validUntil: r.valid_until, revokedAt: r.revoked_at,
});

export const tableMandateRegister: MandateRegister<Queryable> = {
  async mandatesHeldBy(q, holderKey) {
    const r = await q.query<Row>({ name: 'mandates-held-by', text: `select ${COLUMNS} from mandate where holder_key = $1 order by person_key, mandate_id`, values: [holderKey] });
    return r.rows.map(toMandate);
  },
  async mandatesOf(q, principalKey) {
    const r = await q.query<Row>({ name: 'mandates-of', text: `select ${COLUMNS} from mandate where person_key = $1 order by mandate_id`, values: [principalKey] });
    return r.rows.map(toMandate);
  },
};

/** Inserts the mandate, or replaces the one with the same principal and id (an import is idempotent). */
export async function upsertMandate(q: Queryable, m: Mandate): Promise<void> {
  await q.query({
    name: 'mandate-upsert',
    text: `insert into mandate (person_key, mandate_id, holder_key, scopes, valid_from, valid_until, revoked_at) values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (person_key, mandate_id) do update set holder_key = excluded.holder_key, scopes = excluded.scopes,
             valid_from = excluded.valid_from, valid_until = excluded.valid_until, revoked_at = excluded.revoked_at`,
    values: [m.principalKey, m.mandateId, m.holderKey, m.scopes, m.validFrom, m.validUntil, m.revokedAt],
  });
}

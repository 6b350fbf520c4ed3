// S3: a consent service record names who gave (or revoked) it: the client, or a legal
// representative with a role. The representative must be registered for that role on that day:
// 31 guardian, 32 trustee, 33 continuing power of attorney in the population register, 34 a
// mandate with scope consent in the mandate register. No longer on the professional's word.
// A refusal commits its audit record, as the consent service's other refusals do.
import type { Tx } from '../store/db.ts';
import type { Queryable } from '../store/queryable.ts';
import type { PersonKey } from '../domain/types.ts';
import type { RepresentativeRole } from '../domain/consent.ts';
import type { Registers } from '../domain/registers.ts';
import { Unprocessable, type KansioError } from '../domain/errors.ts';
import { decideRepresentativeRole } from '../domain/policy/representation.ts';
import { tablePopulationRegister } from '../store/population-register.ts';
import { tableMandateRegister } from '../store/mandate-register.ts';
import { appendAudit, type AuditRecord } from '../store/audit.ts';

/** The registers Kansio reads by default: its own tables, filled by `kansio registers import`. */
export const TABLE_REGISTERS: Registers<Queryable> = { population: tablePopulationRegister, mandates: tableMandateRegister };

export interface RepresentativeCheckProps {
  readonly client: { readonly personKey: PersonKey; readonly birthDate: string };
  /** Who gave or revoked the record, as named on it. */
  readonly actor: { readonly kind: 'client' } | { readonly kind: 'representative'; readonly role: RepresentativeRole; readonly identityCode: string };
  /** When it was given (ISO date-time with offset): its day is the day the register must have the representative. */
  readonly at: string;
  /** The audit record of a refusal, without its outcome and reasons. */
  readonly audit: Omit<AuditRecord, 'outcome' | 'because'>;
  readonly registers?: Registers<Queryable>;
}

/** The refusal (422, S3) when the named representative is not registered for the role; undefined when the client acts or the registers agree. */
export async function representativeRefusal(tx: Tx, props: RepresentativeCheckProps): Promise<KansioError | undefined> {
  const { actor, client } = props;
  if (actor.kind === 'client') return undefined;
  const registers = props.registers ?? TABLE_REGISTERS;
  // Looked up, not created: a representative the archive does not know is in no register.
  const found = await tx.query<{ person_key: string }>({ name: 'representative-key-by-code', text: 'select person_key::text from person where identity_code = $1', values: [actor.identityCode] });
  const representativeKey = found.rows[0]?.person_key as PersonKey | undefined;
  const [representations, mandates] = actor.role === '34'
    ? [[], await registers.mandates.mandatesOf(tx, client.personKey)]
    : [await registers.population.representativesOf(tx, client.personKey), []];
  const decision = decideRepresentativeRole({
    role: actor.role, client, representativeKey, representations, mandates, day: props.at.slice(0, 10), at: new Date(props.at).toISOString(),
  });
  if (decision.allow) return undefined;
  await appendAudit(tx, { ...props.audit, outcome: 'denied', because: decision.because });
  return Unprocessable.of(decision.because.map((b) => `${b.rule}: ${b.detail}`).join('; '), 'Consent.performer');
}

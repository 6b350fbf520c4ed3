// `kansio registers import` and the demo seed: fill the population register and the mandate
// register from JSON lines (docs/registers.md). All or nothing: every line is checked first, and
// any bad line refuses the whole file with every problem and its line number, before anything is
// written. Writing is idempotent: a record with the key of an earlier one replaces it. The
// population register is the source of names, so a person record sets the person's name.
import type { Tx } from '../store/db.ts';
import type { PersonKey } from '../domain/types.ts';
import { parseRegisterLine, type CodedPerson, type LineProblem, type RegisterRecord } from '../domain/register-records.ts';
import { personKeyFor, upsertRepresentation } from '../store/population-register.ts';
import { upsertMandate } from '../store/mandate-register.ts';

export interface ImportRegistersProps {
  /** The file's lines, in order. */
  readonly lines: Iterable<string> | AsyncIterable<string>;
  /** Called after each record is written, with the count so far and the total. */
  readonly progress?: (done: number, total: number) => void;
}

export interface ImportSummary {
  readonly people: number;
  readonly representations: number;
  readonly mandates: number;
  /** People the archive had not met before (created by the import). */
  readonly newPeople: number;
}

export type ImportResult = { readonly ok: true; readonly summary: ImportSummary } | { readonly ok: false; readonly problems: readonly LineProblem[] };

/** Checks every line; the records, or every problem. */
export async function readRegisterLines(lines: Iterable<string> | AsyncIterable<string>): Promise<{ records: RegisterRecord[]; problems: LineProblem[] }> {
  const records: RegisterRecord[] = [];
  const problems: LineProblem[] = [];
  let n = 0;
  for await (const line of lines) {
    n++;
    const parsed = parseRegisterLine(line);
    if (!parsed.ok) problems.push({ line: n, reason: parsed.reason });
    else if (parsed.record) records.push(parsed.record);
  }
  return { records, problems };
}

export async function importRegisters(tx: Tx, props: ImportRegistersProps): Promise<ImportResult> {
  const { records, problems } = await readRegisterLines(props.lines);
  if (problems.length > 0) return { ok: false, problems };
  const keys = new Map<string, PersonKey>();
  let newPeople = 0;
  const keyOf = async (p: CodedPerson, names?: { givenName: string; familyName: string }): Promise<PersonKey> => {
    const known = keys.get(p.identityCode);
    if (known && !names) return known;
    const { personKey, created } = await personKeyFor(tx, { identityCode: p.identityCode, birthDate: p.birthDate, ...(names ?? {}) });
    if (created) newPeople++;
    keys.set(p.identityCode, personKey);
    return personKey;
  };
  const counts = { people: 0, representations: 0, mandates: 0 };
  for (const [i, r] of records.entries()) {
    if (r.type === 'person') {
      await keyOf(r.person, { givenName: r.givenName, familyName: r.familyName });
      counts.people++;
    } else if (r.type === 'representation') {
      await upsertRepresentation(tx, { personKey: await keyOf(r.person), representativeKey: await keyOf(r.representative), kind: r.kind, startDate: r.start, endDate: r.end });
      counts.representations++;
    } else {
      await upsertMandate(tx, {
        principalKey: await keyOf(r.principal), mandateId: r.id, holderKey: await keyOf(r.holder), scopes: r.scopes,
        validFrom: r.validFrom, validUntil: r.validUntil, revokedAt: r.revokedAt,
      });
      counts.mandates++;
    }
    props.progress?.(i + 1, records.length);
  }
  return { ok: true, summary: { ...counts, newPeople } };
}

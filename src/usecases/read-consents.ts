// The consent service, reading side: a professional's system reads a client's informing,
// consents and prohibitions (to know what to ask the client, D5) and one record's history.
// Reading them is reading client data: it needs a client relationship (D1) and leaves an
// audit record (D10).
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { Requester } from '../domain/types.ts';
import type { ConsentKind } from '../domain/consent.ts';
import { Forbidden, NotFound } from '../domain/errors.ts';
import { decideProfileAllows } from '../domain/policy/system-profile.ts';
import { findPersonByKey, type PersonRow } from '../store/people.ts';
import { consentHistory, findConsents, getConsent, type StoredConsent } from '../store/consents.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import { accessRequester, hasBusinessWithClient } from './document-access.ts';
import type { Result } from './result.ts';

export type ConsentRead =
  | { readonly kind: 'search'; readonly person: PersonRow | undefined; readonly kinds?: readonly ConsentKind[]; readonly status?: 'active' | 'inactive'; readonly count: number; readonly offset: number; readonly queryText: string }
  | { readonly kind: 'read'; readonly consentId: string; readonly version?: number }
  | { readonly kind: 'history'; readonly consentId: string };

/** The records read; for a search, the page, how many match in all and the client's opaque id. */
export interface ConsentsRead {
  readonly records: StoredConsent[];
  readonly total: number;
  readonly personFhirId?: string;
}

export async function readConsents(connection: Connection, props: { readonly read: ConsentRead; readonly requester: Requester; readonly now: string }): Promise<Result<ConsentsRead>> {
  const { read, requester, now } = props;
  const base = { eventId: randomUUID(), recordedAt: now, action: 'consent-read' as const, transaction: `Consent-${read.kind}`, ...auditActor(requester) };
  const profile = decideProfileAllows(requester.profile, 'read-consent');
  if (!profile.allow) {
    await appendAudit(connection, { ...base, outcome: 'denied', because: profile.because });
    return { ok: false, error: Forbidden.of(`L5: ${profile.because[0]!.detail}`) };
  }
  let person: PersonRow | undefined;
  let records: StoredConsent[] = [];
  if (read.kind === 'search') {
    person = read.person;
    if (!person) {
      await appendAudit(connection, { ...base, outcome: 'success', query: read.queryText, because: [{ rule: 'D1', detail: 'no such client in the archive' }] });
      return { ok: true, value: { records: [], total: 0 } };
    }
  } else {
    const one = read.kind === 'read' ? await getConsent(connection, read.consentId, read.version) : (await consentHistory(connection, read.consentId))[0];
    if (!one) return { ok: false, error: NotFound.of(`Consent/${read.consentId}${read.kind === 'read' && read.version ? `/_history/${read.version}` : ''} is not found`) };
    person = await findPersonByKey(connection, one.personKey);
  }
  const personRef = { personKey: person!.personKey, personFhirId: person!.fhirId };
  if (!hasBusinessWithClient(accessRequester(requester), person!, now.slice(0, 10))) {
    await appendAudit(connection, { ...base, outcome: 'denied', ...personRef, because: [{ rule: 'D1', detail: 'no client relationship in force' }] });
    // A record of someone else's client is not ours to know about.
    return { ok: false, error: read.kind === 'search' ? Forbidden.of(`D1: ${requester.controllerOid} has no client relationship with this client in force`) : NotFound.of(`Consent/${read.consentId} is not found`) };
  }
  let total = 0;
  if (read.kind === 'search') ({ records, total } = await findConsents(connection, { personKey: person!.personKey, ...(read.kinds ? { kinds: read.kinds } : {}), ...(read.status ? { status: read.status } : {}), count: read.count, offset: read.offset }));
  else if (read.kind === 'read') records = [(await getConsent(connection, read.consentId, read.version))!];
  else records = await consentHistory(connection, read.consentId);
  await appendAudit(connection, {
    ...base, outcome: 'success', ...personRef, ...(read.kind === 'search' ? { query: read.queryText } : {}),
    because: [{ rule: 'D11', detail: 'the consent service\'s records of an own client' }],
    consents: records.map((r) => ({ consentId: r.consentId, version: r.version, kind: r.kind })),
  });
  return { ok: true, value: { records, total: read.kind === 'search' ? total : records.length, personFhirId: person!.fhirId } };
}

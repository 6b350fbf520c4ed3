// ITI-67 Find Document References across every register the requester may reach: its own
// (D1, D2), an organiser's under a register access authorisation (D3, S7), and others' by
// disclosure under consent (D4, D5, S2, S3, S6) or a statutory broad search (D6, S6). Each
// candidate document gets its own decision; the page is cut from the allowed ones, so paging
// and totals never count what the requester may not see. Every search, even one that finds
// nothing or is denied, leaves one audit record, committed before the result leaves (D10); a
// search that returns documents of another register makes it a disclosure record (S9).
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { Reason, Requester } from '../domain/types.ts';
import type { AccessBasis } from '../domain/policy/access-input.ts';
import { Forbidden, Unprocessable } from '../domain/errors.ts';
import { decideProfileAllows } from '../domain/policy/system-profile.ts';
import { findClientWithDocuments, type ClientRef, type DocumentQuery, type StoredDocument } from '../store/documents.ts';
import { findPersonByRef, type PersonRow } from '../store/people.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import { accessRequester, auditDocument, decideFor, disclosureOf, hasBusinessWithClient } from './document-access.ts';
import type { Result } from './result.ts';
import { countDecision } from '../ops/metrics.ts';

/** Candidates are decided one by one; past this many, the search must be narrowed. */
export const MAX_CANDIDATES = 5000;

export interface FindDocumentsProps {
  /** The client asked for (patient or patient.identifier); undefined when the search names none. */
  readonly client: ClientRef | undefined;
  /** The search criteria other than the client and the register. */
  readonly query: Omit<DocumentQuery, 'personKey' | 'controllerOid'>;
  /** The search as received, for the audit record. */
  readonly queryText: string;
  /** D6, S6: a validated legal justification of a statutory broad search. */
  readonly legalJustification?: string;
  readonly requester: Requester;
  readonly now: string;
}

/** Reasons of withheld documents, counted per rule: the audit says why without listing what. */
function withheldSummary(denials: readonly Reason[]): Reason[] {
  const counts = new Map<string, number>();
  for (const d of denials) counts.set(d.rule, (counts.get(d.rule) ?? 0) + 1);
  return [...counts].map(([rule, n]) => ({ rule, detail: `${n} document${n === 1 ? '' : 's'} withheld` }));
}

export async function findDocumentsUseCase(connection: Connection, props: FindDocumentsProps): Promise<Result<{ person: PersonRow | undefined; documents: StoredDocument[]; total: number }>> {
  const { requester, now } = props;
  const today = now.slice(0, 10);
  const base = {
    eventId: randomUUID(), recordedAt: now, action: 'search' as const, transaction: 'ITI-67', query: props.queryText, ...auditActor(requester),
  };

  const profile = decideProfileAllows(requester.profile, 'search');
  if (!profile.allow) {
    // Rare: the record still names the client asked for, when the archive knows them.
    const asked = props.client ? await findPersonByRef(connection, props.client) : undefined;
    await appendAudit(connection, { ...base, outcome: 'denied', ...(asked ? { personKey: asked.personKey } : {}), because: profile.because });
    return { ok: false, error: Forbidden.of(`L5: ${profile.because[0]!.detail}`) };
  }
  // One round trip (issue 11): the client with the facts the decisions need, and the client's
  // candidate documents. They are read before D1 is decided, and nothing of them leaves unless
  // every check below allows it.
  const found = props.client ? await findClientWithDocuments(connection, props.client, { ...props.query, count: MAX_CANDIDATES + 1, offset: 0 }) : undefined;
  const person = found?.person;
  if (!found || !person) {
    // An unknown client has no documents; say so without revealing more than an empty result.
    await appendAudit(connection, { ...base, outcome: 'success', because: [{ rule: 'D1', detail: 'no such client in the archive' }], documents: [] });
    return { ok: true, value: { person: undefined, documents: [], total: 0 } };
  }
  const personRef = { personKey: person.personKey, personFhirId: person.fhirId };
  const who = accessRequester(requester);
  if (!hasBusinessWithClient(who, person, today)) {
    const because = [{ rule: 'D1', detail: `${requester.controllerOid} has no client relationship with this client in force on ${today}, and is not named as its producer` }];
    await appendAudit(connection, { ...base, outcome: 'denied', ...personRef, because });
    return { ok: false, error: Forbidden.of(`D1: ${because[0]!.detail}; store the client relationship document first`) };
  }

  if (found.rows.length > MAX_CANDIDATES) {
    await appendAudit(connection, { ...base, outcome: 'denied', ...personRef, because: [{ rule: 'D1', detail: `more than ${MAX_CANDIDATES} candidate documents` }] });
    return { ok: false, error: Unprocessable.of(`the search matches more than ${MAX_CANDIDATES} documents of this client; narrow it with type, setting, date or period`, undefined, 'too-long') };
  }
  const allowed: { document: StoredDocument; basis: AccessBasis }[] = [];
  const denials: Reason[] = [];
  const elsewhere: Reason[] = [];
  for (const document of found.rows) {
    // S8: a shared matter's document found through this client; its other clients' prohibitions bind too.
    const decision = decideFor(who, document, person, now, props.legalJustification, document.coClientConsents);
    countDecision('document-access', decision);
    if (decision.allow) allowed.push({ document, basis: decision.basis });
    else (document.controllerOid === requester.controllerOid ? denials : elsewhere).push(...decision.because);
  }
  const page = allowed.slice(props.query.offset, props.query.offset + props.query.count);
  const disclosure = disclosureOf(requester.controllerOid, page);
  const grounds: Reason[] = [...new Set(page.map((g) => g.basis.kind))].map((kind) => ({ rule: BASIS_RULE[kind], detail: BASIS_TEXT[kind] }));
  await appendAudit(connection, {
    ...base, outcome: 'success', ...personRef,
    because: [...grounds, ...withheldSummary(denials)],
    // Other registers' withheld documents are counted apart: no AuditEvent shows them (D10).
    ...(elsewhere.length ? { withheldElsewhere: withheldSummary(elsewhere) } : {}),
    documents: page.map((g) => auditDocument(g.document, g.basis)),
    ...(disclosure ? { disclosure } : {}),
  });
  return { ok: true, value: { person, documents: page.map((g) => g.document), total: allowed.length } };
}

const BASIS_RULE: Record<AccessBasis['kind'], string> = { 'own-register': 'D2', authorisation: 'S7', consent: 'D4', statutory: 'D6' };
const BASIS_TEXT: Record<AccessBasis['kind'], string> = {
  'own-register': 'own register',
  authorisation: 'register access authorisation',
  consent: 'disclosed under the client\'s consent',
  statutory: 'disclosed under a statutory right to information',
};


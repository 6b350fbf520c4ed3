// ITI-67 Find Document References, own register only for now (D1, D2; D4 keeps other registers
// out until the consent service decides disclosure). Every search, even one that finds nothing
// or is denied, leaves an audit record in the transaction that returns its result (D10).
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { Decision, Requester } from '../domain/types.ts';
import { Forbidden } from '../domain/errors.ts';
import { decideProfileAllows } from '../domain/policy/system-profile.ts';
import { decideOwnRegisterRead, hasActiveRelationship } from '../domain/policy/own-register.ts';
import { findDocuments, type DocumentQuery, type StoredDocument } from '../store/documents.ts';
import type { PersonRow } from '../store/people.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import type { Result } from './result.ts';

export interface FindDocumentsProps {
  /** The client, already resolved from patient or patient.identifier; undefined if unknown. */
  readonly person: PersonRow | undefined;
  /** The search criteria other than the client and the register. */
  readonly query: Omit<DocumentQuery, 'personKey' | 'controllerOid'>;
  /** The search as received, for the audit record. */
  readonly queryText: string;
  readonly requester: Requester;
  readonly now: string;
}

export async function findDocumentsUseCase(connection: Connection, props: FindDocumentsProps): Promise<Result<{ documents: StoredDocument[]; total: number }>> {
  const { person, requester, now } = props;
  const today = now.slice(0, 10);
  const base = { eventId: randomUUID(), recordedAt: now, action: 'search' as const, transaction: 'ITI-67', query: props.queryText, ...auditActor(requester) };

  const profile = decideProfileAllows(requester.profile, 'search');
  if (!profile.allow) {
    await appendAudit(connection, { ...base, outcome: 'denied', ...(person ? { personKey: person.personKey } : {}), because: profile.because });
    return { ok: false, error: Forbidden.of(`L5: ${profile.because[0]!.detail}`) };
  }
  if (!person) {
    // An unknown client has no documents; say so without revealing more than an empty result.
    await appendAudit(connection, { ...base, outcome: 'success', because: [{ rule: 'D1', detail: 'no such client in the archive' }], documents: [] });
    return { ok: true, value: { documents: [], total: 0 } };
  }
  const relationships = person.relationships;
  const personRef = { personKey: person.personKey, personFhirId: person.fhirId };
  if (!hasActiveRelationship(relationships, requester.controllerOid, undefined, today)) {
    const because = [{ rule: 'D1', detail: `${requester.controllerOid} has no client relationship with this client in force on ${today}` }];
    await appendAudit(connection, { ...base, outcome: 'denied', ...personRef, because });
    return { ok: false, error: Forbidden.of(`D1: ${because[0]!.detail}; store the client relationship document first`) };
  }
  const found = await findDocuments(connection, { ...props.query, personKey: person.personKey, controllerOid: requester.controllerOid });
  // The SQL already limits to the own register; the decision per document is the authority,
  // and it also applies the service-task relationship and the status rules.
  const documents: StoredDocument[] = [];
  const because: Decision['because'][number][] = [];
  for (const doc of found.rows) {
    const decision = decideOwnRegisterRead({ requester, document: doc, relationships, today });
    if (decision.allow) documents.push(doc);
    else because.push(...decision.because.filter((b) => b.rule !== 'D2').map((b) => ({ rule: b.rule, detail: `${doc.versionId}: ${b.detail}` })));
  }
  await appendAudit(connection, {
    ...base, outcome: 'success', ...personRef,
    because: [{ rule: 'D2', detail: 'own register' }, ...because],
    documents: documents.map((d) => ({ versionId: d.versionId, setId: d.setId, typeCode: d.typeCode, controllerOid: d.controllerOid })),
  });
  return { ok: true, value: { documents, total: found.total - (found.rows.length - documents.length) } };
}

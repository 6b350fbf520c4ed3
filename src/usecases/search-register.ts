// L2: the archivist searches their own controller's register for one person: every version,
// current, superseded (L1) and invalidated (L2), with filters. Only the own register: another
// controller's documents are not the archivist's to see (D2, D4). The search is audited (D10).
import { randomUUID } from 'node:crypto';
import type { Connection } from '../store/db.ts';
import type { DocumentStatus } from '../domain/types.ts';
import { findDocuments, type SearchFilter, type StoredDocument } from '../store/documents.ts';
import { findPersonByIdentityCode } from '../store/people.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import { auditDocument } from './document-access.ts';
import { archivistRequester, type Archivist } from './archivist-context.ts';

export interface SearchRegisterProps {
  readonly archivist: Archivist;
  readonly identityCode: string;
  readonly statuses: readonly DocumentStatus[];
  readonly serviceTask?: string;
  /** A document type of the national list. */
  readonly type?: { readonly system: string; readonly code: string } | undefined;
  readonly phase?: string;
  /** ISO instants: created from (inclusive) and before (exclusive). */
  readonly createdFrom?: string;
  readonly createdBefore?: string;
  readonly now: string;
  readonly limit: number;
}

export async function searchRegister(connection: Connection, props: SearchRegisterProps): Promise<{ person: { fhirId: string; name: string } | undefined; documents: StoredDocument[]; total: number }> {
  const requester = archivistRequester(props.archivist);
  const person = await findPersonByIdentityCode(connection, props.identityCode);
  const base = { eventId: randomUUID(), recordedAt: props.now, action: 'search' as const, transaction: 'archivist-search', ...auditActor(requester) };
  if (!person) {
    await appendAudit(connection, { ...base, outcome: 'success', because: [{ rule: 'L2', detail: 'the archivist searched for a person the archive does not know' }] });
    return { person: undefined, documents: [], total: 0 };
  }
  const filters: SearchFilter[] = [
    ...(props.serviceTask ? [{ kind: 'service-task' as const, values: [props.serviceTask] }] : []),
    ...(props.phase ? [{ kind: 'phase' as const, values: [props.phase] }] : []),
    ...(props.type ? [{ kind: 'type' as const, codings: [{ system: props.type.system, code: props.type.code }] }] : []),
    ...(props.createdFrom ? [{ kind: 'created' as const, dates: [{ prefix: 'ge' as const, start: props.createdFrom, end: props.createdFrom }] }] : []),
    ...(props.createdBefore ? [{ kind: 'created' as const, dates: [{ prefix: 'lt' as const, start: props.createdBefore, end: props.createdBefore }] }] : []),
  ];
  const { rows, total } = await findDocuments(connection, { personKey: person.personKey, statuses: props.statuses, controllerOid: props.archivist.controllerOid, filters, count: props.limit, offset: 0 });
  await appendAudit(connection, {
    ...base, outcome: 'success', personKey: person.personKey, personFhirId: person.fhirId,
    documents: rows.map((d) => auditDocument(d, { kind: 'own-register' })),
    because: [{ rule: 'L2', detail: `the archivist's own register, statuses ${props.statuses.join(', ')}` }, { rule: 'D2', detail: 'own register' }],
  });
  return { person: { fhirId: person.fhirId, name: [person.givenName, person.familyName].filter(Boolean).join(' ') }, documents: rows, total };
}

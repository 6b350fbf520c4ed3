// D1, D2: a professional reads client data of their own controller's register only when the
// controller has a client relationship with the client (the data is needed for the client's
// matter); within the own register no consent is needed and prohibitions do not apply.
// L1, L2: superseded versions and invalidated documents are not served as documents.
//
// Reading: the relationship must be with the document's controller, for the document's service
// task, and not have ended before today. Disclosure from other registers (D3-D6, S2-S7) is
// decided elsewhere; here a document of another register is simply not ours to give (D4).
import type { ClientRelationship, Decision, DocumentMeta, Reason, Requester } from '../types.ts';

export interface OwnRegisterInput {
  readonly requester: Requester;
  readonly document: Pick<DocumentMeta, 'controllerOid' | 'serviceTask' | 'status' | 'setId'>;
  /** The client's relationships with any controller. */
  readonly relationships: readonly ClientRelationship[];
  /** Today, YYYY-MM-DD. */
  readonly today: string;
}

export function hasActiveRelationship(relationships: readonly ClientRelationship[], controllerOid: string, serviceTask: string | undefined, today: string): boolean {
  return relationships.some((r) =>
    r.controllerOid === controllerOid &&
    (serviceTask === undefined || r.serviceTask === serviceTask) &&
    r.startDate <= today &&
    (r.endDate === null || r.endDate >= today));
}

export function decideOwnRegisterRead(input: OwnRegisterInput): Decision {
  const { requester, document, relationships, today } = input;
  const because: Reason[] = [];
  if (document.controllerOid !== requester.controllerOid) {
    because.push({ rule: 'D4', detail: `the document belongs to the register of ${document.controllerOid}; disclosure between registers needs consent and is not granted here` });
    return { allow: false, because };
  }
  because.push({ rule: 'D2', detail: 'the document is in the requester\'s own register: no consent needed, prohibitions do not apply' });
  if (!hasActiveRelationship(relationships, document.controllerOid, document.serviceTask, today)) {
    because.push({ rule: 'D1', detail: `the controller has no client relationship with this client in service task ${document.serviceTask} in force on ${today}` });
    return { allow: false, because };
  }
  because.push({ rule: 'D1', detail: `client relationship in service task ${document.serviceTask} in force` });
  if (document.status === 'entered-in-error') {
    because.push({ rule: 'L2', detail: 'the document was invalidated; only the archivist interface can retrieve it' });
    return { allow: false, because };
  }
  return { allow: true, because };
}

/** May this requester store a document for this client in this service task (D1)? */
export function decideOwnRegisterStore(input: {
  readonly requester: Requester;
  readonly serviceTask: string;
  readonly relationships: readonly ClientRelationship[];
  readonly today: string;
  /** A client relationship document creates the relationship, so it needs none before it. */
  readonly isClientRelationshipDocument: boolean;
}): Decision {
  const { requester, serviceTask, relationships, today } = input;
  if (input.isClientRelationshipDocument) {
    return { allow: true, because: [{ rule: 'D1', detail: 'a client relationship document opens the client relationship' }] };
  }
  if (!hasActiveRelationship(relationships, requester.controllerOid, serviceTask, today)) {
    return { allow: false, because: [{ rule: 'D1', detail: `store the client relationship document first: ${requester.controllerOid} has no client relationship with this client in service task ${serviceTask} in force on ${today}` }] };
  }
  return { allow: true, because: [{ rule: 'D1', detail: `client relationship in service task ${serviceTask} in force` }] };
}

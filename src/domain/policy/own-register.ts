// D1, D2: a professional reads client data of their own controller's register only when the
// controller has a client relationship with the client (the data is needed for the client's
// matter); within the own register no consent is needed and prohibitions do not apply.
// L1, L2: superseded versions and invalidated documents are not served as documents.
//
// Reading: the relationship must be with the document's controller, for the document's service
// task, and not have ended before today. Disclosure from other registers (D3-D6, S2-S7) is
// decided elsewhere; here a document of another register is simply not ours to give (D4).
import type { ClientRelationship, Decision, DocumentMeta, Reason, Requester } from '../types.ts';
import type { ProducerAuthorisation } from '../consent.ts';
import type { AccessRequester } from './access-input.ts';
import { authorisationFor } from './document-access.ts';

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

/**
 * S7, D3: may a producer store into the organiser's register? Only a document of a service task
 * for which the organiser's client relationship record names the requester's unit (or
 * controller) as producer, inside that window. Client relationship and matter documents are
 * the organiser's own to record.
 */
export function decideProducerStore(input: {
  readonly requester: AccessRequester;
  readonly register: string;
  readonly serviceTask: string;
  readonly authorisations: readonly ProducerAuthorisation[];
  readonly today: string;
  readonly opensRecord: boolean;
}): Decision {
  const { requester, register, serviceTask, today } = input;
  if (input.opensRecord) {
    return { allow: false, because: [{ rule: 'S7', detail: `only ${register} itself records client relationship and matter documents in its register` }] };
  }
  const a = authorisationFor({ requester, authorisations: input.authorisations }, register, serviceTask, today);
  if (!a) {
    return { allow: false, because: [{ rule: 'S7', detail: `${requester.organisationOid} is not named on the client's relationship record of ${register} as the producer of service task ${serviceTask} on ${today}; a system stores only into its own register otherwise` }] };
  }
  return { allow: true, because: [{ rule: 'S7', detail: `register access authorisation of ${a.producerUnitOid} for service task ${serviceTask} from ${a.startDate}${a.endDate ? ` to ${a.endDate}` : ''}` }, { rule: 'D3', detail: 'the producer stores into the organiser\'s register' }] };
}

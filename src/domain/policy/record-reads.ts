// Who may read the records Kansio writes references to: the client as a minimal Patient, and a
// stored SubmissionSet. Neither answer says "forbidden": a refusal is a 404, so that it never
// confirms that the client or the set exists (the adapter maps a denial to 404).
import type { ClientRelationship, Decision } from '../types.ts';
import type { ProducerAuthorisation } from '../consent.ts';
import type { AccessRequester } from './access-input.ts';
import { hasActiveRelationship } from './own-register.ts';
import { isProducerToday } from './register-authorisation.ts';

/**
 * D1: a professional sees a client's identity only when their controller has a client
 * relationship with the client in force (any service task), the check the audit search uses;
 * D3, S7: or when their unit is the client's producer under a register access authorisation.
 */
export function decidePatientRead(input: {
  readonly requester: AccessRequester;
  readonly relationships: readonly ClientRelationship[];
  readonly authorisations: readonly ProducerAuthorisation[];
  /** Today, YYYY-MM-DD. */
  readonly today: string;
}): Decision {
  const { requester, today } = input;
  if (hasActiveRelationship(input.relationships, requester.controllerOid, undefined, today)) {
    return { allow: true, because: [{ rule: 'D1', detail: `${requester.controllerOid} has a client relationship with this client in force` }] };
  }
  if (isProducerToday(requester, input.authorisations, today)) {
    return { allow: true, because: [{ rule: 'S7', detail: `${requester.organisationOid} produces a service for this client under a register access authorisation` }] };
  }
  return { allow: false, because: [{ rule: 'D1', detail: `${requester.controllerOid} has no client relationship with this client in force on ${today}` }] };
}

/**
 * ITI-65: the SubmissionSet (List/<id> of the transaction response) is read back by the system
 * that stored it, and by no one else: its documents are read through ITI-67 and ITI-68 under
 * their own decisions.
 */
export function decideSubmissionSetRead(input: { readonly requesterSystemId: string; readonly storedBySystemId: string }): Decision {
  if (input.requesterSystemId === input.storedBySystemId) {
    return { allow: true, because: [{ rule: 'L5', detail: 'the system that stored the submission set reads it back' }] };
  }
  return { allow: false, because: [{ rule: 'L5', detail: 'a submission set is read only by the system that stored it' }] };
}

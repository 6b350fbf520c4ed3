// D3, S7: the register access authorisation. The organiser's client relationship record names,
// per service task, the producer units that provide it from a start date to an end date; in that
// window the producer's professionals use the organiser's register for that client and task as
// if it were their own: no consent, and prohibitions do not bind them (S4).
import type { Decision } from '../types.ts';
import type { ProducerAuthorisation } from '../consent.ts';
import type { AccessRequester } from './access-input.ts';

/** The authorisation that lets this requester use the register for this task today, if any. */
export function authorisationFor(requester: AccessRequester, authorisations: readonly ProducerAuthorisation[], controllerOid: string, serviceTask: string, today: string): ProducerAuthorisation | undefined {
  return authorisations.find((a) =>
    a.controllerOid === controllerOid &&
    a.serviceTask === serviceTask &&
    (a.producerUnitOid === requester.organisationOid || a.producerUnitOid === requester.controllerOid) &&
    a.startDate <= today &&
    (a.endDate === null || today <= a.endDate));
}

/** Is the requester a producer for this client in any register and task today? */
export function isProducerToday(requester: AccessRequester, authorisations: readonly ProducerAuthorisation[], today: string): boolean {
  return authorisations.some((a) => authorisationFor(requester, [a], a.controllerOid, a.serviceTask, today) !== undefined);
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
  const a = authorisationFor(requester, input.authorisations, register, serviceTask, today);
  if (!a) {
    return { allow: false, because: [{ rule: 'S7', detail: `${requester.organisationOid} is not named on the client's relationship record of ${register} as the producer of service task ${serviceTask} on ${today}; a system stores only into its own register otherwise` }] };
  }
  return { allow: true, because: [{ rule: 'S7', detail: `register access authorisation of ${a.producerUnitOid} for service task ${serviceTask} from ${a.startDate}${a.endDate ? ` to ${a.endDate}` : ''}` }, { rule: 'D3', detail: 'the producer stores into the organiser\'s register' }] };
}

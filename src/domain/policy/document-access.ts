// Whether one document version is given to one requester, and on what basis: the own register
// (D1, D2), a register access authorisation (D3, S7), or a disclosure from another register
// (D4) under consent (D5, S2, S3, S6) or a statutory right (D6, S6). Prohibitions never bind
// the owner or its authorised producer (S4). A shared matter's document (S8) is decided for the
// one client it is reached through, with the other clients' prohibitions binding too. The specification is docs/disclosure-decision.md;
// the property test compares this function with a model written from that page alone.
import type { Reason } from '../types.ts';
import { inForce, type ConsentFact } from '../consent.ts';
import type { AccessBasis, AccessDecision, AccessInput } from './access-input.ts';
import { hasActiveRelationship } from './own-register.ts';
import { authorisationFor } from './register-authorisation.ts';
import { SERVICE_TASK_LABELS, type ServiceTaskKey } from '../codes/index.ts';

/** Service tasks are stored by key (e.g. 'child-protection'); say them in words. */
const taskName = (key: string): string => SERVICE_TASK_LABELS[key as ServiceTaskKey]?.en.toLowerCase() ?? key;

const deny = (rule: string, detail: string): AccessDecision => ({ allow: false, because: [{ rule, detail }] });
const allow = (basis: AccessBasis, because: readonly Reason[]): AccessDecision => ({ allow: true, basis, because });

/** The social welfare disclosure consent in force at `now` (S2): the most recently given one. */
export function consentInForce(consents: readonly ConsentFact[], now: string): ConsentFact | undefined {
  let best: ConsentFact | undefined;
  for (const c of consents) {
    if (c.kind !== 'social-welfare-consent' || !inForce(c, now)) continue;
    if (!best || c.givenAt > best.givenAt || (c.givenAt === best.givenAt && c.id < best.id)) best = c;
  }
  return best;
}

/** D5: is the latest Kanta informing acknowledged at `now`? */
export function informedOfLatest(consents: readonly ConsentFact[], latestVersion: string, now: string): boolean {
  return consents.some((c) => c.kind === 'informing' && c.informingVersion === latestVersion && inForce(c, now));
}

const PROHIBITION_RULE = { controller: 'S3(a)', 'service-task': 'S3(b)', document: 'S3(c)' } as const;

/** S3: the prohibitions in force at `now` that cover this document. */
export function prohibitionsCovering(consents: readonly ConsentFact[], document: AccessInput['document'], now: string): ConsentFact[] {
  const targetOf = { controller: document.controllerOid, 'service-task': document.serviceTask, document: document.setId } as const;
  return consents.filter((c) => c.kind === 'prohibition' && c.scope !== undefined && c.target === targetOf[c.scope] && inForce(c, now));
}

export function decideDocumentAccess(input: AccessInput): AccessDecision {
  const { requester, document, now } = input;
  const today = now.slice(0, 10);

  if (document.controllerOid === requester.controllerOid) {
    if (!hasActiveRelationship(input.relationships, document.controllerOid, document.serviceTask, today)) {
      return deny('D1', `the controller has no client relationship with this client in service task ${document.serviceTask} in force on ${today}`);
    }
    if (document.status === 'entered-in-error') return deny('L2', 'the document was invalidated; only the archivist interface can retrieve it');
    return allow({ kind: 'own-register' }, [
      { rule: 'D2', detail: 'the document is in the requester\'s own register: no consent needed, prohibitions do not apply' },
      { rule: 'D1', detail: `client relationship in service task ${document.serviceTask} in force` },
    ]);
  }

  const authorisation = authorisationFor(requester, input.authorisations, document.controllerOid, document.serviceTask, today);
  if (authorisation) {
    if (document.status === 'entered-in-error') return deny('L2', 'the document was invalidated; only the archivist interface can retrieve it');
    const window = `${authorisation.startDate}..${authorisation.endDate ?? ''}`;
    return allow({ kind: 'authorisation', producerUnitOid: authorisation.producerUnitOid, startDate: authorisation.startDate, endDate: authorisation.endDate }, [
      { rule: 'S7', detail: `${authorisation.producerUnitOid} is named as the producer of service task ${authorisation.serviceTask} for ${authorisation.controllerOid} from ${window}` },
      { rule: 'D3', detail: 'register access authorisation: the producer uses the organiser\'s register, without consent' },
      { rule: 'S4', detail: 'prohibitions do not bind a producer working on the organiser\'s behalf' },
    ]);
  }

  // Disclosure from another register (D4).
  if (document.status === 'entered-in-error') return deny('L2', 'the document was invalidated');
  if (document.status === 'superseded') return deny('L1', 'an earlier version of a corrected document is never disclosed');
  if (!hasActiveRelationship(input.relationships, requester.controllerOid, undefined, today)) {
    return deny('D1', `${requester.controllerOid} has no client relationship with this client in force on ${today}: data is disclosed only for the client's matter`);
  }
  if (input.legalJustification !== undefined) {
    return allow({ kind: 'statutory', justification: input.legalJustification }, [
      { rule: 'D6', detail: `disclosed without consent under the statutory right to information ${input.legalJustification}` },
      { rule: 'S6', detail: 'a broad statutory search also reaches legacy, phase 1 and prohibited documents' },
    ]);
  }

  const failures: Reason[] = [];
  if (document.phase === 'legacy' || document.phase === '1') {
    failures.push({ rule: 'S6', detail: `a ${document.phase === 'legacy' ? 'legacy' : 'phase 1'} document is disclosed only to a broad statutory search with a legal justification` });
  }
  if (!informedOfLatest(input.consents, input.latestInformingVersion, now)) {
    failures.push({ rule: 'D5', detail: `the client has not acknowledged the latest Kanta informing (${input.latestInformingVersion})` });
  }
  const consent = consentInForce(input.consents, now);
  if (!consent) {
    const health = input.consents.some((c) => c.kind === 'health-consent' && inForce(c, now));
    failures.push({ rule: 'S2', detail: `no social welfare disclosure consent in force${health ? ' (a health care consent does not count)' : ''}` });
  }
  const seen = new Set<string>();
  const what = (p: ConsentFact): string => (p.scope === 'controller' ? `controller ${p.target}` : p.scope === 'service-task' ? `service task ${taskName(p.target!)}` : `document ${p.target}`);
  for (const p of prohibitionsCovering(input.consents, document, now)) {
    const rule = PROHIBITION_RULE[p.scope!];
    if (seen.has(rule)) continue;
    seen.add(rule);
    failures.push({ rule, detail: `prohibition on ${what(p)} since ${p.validFrom} (Consent/${p.id})` });
  }
  // S8: a shared matter's document is every client's data; each client's prohibition binds its
  // disclosure, whichever client it is reached through. The other client's record is not named:
  // the requester has no business with that client.
  for (const p of prohibitionsCovering(input.coClientConsents ?? [], document, now)) {
    const rule = PROHIBITION_RULE[p.scope!];
    if (seen.has(rule)) continue;
    seen.add(rule);
    failures.push({ rule, detail: `prohibition on ${what(p)} set by another client of the shared matter (S8)` });
  }
  // Keep the specified order: S6, D5, S2, S3(a), S3(b), S3(c).
  const order = ['S6', 'D5', 'S2', 'S3(a)', 'S3(b)', 'S3(c)'];
  failures.sort((a, b) => order.indexOf(a.rule) - order.indexOf(b.rule));
  if (failures.length > 0) return { allow: false, because: failures };
  return allow({ kind: 'consent', consentId: consent!.id }, [
    { rule: 'D4', detail: `disclosed from the register of ${document.controllerOid}` },
    { rule: 'D5', detail: `the client has acknowledged the Kanta informing ${input.latestInformingVersion}` },
    { rule: 'S2', detail: `social welfare disclosure consent Consent/${consent!.id} in force since ${consent!.validFrom}` },
  ]);
}

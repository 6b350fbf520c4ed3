// Glue between a use case and the pure access decision: the decision's input from the
// requester, a document and its client's facts; the audit shape of what was given (S9).
import type { ClientRelationship, DocumentMeta, PersonKey, Requester } from '../domain/types.ts';
import type { ConsentFact, ProducerAuthorisation } from '../domain/consent.ts';
import type { AccessBasis, AccessDecision, AccessRequester } from '../domain/policy/access-input.ts';
import { decideDocumentAccess } from '../domain/policy/document-access.ts';
import { isProducerToday } from '../domain/policy/register-authorisation.ts';
import { hasActiveRelationship } from '../domain/policy/own-register.ts';
import { latestInformingVersion } from '../domain/codes/index.ts';
import { disclosurePurpose } from '../domain/policy/disclosure-purpose.ts';
import type { AuditDocument, AuditRecord } from '../store/audit.ts';

export interface ClientFacts {
  readonly relationships: readonly ClientRelationship[];
  readonly authorisations: readonly ProducerAuthorisation[];
  readonly consents: readonly ConsentFact[];
}

export function accessRequester(requester: Requester): AccessRequester {
  return { controllerOid: requester.controllerOid, organisationOid: requester.professional?.organisationOid ?? requester.controllerOid };
}

/**
 * The decision for one document reached through one of its clients. `coClientConsents` are the
 * records of the document's other clients when it is a shared matter's (S8).
 */
export function decideFor(requester: AccessRequester, document: DocumentMeta, facts: ClientFacts, now: string, justification: string | undefined, coClientConsents: readonly ConsentFact[] = []): AccessDecision {
  return decideDocumentAccess({
    requester,
    document,
    relationships: facts.relationships,
    authorisations: facts.authorisations,
    consents: facts.consents,
    ...(coClientConsents.length ? { coClientConsents } : {}),
    latestInformingVersion: latestInformingVersion(now.slice(0, 10)),
    ...(justification ? { legalJustification: justification } : {}),
    now,
  });
}

/** A client of a document: the one it was stored under, or (S8) another client of its shared matter. */
export interface DocumentClient extends ClientFacts {
  readonly personKey: PersonKey;
  readonly personFhirId: string;
}

/**
 * S8: a read by id names no client, so the document is decided through each of its clients in
 * turn (the one it was stored under first, then the matter's members by join time), each time
 * with the other clients' prohibitions binding too. The first client through whom it is given
 * is the client of the access and of its audit record. When it is given through none, the
 * denial is told through the first client the requester has business with (whose decision says
 * what is missing), or else through the client it was stored under.
 */
export function decideThroughClients(requester: AccessRequester, document: DocumentMeta, clients: readonly DocumentClient[], now: string, justification: string | undefined): { client: DocumentClient; decision: AccessDecision } {
  const others = (c: DocumentClient): ConsentFact[] => clients.filter((o) => o !== c).flatMap((o) => o.consents);
  const decisions = clients.map((client) => ({ client, decision: decideFor(requester, document, client, now, justification, others(client)) }));
  return decisions.find((d) => d.decision.allow)
    ?? decisions.find((d) => hasBusinessWithClient(requester, d.client, now.slice(0, 10)))
    ?? decisions[0]!;
}

/**
 * D1 at the door: does the requester have any business with this client today, through a
 * client relationship of its own controller or as a producer named on the client's record?
 */
export function hasBusinessWithClient(requester: AccessRequester, facts: ClientFacts, today: string): boolean {
  return hasActiveRelationship(facts.relationships, requester.controllerOid, undefined, today) ||
    isProducerToday(requester, facts.authorisations, today);
}

export function auditDocument(d: { readonly versionId: string; readonly setId: string; readonly typeCode: string; readonly controllerOid: string; readonly serviceTask: string }, basis?: AccessBasis): AuditDocument {
  return { versionId: d.versionId, setId: d.setId, typeCode: d.typeCode, controllerOid: d.controllerOid, serviceTask: d.serviceTask, ...(basis ? { basis } : {}) };
}

/** S9: the disclosure part of an audit record, when anything came from another register. */
export function disclosureOf(requesterControllerOid: string, given: readonly { document: DocumentMeta; basis: AccessBasis }[]): AuditRecord['disclosure'] | undefined {
  const foreign = given.filter((g) => g.document.controllerOid !== requesterControllerOid);
  if (foreign.length === 0) return undefined;
  return { disclosers: [...new Set(foreign.map((g) => g.document.controllerOid))].sort(), purpose: disclosurePurpose(foreign.map((g) => g.basis)) };
}

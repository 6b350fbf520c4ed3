// V11: what a citizen, or someone acting for them (V8, V9), sees of one audit record about the
// client: who used or received the client's data, when, what kind of access, on what basis.
//
// The record is protected data written for supervisors (D10); the citizen's view is built from
// a list of allowed fields, so that a field added to the record later stays hidden until someone
// decides otherwise (as in audit-visibility.ts). What never shows: the query as received (it
// holds identity codes), the decision's reasons and the withheld counts (they would tell of
// documents and registers the portal does not show), system ids, the professional's id, and
// any document the viewer may not see in the portal: such a document is only counted, so that
// a shelter-service read shows as a use of the client's data without its type (V3, V5).
// docs/portal-visibility.md describes the view for a reader who has not seen this code.
import type { AuditAction, AuditBasis, AuditOutcome, AuditRecord } from '../audit-record.ts';
import type { Reason } from '../types.ts';

export type CitizenBasis = 'own-register' | 'consent' | 'authorisation' | 'statutory';

export interface CitizenAuditDocument {
  readonly setId: string;
  readonly typeCode: string;
  readonly controllerOid: string;
  readonly serviceTask?: string;
}

export interface CitizenAuditEntry {
  readonly eventId: string;
  readonly recordedAt: string;
  readonly action: AuditAction;
  readonly outcome: AuditOutcome;
  /**
   * The organisation that used the data (the requester's controller). Absent, with the
   * professional, when every document the access named is one the portal does not show: the
   * name of a shelter home or of violence work would tell what the hidden document is (V3).
   */
  readonly organisationOid?: string;
  /** True when organisation and professional are withheld for that reason. */
  readonly actorWithheld?: true;
  readonly professional?: { readonly name: string; readonly title: string; readonly organisationOid: string };
  /**
   * Records the portal wrote: who viewed the client's documents there. The viewer's person key
   * only when it is someone else than the client (the page resolves it to a name).
   */
  readonly portalViewer?: { readonly relation: 'self' } | { readonly relation: 'guardian' | 'information-right' | 'mandate'; readonly viewerPersonKey: string };
  /** per document shown: only documents the person may see in the portal */
  readonly documents: readonly CitizenAuditDocument[];
  /** number of documents of the record that are not shown (not their kind) */
  readonly otherDocuments: number;
  /** S9: the grounds on which documents were given, each once, in this type's order. */
  readonly basis: readonly CitizenBasis[];
  /** D6: the coded legal justification of a statutory access (legalJustification(code) gives its labels). */
  readonly statutoryJustification?: string;
  /** S9: true when the access gave documents of another register: a disclosure, not own use. */
  readonly disclosure?: true;
  /** D11: kinds of the consent service records written or read (informing, consent, prohibition). */
  readonly consentKinds?: readonly string[];
}

export type CitizenAuditView =
  | { readonly visible: true; readonly entry: CitizenAuditEntry; readonly because: Reason[] }
  | { readonly visible: false; readonly because: Reason[] };

const BASIS_ORDER: readonly CitizenBasis[] = ['own-register', 'consent', 'authorisation', 'statutory'];

function portalViewerOf(portal: NonNullable<AuditRecord['portal']>): NonNullable<CitizenAuditEntry['portalViewer']> {
  // The client knows who they are; their key has no business on a page.
  return portal.relation === 'self' ? { relation: 'self' } : { relation: portal.relation, viewerPersonKey: portal.viewerPersonKey };
}

/**
 * @param record one record of the audit trail
 * @param portalVisibleSetIds the set ids the viewer may see of the client's documents in the
 *   portal today (decidePortalVisibility); every other document is only counted
 * @param personKey when given, the client whose log is read: a record about anyone else is not shown
 */
export function decideCitizenAuditView(record: AuditRecord, portalVisibleSetIds: ReadonlySet<string>, personKey?: string): CitizenAuditView {
  if (record.personKey === undefined) return { visible: false, because: [{ rule: 'V11', detail: 'the record concerns no client' }] };
  if (personKey !== undefined && record.personKey !== personKey) return { visible: false, because: [{ rule: 'V11', detail: 'the record concerns another client' }] };

  const listed = record.documents ?? [];
  const documents = listed
    .filter((d) => portalVisibleSetIds.has(d.setId))
    .map((d): CitizenAuditDocument => ({ setId: d.setId, typeCode: d.typeCode, controllerOid: d.controllerOid, ...(d.serviceTask !== undefined ? { serviceTask: d.serviceTask } : {}) }));
  // The basis is the access's, not a document's: it is shown even when every document is only
  // counted. A justification is a legal provision, not a document type.
  const bases = listed.flatMap((d): AuditBasis[] => (d.basis ? [d.basis] : []));
  const kinds = new Set(bases.map((b) => b.kind));
  const statutory = bases.find((b): b is Extract<AuditBasis, { kind: 'statutory' }> => b.kind === 'statutory');
  // V3: who used only hidden documents is withheld too; the use itself still shows (V11).
  const withheld = listed.length > 0 && documents.length === 0;
  const entry: CitizenAuditEntry = {
    eventId: record.eventId,
    recordedAt: record.recordedAt,
    action: record.action,
    outcome: record.outcome,
    ...(withheld ? { actorWithheld: true as const } : { organisationOid: record.organisationOid }),
    ...(record.professional && !withheld ? { professional: { name: record.professional.name, title: record.professional.title, organisationOid: record.professional.organisationOid } } : {}),
    ...(record.portal ? { portalViewer: portalViewerOf(record.portal) } : {}),
    documents,
    otherDocuments: listed.length - documents.length,
    basis: BASIS_ORDER.filter((b) => kinds.has(b)),
    ...(statutory ? { statutoryJustification: statutory.justification } : {}),
    ...(record.disclosure ? { disclosure: true as const } : {}),
    ...(record.consents?.length ? { consentKinds: [...new Set(record.consents.map((c) => c.kind))] } : {}),
  };
  return { visible: true, entry, because: [{ rule: 'V11', detail: 'a use or disclosure of the client\'s data' }] };
}

// D10: what one audit record holds. Pure data: the store appends and hashes it
// (src/store/audit.ts), the visibility policy (src/domain/policy/audit-visibility.ts) decides
// what of it a reader may see, and src/fhir/audit-event.ts shows that as a BALP AuditEvent.

export type AuditAction = 'store' | 'search' | 'read' | 'invalidate' | 'audit-search' | 'explain' | 'consent-record' | 'consent-revoke' | 'consent-read' | 'audit-read'
  /** The citizen portal: a document list, one document, the log of use (V11). */
  | 'portal-view' | 'portal-read' | 'portal-log'
  | 'legacy-import' // L4: one batch of a legacy data import, naming its documents
  /** A controller's settings changed (L3, V10). */
  | 'settings-change'
  /** S10: a document destroyed after its retention period (`kansio retention run --destroy`). */
  | 'destroy'
  /** Issue 10 onboarding: an organisation, system, system key, professional or card CA added, changed or removed. */
  | 'admin-change';

/** What an admin-change record changed (issue 10). */
export interface AuditAdminChange {
  readonly entity: 'organisation' | 'system' | 'system-key' | 'professional' | 'card-ca';
  /** The OID, client id, kid (with the client id), professional id or CA fingerprint. */
  readonly id: string;
  readonly change: 'add' | 'update' | 'remove';
}

/** S9: the ground on which a document was given (see AccessBasis). */
export type AuditBasis =
  | { readonly kind: 'own-register' }
  | { readonly kind: 'authorisation'; readonly producerUnitOid: string; readonly startDate: string; readonly endDate: string | null }
  | { readonly kind: 'consent'; readonly consentId: string }
  | { readonly kind: 'statutory'; readonly justification: string };

export interface AuditDocument {
  readonly versionId: string;
  readonly setId: string;
  readonly typeCode: string;
  readonly controllerOid: string;
  readonly serviceTask?: string;
  readonly basis?: AuditBasis;
}
export type AuditOutcome = 'success' | 'denied' | 'failed';

export interface AuditRecord {
  readonly eventId: string;
  readonly recordedAt: string;
  readonly action: AuditAction;
  /** IHE transaction, e.g. ITI-65. */
  readonly transaction: string;
  readonly outcome: AuditOutcome;
  readonly system: { readonly id: string; readonly name: string };
  readonly professional?: { readonly id: string; readonly name: string; readonly title: string; readonly organisationOid: string };
  /** The controller the requester works for. */
  readonly organisationOid: string;
  readonly personKey?: string;
  readonly personFhirId?: string;
  readonly documents?: readonly AuditDocument[];
  /**
   * S9: present when documents of another register were given: the controllers that disclosed
   * them and the purpose. Each document carries its own basis; the recipient is the record's
   * professional and organisation.
   */
  readonly disclosure?: { readonly disclosers: readonly string[]; readonly purpose: string };
  /** Consent service records the event wrote or read (D11). */
  readonly consents?: readonly { readonly consentId: string; readonly version: number; readonly kind: string }[];
  /** The search as received (for search records), identity codes included: audit is protected data. */
  readonly query?: string;
  /** Rule ids and details of the decision that allowed or denied the access. */
  readonly because?: readonly { readonly rule: string; readonly detail: string }[];
  /**
   * Search records: documents of other registers that the decision withheld, counted per rule
   * id. Kept apart from `because` so that no AuditEvent shows them: even a count tells the
   * reader that another register holds documents of the client (D10, issue 8).
   */
  readonly withheldElsewhere?: readonly { readonly rule: string; readonly detail: string }[];
  readonly detail?: string;
  /**
   * V11, issue 9: records the citizen portal writes when someone viewed a client's documents:
   * who viewed (their person key) and how they relate to the client (personKey).
   */
  readonly portal?: { readonly viewerPersonKey: string; readonly relation: 'self' | 'guardian' | 'information-right' | 'mandate' };
  /** admin-change records: what was changed; the actor is `system`, the controller concerned `organisationOid`. */
  readonly admin?: AuditAdminChange;
}

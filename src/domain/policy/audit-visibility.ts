// D10, S9, D4: what of one audit record a reader of the audit trail may see.
//
// The trail is protected data in its own right: a record names documents (ids, set ids, types,
// service tasks), the query as received and the decision's reasons. A controller may read
//   D10  the records its own organisation wrote (its own register's accesses), naming its own
//        documents and the documents other registers gave it, never those it asked for and
//        was refused (their type and the reasons of the refusal are the other register's);
//   S9   the disclosures of its own documents to others, naming only its own documents, with
//        the recipient, the time, the basis and the purpose: not the recipient's query, not
//        the recipient's own or other registers' documents, not the other disclosers, not the
//        recipient's decision reasons (D4: they would reveal the other registers' holdings).
// Anything else is not the reader's to see. The view is built from a list of allowed fields,
// so that a field added to the record later stays hidden until someone decides otherwise.
import type { AuditDocument, AuditRecord } from '../audit-record.ts';
import type { Reason } from '../types.ts';
import { disclosurePurpose } from './disclosure-purpose.ts';

export interface AuditReader {
  /** The controller the reader works for: the register whose trail it reads. */
  readonly controllerOid: string;
}

export type AuditView =
  | { readonly visible: false; readonly because: readonly Reason[] }
  | { readonly visible: true; readonly record: AuditRecord; readonly because: readonly Reason[] };

// Before records kept other registers' withheld counts apart (withheldElsewhere), a search
// record counted them in `because`. These rules are met only on the disclosure path, so such
// a count can only be of other registers' documents.
const DISCLOSURE_PATH_RULES: ReadonlySet<string> = new Set(['S2', 'S3(a)', 'S3(b)', 'S3(c)', 'S6', 'D5', 'L1']);
const WITHHELD_COUNT = /^\d+ documents? withheld$/;

/** A document of another register that the recorded access actually gave (S9's basis says how). */
function wasGiven(record: AuditRecord, d: AuditDocument): boolean {
  return record.outcome === 'success' && d.basis !== undefined;
}

/** The fields every view may show: who asked, when, what kind of access, about whom. */
function frame(r: AuditRecord): AuditRecord {
  return {
    eventId: r.eventId, recordedAt: r.recordedAt, action: r.action, transaction: r.transaction, outcome: r.outcome,
    system: r.system, organisationOid: r.organisationOid,
    ...(r.professional ? { professional: r.professional } : {}),
    ...(r.personKey !== undefined ? { personKey: r.personKey } : {}),
    ...(r.personFhirId !== undefined ? { personFhirId: r.personFhirId } : {}),
  };
}

function ownView(record: AuditRecord, reader: AuditReader): AuditView {
  const listed = record.documents ?? [];
  // D4: a document of another register that was not given stays unnamed, even to the asker.
  const documents = listed.filter((d) => d.controllerOid === reader.controllerOid || wasGiven(record, d));
  const refused = listed.length - documents.length;
  const because = refused > 0
    ? [{ rule: 'D4', detail: `${refused} document${refused === 1 ? '' : 's'} of another register not given; what ${refused === 1 ? 'it is' : 'they are'} and why is that register's to know` }]
    : (record.because ?? []).filter((b) => !(DISCLOSURE_PATH_RULES.has(b.rule) && WITHHELD_COUNT.test(b.detail)));
  const view: AuditRecord = {
    ...frame(record),
    ...(record.documents ? { documents } : {}),
    ...(record.disclosure ? { disclosure: record.disclosure } : {}),
    ...(record.consents ? { consents: record.consents } : {}),
    ...(record.query !== undefined ? { query: record.query } : {}),
    ...(because.length ? { because } : {}),
    ...(record.detail !== undefined ? { detail: record.detail } : {}),
  };
  return { visible: true, record: view, because: [{ rule: 'D10', detail: 'a record of the reader\'s own organisation' }] };
}

function disclosureView(record: AuditRecord, reader: AuditReader): AuditView {
  // S9: only the reader's own documents that this access gave; one discloser, the reader.
  const documents = (record.documents ?? []).filter((d) => d.controllerOid === reader.controllerOid && wasGiven(record, d));
  const bases = documents.flatMap((d) => (d.basis ? [d.basis] : []));
  const view: AuditRecord = {
    ...frame(record),
    documents,
    // FHIR forbids an empty string; a disclosure record always lists what it gave, but say something if not.
    disclosure: { disclosers: [reader.controllerOid], purpose: disclosurePurpose(bases) || 'disclosure between registers (S9)' },
    because: [{ rule: 'S9', detail: `${documents.length} document${documents.length === 1 ? '' : 's'} of ${reader.controllerOid} disclosed to ${record.organisationOid}` }],
  };
  return { visible: true, record: view, because: [{ rule: 'S9', detail: 'a disclosure of the reader\'s own documents' }] };
}

export function decideAuditVisibility(record: AuditRecord, reader: AuditReader): AuditView {
  if (record.organisationOid === reader.controllerOid) return ownView(record, reader);
  // The same test as the store's related_oids column, so that counts and pages agree with it.
  if (record.disclosure?.disclosers.includes(reader.controllerOid)) return disclosureView(record, reader);
  // The reason names neither the writer nor the record's content: it ends up in the reader's own trail.
  return { visible: false, because: [{ rule: 'D10', detail: 'neither a record of the reader\'s organisation nor a disclosure of its documents' }] };
}

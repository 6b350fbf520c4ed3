// ITI-65 Provide Document Bundle: stores every document of a bundle, or none.
// Reads and decisions come first; writes follow only when every document is allowed, so a
// denial commits nothing but its audit record (D10) and a failure commits nothing at all.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import type { Requester, ClientRelationship, ControllerOid, Decision, SetId, VersionId } from '../domain/types.ts';
import { Conflict, Forbidden, Unprocessable } from '../domain/errors.ts';
import { decideProfileAllows } from '../domain/policy/system-profile.ts';
import { decideOwnRegisterStore } from '../domain/policy/own-register.ts';
import { decideProducerStore } from '../domain/policy/register-authorisation.ts';
import { accessRequester } from './document-access.ts';
import { parseIdentityCode } from '../domain/identity-code.ts';
import type { ProvideBundle, ProvidedDocument } from '../fhir/bundle.ts';
import type { ClientReference } from '../fhir/document-reference-in.ts';
import { insertSubmissionSet } from '../store/submission-sets.ts';
import { ensurePerson, findPersonByFhirId, findPersonByIdentityCode, type PersonRow } from '../store/people.ts';
import { replaceRelationship, replaceMatter, matterExists, organisationExists } from '../store/relationships.ts';
import { getDocument, insertDocument, masterIdentifierTaken, supersede, type StoredDocument } from '../store/documents.ts';
import { postgresBlobStore } from '../store/blobs.ts';
import { appendAudit } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import type { Result } from './result.ts';
import { countDecision } from '../ops/metrics.ts';

export interface StoredEntry {
  readonly entryIndex: number;
  readonly versionId: string;
  readonly setId: string;
}

export interface StoredBundle {
  /** The SubmissionSet's id, assigned by the archive: List/<id> answers it to the storing system. */
  readonly submissionSetId: string;
  readonly entries: readonly StoredEntry[];
}

export interface StoreDocumentBundleProps {
  /** The validated bundle (src/fhir/bundle.ts). */
  readonly bundle: ProvideBundle;
  /** Who stores, from the access token. */
  readonly requester: Requester;
  /** The clock, as an ISO instant. */
  readonly now: string;
}

interface Planned {
  readonly doc: ProvidedDocument;
  readonly versionId: VersionId;
  readonly setId: SetId;
  readonly versionNumber: number;
  readonly replaces: StoredDocument | undefined;
}

type ResolvedClient = { existing?: PersonRow; identityCode: string; birthDate: string };

async function resolvePerson(tx: Tx, ref: ClientReference, entryIndex: number): Promise<ResolvedClient> {
  if (ref.identityCode && ref.birthDate) {
    const existing = await findPersonByIdentityCode(tx, ref.identityCode);
    return { ...(existing ? { existing } : {}), identityCode: ref.identityCode, birthDate: ref.birthDate };
  }
  const existing = await findPersonByFhirId(tx, ref.patientFhirId ?? '');
  if (!existing) throw Unprocessable.of(`subject Patient/${ref.patientFhirId} is not known to the archive; identify the client with subject.identifier`, `Bundle.entry[${entryIndex}].resource.subject`, 'not-found');
  return { existing, identityCode: existing.identityCode, birthDate: existing.birthDate };
}

/**
 * MHD: a submission set concerns one patient, its subject; every DocumentReference's subject is
 * the same person. The refusal names each entry that names someone else (never the identity codes).
 */
async function resolveOneClient(tx: Tx, bundle: ProvideBundle): Promise<ResolvedClient> {
  const set = bundle.submissionSet;
  const subject = await resolvePerson(tx, set.subject, set.entryIndex);
  // A subject given as the SubmissionSet's is the same person without another read; the rest
  // are resolved in sequence (one connection runs one query at a time).
  const same = (ref: ClientReference): boolean => (ref.identityCode !== undefined && ref.identityCode === subject.identityCode)
    || (ref.patientFhirId !== undefined && ref.patientFhirId === subject.existing?.fhirId);
  const others: ProvidedDocument[] = [];
  for (const d of bundle.documents) if (!same(d) && (await resolvePerson(tx, d, d.entryIndex)).identityCode !== subject.identityCode) others.push(d);
  if (others.length > 0) {
    throw new Unprocessable(others.map((d) => ({
      code: 'business-rule' as const,
      message: `the DocumentReference at Bundle.entry[${d.entryIndex}] names another person than the SubmissionSet's subject (Bundle.entry[${set.entryIndex}].resource.subject): one submission set concerns one client (MHD); send each client's documents in a bundle of their own`,
      expression: `Bundle.entry[${d.entryIndex}].resource.subject`,
    })));
  }
  return subject;
}

/** Relationships the bundle itself opens count for the bundle's other documents. */
function relationshipsOpenedBy(docs: readonly ProvidedDocument[], controllerOid: ControllerOid): ClientRelationship[] {
  return docs.flatMap((d) => (d.clientRelationship ? [{ controllerOid, serviceTask: d.serviceTask, startDate: d.clientRelationship.start, endDate: d.clientRelationship.end ?? null }] : []));
}

function deny(decision: Decision): Forbidden {
  return Forbidden.of(decision.because.filter((b) => !decision.allow).map((b) => `${b.rule}: ${b.detail}`).join('; ') || decision.because.map((b) => `${b.rule}: ${b.detail}`).join('; '));
}

async function planVersion(tx: Tx, doc: ProvidedDocument, personKey: string | undefined, register: ControllerOid): Promise<Planned> {
  const at = `Bundle.entry[${doc.entryIndex}].resource`;
  if (doc.masterIdentifier && (await masterIdentifierTaken(tx, doc.masterIdentifier))) {
    throw Conflict.of(`a document with masterIdentifier ${doc.masterIdentifier} is already stored; to correct it, send a new DocumentReference that relatesTo.replaces it (L1)`, `${at}.masterIdentifier`);
  }
  if (doc.matterSetId && !doc.matter) {
    const matter = await matterExists(tx, doc.matterSetId, personKey);
    if (!matter) throw Unprocessable.of(`no matter document with set id ${doc.matterSetId} is stored`, `${at}.extension`, 'not-found');
    if (matter.controllerOid !== register) throw Unprocessable.of(`the matter ${doc.matterSetId} belongs to the register of ${matter.controllerOid}, not to ${register}, where this document goes`, `${at}.extension`);
    // S8: a matter's document is stored under one of its clients; a party who is not a client gets nothing.
    if (!matter.isClient) throw Unprocessable.of(`S8: the document's subject is not a client of matter ${doc.matterSetId}; store it under one of the matter's clients (a party who is not a client does not get the matter's documents)`, `${at}.subject`);
  }
  const versionId = randomUUID() as VersionId;
  if (!doc.replacesVersionId) return { doc, versionId, setId: randomUUID() as SetId, versionNumber: 1, replaces: undefined };
  // L1: a correction replaces the current version of the same document, client and register.
  const old = await getDocument(tx, doc.replacesVersionId, true);
  if (!old || old.controllerOid !== register) throw Unprocessable.of(`DocumentReference/${doc.replacesVersionId} to be replaced is not in this register`, `${at}.relatesTo`, 'not-found');
  if (personKey !== old.personKey) throw Unprocessable.of('a correction must concern the same client as the version it replaces', `${at}.subject`);
  if (old.status === 'superseded') throw Conflict.of(`DocumentReference/${old.versionId} was already replaced by DocumentReference/${old.replacedByVersionId}; replace the current version`, `${at}.relatesTo`);
  if (old.status === 'entered-in-error') throw Conflict.of(`DocumentReference/${old.versionId} was invalidated and cannot be corrected`, `${at}.relatesTo`);
  if (old.typeCode !== doc.type.code || old.typeSystem !== doc.type.system) throw Unprocessable.of('a correction must keep the document type of the version it replaces', `${at}.type`);
  return { doc, versionId, setId: old.setId, versionNumber: old.versionNumber + 1, replaces: old };
}

export async function storeDocumentBundle(tx: Tx, props: StoreDocumentBundleProps): Promise<Result<StoredBundle>> {
  const { bundle, requester, now } = props;
  const today = now.slice(0, 10);
  const baseAudit = { eventId: randomUUID(), recordedAt: now, action: 'store' as const, transaction: 'ITI-65', ...auditActor(requester) };

  const profile = decideProfileAllows(requester.profile, 'store');
  if (!profile.allow) {
    await appendAudit(tx, { ...baseAudit, outcome: 'denied', because: profile.because });
    return { ok: false, error: deny(profile) };
  }

  const subject = await resolveOneClient(tx, bundle);
  const personKey = subject.existing?.personKey;

  // The register the bundle goes to: the system's own, or (S7) an organiser's that names the
  // requester's unit as the producer of the document's service task.
  const register = (bundle.documents[0]!.custodianOid ?? requester.controllerOid) as ControllerOid;
  const split = bundle.documents.find((d) => (d.custodianOid ?? requester.controllerOid) !== register);
  if (split) throw Unprocessable.of('all documents of one submission set go to the same register (custodian)', `Bundle.entry[${split.entryIndex}].resource.custodian`);
  const because: Decision['because'][number][] = [profile.because[0]!];
  const denied = async (decision: Decision): Promise<Result<StoredBundle>> => {
    await appendAudit(tx, { ...baseAudit, outcome: 'denied', ...(personKey ? { personKey, personFhirId: subject.existing!.fhirId } : {}), because: decision.because });
    return { ok: false, error: deny(decision) };
  };
  if (register !== requester.controllerOid) {
    for (const doc of bundle.documents) {
      const decision = decideProducerStore({ requester: accessRequester(requester), register, serviceTask: doc.serviceTask, authorisations: subject.existing?.authorisations ?? [], today, opensRecord: doc.clientRelationship !== undefined || doc.matter !== undefined });
      countDecision('store', decision);
      if (!decision.allow) return denied(decision);
      because.push(...decision.because);
    }
  } else {
    const relationships = [...(subject.existing?.relationships ?? []), ...relationshipsOpenedBy(bundle.documents, requester.controllerOid)];
    for (const doc of bundle.documents) {
      const decision = decideOwnRegisterStore({ requester, serviceTask: doc.serviceTask, relationships, today, isClientRelationshipDocument: doc.clientRelationship !== undefined });
      countDecision('store', decision);
      if (!decision.allow) return denied(decision);
      because.push(...decision.because);
    }
  }

  const planned: Planned[] = [];
  for (const doc of bundle.documents) planned.push(await planVersion(tx, doc, personKey, register));
  await checkReferencedOrganisations(tx, bundle.documents, requester.controllerOid);

  // Writes.
  const submissionSetId = randomUUID();
  const person = subject.existing ?? await ensurePerson(tx, { identityCode: subject.identityCode, birthDate: subject.birthDate });
  for (const p of planned) {
    // L1: the old version becomes superseded in the same transaction, before its replacement
    // becomes the set's one current version.
    if (p.replaces && !(await supersede(tx, p.replaces.versionId, p.versionId))) {
      throw Conflict.of(`DocumentReference/${p.replaces.versionId} was replaced concurrently; search again and replace the current version`);
    }
    await postgresBlobStore.put(tx, p.doc.sha256, p.doc.bytes);
    // The matter row first: a matter document belongs to its own matter (S8), by foreign key.
    await deriveRows(tx, p, person.personKey, requester.controllerOid);
    await insertDocument(tx, {
      personKey: person.personKey, versionId: p.versionId, setId: p.setId, versionNumber: p.versionNumber,
      // A producer's unit is not a unit of the organiser's register: it stays the author's organisation only.
      controllerOid: register, unitOid: register === requester.controllerOid && requester.professional?.organisationOid !== requester.controllerOid ? requester.professional?.organisationOid ?? null : null,
      serviceTask: p.doc.serviceTask, typeSystem: p.doc.type.system, typeCode: p.doc.type.code, phase: p.doc.phase, title: p.doc.title,
      displayDelayedUntil: p.doc.displayDelayedUntil, specialContent: p.doc.specialContent, hiddenFromGuardians: p.doc.hiddenFromGuardians,
      restrictionReason: p.doc.restrictionReason, portalOptIn: p.doc.portalOptIn,
      authorProfessionalId: requester.professional?.id ?? null,
      // The token carries the card's display name; the last word is taken as the family name for
      // the author.given / author.family search parameters (Finnish names are given-first).
      authorGiven: requester.professional ? requester.professional.name.split(' ').slice(0, -1).join(' ') || null : null,
      authorFamily: requester.professional ? requester.professional.name.split(' ').slice(-1)[0] ?? null : null,
      authorOrganisationOid: requester.professional?.organisationOid ?? requester.controllerOid,
      createdAt: p.doc.createdAt, storedAt: now, periodStart: p.doc.periodStart, periodEnd: p.doc.periodEnd,
      contentType: p.doc.contentType, formatSystem: p.doc.format.system, formatCode: p.doc.format.code, contentSha256: p.doc.sha256, contentSha1: p.doc.sha1,
      contentSize: p.doc.bytes.length, language: p.doc.language, matterSetId: p.doc.matter ? p.setId : p.doc.matterSetId,
      replacesVersionId: p.replaces?.versionId ?? null, submissionSetId, masterIdentifier: p.doc.masterIdentifier,
    });
  }
  const set = bundle.submissionSet;
  await insertSubmissionSet(tx, {
    personKey: person.personKey, submissionSetId, systemId: requester.systemId, controllerOid: requester.controllerOid,
    sourceId: set.sourceId, uniqueId: set.uniqueId, submittedAt: set.submittedAt, storedAt: now, title: set.title,
    documentVersionIds: planned.map((p) => p.versionId),
  });
  await appendAudit(tx, {
    ...baseAudit, outcome: 'success', personKey: person.personKey, personFhirId: person.fhirId, because,
    documents: planned.map((p) => ({ versionId: p.versionId, setId: p.setId, typeCode: p.doc.type.code, controllerOid: register, serviceTask: p.doc.serviceTask })),
  });
  return { ok: true, value: { submissionSetId, entries: planned.map((p) => ({ entryIndex: p.doc.entryIndex, versionId: p.versionId, setId: p.setId })) } };
}

async function checkReferencedOrganisations(tx: Tx, docs: readonly ProvidedDocument[], controllerOid: string): Promise<void> {
  for (const doc of docs) {
    const rel = doc.clientRelationship;
    if (!rel) continue;
    const at = `Bundle.entry[${doc.entryIndex}].resource.content[0].attachment`;
    if (rel.organiserUnit) {
      const unit = await organisationExists(tx, rel.organiserUnit);
      if (!unit || unit.parentOid !== controllerOid) throw Unprocessable.of(`client-relationship content: organiserUnit ${rel.organiserUnit} is not a unit of ${controllerOid}`, at, 'not-found');
    }
    for (const [i, p] of (rel.producers ?? []).entries()) {
      if (!(await organisationExists(tx, p.unit))) throw Unprocessable.of(`client-relationship content: producers[${i}].unit ${p.unit} is not a registered organisation`, at, 'not-found');
    }
  }
}

async function personKeyFor(tx: Tx, identityCode: string): Promise<string> {
  const parsed = parseIdentityCode(identityCode);
  if (!parsed.ok) throw Unprocessable.of(`invalid identity code: ${parsed.reason}`);
  return (await ensurePerson(tx, { identityCode: parsed.code, birthDate: parsed.birthDate })).personKey;
}

/** Client relationship and matter rows follow the current version of their document. */
async function deriveRows(tx: Tx, p: Planned, personKey: string, controllerOid: string): Promise<void> {
  const rel = p.doc.clientRelationship;
  if (rel) {
    const related: { personKey: string; roleCode: string }[] = [];
    for (const r of rel.relatedPersons ?? []) related.push({ personKey: await personKeyFor(tx, r.identifier), roleCode: r.role });
    await replaceRelationship(tx, {
      personKey, controllerOid, serviceTask: p.doc.serviceTask, sourceSetId: p.setId, unitOid: rel.organiserUnit ?? null,
      startDate: rel.start, endDate: rel.end ?? null,
      worker: { name: rel.worker?.name ?? null, phone: rel.worker?.phone ?? null, email: rel.worker?.email ?? null },
      relatedPersons: related,
      producers: (rel.producers ?? []).map((x) => ({ unitOid: x.unit, startDate: x.start, endDate: x.end ?? null })),
    });
  }
  const matter = p.doc.matter;
  if (matter) {
    const clients: { personKey: string; joinedAt: string; leftAt: string | null }[] = [];
    for (const c of matter.clients) clients.push({ personKey: await personKeyFor(tx, c.identifier), joinedAt: c.joined, leftAt: c.left ?? null });
    if (!clients.some((c) => c.personKey === personKey)) {
      throw Unprocessable.of('matter content: the document\'s subject must be one of the matter\'s clients', `Bundle.entry[${p.doc.entryIndex}].resource.content[0].attachment`);
    }
    await replaceMatter(tx, { matterSetId: p.setId, controllerOid, serviceTask: p.doc.serviceTask, clients });
  }
}

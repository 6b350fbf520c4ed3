// The consent service, recording side (D11): a professional records, during a visit, that the
// Kanta informing was given (D5), a disclosure consent (D7, S2) or a prohibition (D8, S3, S5).
// The record, its decision and its audit record commit together; a refusal commits only its
// audit record. Concurrent recordings for one client are serialised on the client's row, so
// two equal consents cannot both be recorded. A service system does not record during a visit:
// it imports earlier records (L4, L5), which keep their stated time and are audited as imports.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import type { Requester } from '../domain/types.ts';
import type { CommandActor, ConsentActor, ConsentChannel, ConsentCommand } from '../domain/consent.ts';
import { Conflict, Forbidden, Unprocessable, type KansioError } from '../domain/errors.ts';
import { decideProfileAllows } from '../domain/policy/system-profile.ts';
import { decideConsentRecording, type NewConsentRecord, type RecordingDecision } from '../domain/policy/consent-recording.ts';
import { findDocumentType, latestInformingVersion } from '../domain/codes/index.ts';
import { parseIdentityCode } from '../domain/identity-code.ts';
import { ensurePerson, findPersonByFhirId, findPersonByIdentityCode, type PersonRow } from '../store/people.ts';
import { consentFactsForUpdate, getConsent, insertConsentVersion, type StoredConsent } from '../store/consents.ts';
import { currentVersionOfSet, getDocumentOfClient } from '../store/documents.ts';
import { organisationExists } from '../store/relationships.ts';
import { appendAudit, type AuditRecord } from '../store/audit.ts';
import { auditActor } from './audit-context.ts';
import { portalAuditActor, type PortalViewer } from './portal-context.ts';
import { accessRequester, hasBusinessWithClient } from './document-access.ts';
import type { Result } from './result.ts';
import { countDecision } from '../ops/metrics.ts';
import { representativeRefusal } from './representative-check.ts';

/**
 * Who records: a client data system (a professional during a visit, D7 and D8, or a service
 * system's import, L5), or the portal, for the person on screen (D7, D8 "in the portal").
 */
export type ConsentRecorder =
  | { readonly kind: 'system'; readonly requester: Requester }
  | { readonly kind: 'portal'; readonly viewer: PortalViewer; readonly may: { readonly consent: boolean; readonly prohibit: boolean } };

export interface RecordConsentProps {
  readonly command: ConsentCommand;
  readonly channel: ConsentChannel;
  readonly recorder: ConsentRecorder;
  readonly now: string;
  /** How far the stated dateTime may lie from `now` (config.clockSkewSeconds). */
  readonly clockSkewSeconds: number;
}

export interface WriterCheck {
  /** record-consent during a visit, or import-consent of earlier records (L5: service systems). */
  readonly action: 'record-consent' | 'import-consent';
  /**
   * The answer when the requester has no client relationship (D1). Revoking answers as reading
   * does, 404, so that a record of someone else's client is not confirmed to exist.
   */
  readonly noRelationship?: KansioError;
}

/** The checks every consent service write shares: profile (L5), a professional (D7, D8), the client and D1. */
export async function consentWriter(tx: Tx, requester: Requester, person: PersonRow | undefined, base: Omit<AuditRecord, 'outcome'>, now: string, check: WriterCheck): Promise<KansioError | undefined> {
  const profile = decideProfileAllows(requester.profile, check.action);
  if (!profile.allow) {
    await appendAudit(tx, { ...base, outcome: 'denied', because: profile.because });
    return Forbidden.of(`L5: ${profile.because[0]!.detail}`);
  }
  // An import writes what was given earlier in another system, with no visit and no professional.
  if (check.action === 'record-consent' && !requester.professional) return Forbidden.of('D7, D8: a consent, prohibition or informing is recorded by a professional identified with a professional card (D9)');
  if (!person) return Unprocessable.of('the client is not known to the archive: store the client relationship document first', 'Consent.patient', 'not-found');
  if (!hasBusinessWithClient(accessRequester(requester), person, now.slice(0, 10))) {
    const because = [{ rule: 'D1', detail: `${requester.controllerOid} has no client relationship with this client in force` }];
    await appendAudit(tx, { ...base, outcome: 'denied', personKey: person.personKey, personFhirId: person.fhirId, because });
    return check.noRelationship ?? Forbidden.of(`D1: ${because[0]!.detail}; a professional records consents only for the organisation's own clients`);
  }
  return undefined;
}

/** A representative is a person of the archive too (created on first mention, like a client). */
export async function storedActor(tx: Tx, actor: CommandActor): Promise<ConsentActor> {
  if (actor.kind === 'client') return actor;
  const parsed = parseIdentityCode(actor.identityCode);
  if (!parsed.ok) throw Unprocessable.of(`the representative's identity code is invalid: ${parsed.reason}`, 'Consent.performer');
  const person = await ensurePerson(tx, { identityCode: parsed.code, birthDate: parsed.birthDate, givenName: actor.givenName ?? null, familyName: actor.familyName ?? null });
  return { kind: 'representative', role: actor.role, personKey: person.personKey };
}

export function refusal(decision: RecordingDecision): KansioError {
  const text = decision.because.map((b) => `${b.rule}: ${b.detail}`).join('; ');
  return decision.conflictWith ? Conflict.of(text) : Unprocessable.of(text);
}

/** The audit record's and the stored version's "who" for either recorder. */
export function recorderActor(recorder: ConsentRecorder): Pick<AuditRecord, 'system' | 'professional' | 'organisationOid' | 'portal'> {
  return recorder.kind === 'system' ? auditActor(recorder.requester) : (({ personKey: _client, ...who }) => who)(portalAuditActor(recorder.viewer));
}

/**
 * The portal's checks before a write (D7, D8 "in the portal"): the record is about the person on
 * screen, and the viewer may manage that person's consents (V7 themself; V8 a guardian for a
 * minor; V9 a mandate with the consent scope). What a guardian may not do (S5) the decision says.
 */
function portalWriterRefusal(recorder: Extract<ConsentRecorder, { kind: 'portal' }>, person: PersonRow | undefined, kind: ConsentCommand['kind'] | undefined): KansioError | undefined {
  if (!person || person.personKey !== recorder.viewer.personKey) return Forbidden.of('V13: the portal records consents only for the person on screen');
  if (!recorder.may.consent) return Forbidden.of('D7, D8: this viewer may not manage the consents of the person on screen');
  if (kind === 'prohibition' && !recorder.may.prohibit && recorder.viewer.relation !== 'guardian') return Forbidden.of('D8: this viewer may not set prohibitions for the person on screen');
  return undefined;
}

export async function recordConsent(tx: Tx, props: RecordConsentProps): Promise<Result<StoredConsent>> {
  const { command: provided, recorder, now } = props;
  const consentId = randomUUID();
  const imported = provided.imported === true;
  // The audit record of an import says so: its transaction, and the stated and recorded times.
  const base = {
    eventId: randomUUID(), recordedAt: now, action: 'consent-record' as const, transaction: imported ? 'Consent-import' : 'Consent-create', ...recorderActor(recorder),
    ...(imported ? { detail: `import of an earlier record: stated time ${provided.givenAt}, recorded at ${now}` } : {}),
  };
  const person = provided.patient.fhirId ? await findPersonByFhirId(tx, provided.patient.fhirId) : await findPersonByIdentityCode(tx, provided.patient.identityCode ?? '');
  const refused = recorder.kind === 'system'
    ? await consentWriter(tx, recorder.requester, person, base, now, { action: imported ? 'import-consent' : 'record-consent' })
    : portalWriterRefusal(recorder, person, provided.kind);
  if (refused) return { ok: false, error: refused };
  const client = person!;
  if (provided.patient.identityCode && provided.patient.identityCode !== client.identityCode) {
    return { ok: false, error: Unprocessable.of('Consent.patient names two different clients: its reference and its identifier disagree', 'Consent.patient') };
  }
  const personRef = { personKey: client.personKey, personFhirId: client.fhirId };

  if (provided.actor.kind === 'representative' && provided.actor.identityCode === client.identityCode) {
    return { ok: false, error: Unprocessable.of('the representative must be another person than the client', 'Consent.performer') };
  }
  // S1: a per-document prohibition refers to the set id; a version id is resolved to it.
  let target = provided.target;
  if (provided.scope === 'document' && provided.targetVersionId) {
    // S8: a client of a shared matter may prohibit its documents too.
    target = (await getDocumentOfClient(tx, provided.targetVersionId, client.personKey))?.setId;
    if (!target) return { ok: false, error: Unprocessable.of(`the client has no document DocumentReference/${provided.targetVersionId}`, 'Consent.provision.data', 'not-found') };
  }
  const targetDocument = provided.scope === 'document' && target ? await currentVersionOfSet(tx, client.personKey, target) : undefined;
  const targetOrganisation = provided.scope === 'controller' && target ? await organisationExists(tx, target) : undefined;
  const unregistered = await representativeRefusal(tx, { client, actor: provided.actor, at: provided.givenAt, audit: { ...base, ...personRef } });
  if (unregistered) return { ok: false, error: unregistered };
  const actor = await storedActor(tx, provided.actor);
  const existing = await consentFactsForUpdate(tx, client.personKey);
  const record: NewConsentRecord = {
    kind: provided.kind,
    ...(provided.scope ? { scope: provided.scope } : {}),
    ...(target ? { target } : {}),
    ...(provided.informingVersion ? { informingVersion: provided.informingVersion } : {}),
    actor, channel: props.channel, givenAt: provided.givenAt, validFrom: provided.validFrom, imported,
  };
  // D5 asks for the latest informing of the day the record was given: today, or an import's day.
  const givenDay = imported ? provided.givenAt.slice(0, 10) : now.slice(0, 10);
  const decision = decideConsentRecording({
    record, client: { birthDate: client.birthDate }, existing, latestInformingVersion: latestInformingVersion(givenDay), now, clockSkewSeconds: props.clockSkewSeconds,
    targetIsController: targetOrganisation !== undefined && targetOrganisation.kind !== 'unit',
    ...(targetDocument ? { targetDocument: { phase: targetDocument.phase, generalType: findDocumentType(targetDocument.typeSystem, targetDocument.typeCode)?.generalType } } : {}),
  });
  countDecision('consent-recording', decision);
  if (!decision.allow) {
    await appendAudit(tx, { ...base, outcome: 'denied', ...personRef, because: decision.because });
    return { ok: false, error: refusal(decision) };
  }
  await insertConsentVersion(tx, {
    personKey: client.personKey, consentId, version: 1, kind: record.kind, scope: record.scope ?? null, target: record.target ?? null,
    informingVersion: record.informingVersion ?? null, givenAt: record.givenAt, validFrom: record.validFrom, revokedAt: null,
    actor, revokedBy: null, channel: record.channel, recordedAt: now, recordedBy: recorderActor(recorder),
  });
  await appendAudit(tx, { ...base, outcome: 'success', ...personRef, because: decision.because, consents: [{ consentId, version: 1, kind: record.kind }] });
  return { ok: true, value: (await getConsent(tx, consentId))! };
}

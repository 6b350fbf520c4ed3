// Revoking a consent or lifting a prohibition (D7, D8): a new version of the record with the
// time and the person who revoked it; the earlier version is kept (D11). The caller names the
// version it revokes (If-Match), so a revocation never lands on a record it has not seen.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import { NotFound, PreconditionFailed, PreconditionRequired } from '../domain/errors.ts';
import { decideRevocation } from '../domain/policy/consent-recording.ts';
import type { CommandActor } from '../domain/consent.ts';
import { findPersonByKey } from '../store/people.ts';
import { getConsent, insertConsentVersion, lockClientConsents, type StoredConsent } from '../store/consents.ts';
import { appendAudit } from '../store/audit.ts';
import { consentWriter, recorderActor, refusal, storedActor, type ConsentRecorder } from './record-consent.ts';
import type { Result } from './result.ts';
import { countDecision } from '../ops/metrics.ts';
import { representativeRefusal } from './representative-check.ts';

export interface RevokeConsentProps {
  readonly consentId: string;
  /** The version named by If-Match, or undefined when the request had none. */
  readonly ifMatchVersion: number | undefined;
  /**
   * Who revokes, read by the adapter from its input against the current version: the FHIR PUT's
   * body must equal the record but for its status; the portal's form names only the record.
   */
  readonly revocation: (current: StoredConsent) => { readonly revokedBy: CommandActor };
  readonly recorder: ConsentRecorder;
  readonly now: string;
}

export async function revokeConsent(tx: Tx, props: RevokeConsentProps): Promise<Result<StoredConsent>> {
  const { recorder, now } = props;
  const base = { eventId: randomUUID(), recordedAt: now, action: 'consent-revoke' as const, transaction: 'Consent-update', ...recorderActor(recorder) };
  // The same answer for a record that does not exist and for one of a client the requester has
  // no relationship with (D1), as when reading: the id is not confirmed to exist.
  const notFound = NotFound.of(`Consent/${props.consentId} is not found`);
  const seen = await getConsent(tx, props.consentId);
  if (!seen) return { ok: false, error: notFound };
  // Read again under the client's lock: a concurrent revocation may have written a version meanwhile.
  await lockClientConsents(tx, seen.personKey);
  const current = (await getConsent(tx, props.consentId))!;
  const person = await findPersonByKey(tx, current.personKey);
  const refused = recorder.kind === 'system'
    ? await consentWriter(tx, recorder.requester, person, base, now, { action: 'record-consent', noRelationship: notFound })
    // The portal answers "not found" for another person's record too (V13).
    : person?.personKey !== recorder.viewer.personKey || !recorder.may.consent ? notFound : undefined;
  if (refused) return { ok: false, error: refused };
  const personRef = { personKey: current.personKey, personFhirId: current.personFhirId };
  const named = [{ consentId: current.consentId, version: current.version, kind: current.kind }];
  if (props.ifMatchVersion === undefined || props.ifMatchVersion !== current.version) {
    const detail = props.ifMatchVersion === undefined ? 'no If-Match' : `If-Match names version ${props.ifMatchVersion}, the current one is ${current.version}`;
    await appendAudit(tx, { ...base, outcome: 'denied', ...personRef, because: [{ rule: 'D11', detail: `a revocation names the version it revokes: ${detail}` }], consents: named });
    return { ok: false, error: props.ifMatchVersion === undefined
      ? PreconditionRequired.of(`name the version you revoke: If-Match: W/"${current.version}"`)
      : PreconditionFailed.of(`Consent/${current.consentId} is at version ${current.version}, not ${props.ifMatchVersion}: read it again`) };
  }
  const { revokedBy } = props.revocation(current);
  const unregistered = await representativeRefusal(tx, { client: person!, actor: revokedBy, at: now, audit: { ...base, ...personRef, consents: named } });
  if (unregistered) return { ok: false, error: unregistered };
  const actor = await storedActor(tx, revokedBy);
  const fact = { id: current.consentId, kind: current.kind, givenAt: current.givenAt, validFrom: current.validFrom, revokedAt: current.revokedAt };
  const decision = decideRevocation({ fact, actor, client: { birthDate: person!.birthDate }, now });
  countDecision('consent-revocation', decision);
  if (!decision.allow) {
    await appendAudit(tx, { ...base, outcome: 'denied', ...personRef, because: decision.because, consents: named });
    return { ok: false, error: refusal(decision) };
  }
  const version = current.version + 1;
  const storedOriginal = current.actor.kind === 'client' ? current.actor : { kind: 'representative' as const, role: current.actor.role, personKey: current.actor.personKey };
  await insertConsentVersion(tx, {
    personKey: current.personKey, consentId: current.consentId, version, kind: current.kind, scope: current.scope, target: current.target,
    informingVersion: current.informingVersion, givenAt: current.givenAt, validFrom: current.validFrom, revokedAt: now,
    actor: storedOriginal, revokedBy: actor, channel: current.channel, recordedAt: now, recordedBy: recorderActor(recorder),
  });
  await appendAudit(tx, { ...base, outcome: 'success', ...personRef, because: decision.because, consents: [{ consentId: current.consentId, version, kind: current.kind }] });
  return { ok: true, value: (await getConsent(tx, current.consentId))! };
}

// May this consent service record be written? D5 (informing first), S2 (a consent is valid
// from the day it is given, never in advance, and has no scope of its own), S3 (the three
// prohibition kinds; per document only for phase 2 or later documents and client journal
// entries), S5 (a guardian cannot prohibit for a child). A record binds from when it is
// recorded, so its stated time may differ from the server's clock only by the clock-skew
// allowance, either way; an import of earlier records by a service system (L5) keeps its
// stated time. A refusal carries the rule ids; a refusal because an equal record is already in
// force names it, so the adapter answers 409.
import type { Decision, Phase, Reason } from '../types.ts';
import { ageOn } from '../identity-code.ts';
import { GUARDIAN_ROLE, type ConsentActor, type ConsentChannel, type ConsentFact, type ConsentKind, type ProhibitionScope } from '../consent.ts';
import { informingVersion, SERVICE_TASK_KEYS, type GeneralType } from '../codes/index.ts';
import { informedOfLatest } from './document-access.ts';

export interface NewConsentRecord {
  readonly kind: ConsentKind;
  readonly scope?: ProhibitionScope;
  readonly target?: string;
  readonly informingVersion?: string;
  readonly actor: ConsentActor;
  readonly channel: ConsentChannel;
  /** When it was given, as the giver wrote it (ISO date-time with offset). */
  readonly givenAt: string;
  /** YYYY-MM-DD it takes effect. */
  readonly validFrom: string;
  /**
   * An earlier record brought over from another system (L4, L5: by a service system, which the
   * use case checks): it keeps its stated time, however long ago, instead of being refused.
   */
  readonly imported: boolean;
}

export interface RecordingInput {
  readonly record: NewConsentRecord;
  readonly client: { readonly birthDate: string };
  /** The client's records, current versions. */
  readonly existing: readonly ConsentFact[];
  /** The latest Kanta informing version on the day the record was given (D5). */
  readonly latestInformingVersion: string;
  readonly now: string;
  /** How far a stated time may lie from `now` either way, in seconds (config.clockSkewSeconds). */
  readonly clockSkewSeconds: number;
  /** For a controller prohibition: is the target a registered controller? */
  readonly targetIsController?: boolean;
  /** For a document prohibition: the current version of that set id among the client's documents. */
  readonly targetDocument?: { readonly phase: Phase; readonly generalType: GeneralType | undefined };
}

export type RecordingDecision = Decision & { readonly conflictWith?: string };

const refuse = (rule: string, detail: string): RecordingDecision => ({ allow: false, because: [{ rule, detail }] });

/** Not revoked by `now`: in force, or given a moment ahead of the server clock. Two such records of one kind would be a duplicate. */
const standing = (c: ConsentFact, now: string): boolean => c.revokedAt === null || c.revokedAt > now;

/** L5: an import keeps its stated time; the decision says so, with both times, for the audit record. */
function importReason(record: NewConsentRecord, now: string): Reason[] {
  return record.imported ? [{ rule: 'L5', detail: `import of an earlier record by a service system: it keeps its stated time ${record.givenAt}; recorded at ${now}` }] : [];
}

const isMinor = (birthDate: string, on: string): boolean => ageOn(birthDate, on) < 18;

const ruleOfKind = (kind: ConsentKind): string => (kind === 'prohibition' ? 'S3' : kind === 'informing' ? 'D5' : 'S2');

/** The stated time against the server's clock: neither ahead nor, unless imported, behind by more than the allowance. */
function recordingTimeRefusal(record: NewConsentRecord, now: string, skewSeconds: number): RecordingDecision | undefined {
  const offsetMs = Date.parse(record.givenAt) - Date.parse(now);
  const skewMs = skewSeconds * 1000;
  const rule = ruleOfKind(record.kind);
  if (offsetMs > skewMs) {
    return refuse(rule, `it is dated ${record.givenAt}, in the future: a record is made when it has been given, never in advance`);
  }
  // A record binds from when it is recorded: a stated time further back would make it look in
  // force (or the informing received) while disclosures were being decided without it.
  if (!record.imported && -offsetMs > skewMs) {
    return refuse(rule, `it is dated ${record.givenAt}, ${howLong(-offsetMs)} before it is recorded (${now}): a record binds from when it is recorded, so date it when it is given (the clocks may differ by at most ${skewSeconds} s); earlier records are brought over only as an import by a service system`);
  }
  return undefined;
}

function howLong(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.floor(hours / 24)} days`;
}

export function decideConsentRecording(input: RecordingInput): RecordingDecision {
  const { record, now } = input;
  const day = record.givenAt.slice(0, 10);
  const early = recordingTimeRefusal(record, now, input.clockSkewSeconds);
  if (early) return early;
  if (record.validFrom !== day) {
    return refuse(ruleOfKind(record.kind), record.validFrom < day
      ? `it would be valid from ${record.validFrom}, before it was given on ${day}: it is valid from the day it is given, never earlier`
      : `it would be valid from ${record.validFrom}, after it was given on ${day}: it is valid from the day it is given, never in advance`);
  }
  if (record.actor.kind === 'representative' && record.actor.role === GUARDIAN_ROLE && !isMinor(input.client.birthDate, day)) {
    return refuse('S3', 'a guardian acts only for a minor client; for an adult, a trustee, a continuing power of attorney holder or a mandate holder acts');
  }

  if (record.kind === 'informing') {
    if (!record.informingVersion || !informingVersion(record.informingVersion)) {
      return refuse('D5', `unknown Kanta informing version '${record.informingVersion ?? ''}'`);
    }
    const already = input.existing.find((c) => c.kind === 'informing' && c.informingVersion === record.informingVersion && standing(c, now));
    if (already) return { ...refuse('D5', `the informing ${record.informingVersion} is already acknowledged (Consent/${already.id})`), conflictWith: already.id };
    return { allow: true, because: [{ rule: 'D5', detail: `acknowledges the Kanta informing ${record.informingVersion}` }, ...importReason(record, now)] };
  }

  // D5: the informing must have been received by the day the consent or prohibition was given
  // (during one visit the two are recorded in either order, so the day is the grain).
  const endOfGivenDay = `${new Date(record.givenAt).toISOString().slice(0, 10)}T23:59:59.999Z`;
  if (!informedOfLatest(input.existing, input.latestInformingVersion, endOfGivenDay < now ? endOfGivenDay : now)) {
    return refuse('D5', informedOfLatest(input.existing, input.latestInformingVersion, now)
      ? `it is dated ${record.givenAt}, before the client received the latest Kanta informing (${input.latestInformingVersion})`
      : `the client has not received the latest Kanta informing (${input.latestInformingVersion}): record its acknowledgement first`);
  }
  const because: Reason[] = [{ rule: 'D5', detail: `the client has received the Kanta informing ${input.latestInformingVersion}` }];
  const channelRule = record.kind === 'prohibition' ? 'D8' : 'D7';
  because.push(record.imported
    ? { rule: channelRule, detail: 'given earlier, brought over from another system' }
    : { rule: channelRule, detail: record.channel === 'visit' ? 'given during a visit, recorded by the professional' : 'given in the portal' });
  because.push(...importReason(record, now));

  if (record.kind === 'social-welfare-consent' || record.kind === 'health-consent') {
    const already = input.existing.find((c) => c.kind === record.kind && standing(c, now));
    if (already) return { ...refuse('S2', `a ${record.kind === 'health-consent' ? 'health care' : 'social welfare'} disclosure consent is already in force (Consent/${already.id}); revoke it before recording a new one`), conflictWith: already.id };
    return { allow: true, because: [...because, { rule: 'S2', detail: `valid from ${record.validFrom} until revoked; covers data stored later` }] };
  }

  // Prohibitions (S3, S5).
  if (record.actor.kind === 'representative' && record.actor.role === GUARDIAN_ROLE) {
    return refuse('S5', 'a guardian cannot prohibit the disclosure of a child\'s data; the guardian may acknowledge the informing and give consents for the child');
  }
  const { scope, target } = record;
  if (!scope || !target) return refuse('S3', 'a prohibition names what it covers: a controller, a service task or a document');
  if (scope === 'controller' && !input.targetIsController) {
    return refuse('S3(a)', `${target} is not a registered controller`);
  }
  if (scope === 'service-task' && !(SERVICE_TASK_KEYS as readonly string[]).includes(target)) {
    return refuse('S3(b)', `${target} is not a service task`);
  }
  if (scope === 'document') {
    const doc = input.targetDocument;
    if (!doc) return refuse('S3(c)', `the client has no current document with set id ${target}`);
    if (doc.phase !== '2' && doc.phase !== '3' && doc.generalType !== 'client-journal-entry') {
      return refuse('S3(c)', `a per-document prohibition is possible only for phase 2 documents and client journal entries; this document is ${doc.phase === 'legacy' ? 'a legacy document' : 'a phase 1 document'}`);
    }
  }
  const already = input.existing.find((c) => c.kind === 'prohibition' && c.scope === scope && c.target === target && standing(c, now));
  if (already) return { ...refuse('S3', `the same prohibition is already in force (Consent/${already.id})`), conflictWith: already.id };
  return { allow: true, because: [...because, { rule: 'S3', detail: `prohibition per ${scope} on ${target}, valid until revoked` }] };
}

/** May this record be revoked by this actor now? */
export function decideRevocation(input: { readonly fact: ConsentFact; readonly actor: ConsentActor; readonly client: { readonly birthDate: string }; readonly now: string }): RecordingDecision {
  const { fact, actor, now } = input;
  if (fact.kind === 'informing') return refuse('D5', 'an informing acknowledgement records that the informing was given; it cannot be revoked');
  if (fact.revokedAt !== null) return { ...refuse(ruleOfKind(fact.kind), `Consent/${fact.id} was already revoked on ${fact.revokedAt}`), conflictWith: fact.id };
  if (actor.kind === 'representative' && actor.role === GUARDIAN_ROLE) {
    if (!isMinor(input.client.birthDate, now.slice(0, 10))) return refuse('S3', 'a guardian acts only for a minor client');
    if (fact.kind === 'prohibition') return refuse('S5', 'a guardian cannot lift a child\'s prohibition: it is the child\'s own');
  }
  const rule = fact.kind === 'prohibition' ? 'D8' : 'D7';
  return { allow: true, because: [{ rule, detail: `${fact.kind === 'prohibition' ? 'prohibition' : 'consent'} Consent/${fact.id} revoked; it stops binding at once` }] };
}

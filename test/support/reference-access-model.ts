// An independent reference model of the document access decision, written from
// docs/disclosure-decision.md alone (never from src/domain/policy/document-access.ts), for the
// property test in test/domain/access-decision.property.test.ts. Only types are imported from src/.
//
// Deliberately not an if-chain: it first computes every fact the spec talks about as plain data
// (which records are in force, which relationships hold, which prohibitions hit), then finds the
// path, then reads the answer off an ordered table of (rule id, does it fail) pairs.
import type { AccessInput } from '../../src/domain/policy/access-input.ts';
import type { ConsentFact, ProducerAuthorisation } from '../../src/domain/consent.ts';

export interface ReferenceBasis {
  kind: string;
  consentId?: string;
  justification?: string;
  /** Authorisation only: the first matching authorisation's unit and dates. */
  producerUnitOid?: string;
  startDate?: string;
  endDate?: string | null;
}

export interface ReferenceAnswer {
  allow: boolean;
  denyRules: string[];
  basis?: ReferenceBasis;
}

export type Path = 'own-register' | 'authorisation' | 'disclosure';

/** Every fact the spec's decision depends on, computed up front. */
interface Facts {
  path: Path;
  invalidated: boolean; // status == entered-in-error
  superseded: boolean; // status == superseded
  ownRelationship: boolean; // D1 on path 1: document's controller AND service task, in force today
  requesterRelationship: boolean; // D1 on path 3: requester's controller, any service task
  firstAuthorisation: ProducerAuthorisation | undefined;
  justification: string | undefined;
  phaseNotDisclosable: boolean; // legacy or 1
  liveKinds: Map<string, ConsentFact[]>; // in-force records grouped by kind
  prohibitionHits: Set<'controller' | 'service-task' | 'document'>;
}

const dayWithin = (day: string, start: string, end: string | null): boolean => start <= day && (end === null || day <= end);

function computeFacts(input: AccessInput): Facts {
  const today = input.now.slice(0, 10);
  const doc = input.document;
  const req = input.requester;

  // In force: givenAt <= now and (revokedAt null or revokedAt > now). Grouped by kind.
  const liveKinds = new Map<string, ConsentFact[]>();
  for (const record of input.consents) {
    const started = record.givenAt <= input.now;
    const notRevoked = record.revokedAt === null || record.revokedAt > input.now;
    if (!(started && notRevoked)) continue;
    const bucket = liveKinds.get(record.kind) ?? [];
    bucket.push(record);
    liveKinds.set(record.kind, bucket);
  }

  // What each in-force prohibition scope would have to equal to hit this document.
  const hitTargetByScope: Record<'controller' | 'service-task' | 'document', string> = {
    controller: doc.controllerOid,
    'service-task': doc.serviceTask,
    document: doc.setId,
  };
  // S8 (spec: "Shared matter"): the in-force prohibitions of the document's other clients hit
  // the same way; nothing else of theirs is looked at.
  const coClientProhibitions = (input.coClientConsents ?? []).filter(
    (r) => r.kind === 'prohibition' && r.givenAt <= input.now && (r.revokedAt === null || r.revokedAt > input.now),
  );
  const prohibitionHits = new Set<'controller' | 'service-task' | 'document'>();
  for (const p of [...(liveKinds.get('prohibition') ?? []), ...coClientProhibitions]) {
    if (p.scope !== undefined && p.target !== undefined && hitTargetByScope[p.scope] === p.target) prohibitionHits.add(p.scope);
  }

  // Relationships in force today, as "controller|task" keys and as a set of controllers.
  const liveRelationships = input.relationships.filter((r) => dayWithin(today, r.startDate, r.endDate));
  const liveRelationshipKeys = new Set(liveRelationships.map((r) => `${r.controllerOid}|${r.serviceTask}`));
  const liveRelationshipControllers = new Set<string>(liveRelationships.map((r) => r.controllerOid));

  // Authorisations for the document's register and service task, naming the requester's
  // organisation or controller, in force today (both ends inclusive).
  const requesterUnits = new Set([req.organisationOid, req.controllerOid]);
  const firstAuthorisation = input.authorisations.find(
    (a) =>
      a.controllerOid === doc.controllerOid &&
      a.serviceTask === doc.serviceTask &&
      requesterUnits.has(a.producerUnitOid) &&
      dayWithin(today, a.startDate, a.endDate),
  );

  const path: Path = doc.controllerOid === req.controllerOid ? 'own-register' : firstAuthorisation ? 'authorisation' : 'disclosure';

  return {
    path,
    invalidated: doc.status === 'entered-in-error',
    superseded: doc.status === 'superseded',
    ownRelationship: liveRelationshipKeys.has(`${doc.controllerOid}|${doc.serviceTask}`),
    requesterRelationship: liveRelationshipControllers.has(req.controllerOid),
    firstAuthorisation,
    justification: input.legalJustification,
    phaseNotDisclosable: doc.phase === 'legacy' || doc.phase === '1',
    liveKinds,
    prohibitionHits,
  };
}

/** Gate: a rule that stops at once with a single reason when it fails. */
type Gate = readonly [rule: string, fails: boolean];

function firstFailingGate(gates: readonly Gate[]): string | undefined {
  return gates.find(([, fails]) => fails)?.[0];
}

function chooseConsent(consents: readonly ConsentFact[]): ConsentFact | undefined {
  // Greatest givenAt; ties: smallest id. Sorted copy, best first.
  const ordered = [...consents].sort((x, y) => {
    if (x.givenAt !== y.givenAt) return x.givenAt > y.givenAt ? -1 : 1;
    if (x.id !== y.id) return x.id < y.id ? -1 : 1;
    return 0;
  });
  return ordered[0];
}

/** Which of the spec's three paths the input takes (for the generator coverage test). */
export function referencePath(input: AccessInput): Path {
  return computeFacts(input).path;
}

export function referenceAccess(input: AccessInput): ReferenceAnswer {
  const f = computeFacts(input);
  const deny = (rules: string[]): ReferenceAnswer => ({ allow: false, denyRules: rules });

  // Each path: its single-reason gates in the spec's order, then (path 3 only) the collected checks.
  const gatesByPath: Record<Path, readonly Gate[]> = {
    'own-register': [
      ['D1', !f.ownRelationship],
      ['L2', f.invalidated],
    ],
    authorisation: [['L2', f.invalidated]],
    disclosure: [
      ['L2', f.invalidated],
      ['L1', f.superseded],
      ['D1', !f.requesterRelationship],
    ],
  };
  const stopped = firstFailingGate(gatesByPath[f.path]);
  if (stopped !== undefined) return deny([stopped]);

  if (f.path === 'own-register') return { allow: true, denyRules: [], basis: { kind: 'own-register' } };
  if (f.path === 'authorisation') {
    const a = f.firstAuthorisation!;
    return { allow: true, denyRules: [], basis: { kind: 'authorisation', producerUnitOid: a.producerUnitOid, startDate: a.startDate, endDate: a.endDate } };
  }

  // Path 3, step 4: a legal justification short-circuits the rest.
  if (f.justification !== undefined) return { allow: true, denyRules: [], basis: { kind: 'statutory', justification: f.justification } };

  // Path 3, step 5: every failing check, in the spec's order.
  const latestInformingLive = (f.liveKinds.get('informing') ?? []).some((r) => r.informingVersion === input.latestInformingVersion);
  const socialWelfareConsents = f.liveKinds.get('social-welfare-consent') ?? [];
  const collected: readonly Gate[] = [
    ['S6', f.phaseNotDisclosable],
    ['D5', !latestInformingLive],
    ['S2', socialWelfareConsents.length === 0],
    ['S3(a)', f.prohibitionHits.has('controller')],
    ['S3(b)', f.prohibitionHits.has('service-task')],
    ['S3(c)', f.prohibitionHits.has('document')],
  ];
  const failing = collected.filter(([, fails]) => fails).map(([rule]) => rule);
  if (failing.length > 0) return deny(failing);

  const chosen = chooseConsent(socialWelfareConsents)!;
  return { allow: true, denyRules: [], basis: { kind: 'consent', consentId: chosen.id } };
}

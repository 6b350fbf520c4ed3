// S10 Retention: each service task keeps its documents for a period counted from a start event;
// a document past it is destroyed, with a log record. Pure: the caller reads the facts (the
// client relationship's end, the matter's close, the client's birth date) and passes today.
//
// The national periods: domain-rules S10 gives two examples (older people: ten years from the
// close of the matter; child-related family law: 120 years from the child's birth). The seeds in
// shared/seeds say nothing of retention, so the rest come from the table of the Act on the
// Processing of Client Data in Healthcare and Social Welfare (703/2023, in force 2024-01-01, also
// for documents made before it) as published by the National Archives: "Sosiaalihuollon
// asiakasasiakirjojen säilytysajat" (kansallisarkisto.fi/sosiaalihuollon-asiakirjojen-sailytysaikojen-maarittely).
// A deployment overrides any of them with KANSIO_RETENTION (src/config.ts).
import { SERVICE_TASK_KEYS, serviceTaskByCode, type ServiceTaskKey } from '../codes/service-tasks.ts';

/**
 * What the period is counted from:
 * - matter-close: the close of the document's matter (for a document outside any matter, the end
 *   of the client relationship in its service task: a relationship ends only when its matters do);
 * - relationship-end: the end of the client relationship (controller, service task);
 * - birth: the client's birth (a child's, in family law matters);
 * - creation: the document's creation (its first version);
 * - death: the client's death (Kansio holds no death dates yet, so such a document is never due).
 */
export const RETENTION_STARTS = ['matter-close', 'relationship-end', 'birth', 'creation', 'death'] as const;
export type RetentionStart = (typeof RETENTION_STARTS)[number];

export interface RetentionRule {
  readonly years: number;
  readonly start: RetentionStart;
  /** Where the period comes from: the law, or the deployment's KANSIO_RETENTION. */
  readonly source: string;
}

export type RetentionRules = Readonly<Record<ServiceTaskKey, RetentionRule>>;

const ACT = 'Act 703/2023, retention table (National Archives)';

export const NATIONAL_RETENTION: RetentionRules = Object.freeze({
  // 703/2023: 30 years from the close of the matter.
  'families-with-children': { years: 30, start: 'matter-close', source: ACT },
  // 703/2023: 10 years from the close of the matter.
  'working-age': { years: 10, start: 'matter-close', source: ACT },
  // domain-rules S10 and 703/2023: 10 years from the close of the matter.
  'older-people': { years: 10, start: 'matter-close', source: `domain-rules S10; ${ACT}` },
  // 703/2023: 10 years from the close of the matter.
  'substance-abuse': { years: 10, start: 'matter-close', source: ACT },
  // 703/2023: 10 years from the close of the last matter, once the need for disability services
  // has ended: that is the end of the client relationship in disability services.
  disability: { years: 10, start: 'relationship-end', source: ACT },
  // 703/2023: 2 years from the client's death.
  'child-protection': { years: 2, start: 'death', source: ACT },
  // domain-rules S10 and 703/2023: child-related matters 120 years from the child's birth, other
  // matters 10 years from their close. A document does not say which kind it is, so the longer
  // period applies: keeping a document longer never breaks the rule, destroying it early would.
  'family-law': { years: 120, start: 'birth', source: `domain-rules S10; ${ACT}` },
});

/**
 * Parses KANSIO_RETENTION: "older-people=10y:relationship-end,family-law=120y:birth". Tasks left
 * out keep the national period. Throws an Error naming the bad part.
 */
export function parseRetentionRules(spec: string, base: RetentionRules = NATIONAL_RETENTION): RetentionRules {
  const rules: Record<ServiceTaskKey, RetentionRule> = { ...base };
  const seen = new Set<string>();
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z-]+)=(\d{1,3})y:([a-z-]+)$/.exec(part);
    if (!m) throw new Error(`'${part}' is not TASK=NUMBERy:START (for example older-people=10y:matter-close)`);
    const [, task, years, start] = m as unknown as [string, string, string, string];
    if (!(SERVICE_TASK_KEYS as readonly string[]).includes(task)) throw new Error(`unknown service task '${task}'; the tasks are ${SERVICE_TASK_KEYS.join(', ')}`);
    if (!(RETENTION_STARTS as readonly string[]).includes(start)) throw new Error(`unknown start event '${start}' for ${task}; the start events are ${RETENTION_STARTS.join(', ')}`);
    if (seen.has(task)) throw new Error(`${task} is given twice`);
    seen.add(task);
    const n = Number(years);
    if (n < 1) throw new Error(`${task}: the period must be at least 1 year`);
    rules[task as ServiceTaskKey] = { years: n, start: start as RetentionStart, source: 'KANSIO_RETENTION' };
  }
  return Object.freeze(rules);
}

/** The rules as KANSIO_RETENTION text (for `kansio retention run` to say what it applied). */
export function formatRetentionRules(rules: RetentionRules): string {
  return SERVICE_TASK_KEYS.map((k) => `${k}=${rules[k].years}y:${rules[k].start}`).join(',');
}

export interface RetentionDocument {
  /** The service task as stored: its key (older-people, ...); a code of system 1.2.246.537.6.1221 is accepted too. */
  readonly serviceTask: string;
  /** The first version's creation instant (ISO). */
  readonly createdAt: string;
  readonly phase: string;
}

export interface RetentionInput {
  readonly document: RetentionDocument;
  /** End day of the client relationship (controller, service task), or null while it lasts or if none. */
  readonly relationshipEnd: string | null;
  /** Close day of the document's matter, or null while open; undefined: the document has no matter. */
  readonly matterClose: string | null | undefined;
  readonly clientBirthDate: string;
  /** The client's death day, when known; Kansio has no source for it yet. */
  readonly clientDeathDate?: string | null;
  /** The document's creation day in Finland (the caller converts createdAt). */
  readonly createdOn: string;
  readonly rules: RetentionRules;
  /** Today in Finland, YYYY-MM-DD. */
  readonly today: string;
}

export interface RetentionDecision {
  readonly due: boolean;
  /** The first day the document may be destroyed, or null while its start event has not happened. */
  readonly dueOn: string | null;
  readonly because: readonly { readonly rule: 'S10'; readonly detail: string }[];
}

/** YYYY-MM-DD plus whole years; 29 February of a common year becomes 1 March (the period has fully run). */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

function startOf(input: RetentionInput, start: RetentionStart): { day: string | null; what: string } {
  switch (start) {
    case 'creation': return { day: input.createdOn, what: 'the document was created' };
    case 'birth': return { day: input.clientBirthDate, what: 'the client was born' };
    case 'death': return { day: input.clientDeathDate ?? null, what: 'the client died' };
    case 'relationship-end': return { day: input.relationshipEnd, what: 'the client relationship ended' };
    case 'matter-close':
      return input.matterClose === undefined
        ? { day: input.relationshipEnd, what: 'the client relationship ended (the document has no matter, and a relationship ends when its matters close)' }
        : { day: input.matterClose, what: 'the matter closed' };
  }
}

const NOT_YET: Record<RetentionStart, string> = {
  creation: 'the document has no creation date',
  birth: 'the client has no birth date',
  death: 'the client is not known to have died',
  'relationship-end': 'the client relationship has not ended',
  'matter-close': 'the matter is not closed',
};

function taskKey(stored: string): ServiceTaskKey | undefined {
  return (SERVICE_TASK_KEYS as readonly string[]).includes(stored) ? stored as ServiceTaskKey : serviceTaskByCode(stored)?.key;
}

export function decideRetention(input: RetentionInput): RetentionDecision {
  const key = taskKey(input.document.serviceTask);
  if (!key) {
    return { due: false, dueOn: null, because: [{ rule: 'S10', detail: `service task '${input.document.serviceTask}' has no retention rule: kept` }] };
  }
  const rule = input.rules[key];
  const period = `${key}: ${rule.years} years from ${rule.start} (${rule.source})`;
  // Legacy documents (L4) follow their service task like any other: no case of their own.
  const legacy = input.document.phase === 'legacy' ? ' (a legacy document)' : '';
  const start = startOf(input, rule.start);
  if (start.day === null) {
    const reason = rule.start === 'matter-close' && input.matterClose === undefined ? NOT_YET['relationship-end'] : NOT_YET[rule.start];
    return { due: false, dueOn: null, because: [{ rule: 'S10', detail: `${period}; not started: ${reason}${legacy}` }] };
  }
  const dueOn = addYears(start.day, rule.years);
  const due = input.today >= dueOn;
  return {
    due,
    dueOn,
    because: [{ rule: 'S10', detail: `${period}; ${start.what} on ${start.day}, so retention ${due ? 'ended' : 'ends'} on ${dueOn}${legacy}` }],
  };
}

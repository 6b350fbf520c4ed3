// The seven current social welfare service tasks. The national code values of system
// 1.2.246.537.6.1221 are not public, so '1'..'7' stand in until a deployment configures the
// real ones at start (configureServiceTaskCodes). Labels: fi/sv are our best renderings of the
// official names; replace them with the code server's when available.
import type { Labels } from './labels.ts';

export const SERVICE_TASK_SYSTEM = '1.2.246.537.6.1221';

export const SERVICE_TASK_KEYS = [
  'families-with-children',
  'working-age',
  'older-people',
  'substance-abuse',
  'disability',
  'child-protection',
  'family-law',
] as const;

export type ServiceTaskKey = (typeof SERVICE_TASK_KEYS)[number];

export interface ServiceTask {
  readonly key: ServiceTaskKey;
  readonly code: string;
  readonly label: Labels;
}

export const SERVICE_TASK_LABELS: Readonly<Record<ServiceTaskKey, Labels>> = {
  'families-with-children': {
    fi: 'Lapsiperheiden palvelut',
    sv: 'Service för barnfamiljer',
    en: 'Services for families with children',
  },
  'working-age': {
    fi: 'Työikäisten palvelut',
    sv: 'Service för personer i arbetsför ålder',
    en: 'Services for working-age people',
  },
  'older-people': { fi: 'Iäkkäiden palvelut', sv: 'Äldreservice', en: 'Services for older people' },
  'substance-abuse': {
    fi: 'Päihdepalvelut',
    sv: 'Service inom missbruks- och beroendearbetet',
    en: 'Substance abuse services',
  },
  disability: { fi: 'Vammaispalvelut', sv: 'Funktionshinderservice', en: 'Disability services' },
  'child-protection': { fi: 'Lastensuojelu', sv: 'Barnskydd', en: 'Child protection' },
  'family-law': { fi: 'Perheoikeudelliset palvelut', sv: 'Familjerättsliga tjänster', en: 'Family law services' },
};

const DEFAULT_CODES: Readonly<Record<ServiceTaskKey, string>> = {
  'families-with-children': '1',
  'working-age': '2',
  'older-people': '3',
  'substance-abuse': '4',
  disability: '5',
  'child-protection': '6',
  'family-law': '7',
};

// Module state, replaced as a whole by configureServiceTaskCodes so that readers never see a
// half-applied configuration.
let tasks: readonly ServiceTask[] = build(DEFAULT_CODES);
let byCode: ReadonlyMap<string, ServiceTask> = new Map(tasks.map((t) => [t.code, t]));

function build(codes: Readonly<Record<ServiceTaskKey, string>>): readonly ServiceTask[] {
  return Object.freeze(
    SERVICE_TASK_KEYS.map((key) => Object.freeze({ key, code: codes[key], label: SERVICE_TASK_LABELS[key] })),
  );
}

function isServiceTaskKey(key: string): key is ServiceTaskKey {
  return (SERVICE_TASK_KEYS as readonly string[]).includes(key);
}

/**
 * Sets the national code values. Keys left out keep their defaults ('1'..'7'), not a previous
 * configuration, so the result depends only on the argument. Throws on an unknown key, an empty
 * code or two tasks sharing a code, since any of these would misfile documents.
 */
export function configureServiceTaskCodes(map: Readonly<Partial<Record<ServiceTaskKey, string>>>): void {
  const codes: Record<ServiceTaskKey, string> = { ...DEFAULT_CODES };
  for (const [key, code] of Object.entries(map)) {
    if (!isServiceTaskKey(key)) throw new Error(`unknown service task key '${key}'`);
    if (typeof code !== 'string' || code.trim() === '') throw new Error(`empty code for service task '${key}'`);
    codes[key] = code;
  }
  const next = build(codes);
  const nextByCode = new Map<string, ServiceTask>();
  for (const task of next) {
    const clash = nextByCode.get(task.code);
    if (clash) throw new Error(`service tasks '${clash.key}' and '${task.key}' share code '${task.code}'`);
    nextByCode.set(task.code, task);
  }
  tasks = next;
  byCode = nextByCode;
}

/** Back to the default codes '1'..'7' (for tests). */
export function resetServiceTaskCodes(): void {
  configureServiceTaskCodes({});
}

export function serviceTaskByCode(code: string): ServiceTask | undefined {
  return byCode.get(code);
}

export function serviceTaskCode(key: ServiceTaskKey): string {
  const task = tasks.find((t) => t.key === key);
  if (!task) throw new Error(`unknown service task key '${String(key)}'`);
  return task.code;
}

export function allServiceTasks(): readonly ServiceTask[] {
  return tasks;
}

// `kansio settings show|set CONTROLLER`: a controller's archiving mode and automatic approval (L3)
// and its portal display start dates (V10), through the same use case as the administration
// pages; every change is audited in the controller's trail.
import type { Config } from '../config.ts';
import { openDatabase } from '../app.ts';
import { controllerSettings } from '../store/controller-settings.ts';
import { organisationExists } from '../store/relationships.ts';
import { setControllerSettings } from '../usecases/set-controller-settings.ts';
import type { ControllerSettings, SettingsChange, TransitionPeriod } from '../domain/controller-settings.ts';
import { KansioError } from '../domain/errors.ts';

export interface SettingsOptions {
  readonly archiving?: string;
  readonly batchTime?: string;
  readonly autoApproval?: string;
  readonly portalFrom?: string;
  readonly taskFrom?: readonly string[];
  readonly transition?: readonly string[];
  readonly removeTransition?: readonly string[];
  readonly json?: boolean;
}

const CLI = { id: 'kansio-cli', name: 'kansio command line' } as const;

function print(settings: ControllerSettings, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify(settings, null, 2));
    return;
  }
  const tasks = Object.entries(settings.serviceTaskFrom);
  console.log([
    `controller        ${settings.controllerOid}`,
    `archiving (L3)    ${settings.archiving.kind === 'batch' ? `in batches at ${settings.archiving.at} (Finnish time)` : 'real time'}`,
    `auto approval     ${settings.autoApproval ? 'yes' : 'no'}`,
    `portal from (V10) ${settings.portalFrom ?? "the deployment's default (KANSIO_PORTAL_START)"}`,
    ...(tasks.length ? tasks.map(([task, day]) => `  ${task} from ${day}`) : ['  no service task dates of its own']),
    `transition periods (V10)${settings.transitionPeriods.length ? '' : ' none'}`,
    ...settings.transitionPeriods.map((p) => `  '${p.name}': ${p.category} not shown ${p.from}..${p.until}`),
  ].join('\n'));
}

/** The options as a change; an error message naming the option when one cannot be read. */
export function changeOf(options: SettingsOptions): SettingsChange | string {
  const change: { -readonly [K in keyof SettingsChange]: SettingsChange[K] } = {};
  if (options.archiving !== undefined) {
    if (options.archiving === 'real-time') {
      if (options.batchTime !== undefined) return '--batch-time goes with --archiving batch';
      change.archiving = { kind: 'real-time' };
    } else if (options.archiving === 'batch') {
      if (options.batchTime === undefined) return '--archiving batch needs --batch-time HH:MM (Finnish time)';
      change.archiving = { kind: 'batch', at: options.batchTime };
    } else {
      return `--archiving must be real-time or batch, got '${options.archiving}'`;
    }
  } else if (options.batchTime !== undefined) {
    change.archiving = { kind: 'batch', at: options.batchTime };
  }
  if (options.autoApproval !== undefined) {
    if (!['yes', 'no'].includes(options.autoApproval)) return `--auto-approval must be yes or no, got '${options.autoApproval}'`;
    change.autoApproval = options.autoApproval === 'yes';
  }
  if (options.portalFrom !== undefined) change.portalFrom = options.portalFrom === 'default' ? null : options.portalFrom;
  if (options.taskFrom?.length) {
    const tasks: Record<string, string | null> = {};
    for (const item of options.taskFrom) {
      const [task, day] = item.split('=');
      if (!task || day === undefined) return `--task-from is TASK=YYYY-MM-DD or TASK=default, got '${item}'`;
      tasks[task] = day === 'default' ? null : day;
    }
    change.serviceTaskFrom = tasks;
  }
  if (options.transition?.length) {
    const periods: TransitionPeriod[] = [];
    for (const item of options.transition) {
      const m = /^(.+)=([a-z-]+):(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(item);
      if (!m) return `--transition is NAME=CATEGORY:YYYY-MM-DD..YYYY-MM-DD, got '${item}'`;
      periods.push({ name: m[1]!, category: m[2]! as TransitionPeriod['category'], from: m[3]!, until: m[4]! });
    }
    change.setTransitions = periods;
  }
  if (options.removeTransition?.length) change.removeTransitions = options.removeTransition;
  return change;
}

export async function settingsShowCommand(config: Config, controllerOid: string, options: SettingsOptions): Promise<number> {
  const database = await openDatabase(config);
  try {
    const organisation = await organisationExists(database.db.pool, controllerOid);
    if (!organisation || organisation.kind === 'unit') {
      console.error(`kansio settings: ${controllerOid} is not a registered controller`);
      return 1;
    }
    print(await controllerSettings(database.db.pool, controllerOid), options.json);
    return 0;
  } finally {
    await database.close();
  }
}

export async function settingsSetCommand(config: Config, controllerOid: string, options: SettingsOptions): Promise<number> {
  const change = changeOf(options);
  if (typeof change === 'string') {
    console.error(`kansio settings set: ${change}`);
    return 1;
  }
  if (Object.keys(change).length === 0) {
    console.error('kansio settings set: nothing to change: give --archiving, --batch-time, --auto-approval, --portal-from, --task-from, --transition or --remove-transition');
    return 1;
  }
  const database = await openDatabase(config);
  try {
    const result = await database.db.withTransaction((tx) => setControllerSettings(tx, { controllerOid, change, by: { system: CLI, organisationOid: controllerOid }, now: new Date().toISOString() }));
    if (!result.ok) {
      const error: KansioError = result.error;
      // The use case names form fields; a transition period's fields are parts of --transition.
      const option = (field: string): string => (field === 'transition-name' && options.removeTransition?.length && !options.transition?.length ? 'remove-transition' : field.startsWith('transition-') ? 'transition' : field);
      for (const p of error.problems) console.error(`kansio settings set: ${p.expression ? `--${option(p.expression)}: ` : ''}${p.message}`);
      return 1;
    }
    print(result.value, options.json);
    return 0;
  } finally {
    await database.close();
  }
}

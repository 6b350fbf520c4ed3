// L3 and V10: a controller's settings change (archiving mode, automatic approval, portal display
// start dates, named transition periods). The change and its audit record commit together; a refused change names the
// field and changes nothing. The portal sees new start dates at once in this process, and within
// DISPLAY_START_TTL_MS in others.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import { appendAudit } from '../store/audit.ts';
import { organisationExists } from '../store/relationships.ts';
import { controllerSettings, clearDisplayStart, removeTransitionPeriod, setTransitionPeriod, writeArchiving } from '../store/controller-settings.ts';
import { noteDisplayStartChange, setDisplayStart } from '../store/portal-settings.ts';
import { checkSettingsChange, type ControllerSettings, type SettingsChange } from '../domain/controller-settings.ts';
import { InvalidInput, NotFound, type Problem } from '../domain/errors.ts';
import type { Result } from './result.ts';

export interface SetControllerSettingsProps {
  readonly controllerOid: string;
  readonly change: SettingsChange;
  /** Who changes it, for the audit record: the operator's command or an administrator's page. */
  readonly by: { readonly system: { readonly id: string; readonly name: string }; readonly organisationOid: string };
  readonly now: string;
}

export async function setControllerSettings(tx: Tx, props: SetControllerSettingsProps): Promise<Result<ControllerSettings>> {
  const { controllerOid, change } = props;
  const organisation = await organisationExists(tx, controllerOid);
  if (!organisation || organisation.kind === 'unit') return { ok: false, error: NotFound.of(`${controllerOid} is not a registered controller (a unit has no settings of its own)`) };
  const problems = checkSettingsChange(change);
  if (problems.length) return { ok: false, error: new InvalidInput(problems.map((p): Problem => ({ code: 'value', message: p.message, expression: p.field }))) };
  const before = await controllerSettings(tx, controllerOid);
  // Checked before anything is written: a refused change changes nothing.
  const unknown = (change.removeTransitions ?? []).filter((name) => !before.transitionPeriods.some((p) => p.name === name));
  if (unknown.length) {
    return { ok: false, error: new InvalidInput(unknown.map((name): Problem => ({ code: 'value', message: `V10: ${controllerOid} has no transition period named '${name}'`, expression: 'transition-name' }))) };
  }
  if (change.archiving !== undefined || change.autoApproval !== undefined) {
    await writeArchiving(tx, controllerOid, change.archiving ?? before.archiving, change.autoApproval ?? before.autoApproval);
  }
  const starts: [string | null, string | null][] = [
    ...(change.portalFrom !== undefined ? [[null, change.portalFrom] as [null, string | null]] : []),
    ...Object.entries(change.serviceTaskFrom ?? {}),
  ];
  for (const [task, day] of starts) {
    if (day === null) await clearDisplayStart(tx, controllerOid, task);
    else await setDisplayStart(tx, { controllerOid, serviceTask: task, shownFrom: day });
  }
  for (const name of change.removeTransitions ?? []) await removeTransitionPeriod(tx, controllerOid, name);
  for (const period of change.setTransitions ?? []) await setTransitionPeriod(tx, controllerOid, { ...period, name: period.name.trim() });
  if (starts.length || change.removeTransitions?.length || change.setTransitions?.length) noteDisplayStartChange();
  const after = await controllerSettings(tx, controllerOid);
  await appendAudit(tx, {
    eventId: randomUUID(), recordedAt: props.now, action: 'settings-change', transaction: 'controller-settings', outcome: 'success',
    system: props.by.system, organisationOid: props.by.organisationOid,
    detail: `settings of ${controllerOid}: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`,
    because: [{ rule: 'L3', detail: 'archiving mode and approval as the controller states them' }, { rule: 'V10', detail: 'the controller\'s portal display start dates and transition periods' }],
  });
  return { ok: true, value: after };
}

// `kansio retention run [--destroy] [--json]` (S10): lists the documents past their service
// task's retention period; with --destroy, destroys them. An operator command: it asks nothing.
// The day is always the real one (Finland): there is no option to move the clock, so a mistyped
// date can never destroy documents early. Output names documents by set id, never a person's
// identity code.
import cliProgress from 'cli-progress';
import type { Config } from '../config.ts';
import { openDatabase } from '../app.ts';
import { finnishDay } from '../domain/finnish-day.ts';
import { formatRetentionRules } from '../domain/policy/retention.ts';
import { runRetention, type RetentionReport } from '../usecases/run-retention.ts';

export interface RetentionRunOptions {
  readonly destroy?: boolean;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly batchSize?: number;
}

function summary(report: RetentionReport, destroy: boolean, today: string): string {
  const lines = [`retention on ${today}: ${report.examined} documents examined, ${report.due.length} past retention${destroy ? `, ${report.destroyed} destroyed, ${report.held} held, ${report.blobsDestroyed} blobs destroyed` : ' (dry run: nothing destroyed; --destroy destroys them)'}`];
  for (const [task, n] of Object.entries(report.perTask).sort()) {
    lines.push(`  ${task}: ${n.due} due${destroy ? `, ${n.destroyed} destroyed` : ''}`);
  }
  if (destroy) {
    for (const d of report.due) {
      lines.push(d.destroyed
        ? `  destroyed ${d.setId} (${d.serviceTask}, type ${d.typeCode}, ${d.versionIds.length} version(s), due on ${d.dueOn})`
        : `  held ${d.setId} (${d.serviceTask}): ${d.held ?? 'kept'}`);
    }
  }
  return lines.join('\n');
}

/** Returns the exit code: 0 done. */
export async function retentionRunCommand(config: Config, options: RetentionRunOptions): Promise<number> {
  const destroy = options.destroy === true;
  const now = new Date().toISOString();
  const today = finnishDay(now);
  const database = await openDatabase(config);
  try {
    const total = Number((await database.db.pool.query<{ n: string }>('select count(distinct set_id) as n from document')).rows[0]!.n);
    const bar = !options.quiet && !options.json && process.stderr.isTTY
      ? new cliProgress.SingleBar({ stream: process.stderr, format: `retention ${destroy ? 'run' : 'dry run'} [{bar}] {value}/{total} documents | {eta_formatted} left` }, cliProgress.Presets.shades_classic)
      : undefined;
    bar?.start(total, 0);
    const report = await runRetention((fn) => database.db.withTransaction(fn), {
      rules: config.retention, today, now, destroy, ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    }, (examined) => bar?.update(Math.min(examined, total)));
    bar?.stop();
    if (options.json) {
      console.log(JSON.stringify({ today, destroy, rules: formatRetentionRules(config.retention), ...report }, null, 2));
    } else {
      console.log(summary(report, destroy, today));
    }
    return 0;
  } finally {
    await database.close();
  }
}

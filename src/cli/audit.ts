// `kansio audit verify`.
import cliProgress from 'cli-progress';
import type { Config } from '../config.ts';
import { openDatabase } from '../app.ts';
import { verifyAuditChain } from '../usecases/verify-audit-chain.ts';

/** Returns the process exit code: 0 intact, 1 broken. */
export async function auditVerifyCommand(config: Config, progress: boolean): Promise<number> {
  const database = await openDatabase(config);
  const bar = progress && process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: 'verifying audit chain [{bar}] {value}/{total} records' }, cliProgress.Presets.shades_classic) : undefined;
  try {
    let started = false;
    // One snapshot: a server in use keeps appending, and verify must see heads and records as of one instant.
    const report = await database.db.withSnapshot((snapshot) => verifyAuditChain(snapshot, (done, total) => {
      if (!bar) return;
      if (!started) { bar.start(total, 0); started = true; }
      bar.update(done);
    }));
    bar?.stop();
    if (report.broken.length === 0) {
      console.log(`audit chain intact: ${report.records} records in ${report.lanes} lanes verified`);
      return 0;
    }
    const first = report.broken[0]!;
    console.log(`audit chain BROKEN: first broken record lane ${first.lane} seq ${first.seq}${first.eventId ? ` (event ${first.eventId})` : ''}: ${first.problem}`);
    for (const b of report.broken.slice(1)) console.log(`  also lane ${b.lane} seq ${b.seq}: ${b.problem}`);
    console.log(`${report.records} records read, ${report.broken.length} lane(s) broken`);
    return 1;
  } finally {
    await database.close();
  }
}

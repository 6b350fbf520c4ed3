// D10 (issue 12): the server's audit checkpoints at an interval (KANSIO_AUDIT_CHECKPOINT_SECONDS).
// The timer never keeps the process alive (unref), never runs two checkpoints at once, and
// stop() waits for the one under way, so that graceful shutdown closes the pool only after it.
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { NoteSigner } from '../domain/signed-note.ts';
import { takeAuditCheckpoint } from '../usecases/take-audit-checkpoint.ts';
import { keepCheckpoint } from './checkpoint-log.ts';

export interface CheckpointTimer {
  stop(): Promise<void>;
}

export function startCheckpointTimer(config: Config, db: Db, signer: NoteSigner, log: Logger): CheckpointTimer {
  const intervalMs = config.auditCheckpointSeconds * 1000;
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = (): void => {
    if (running || stopped) return;
    running = db.withTransaction((tx) => takeAuditCheckpoint(tx, {
      signer, now: new Date().toISOString(),
      keep: async (checkpoint) => { await keepCheckpoint(config.auditCheckpoints, checkpoint); },
      // Every process on the database runs a timer: together they keep to about one interval.
      minIntervalMs: intervalMs * 0.9,
    })).then(
      (result) => { if (result.taken) log.info({ size: String(result.size) }, `audit checkpoint ${result.size} signed`); },
      (error: unknown) => { log.error({ error: (error as Error).message }, 'audit checkpoint failed'); },
    ).finally(() => { running = undefined; });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

// Probes for an orchestrator or a load balancer, without authentication and without personal
// data: /healthz says the process answers (restart it if not), /readyz says it can serve (send it
// traffic only then): the database answers and every migration this version ships is applied.
// While the server shuts down, Fastify answers 503 to every new request, /readyz included.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../store/db.ts';
import { pendingMigrations } from '../store/migrate.ts';

/** A probe that waits longer than this for the database reports it unreachable. */
const READY_TIMEOUT_MS = 2000;

export function registerHealthRoutes(app: FastifyInstance, db: Db): void {
  app.get('/healthz', async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'alive' }));
  app.get('/readyz', async (_request, reply) => {
    const problem = await readinessProblem(db, (error) => app.log.warn({ error: error.message }, 'readiness: database unreachable'));
    return reply.code(problem ? 503 : 200).header('cache-control', 'no-store').send(problem ? { status: 'not ready', problem } : { status: 'ready' });
  });
}

/** Why the service cannot serve now, or undefined when it can. */
async function readinessProblem(db: Db, logError: (error: Error) => void): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => { timer = setTimeout(() => resolve(`the database did not answer within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS); });
  const check = pendingMigrations(db.pool).then(
    (pending) => (pending.length ? `migrations not applied: ${pending.join(', ')} (run kansio migrate)` : undefined),
    (error: unknown) => {
      // The cause goes to the log, not to an unauthenticated caller.
      logError(error as Error);
      return 'the database is unreachable';
    },
  );
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// D10, V11 (issue 12): the signed audit checkpoints, for the controllers' supervisors and outside
// witnesses. Public, without a token: a checkpoint holds no personal data (sizes, hashes, a
// time), its signature is what makes it worth anything, and a witness must be able to fetch it
// (docs/decisions/0021-audit-checkpoints.md). Reading one leaves no audit record for the same
// reason, and so that anyone's reading cannot grow the trail.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../store/db.ts';
import { checkpointOfSize, latestCheckpoint, type StoredCheckpoint } from '../store/audit-checkpoints.ts';

const TEXT = 'text/plain; charset=utf-8';

export function registerCheckpointRoutes(app: FastifyInstance, db: Db): void {
  const answer = (checkpoint: StoredCheckpoint | undefined, cache: string, missing: string) => (checkpoint
    ? { status: 200, cache, body: checkpoint.note }
    : { status: 404, cache: 'no-store', body: missing + '\n' });

  app.get('/audit/checkpoint', async (_request, reply) => {
    const a = answer(await latestCheckpoint(db.pool), 'no-cache', 'no audit checkpoint has been signed yet');
    return reply.code(a.status).type(TEXT).header('cache-control', a.cache).send(a.body);
  });
  app.get<{ Params: { size: string } }>('/audit/checkpoint/:size', async (request, reply) => {
    const raw = request.params.size;
    if (!/^(0|[1-9]\d{0,18})$/.test(raw) || BigInt(raw) > 2n ** 63n - 1n) return reply.code(400).type(TEXT).send('size: a checkpoint is named by its size, a whole number without leading zeros\n');
    // A checkpoint of a given size never changes: it may be cached for good.
    const a = answer(await checkpointOfSize(db.pool, BigInt(raw)), 'public, max-age=31536000, immutable', `no audit checkpoint of size ${raw}`);
    return reply.code(a.status).type(TEXT).header('cache-control', a.cache).send(a.body);
  });
}

// issue 8 / second Kansio: where the embedded database's socket path does not fit, it listens on
// TCP; a taken port makes it pick a free one, recorded in the data folder for `kansio db`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { embeddedConnectionInfo, embeddedConnectionUrl, startEmbeddedPostgres } from '../../src/store/embedded.ts';
import { freePort } from '../support/ports.ts';

test('issue 8 / second Kansio: a data folder too deep for a socket gets TCP on a free port when the configured one is taken, and records it', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'kansio-deep-'));
  await chmod(root, 0o755);
  const dataDir = path.join(root, 'a-folder-name-long-enough-that-the-unix-socket-path-no-longer-fits-in-sun-path-'.repeat(2));
  await mkdir(dataDir, { recursive: true });
  const taken = await freePort();
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
  const lines: string[] = [];
  const server = await startEmbeddedPostgres(dataDir, taken, (line) => lines.push(line));
  try {
    const info = await embeddedConnectionInfo(dataDir);
    assert.equal(info?.transport, 'tcp');
    assert.equal(info?.host, '127.0.0.1');
    assert.notEqual(info?.port, taken, 'not the taken port');
    assert.match(lines.join('\n'), new RegExp(`port ${taken} \\(KANSIO_EMBEDDED_PG_PORT\\) is taken; the embedded PostgreSQL listens on ${info!.port}`));
    const client = new pg.Client({ connectionString: await embeddedConnectionUrl(info!) });
    await client.connect();
    const { rows } = await client.query<{ port: number }>('select inet_server_port() as port');
    await client.end();
    assert.equal(rows[0]!.port, info!.port);
    // A second start on the same folder shares the running database, as `kansio migrate` beside the server does.
    const again = await startEmbeddedPostgres(dataDir, taken);
    assert.equal(again.url, server.url);
  } finally {
    await server.stop();
    blocker.close();
    await rm(root, { recursive: true, force: true });
  }
});

// A free TCP port on loopback. A Kansio server's base URL (the tokens' issuer and audience) must
// be known before it starts, so tests pick the port first.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

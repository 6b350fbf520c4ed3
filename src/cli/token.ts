// `kansio token`: demo mode convenience for integrators trying the API with curl. It signs the
// client assertion and the card statement with the demo keys in <dataDir>/demo, exactly as a
// client data system would, and asks the running server's token endpoint.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JWK } from 'jose';
import type { Config } from '../config.ts';
import { requestToken } from '../auth/index.ts';

export async function tokenCommand(config: Config, opts: { system: string; professional?: string; scope: string; baseUrl?: string }): Promise<void> {
  const demo = path.join(config.dataDir, 'demo');
  const safe = /^[A-Za-z0-9._-]+$/;
  if (!safe.test(opts.system) || (opts.professional && !safe.test(opts.professional))) throw new Error('ids may contain letters, digits, dot, dash and underscore only');
  const readJson = async (file: string): Promise<JWK> => JSON.parse(await readFile(file, 'utf8')) as JWK;
  const systemPrivateJwk = await readJson(path.join(demo, 'systems', `${opts.system}.jwk`)).catch(() => {
    throw new Error(`no demo key for system '${opts.system}' in ${demo}/systems (start the server once in demo mode; see ${demo}/README.md)`);
  });
  const card = opts.professional ? {
    professionalId: opts.professional,
    certPem: await readFile(path.join(demo, 'cards', `${opts.professional}.pem`), 'utf8').catch(() => {
      throw new Error(`no demo card for professional '${opts.professional}' in ${demo}/cards`);
    }),
    privateJwk: await readJson(path.join(demo, 'cards', `${opts.professional}.key.jwk`)),
  } : undefined;
  const token = await requestToken({ baseUrl: opts.baseUrl ?? config.baseUrl, clientId: opts.system, systemPrivateJwk, ...(card ? { card } : {}), scope: opts.scope });
  console.log(token.access_token);
  console.error(`(expires in ${token.expires_in} s; scope: ${token.scope})`);
}

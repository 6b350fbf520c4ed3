// A real Kansio for the outside-vendor examples, started as `kansio start` would (startService:
// migrations, keys, trusted card CAs from the data folder), and vendors registered the way an
// operator would: a controller with a unit, the vendor's system and a professional with a card.
// What each vendor holds is files, as the examples read them.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startService, type RunningService } from '../../src/app.ts';
import { createCardAuthority, createSystemKey, issueProfessionalCard, type CardAuthority } from '../../src/auth/index.ts';
import type { ControllerOid } from '../../src/domain/types.ts';
import { registerSystem } from '../../src/store/systems.ts';
import { registerProfessional } from '../../src/store/professionals.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { freePort } from './ports.ts';

export interface VendorFiles {
  readonly clientId: string;
  readonly systemKeyFile: string;
  readonly cardCertFile: string;
  readonly cardKeyFile: string;
}

export interface Vendor {
  readonly name: string;
  readonly controller: string;
  readonly unit: string;
  readonly clientId: string;
  readonly professionalId: string;
  readonly givenName: string;
}

export interface ExampleService {
  readonly service: RunningService;
  readonly database: TestDatabase;
  readonly dataDir: string;
  /** Registers the vendor's organisations, system and professional; returns its files. */
  vendor(v: Vendor): Promise<VendorFiles>;
  stop(): Promise<void>;
}

export async function startExampleService(): Promise<ExampleService> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kansio-example-'));
  await chmod(dataDir, 0o755);
  // The professional-card CA must be among the trusted CAs before the server starts.
  const ca: CardAuthority = createCardAuthority('Example test professional-card CA');
  await mkdir(path.join(dataDir, 'trust', 'card-ca'), { recursive: true });
  await writeFile(path.join(dataDir, 'trust', 'card-ca', 'example-ca.pem'), ca.certPem);
  const port = await freePort();
  const config = { ...loadConfig({ PORT: String(port), KANSIO_DATA_DIR: dataDir, KANSIO_DEMO: 'false', LOG_LEVEL: process.env.KANSIO_TEST_LOG ?? 'silent' }), databaseUrl: database.url };
  const service = await startService(config);
  const pool = database.db.pool;
  return {
    service, database, dataDir,
    async vendor(v) {
      await pool.query(`insert into organisation (oid, name, kind) values ($1, $2, 'welfare-area')`, [v.controller, `Example welfare area ${v.name}`]);
      await pool.query(`insert into organisation (oid, name, kind, parent_oid) values ($1, $2, 'unit', $3)`, [v.unit, `Example social work ${v.name}`, v.controller]);
      const systemKey = await createSystemKey('ES384');
      await registerSystem(pool, { clientId: v.clientId, name: `Example vendor system ${v.name}`, controllerOid: v.controller as ControllerOid, profile: 'connecting', jwks: { keys: [systemKey.publicJwk] } });
      await registerProfessional(pool, { professionalId: v.professionalId, givenName: v.givenName, familyName: 'Esimerkki', title: 'sosiaalityöntekijä', organisationOid: v.unit });
      const card = issueProfessionalCard(ca, { professionalId: v.professionalId, name: `${v.givenName} Esimerkki` });
      const vendorDir = path.join(dataDir, `vendor-${v.clientId}`);
      await mkdir(vendorDir, { mode: 0o700 });
      const files = {
        clientId: v.clientId,
        systemKeyFile: path.join(vendorDir, 'system.jwk'),
        cardCertFile: path.join(vendorDir, 'card.pem'),
        cardKeyFile: path.join(vendorDir, 'card.key.jwk'),
      };
      await writeFile(files.systemKeyFile, JSON.stringify(systemKey.privateJwk), { mode: 0o600 });
      await writeFile(files.cardCertFile, card.certPem);
      await writeFile(files.cardKeyFile, JSON.stringify(card.privateJwk), { mode: 0o600 });
      return files;
    },
    async stop() {
      await service.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// `kansio seed`, and `kansio start` in demo mode: the deterministic demo archive. Organisations,
// systems, professionals and people are registered directly (they come from outside the archive's
// interfaces: registration and the population register); every document, client relationship
// and matter goes through the real ITI-65 and invalidation use cases, exactly as a client data
// system's request would, so the audit trail has a record for each of them.
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { Config } from '../config.ts';
import type { Db, Tx } from '../store/db.ts';
import { ensurePerson } from '../store/people.ts';
import { registerSystem } from '../store/systems.ts';
import { registerProfessional } from '../store/professionals.ts';
import { organisationExists } from '../store/relationships.ts';
import { ensureDemoCredentials, type DemoCredentials } from '../auth/index.ts';
import type { ControllerOid } from '../domain/types.ts';
import { readProvideBundle } from '../fhir/bundle.ts';
import { storeDocumentBundle } from '../usecases/store-document-bundle.ts';
import { invalidateDocument } from '../usecases/invalidate-document.ts';
import { ORG, ORGANISATIONS, PEOPLE, PROFESSIONALS, SYSTEMS, type InvalidateStep, type StoreStep } from './fixtures.ts';
import { STEPS } from './stories.ts';
import { helsinki, identityCodeOf, provideBundleFor, requesterFor } from './bundles.ts';

// Two processes starting on one database at once: the second waits on this lock, then finds the
// organisations and leaves the data alone. Any fixed number will do; this one spells 'kdemo'.
const SEED_LOCK = 0x6b64656d6f;

export interface SeedSummary {
  readonly people: number;
  readonly bundles: number;
  readonly corrections: number;
  readonly invalidations: number;
  readonly relationships: number;
  readonly matters: number;
}

export async function seedDemoData(db: Db, config: Config, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  // Files first: the keys on disk decide what the systems' registered public keys are.
  const credentials = await ensureDemoCredentials(config, {
    systems: SYSTEMS.map((s) => ({ clientId: s.clientId, alg: s.alg })),
    professionals: PROFESSIONALS.map((p) => ({ professionalId: p.professionalId, name: `${p.givenName} ${p.familyName}` })),
  });
  // One transaction for the whole seed: a crash half-way leaves no half-seeded archive that a
  // later start would mistake for a complete one.
  const summary = await db.withTransaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [SEED_LOCK]);
    const present = (await organisationExists(tx, ORG.areaA)) !== undefined;
    // The systems' keys follow the files even when the data is there, so that a fresh data
    // folder against an existing database still gives working demo credentials.
    if (present) {
      await registerSystems(tx, credentials);
      return undefined;
    }
    await registerOrganisations(tx);
    await registerSystems(tx, credentials);
    for (const p of PROFESSIONALS) await registerProfessional(tx, p);
    for (const handle of Object.keys(PEOPLE) as (keyof typeof PEOPLE)[]) {
      const p = PEOPLE[handle];
      // What the population register would give: names for the identity codes.
      await ensurePerson(tx, { identityCode: identityCodeOf(handle), birthDate: p.birthDate, givenName: p.given, familyName: p.family });
    }
    return await replay(tx);
  });
  if (!summary) {
    log('demo data already present');
    return;
  }
  const ms = Math.round(performance.now() - started);
  await writePeopleList(credentials.dir);
  logCredentials(config, credentials, log);
  log(`demo data seeded in ${ms} ms: ${summary.people} people, ${summary.bundles} documents stored through ITI-65 ` +
    `(${summary.relationships} client relationships, ${summary.matters} matters, ${summary.corrections} corrections), ` +
    `${summary.invalidations} invalidated; ${ORGANISATIONS.length} organisations, ${SYSTEMS.length} systems, ${PROFESSIONALS.length} professionals`);
}

async function registerOrganisations(tx: Tx): Promise<void> {
  // No store module registers organisations yet (they come from the national organisation
  // register in production); plain SQL, controllers before their units.
  for (const o of ORGANISATIONS) {
    await tx.query({
      name: 'demo-organisation-insert',
      text: 'insert into organisation (oid, name, kind, parent_oid) values ($1, $2, $3, $4) on conflict (oid) do nothing',
      values: [o.oid, o.name, o.kind, o.parentOid ?? null],
    });
  }
}

async function registerSystems(tx: Tx, credentials: DemoCredentials): Promise<void> {
  for (const s of SYSTEMS) {
    const keys = credentials.systems.find((c) => c.clientId === s.clientId);
    if (!keys) throw new Error(`ensureDemoCredentials returned no key for ${s.clientId}`);
    await registerSystem(tx, { clientId: s.clientId, name: s.name, controllerOid: s.controllerOid as ControllerOid, profile: s.profile, jwks: keys.jwks });
  }
}

/** Replays the stories in time order; each step is one request's worth of work. */
async function replay(tx: Tx): Promise<SeedSummary> {
  // ref -> the current version id and the set id of that document, as the archive assigned them.
  const versions = new Map<string, { versionId: string; setId: string }>();
  const counts = { bundles: 0, corrections: 0, invalidations: 0, relationships: 0, matters: 0 };
  for (const step of STEPS) {
    try {
      if (step.kind === 'invalidate') {
        await runInvalidate(tx, step, versions);
        counts.invalidations++;
        continue;
      }
      await runStore(tx, step, versions);
      counts.bundles++;
      if (step.replaces) counts.corrections++;
      if (step.content.kind === 'relationship' && !step.replaces) counts.relationships++;
      if (step.content.kind === 'matter' && !step.replaces) counts.matters++;
    } catch (error) {
      // A fixture that the archive refuses is a bug in the fixtures (or in the archive): say which.
      const what = step.kind === 'store' ? `${step.title} for ${step.client}` : `invalidation of ${step.target}`;
      throw new Error(`demo seed: step at ${step.at} (${what}) failed: ${(error as Error).message}`, { cause: error });
    }
  }
  const people = await tx.query<{ n: string }>('select count(*) as n from person');
  return { people: Number(people.rows[0]!.n), ...counts };
}

function lookup(versions: Map<string, { versionId: string; setId: string }>, ref: string): { versionId: string; setId: string } {
  const found = versions.get(ref);
  if (!found) throw new Error(`ref '${ref}' is used before the step that defines it`);
  return found;
}

async function runStore(tx: Tx, step: StoreStep, versions: Map<string, { versionId: string; setId: string }>): Promise<void> {
  const bundle = provideBundleFor(step, {
    ...(step.replaces ? { replacesVersionId: lookup(versions, step.replaces).versionId } : {}),
    ...(step.matter ? { matterSetId: lookup(versions, step.matter).setId } : {}),
  });
  const result = await storeDocumentBundle(tx, { bundle: readProvideBundle(bundle), requester: requesterFor(step.by), now: new Date(helsinki(step.at)).toISOString() });
  if (!result.ok) throw result.error;
  const stored = result.value[0]!;
  const ref = step.ref ?? step.replaces;
  if (ref) versions.set(ref, { versionId: stored.versionId, setId: stored.setId });
}

async function runInvalidate(tx: Tx, step: InvalidateStep, versions: Map<string, { versionId: string; setId: string }>): Promise<void> {
  const target = lookup(versions, step.target);
  const result = await invalidateDocument(tx, { versionId: target.versionId, reason: step.reason, requester: requesterFor(step.by), now: new Date(helsinki(step.at)).toISOString() });
  if (!result.ok) throw result.error;
}

function logCredentials(config: Config, credentials: DemoCredentials, log: (line: string) => void): void {
  const rel = (file: string): string => `<dataDir>/${path.relative(config.dataDir, file)}`;
  log(`demo credentials in ${credentials.dir} (${rel(credentials.readmePath)} explains them); the card CA is ${rel(credentials.caCertPath)}`);
  for (const s of SYSTEMS) {
    const keys = credentials.systems.find((c) => c.clientId === s.clientId)!;
    log(`demo system ${s.clientId} (${s.profile}, ${s.alg}, ${s.controllerOid}): private key ${rel(keys.privateJwkPath)}`);
  }
  for (const p of PROFESSIONALS) {
    const card = credentials.professionals.find((c) => c.professionalId === p.professionalId)!;
    log(`demo professional ${p.professionalId} (${p.givenName} ${p.familyName}, ${p.title}, ${p.organisationOid}): card ${rel(card.certPath)}, key ${rel(card.keyPath)}`);
  }
}

/** <dataDir>/demo/people.md: who to try, since identity codes must never be typed into URLs. */
async function writePeopleList(dir: string): Promise<void> {
  const rows = (Object.keys(PEOPLE) as (keyof typeof PEOPLE)[]).map((handle) => {
    const p = PEOPLE[handle];
    return `| ${p.given} ${p.family} | \`${identityCodeOf(handle)}\` | ${p.birthDate} |`;
  });
  const systems = SYSTEMS.map((s) => `| \`${s.clientId}\` | ${s.profile} | ${s.controllerOid} |`);
  const pros = PROFESSIONALS.map((p) => `| \`${p.professionalId}\` | ${p.givenName} ${p.familyName}, ${p.title} | ${p.organisationOid} |`);
  const text = [
    '# Demo people, systems and professionals',
    '',
    'Synthetic people (individual numbers 900-999, which no real person has). Search them with',
    'POST so that the identity code stays out of URLs:',
    '',
    '    TOKEN=$(npm run -s kansio -- token --system demo-connecting-a --professional demo-pro-a1)',
    "    curl -s -H \"Authorization: Bearer $TOKEN\" -X POST localhost:8080/fhir/DocumentReference/_search \\",
    "         --data-urlencode 'patient.identifier=urn:oid:1.2.246.21|080241-910P' --data status=current",
    '',
    '| system | profile | controller |', '| --- | --- | --- |', ...systems, '',
    '| professional | name | organisation |', '| --- | --- | --- |', ...pros, '',
    '| person | identity code | born |', '| --- | --- | --- |', ...rows, '',
  ].join('\n');
  await writeFile(path.join(dir, 'people.md'), text);
}

// `kansio seed`, and `kansio start` in demo mode: the deterministic demo archive. Organisations,
// systems and professionals are registered through the onboarding use cases (issue 10), people
// through the population register's import; every document, client relationship
// and matter goes through the real ITI-65 and invalidation use cases, and every consent service
// record through the real FHIR Consent reader and the recording and revoking use cases, exactly
// as a client data system's request would, so the audit trail has a record for each of them.
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Db, Tx } from '../store/db.ts';
import { registerOrganisation } from '../usecases/register-organisation.ts';
import { registerSystem } from '../usecases/register-system.ts';
import { registerProfessional } from '../usecases/register-professional.ts';
import { OPERATOR_TOOL, type AdminActor } from '../usecases/admin-audit.ts';
import { organisationExists } from '../store/relationships.ts';
import { ensureDemoCredentials, type DemoCredentials } from '../auth/index.ts';
import { readProvideBundle } from '../fhir/bundle.ts';
import { storeDocumentBundle } from '../usecases/store-document-bundle.ts';
import { invalidateDocument } from '../usecases/invalidate-document.ts';
import { readConsent, readRevocation } from '../fhir/consent-in.ts';
import { toConsent } from '../fhir/consent-out.ts';
import { recordConsent } from '../usecases/record-consent.ts';
import { revokeConsent } from '../usecases/revoke-consent.ts';
import { getConsent } from '../store/consents.ts';
import { ORG, ORGANISATIONS, PEOPLE, PROFESSIONALS, SYSTEMS, type ConsentStep, type InvalidateStep, type RevokeStep, type StoreStep } from './fixtures.ts';
import { STEPS } from './stories.ts';
import { consentFor, helsinki, identityCodeOf, provideBundleFor, requesterFor, revocationOf } from './bundles.ts';
import { writePeopleList } from './people-list.ts';
import { demoRegisterLines } from './registers.ts';
import { importRegisters } from '../usecases/import-registers.ts';
import { writeFile } from 'node:fs/promises';

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
  readonly consents: number;
  readonly revocations: number;
}

/** ref -> the current version id and the set id of that document, as the archive assigned them. */
export type Versions = Map<string, { versionId: string; setId: string }>;

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
      // The registers import is idempotent: an older demo database gets its registers (V8, V9).
      await importDemoRegisters(tx);
      // An older demo database gets the organisations added since (the operator's, issue 10).
      await registerOrganisations(tx);
      await registerSystems(tx, credentials);
      // Roles follow the fixtures too (registerProfessional updates them), so an older demo
      // database gets its supervisor.
      await registerProfessionals(tx);
      return undefined;
    }
    await registerOrganisations(tx);
    await registerSystems(tx, credentials);
    await registerProfessionals(tx);
    // The people, their guardians and mandates, through the population and mandate registers'
    // import: the consent service checks every representative named in the stories against them (S3).
    await importDemoRegisters(tx);
    return await replay(tx, config.clockSkewSeconds);
  });
  if (!summary) {
    log('demo data already present');
    return;
  }
  const ms = Math.round(performance.now() - started);
  await writePeopleList(path.join(credentials.dir, 'people.md'), summary.versions);
  // The same lines `kansio registers import` reads, for a tester to look at or change and import again.
  await writeFile(path.join(credentials.dir, 'registers.jsonl'), demoRegisterLines().join('\n') + '\n');
  logCredentials(config, credentials, log);
  log(`demo data seeded in ${ms} ms: ${summary.people} people, ${summary.bundles} documents stored through ITI-65 ` +
    `(${summary.relationships} client relationships, ${summary.matters} matters, ${summary.corrections} corrections), ` +
    `${summary.invalidations} invalidated, ${summary.consents} consent service records (${summary.revocations} revoked); ` +
    `${ORGANISATIONS.length} organisations, ${SYSTEMS.length} systems, ${PROFESSIONALS.length} professionals`);
}

async function importDemoRegisters(tx: Tx): Promise<void> {
  const result = await importRegisters(tx, { lines: demoRegisterLines() });
  if (!result.ok) throw new Error(`demo seed: the demo registers are refused: ${result.problems.map((p) => `line ${p.line}: ${p.reason}`).join('; ')}`);
}

// Issue 10: the seed onboards through the same use cases as `kansio org|system|professional add`,
// each change audited; registering what is already there as given changes nothing.
const SEED_ACTOR: AdminActor = { id: 'kansio-demo-seed', name: 'Kansio demo seed', authority: OPERATOR_TOOL };

async function registerOrganisations(tx: Tx): Promise<void> {
  // Controllers before their units (ORGANISATIONS lists them so).
  for (const o of ORGANISATIONS) {
    await registerOrganisation(tx, { oid: o.oid, name: o.name, kind: o.kind, parentOid: o.parentOid, actor: SEED_ACTOR, now: new Date().toISOString() });
  }
}

async function registerProfessionals(tx: Tx): Promise<void> {
  for (const p of PROFESSIONALS) {
    await registerProfessional(tx, {
      professionalId: p.professionalId, givenName: p.givenName, familyName: p.familyName, title: p.title, organisationOid: p.organisationOid,
      roles: p.roles, actor: SEED_ACTOR, now: new Date().toISOString(),
    });
  }
}

async function registerSystems(tx: Tx, credentials: DemoCredentials): Promise<void> {
  for (const s of SYSTEMS) {
    const keys = credentials.systems.find((c) => c.clientId === s.clientId);
    if (!keys) throw new Error(`ensureDemoCredentials returned no key for ${s.clientId}`);
    await registerSystem(tx, { clientId: s.clientId, name: s.name, controllerOid: s.controllerOid, profile: s.profile, jwks: keys.jwks, actor: SEED_ACTOR, now: new Date().toISOString() });
  }
}

/** Replays the stories in time order; each step is one request's worth of work. */
async function replay(tx: Tx, clockSkewSeconds: number): Promise<SeedSummary & { versions: Versions }> {
  const versions: Versions = new Map();
  // consent step ref -> the consent id the archive assigned.
  const consentIds = new Map<string, string>();
  const counts = { bundles: 0, corrections: 0, invalidations: 0, relationships: 0, matters: 0, consents: 0, revocations: 0 };
  for (const step of STEPS) {
    try {
      if (step.kind === 'invalidate') {
        await runInvalidate(tx, step, versions);
        counts.invalidations++;
        continue;
      }
      if (step.kind === 'consent') {
        await runConsent(tx, step, versions, consentIds, clockSkewSeconds);
        counts.consents++;
        continue;
      }
      if (step.kind === 'revoke') {
        await runRevoke(tx, step, consentIds);
        counts.revocations++;
        continue;
      }
      await runStore(tx, step, versions);
      counts.bundles++;
      if (step.replaces) counts.corrections++;
      if (step.content.kind === 'relationship' && !step.replaces) counts.relationships++;
      if (step.content.kind === 'matter' && !step.replaces) counts.matters++;
    } catch (error) {
      // A fixture that the archive refuses is a bug in the fixtures (or in the archive): say which.
      const what = step.kind === 'store' ? `${step.title} for ${step.client}`
        : step.kind === 'consent' ? `${step.record.kind} of ${step.client}`
        : step.kind === 'revoke' ? `revocation of ${step.target}` : `invalidation of ${step.target}`;
      throw new Error(`demo seed: step at ${step.at} (${what}) failed: ${(error as Error).message}`, { cause: error });
    }
  }
  const people = await tx.query<{ n: string }>('select count(*) as n from person');
  return { people: Number(people.rows[0]!.n), ...counts, versions };
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
  const result = await storeDocumentBundle(tx, { bundle: readProvideBundle(bundle), requester: requesterFor(step.by), now: clockAt(step.at) });
  if (!result.ok) throw result.error;
  const stored = result.value.entries[0]!;
  const ref = step.ref ?? step.replaces;
  if (ref) versions.set(ref, { versionId: stored.versionId, setId: stored.setId });
}

async function runInvalidate(tx: Tx, step: InvalidateStep, versions: Map<string, { versionId: string; setId: string }>): Promise<void> {
  const target = lookup(versions, step.target);
  const result = await invalidateDocument(tx, { versionId: target.versionId, reason: step.reason, requester: requesterFor(step.by), now: clockAt(step.at) });
  if (!result.ok) throw result.error;
}

/** The use case's clock: the step's Finnish local time as a UTC instant, as the server's clock would give it. */
function clockAt(at: string): string {
  return new Date(helsinki(at)).toISOString();
}

/**
 * POST /fhir/Consent without HTTP: the resource read by the real reader, recorded by the real use
 * case with the recording professional's requester. A record given after the real clock could
 * not be in force when the demo is used: such a fixture is refused here rather than seeded.
 */
async function runConsent(tx: Tx, step: ConsentStep, versions: Versions, consentIds: Map<string, string>, clockSkewSeconds: number): Promise<void> {
  const now = clockAt(step.at);
  if (now > new Date().toISOString()) throw new Error(`the record is dated ${now}, after the clock (${new Date().toISOString()}): demo consents are given in the past`);
  const provided = readConsent(consentFor(step, (ref) => lookup(versions, ref).setId));
  const result = await recordConsent(tx, { command: provided, channel: 'visit', recorder: { kind: 'system', requester: requesterFor(step.by) }, now, clockSkewSeconds });
  if (!result.ok) throw result.error;
  if (step.ref) consentIds.set(step.ref, result.value.consentId);
}

/** PUT /fhir/Consent/{id} with status inactive, naming the version it revokes (If-Match). */
async function runRevoke(tx: Tx, step: RevokeStep, consentIds: Map<string, string>): Promise<void> {
  const consentId = consentIds.get(step.target);
  if (!consentId) throw new Error(`consent ref '${step.target}' is used before the step that defines it`);
  const current = await getConsent(tx, consentId);
  if (!current) throw new Error(`Consent/${consentId} is not found`);
  const client = (Object.keys(PEOPLE) as (keyof typeof PEOPLE)[]).find((h) => identityCodeOf(h) === current.identityCode)!;
  const result = await revokeConsent(tx, {
    consentId, ifMatchVersion: current.version, revocation: (seen) => readRevocation(revocationOf(toConsent(seen), client, step.revokedBy), seen), recorder: { kind: 'system', requester: requesterFor(step.by) }, now: clockAt(step.at),
  });
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

// D10, S9, issue 8 under a random workload through the real FHIR interface: areas A and B and
// provider C (working for A under a register access authorisation), clients with random
// relationships, consents and prohibitions, documents in every register, and a seeded random
// sequence of searches and reads (some statutory, many refused). Then every controller reads
// each client's whole audit trail, page by page: no AuditEvent may name a document that the
// reader could not read (its own register's, or one some response gave its organisation), no
// other organisation's query, and every disclosure of the reader's documents must be there.
// Reproduce a failure with KANSIO_SEED=<seed printed in the diagnostics>.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { startTestArchive, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { disclosureConsent, informing, prohibition, recorded } from '../support/consents.ts';
import type { ServiceTaskKey } from '../../src/domain/codes/index.ts';
import { SEED, seededRandom } from '../support/seeded-random.ts';
import { workloadWorld, type WorkloadProfessional } from '../support/workload-world.ts';

const REQUESTS = 90;
const { random, chance, pick } = seededRandom(SEED);

const TASKS: readonly ServiceTaskKey[] = ['families-with-children', 'child-protection', 'substance-abuse'];
const JUSTIFICATION = encodeURIComponent('https://kansio.fi/fhir/CodeSystem/legal-justification|child-protection-assessment');

type Pro = WorkloadProfessional;
interface Doc { versionId: string; setId: string; controllerOid: string; client: string }

let archive: TestArchive;
const pros: Pro[] = [];
const clients: string[] = [];
const docs: Doc[] = [];
/** What responses gave each controller's professionals (version ids): what it could read. */
const received = new Map<string, Set<string>>();

before(async () => {
  archive = await startTestArchive();
  const world = await workloadWorld(archive);
  const unitC1 = world.unitC1;
  for (const pro of world.pros) {
    pros.push(pro);
    received.set(pro.controllerOid, new Set());
  }
  const a = pros[0]!;
  for (let i = 0; i < 3; i++) {
    const client = aPersonCode();
    clients.push(client);
    for (const pro of pros) {
      const tasks = pro === a ? [TASKS[0]!, ...TASKS.slice(1).filter(() => chance(0.6))] : TASKS.filter(() => chance(0.5));
      for (const task of tasks) {
        const builder = aDocument().forClient(client).inTask(task).clientRelationship({ start: '2025-01-01' });
        if (pro === a && task === 'substance-abuse') builder.producer(unitC1, '2025-01-01', null);
        await track(pro, client, await archive.store(pro.actor, builder.build()));
        for (let n = 1 + Math.floor(random() * 2); n > 0; n--) {
          await track(pro, client, await archive.store(pro.actor, aDocument().forClient(client).inTask(task).phase(pick(['legacy', '1', '2', '3'] as const)).build()));
        }
      }
    }
    // D5: no consent or prohibition without the latest informing; a client without one discloses nothing.
    // The first client always consents, so that every run has disclosures to read.
    if (i > 0 && chance(0.15)) continue;
    await recorded(archive, a.actor, informing({ client }));
    if (i === 0 || chance(0.7)) await recorded(archive, a.actor, disclosureConsent({ client }));
    if (chance(0.3)) await recorded(archive, a.actor, prohibition({ client, on: { controller: pick(pros).controllerOid } }));
    if (chance(0.3)) await recorded(archive, a.actor, prohibition({ client, on: { task: pick(TASKS) } }));
  }
});
after(async () => archive?.close());

async function track(pro: Pro, client: string, ids: string[]): Promise<void> {
  for (const versionId of ids) {
    const [row] = await archive.sql<{ set_id: string }>('select set_id::text from document where version_id = $1', [versionId]);
    docs.push({ versionId, setId: row!.set_id, controllerOid: pro.controllerOid, client });
  }
}

/** Every page of the client's trail as the reader gets it, or undefined when the reader may not search it (D1). */
async function trailOf(pro: Pro, client: string): Promise<AuditEvent[] | undefined> {
  let res = await archive.fhir<Bundle<AuditEvent>>(pro.token, 'POST', '/AuditEvent/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&_count=15`);
  if (res.status === 403) return undefined;
  const events: AuditEvent[] = [];
  for (;;) {
    assert.equal(res.status, 200, JSON.stringify(res.body));
    events.push(...(res.body.entry ?? []).map((e) => e.resource!));
    const next = res.body.link?.find((l) => l.relation === 'next')?.url;
    if (!next) return events;
    res = await archive.fhir<Bundle<AuditEvent>>(pro.token, 'GET', next.slice(`${archive.baseUrl}/fhir`.length));
  }
}

const recipientOf = (e: AuditEvent): string | undefined => e.agent.find((a) => ['PROV', '110152'].includes(a.type?.coding?.[0]?.code ?? ''))?.who?.identifier?.value;

test('D10, S9, issue 8: after a random workload, no AuditEvent a controller reads names a document it could not read', async (t) => {
  t.diagnostic(`KANSIO_SEED=${SEED}`);
  for (let step = 0; step < REQUESTS; step++) {
    const pro = pick(pros);
    const statutory = chance(0.15);
    if (chance(0.5)) {
      const client = pick(clients);
      const res = await archive.fhir<Bundle>(pro.token, 'POST', '/DocumentReference/_search', `patient.identifier=urn:oid:1.2.246.21|${client}&status=current${statutory ? `&legal-justification=${JUSTIFICATION}` : ''}`);
      for (const e of res.status === 200 ? res.body.entry ?? [] : []) received.get(pro.controllerOid)!.add(e.resource!.id!);
    } else {
      const doc = pick(docs);
      const res = await archive.fhir(pro.token, 'GET', `/Binary/${doc.versionId}${statutory ? `?legal-justification=child-protection-assessment` : ''}`);
      if (res.status === 200) received.get(pro.controllerOid)!.add(doc.versionId);
    }
  }

  let named = 0;
  let foreignNamed = 0;
  let disclosuresSeen = 0;
  for (const pro of pros) {
    for (const client of clients) {
      const trail = await trailOf(pro, client);
      if (!trail) continue;
      const say = `${pro.controllerOid} reading the trail of ${client.slice(0, 6)}… (seed ${SEED})`;
      assert.equal(new Set(trail.map((e) => e.id)).size, trail.length, `${say}: no record twice across pages`);
      const text = JSON.stringify(trail);
      for (const d of docs.filter((x) => x.client === client)) {
        if (!text.includes(d.versionId) && !text.includes(d.setId)) continue;
        named++;
        const readable = d.controllerOid === pro.controllerOid || received.get(pro.controllerOid)!.has(d.versionId);
        assert.ok(readable, `${say}: names ${d.versionId} of ${d.controllerOid}, which it was never given`);
        if (d.controllerOid !== pro.controllerOid) foreignNamed++;
      }
      for (const e of trail) {
        if (recipientOf(e) === pro.controllerOid) continue;
        // S9 as the discloser sees it: the reader is the only source, and no query of the recipient.
        disclosuresSeen++;
        assert.deepEqual(e.agent.filter((a) => a.type?.coding?.[0]?.code === '110153').map((a) => a.who?.identifier?.value), [pro.controllerOid], `${say}: ${e.id}`);
        assert.ok(!(e.entity ?? []).some((x) => x.role?.code === '24'), `${say}: ${e.id} shows the recipient's query`);
      }
      // Completeness: every disclosure of the reader's documents about this client is in its trail.
      const disclosed = await archive.sql<{ event_id: string }>(
        'select event_id::text from audit_event a join person p using (person_key) where p.identity_code = $1 and $2 = any(a.related_oids)', [client, pro.controllerOid]);
      const ids = new Set(trail.map((e) => e.id));
      for (const r of disclosed) assert.ok(ids.has(r.event_id), `${say}: the disclosure ${r.event_id} of its documents is missing`);
    }
  }
  t.diagnostic(`documents named ${named}, of another register ${foreignNamed}, disclosure records read by their discloser ${disclosuresSeen}`);
  assert.ok(disclosuresSeen > 0, 'the workload made disclosures for the disclosers to read');
});

// D4, D10, S8, S9 under a random workload: three controllers (welfare areas A and B, private
// provider C working for A under a register access authorisation), four clients with random
// relationships, informings, consents and prohibitions, documents in every register, a shared
// matter of two of the clients (S8: its documents are both clients', and every client's
// prohibitions bind them), and a seeded random sequence of searches and Binary reads (some under a legal justification),
// with consents, prohibitions, corrections (L1) and invalidations (L2) along the way. Every
// response must match the independent reference model (test/support/reference-access-model.ts)
// built from the scenario's own bookkeeping, and every request must leave exactly one audit
// record that lists what was given; every document given from another register must be
// recorded as a disclosure. Reproduce a failure with KANSIO_SEED=<seed printed in the diagnostics>.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestArchive, type BundleOrOutcome, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { disclosureConsent, informing, prohibition, recorded, revoke, type ProhibitionTarget } from '../support/consents.ts';
import { referenceAccess } from '../support/reference-access-model.ts';
import type { AccessInput } from '../../src/domain/policy/access-input.ts';
import type { ConsentFact, ProducerAuthorisation } from '../../src/domain/consent.ts';
import type { ClientRelationship, DocumentStatus, Phase } from '../../src/domain/types.ts';
import type { AuditRecord } from '../../src/store/audit.ts';
import { allLegalJustifications, latestInformingVersion, type ServiceTaskKey } from '../../src/domain/codes/index.ts';
import { verifyAuditChain } from '../../src/usecases/verify-audit-chain.ts';
import { SEED, seededRandom } from '../support/seeded-random.ts';
import { workloadWorld, type WorkloadProfessional } from '../support/workload-world.ts';

const REQUESTS = 180;
const { random, chance, pick } = seededRandom(SEED);

const TASKS: readonly ServiceTaskKey[] = ['families-with-children', 'child-protection', 'substance-abuse'];
const PRODUCED_TASK: ServiceTaskKey = 'substance-abuse';
const JUSTIFICATION_SYSTEM = 'https://kansio.fi/fhir/CodeSystem/legal-justification';

interface Doc {
  versionId: string; setId: string; client: string; controllerOid: string; serviceTask: ServiceTaskKey; phase: Phase; status: DocumentStatus; relationship: boolean;
  /** S8: the clients of the shared matter the document belongs to, the one it was stored under first. */
  members?: readonly string[];
}
type Professional = WorkloadProfessional;
interface ClientState {
  code: string;
  relationships: ClientRelationship[];
  authorisations: ProducerAuthorisation[];
  consents: ConsentFact[];
}

let archive: TestArchive;
const pros: Professional[] = [];
const clients: ClientState[] = [];
const docs: Doc[] = [];

before(async () => {
  archive = await startTestArchive();
  const world = await workloadWorld(archive);
  const { areaA, unitC1 } = world;
  pros.push(...world.pros);
  const [a] = pros as [Professional];

  for (let i = 0; i < 4; i++) {
    const client: ClientState = { code: aPersonCode(), relationships: [], authorisations: [], consents: [] };
    clients.push(client);
    for (const pro of pros) {
      // A always has the client (so that consents can be recorded); the others now and then.
      const tasks = pro === a ? [TASKS[0]!, ...TASKS.slice(1).filter(() => chance(0.6))] : TASKS.filter(() => chance(0.4));
      for (const task of tasks) {
        const ended = pro !== a && chance(0.2);
        const content: Record<string, unknown> = { start: '2025-01-01', ...(ended ? { end: '2025-12-31' } : {}) };
        const builder = aDocument().forClient(client.code).inTask(task).clientRelationship(content);
        // S7: A names C's unit as the producer of substance abuse services: in force, or over.
        const producerEnd = i === 3 ? '2025-06-30' : null;
        if (pro === a && task === PRODUCED_TASK) builder.producer(unitC1, '2025-01-01', producerEnd);
        const [relationshipDoc] = await archive.store(pro.actor, builder.build());
        client.relationships.push({ controllerOid: pro.controllerOid as ClientRelationship['controllerOid'], serviceTask: task, startDate: '2025-01-01', endDate: ended ? '2025-12-31' : null });
        if (pro === a && task === PRODUCED_TASK) client.authorisations.push({ controllerOid: areaA, serviceTask: task, producerUnitOid: unitC1, startDate: '2025-01-01', endDate: producerEnd });
        await track(relationshipDoc!, client.code, pro.controllerOid, task, '2', true);
        if (ended) continue;
        for (let n = 1 + Math.floor(random() * 2); n > 0; n--) {
          const phase = pick<Phase>(['legacy', '1', '2', '2', '3']);
          const [id] = await archive.store(pro.actor, aDocument().forClient(client.code).inTask(task).phase(phase).build());
          await track(id!, client.code, pro.controllerOid, task, phase);
        }
      }
    }
    if (chance(0.85)) await record(a, client, { kind: 'informing' });
    if (chance(0.6)) await record(a, client, { kind: 'social-welfare-consent' });
    if (chance(0.3)) await record(a, client, { kind: 'prohibition', on: { controller: pick(pros).controllerOid } });
    if (chance(0.3)) await record(a, client, { kind: 'prohibition', on: { task: pick(TASKS) } });
    const prohibitable = docs.filter((d) => d.client === client.code && (d.phase === '2' || d.phase === '3'));
    if (chance(0.3) && prohibitable.length) await record(a, client, { kind: 'prohibition', on: { setId: pick(prohibitable).setId } });
  }

  // S8: A's shared matter of clients 0 and 1, members since 2025, with a document stored under
  // each: every one of them belongs to both clients.
  const [c0, c1] = [clients[0]!.code, clients[1]!.code];
  const [matterDoc] = await archive.store(a.actor, aDocument().forClient(c0).inTask(TASKS[0]!)
    .matter({ clients: [{ identifier: c0, joined: '2025-01-01' }, { identifier: c1, joined: '2025-01-01' }] }).build());
  await track(matterDoc!, c0, a.controllerOid, TASKS[0]!, '2', false, [c0, c1]);
  const matterSetId = docs.at(-1)!.setId;
  for (const [under, other] of [[c0, c1], [c1, c0]] as const) {
    const [id] = await archive.store(a.actor, aDocument().forClient(under).inTask(TASKS[0]!).inMatter(matterSetId).build());
    await track(id!, under, a.controllerOid, TASKS[0]!, '2', false, [under, other]);
  }
});
after(async () => archive?.close());

/** Bookkeeping of one stored document; the set id is the archive's to give (S1). */
async function track(versionId: string, client: string, controllerOid: string, serviceTask: ServiceTaskKey, phase: Phase, relationship = false, members?: readonly string[]): Promise<void> {
  const [row] = await archive.sql<{ set_id: string; controller_oid: string; service_task: string; phase: string }>('select set_id::text, controller_oid, service_task, phase from document where version_id = $1', [versionId]);
  assert.deepEqual([row!.controller_oid, row!.service_task, row!.phase], [controllerOid, serviceTask, phase], 'stored as sent');
  docs.push({ versionId, setId: row!.set_id, client, controllerOid, serviceTask, phase, status: 'current', relationship, ...(members ? { members } : {}) });
}

type Wish = { kind: 'informing' } | { kind: 'social-welfare-consent' } | { kind: 'prohibition'; on: ProhibitionTarget };

/** What a prohibition target becomes in the consent service (S1: a document by its set id). */
function scopeOf(on: ProhibitionTarget): Pick<ConsentFact, 'scope' | 'target'> {
  if ('controller' in on) return { scope: 'controller', target: on.controller };
  if ('task' in on) return { scope: 'service-task', target: on.task };
  if ('setId' in on) return { scope: 'document', target: on.setId };
  throw new Error('the workload prohibits documents by set id');
}

/** Records a consent service record through the API, unless it would be refused (D5, S2, S3); keeps the books. */
async function record(pro: Professional, client: ClientState, wish: Wish): Promise<void> {
  const at = new Date().toISOString();
  const live = client.consents.filter((c) => c.revokedAt === null);
  const informed = live.some((c) => c.kind === 'informing');
  const target = wish.kind === 'prohibition' ? scopeOf(wish.on) : {};
  if (wish.kind === 'informing' ? informed : !informed) return;
  if (wish.kind === 'social-welfare-consent' && live.some((c) => c.kind === wish.kind)) return;
  if (wish.kind === 'prohibition' && live.some((c) => c.scope === target.scope && c.target === target.target)) return;
  const spec = { client: client.code, at };
  const consent = wish.kind === 'informing' ? informing(spec) : wish.kind === 'prohibition' ? prohibition({ ...spec, on: wish.on }) : disclosureConsent(spec);
  const id = await recorded(archive, pro.actor, consent);
  client.consents.push({
    id, kind: wish.kind, givenAt: at, validFrom: at.slice(0, 10), revokedAt: null,
    ...(wish.kind === 'informing' ? { informingVersion: latestInformingVersion(at.slice(0, 10)) } : {}),
    ...target,
  });
}

/** Every event id in the audit trail, to find what one request added. */
async function auditIds(): Promise<Set<string>> {
  return new Set((await archive.sql<{ event_id: string }>('select event_id::text from audit_event')).map((r) => r.event_id));
}
async function auditAdded(seen: Set<string>): Promise<AuditRecord[]> {
  const rows = await archive.sql<{ event_id: string; body: string }>('select event_id::text, body from audit_event order by recorded_at, lane, seq');
  const added = rows.filter((r) => !seen.has(r.event_id));
  for (const r of added) seen.add(r.event_id);
  return added.map((r) => JSON.parse(r.body) as AuditRecord);
}

/** S8: the consent records of the document's other clients, when it is reached through `client`. */
function coClientConsents(client: ClientState, doc: Doc): ConsentFact[] {
  return (doc.members ?? []).filter((m) => m !== client.code).flatMap((m) => clients.find((c) => c.code === m)!.consents);
}

/** S8: whether the document is the client's: stored under them, or of a shared matter they are a client of. */
const isClients = (doc: Doc, client: ClientState): boolean => doc.client === client.code || (doc.members ?? []).includes(client.code);

function modelInput(pro: Professional, client: ClientState, doc: Doc, now: string, justification: string | undefined): AccessInput {
  const others = coClientConsents(client, doc);
  return {
    ...(others.length ? { coClientConsents: others } : {}),
    requester: { controllerOid: pro.controllerOid, organisationOid: pro.organisationOid },
    document: { controllerOid: doc.controllerOid, serviceTask: doc.serviceTask, setId: doc.setId, phase: doc.phase, status: doc.status },
    relationships: client.relationships, authorisations: client.authorisations, consents: client.consents,
    latestInformingVersion: latestInformingVersion(now.slice(0, 10)), now,
    ...(justification ? { legalJustification: justification } : {}),
  };
}

/**
 * ITI-68 as the reference model sees it: 200 when given; 410 for a superseded version (L1) or,
 * to the owner and its producer only, an invalidated one (L2); 404 otherwise.
 */
function expectedReadStatus(pro: Professional, client: ClientState, doc: Doc, now: string, justification: string | undefined): number {
  const model = referenceAccess(modelInput(pro, client, doc, now, justification));
  if (model.allow) return doc.status === 'superseded' ? 410 : 200;
  const asCurrent = referenceAccess(modelInput(pro, client, { ...doc, status: 'current' }, now, undefined));
  const mayUseRegister = asCurrent.allow && ['own-register', 'authorisation'].includes(asCurrent.basis!.kind);
  return model.denyRules.includes('L2') && mayUseRegister ? 410 : 404;
}

/** D1 at the door: a relationship of the requester's controller in force, or an authorisation naming its unit. */
function hasBusiness(pro: Professional, client: ClientState, today: string): boolean {
  const within = (start: string, end: string | null) => start <= today && (end === null || today <= end);
  return client.relationships.some((r) => r.controllerOid === pro.controllerOid && within(r.startDate, r.endDate)) ||
    client.authorisations.some((a) => (a.producerUnitOid === pro.organisationOid || a.producerUnitOid === pro.controllerOid) && within(a.startDate, a.endDate));
}

/** Now and then the client changes their mind: a revocation, a new consent or a new prohibition. */
async function mutate(): Promise<void> {
  const client = pick(clients);
  const a = pros[0]!;
  const revocable = client.consents.filter((c) => c.revokedAt === null && c.kind !== 'informing');
  if (revocable.length && chance(0.5)) {
    const target = pick(revocable);
    const res = await revoke(archive, a.actor, target.id);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const i = client.consents.indexOf(target);
    client.consents[i] = { ...target, revokedAt: new Date().toISOString() };
    return;
  }
  // L1, L2: the owner corrects or invalidates one of the client's ordinary documents.
  // A shared matter's documents stay as they are: a correction would have to name the matter again.
  const owned = docs.filter((d) => d.client === client.code && d.status === 'current' && !d.relationship && !d.members);
  if (owned.length && chance(0.5)) {
    const doc = pick(owned);
    const owner = pros.find((p) => p.controllerOid === doc.controllerOid)!;
    if (chance(0.5)) {
      const [id] = await archive.store(owner.actor, aDocument().forClient(client.code).inTask(doc.serviceTask).phase(doc.phase).replaces(doc.versionId).build());
      doc.status = 'superseded';
      await track(id!, client.code, doc.controllerOid, doc.serviceTask, doc.phase);
      assert.equal(docs.at(-1)!.setId, doc.setId, 'a correction keeps the set id (S1)');
    } else {
      const res = await archive.fhir(owner.token, 'POST', `/DocumentReference/${doc.versionId}/$invalidate`, { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: 'stored for the wrong client' }] });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      doc.status = 'entered-in-error';
    }
    return;
  }
  const on = pick<ProhibitionTarget>([{ controller: pick(pros).controllerOid }, { task: pick(TASKS) }]);
  await record(a, client, pick<Wish>([{ kind: 'informing' }, { kind: 'social-welfare-consent' }, { kind: 'prohibition', on }]));
}

test('D4, D10, S8, S9: a random workload of searches and reads gives exactly what the reference model allows, and records every disclosure once', async (t) => {
  t.diagnostic(`KANSIO_SEED=${SEED}`);
  const seen = await auditIds();
  let foreignReturned = 0;
  let requests = 0;
  let auditedForeign = 0;
  const kinds = new Map<string, number>();
  for (let step = 0; step < REQUESTS; step++) {
    if (step > 0 && step % 12 === 0) {
      await mutate();
      await auditAdded(seen);
    }
    const pro = pick(pros);
    const justification = chance(0.2) ? pick(allLegalJustifications()).code : undefined;
    const now = new Date().toISOString();
    const say = `step ${step} (seed ${SEED})`;
    let given: string[];
    if (chance(0.6)) {
      const client = pick(clients);
      const statuses: DocumentStatus[] = chance(0.3) ? ['current', 'superseded'] : ['current'];
      const form = `patient.identifier=urn:oid:1.2.246.21|${client.code}&status=${statuses.join(',')}${justification ? `&legal-justification=${encodeURIComponent(`${JUSTIFICATION_SYSTEM}|${justification}`)}` : ''}`;
      const res = await archive.fhir<BundleOrOutcome>(pro.token, 'POST', '/DocumentReference/_search', form);
      if (!hasBusiness(pro, client, now.slice(0, 10))) {
        assert.equal(res.status, 403, `${say}: ${pro.controllerOid} has no business with the client`);
        given = [];
      } else {
        assert.equal(res.status, 200, `${say}: ${JSON.stringify(res.body)}`);
        given = (res.body.entry ?? []).map((e) => e.resource!.id!);
        const expected = docs.filter((d) => isClients(d, client) && statuses.includes(d.status) && referenceAccess(modelInput(pro, client, d, now, justification)).allow).map((d) => d.versionId);
        assert.deepEqual([...given].sort(), [...expected].sort(), `${say}: search by ${pro.organisationOid}${justification ? ` under ${justification}` : ''}`);
      }
    } else {
      const doc = pick(docs);
      const res = await archive.fhir(pro.token, 'GET', `/Binary/${doc.versionId}${justification ? `?legal-justification=${justification}` : ''}`);
      // S8: a shared matter's document (never corrected or invalidated here) is given when it may
      // be given through any of its clients.
      const expected = doc.members
        ? (doc.members.some((m) => expectedReadStatus(pro, clients.find((c) => c.code === m)!, doc, now, justification) === 200) ? 200 : 404)
        : expectedReadStatus(pro, clients.find((c) => c.code === doc.client)!, doc, now, justification);
      assert.equal(res.status, expected, `${say}: read of ${doc.controllerOid}/${doc.serviceTask}/phase ${doc.phase}/${doc.status} by ${pro.organisationOid}`);
      given = res.status === 200 ? [doc.versionId] : [];
    }
    requests++;

    // D10: exactly one record for this request, listing exactly what was given.
    const added = await auditAdded(seen);
    assert.equal(added.length, 1, `${say}: one audit record per request, got ${added.map((r) => r.action).join(', ')}`);
    const audit = added[0]!;
    assert.equal(audit.organisationOid, pro.controllerOid);
    assert.equal(audit.professional?.id, pro.actor.professionalId);
    const listed = audit.outcome === 'success' ? (audit.documents ?? []).map((d) => d.versionId) : [];
    assert.deepEqual(listed, given, `${say}: the record lists what was given, in order`);
    const foreign = docs.filter((d) => given.includes(d.versionId) && d.controllerOid !== pro.controllerOid);
    foreignReturned += foreign.length;
    if (foreign.length) {
      assert.deepEqual(audit.disclosure?.disclosers, [...new Set(foreign.map((d) => d.controllerOid))].sort(), `${say}: S9 discloser`);
      assert.ok(audit.disclosure!.purpose.length > 0);
    } else {
      assert.equal(audit.disclosure, undefined, `${say}: no disclosure, no disclosure record`);
    }
    for (const d of foreign) {
      const kind = audit.documents!.find((x) => x.versionId === d.versionId)!.basis!.kind;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
  }

  // The same count, from the audit trail alone: other-register documents given on a disclosure basis.
  const rows = await archive.sql<{ body: string }>("select body from audit_event where action in ('search', 'read') and outcome = 'success'");
  for (const body of rows.map((r) => JSON.parse(r.body) as AuditRecord)) {
    const disclosed = (body.documents ?? []).filter((d) => d.controllerOid !== body.organisationOid && ['consent', 'statutory', 'authorisation'].includes(d.basis?.kind ?? ''));
    if (disclosed.length) assert.ok(body.disclosure, `${body.eventId}: a disclosure without a disclosure object`);
    auditedForeign += disclosed.length;
  }
  assert.equal(auditedForeign, foreignReturned, 'every document given from another register is recorded once as disclosed');
  assert.ok(requests >= 150);
  const statuses = docs.reduce<Record<string, number>>((n, d) => ({ ...n, [d.status]: (n[d.status] ?? 0) + 1 }), {});
  t.diagnostic(`requests ${requests}, other-register documents given ${foreignReturned}, by basis ${JSON.stringify(Object.fromEntries(kinds))}; documents ${JSON.stringify(statuses)}`);
  assert.deepEqual((await archive.database.db.withSnapshot((s) => verifyAuditChain(s))).broken, []);
});

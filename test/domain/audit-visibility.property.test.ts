// D10, S9, issue 8: the audit visibility decision (src/domain/policy/audit-visibility.ts) over
// random worlds. Three controllers with units, documents in every register, random client
// relationships, register access authorisations, informings, consents and prohibitions; random
// searches, reads, refusals and consent records by professionals of every controller, written
// as audit records the way the use cases write them (from the independent reference model of
// the access decision, test/support/reference-access-model.ts, not from the policy). Then every
// controller reads every record, and no view may name a document the reader could not read:
// its own register's, or one that was given to its own organisation by the recorded access.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decideAuditVisibility } from '../../src/domain/policy/audit-visibility.ts';
import type { AuditDocument, AuditRecord } from '../../src/domain/audit-record.ts';
import type { AccessInput } from '../../src/domain/policy/access-input.ts';
import type { ConsentFact, ProducerAuthorisation } from '../../src/domain/consent.ts';
import type { ClientRelationship, DocumentStatus, Phase } from '../../src/domain/types.ts';
import { referenceAccess } from '../support/reference-access-model.ts';

const C1 = '1.2.246.10.77777.1';
const C2 = '1.2.246.10.77777.2';
const C3 = '1.2.246.10.77777.3';
const CONTROLLERS = [C1, C2, C3] as const;
const UNITS: Record<string, readonly string[]> = { [C1]: [`${C1}.1`], [C2]: [], [C3]: [`${C3}.1`] };
const TASKS = ['elderly', 'child-protection', 'substance-abuse'] as const;
const NOW = '2026-03-15T12:00:00.000Z';
const INFORMING = '2024-1';

interface WorldDoc { versionId: string; setId: string; controllerOid: string; serviceTask: string; typeCode: string; phase: Phase; status: DocumentStatus }
interface World {
  docs: WorldDoc[];
  relationships: ClientRelationship[];
  authorisations: ProducerAuthorisation[];
  consents: ConsentFact[];
}
type Access =
  | { kind: 'search'; controller: string; unit: number; justification: boolean; legacyFormat: boolean }
  | { kind: 'read'; controller: string; unit: number; doc: number; justification: boolean }
  | { kind: 'consent-record'; controller: string; unit: number };

const pick = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);

// Ids that cannot occur by chance in any other text of a record, so that a substring search of
// the view finds every mention of a document (an id, a set id, a prohibition naming it).
const docArb = (i: number): fc.Arbitrary<WorldDoc> => fc.record({
  controllerOid: pick(CONTROLLERS),
  serviceTask: pick(TASKS),
  typeCode: pick(['decision', 'client-plan', 'journal-entry']),
  phase: pick<Phase>(['legacy', '1', '2', '3', '3']),
  status: fc.oneof({ arbitrary: fc.constant<DocumentStatus>('current'), weight: 5 }, { arbitrary: pick<DocumentStatus>(['superseded', 'entered-in-error']), weight: 1 }),
}).map((d) => ({ ...d, versionId: `ver-${i}-7f3a`, setId: `set-${i}-c91e` }));

const worldArb: fc.Arbitrary<World> = fc.integer({ min: 1, max: 8 }).chain((n) => fc.record({
  docs: fc.tuple(...Array.from({ length: n }, (_, i) => docArb(i))),
  relationships: fc.array(fc.record({
    controllerOid: pick(CONTROLLERS).map((c) => c as ClientRelationship['controllerOid']),
    serviceTask: pick(TASKS),
    startDate: pick(['2025-01-01', '2026-03-15', '2026-04-01']),
    endDate: pick([null, '2026-01-01', '2026-12-31']),
  }), { maxLength: 6 }),
  authorisations: fc.array(fc.record({
    controllerOid: pick(CONTROLLERS),
    serviceTask: pick(TASKS),
    producerUnitOid: pick(CONTROLLERS.flatMap((c) => [c, ...UNITS[c]!])),
    startDate: pick(['2025-01-01', '2026-04-01']),
    endDate: pick([null, '2026-01-01']),
  }), { maxLength: 2 }),
  consents: fc.array(fc.oneof(
    fc.record({ kind: fc.constant('informing' as const), informingVersion: pick([INFORMING, '2022-1']) }),
    fc.record({ kind: fc.constant('social-welfare-consent' as const) }),
    fc.record({ kind: fc.constant('prohibition' as const), scope: fc.constant('controller' as const), target: pick<string>(CONTROLLERS) }),
    fc.record({ kind: fc.constant('prohibition' as const), scope: fc.constant('service-task' as const), target: pick<string>(TASKS) }),
    fc.record({ kind: fc.constant('prohibition' as const), scope: fc.constant('document' as const), target: pick(Array.from({ length: n }, (_, i) => `set-${i}-c91e`)) }),
  ), { maxLength: 5 }).map((cs) => cs.map((c, i): ConsentFact => ({
    ...c, id: `consent-${i}-5d2b`, givenAt: '2026-03-01T10:00:00.000Z', validFrom: '2026-03-01', revokedAt: null,
  }) as ConsentFact)),
}));

const accessArb = (docs: number): fc.Arbitrary<Access> => fc.oneof(
  fc.record({ kind: fc.constant('search' as const), controller: pick(CONTROLLERS), unit: fc.nat(1), justification: fc.boolean(), legacyFormat: fc.boolean() }),
  fc.record({ kind: fc.constant('read' as const), controller: pick(CONTROLLERS), unit: fc.nat(1), doc: fc.nat(docs - 1), justification: fc.boolean() }),
  fc.record({ kind: fc.constant('consent-record' as const), controller: pick(CONTROLLERS), unit: fc.nat(1) }),
);

const caseArb = worldArb.chain((world) => fc.record({ world: fc.constant(world), accesses: fc.array(accessArb(world.docs.length), { minLength: 1, maxLength: 10 }) }));

function organisationOf(a: Access): string {
  const units = UNITS[a.controller]!;
  return a.unit < units.length ? units[a.unit]! : a.controller;
}

function decide(world: World, a: Access, d: WorldDoc, justification: boolean) {
  const input: AccessInput = {
    requester: { controllerOid: a.controller, organisationOid: organisationOf(a) },
    document: { controllerOid: d.controllerOid, serviceTask: d.serviceTask, setId: d.setId, phase: d.phase, status: d.status },
    relationships: world.relationships, authorisations: world.authorisations, consents: world.consents,
    latestInformingVersion: INFORMING, now: NOW, ...(justification ? { legalJustification: 'sosiaalihuoltolaki-41' } : {}),
  };
  return referenceAccess(input);
}

const listed = (d: WorldDoc, basis?: AuditDocument['basis']): AuditDocument => ({ versionId: d.versionId, setId: d.setId, typeCode: d.typeCode, controllerOid: d.controllerOid, serviceTask: d.serviceTask, ...(basis ? { basis } : {}) });
const counts = (rules: string[]) => [...new Set(rules)].map((rule) => ({ rule, detail: `${rules.filter((r) => r === rule).length} documents withheld` }));

/** An audit record as the use cases write one, plus what the access gave (version ids). */
function recordOf(world: World, a: Access, i: number): { record: AuditRecord; given: Set<string> } {
  const frame = {
    eventId: `event-${i}`, recordedAt: NOW, organisationOid: a.controller, personKey: '42', personFhirId: 'patient-1',
    system: { id: `system-of-${a.controller}`, name: 'System' },
    professional: { id: `pro-${i}`, name: 'Pro', title: 'social worker', organisationOid: organisationOf(a) },
  };
  if (a.kind === 'consent-record') {
    return { record: { ...frame, action: 'consent-record', transaction: 'Consent-create', outcome: 'success', consents: [{ consentId: `consent-new-${i}`, version: 1, kind: 'prohibition' }], because: [{ rule: 'D8', detail: 'recorded' }] }, given: new Set() };
  }
  const justification = a.justification;
  const docs = a.kind === 'read' ? [world.docs[a.doc]!] : world.docs;
  const given: { d: WorldDoc; basis: NonNullable<AuditDocument['basis']> }[] = [];
  const ownDenied: string[] = [];
  const elsewhereDenied: string[] = [];
  for (const d of docs) {
    const answer = decide(world, a, d, justification);
    if (answer.allow) given.push({ d, basis: answer.basis as NonNullable<AuditDocument['basis']> });
    else (d.controllerOid === a.controller ? ownDenied : elsewhereDenied).push(...answer.denyRules);
  }
  const foreign = given.filter((g) => g.d.controllerOid !== a.controller);
  const disclosure = foreign.length ? { disclosure: { disclosers: [...new Set(foreign.map((g) => g.d.controllerOid))].sort(), purpose: 'a purpose' } } : {};
  if (a.kind === 'read') {
    const d = docs[0]!;
    if (given.length === 0) {
      // A refused read names the document and the reasons, which name it again (its set id).
      const reasons = decide(world, a, d, justification).denyRules.map((rule) => ({ rule, detail: `${rule} about document ${d.setId} in ${d.serviceTask}` }));
      return { record: { ...frame, action: 'read', transaction: 'ITI-68', outcome: 'denied', documents: [listed(d)], because: reasons }, given: new Set() };
    }
    return { record: { ...frame, action: 'read', transaction: 'ITI-68', outcome: 'success', documents: [listed(d, given[0]!.basis)], because: [{ rule: 'D4', detail: `from ${d.controllerOid}` }], ...disclosure }, given: new Set([d.versionId]) };
  }
  // A search; the query names every set id so that a leaked query shows up as a leaked document.
  const withheld = a.legacyFormat
    ? { because: [{ rule: 'D2', detail: 'own register' }, ...counts([...ownDenied, ...elsewhereDenied])] }
    : { because: [{ rule: 'D2', detail: 'own register' }, ...counts(ownDenied)], ...(elsewhereDenied.length ? { withheldElsewhere: counts(elsewhereDenied) } : {}) };
  return {
    record: {
      ...frame, action: 'search', transaction: 'ITI-67', outcome: 'success', query: `patient=x&related=${world.docs.map((d) => d.setId).join(',')}`,
      documents: given.map((g) => listed(g.d, g.basis)), ...withheld, ...disclosure,
    },
    given: new Set(given.map((g) => g.d.versionId)),
  };
}

const DISCLOSURE_PATH_COUNT = (b: { rule: string; detail: string }): boolean => ['S2', 'S3(a)', 'S3(b)', 'S3(c)', 'S6', 'D5', 'L1'].includes(b.rule) && /withheld/.test(b.detail);

test('D10, S9, issue 8: no AuditEvent a controller reads names a document it could not read, and the owner sees every disclosure of its own documents', () => {
  let seenForeignGiven = 0;
  let seenDisclosures = 0;
  let hiddenRefusals = 0;
  fc.assert(fc.property(caseArb, ({ world, accesses }) => {
    const written = accesses.map((a, i) => ({ access: a, ...recordOf(world, a, i) }));
    for (const reader of CONTROLLERS) {
      for (const { access, record, given } of written) {
        const view = decideAuditVisibility(record, { controllerOid: reader });
        const own = record.organisationOid === reader;
        const discloses = (record.disclosure?.disclosers ?? []).includes(reader);
        assert.equal(view.visible, own || discloses, `${record.eventId} visible to ${reader}`);
        if (!view.visible) continue;
        // The reader's own query and request detail are its own words: they name what it asked
        // for, and tell it nothing. Everything else in the view counts.
        const { query: _query, detail: _detail, ...told } = view.record;
        const text = JSON.stringify(own ? told : view.record);
        for (const d of world.docs) {
          const named = text.includes(d.versionId) || text.includes(d.setId);
          if (!named) continue;
          // Readable: the reader's own register's, or given to the reader's organisation by this very access.
          const readable = d.controllerOid === reader || (own && given.has(d.versionId));
          assert.ok(readable, `${reader} reads ${record.eventId} (${access.kind} by ${record.organisationOid}) naming ${d.versionId} of ${d.controllerOid}`);
          if (d.controllerOid !== reader) seenForeignGiven++;
        }
        const shown = new Set((view.record.documents ?? []).map((d) => d.versionId));
        if (own) {
          // Completeness: the own organisation's record keeps its own documents and what it was given.
          for (const d of record.documents ?? []) if (d.controllerOid === reader || given.has(d.versionId)) assert.ok(shown.has(d.versionId), `${reader} sees ${d.versionId} in its own record`);
          if ((record.documents ?? []).some((d) => !shown.has(d.versionId))) hiddenRefusals++;
          assert.ok(!(view.record.because ?? []).some(DISCLOSURE_PATH_COUNT), 'no count of other registers\' withheld documents');
          assert.equal(view.record.withheldElsewhere, undefined);
        } else {
          seenDisclosures++;
          // S9: exactly the reader's documents that this access gave, and nothing of the recipient's own.
          const expected = (record.documents ?? []).filter((d) => d.controllerOid === reader && given.has(d.versionId)).map((d) => d.versionId);
          assert.deepEqual([...shown].sort(), expected.sort());
          assert.deepEqual(view.record.disclosure?.disclosers, [reader]);
          for (const field of ['query', 'detail', 'consents', 'withheldElsewhere'] as const) assert.equal(view.record[field], undefined, `no ${field} of another organisation's record`);
          assert.deepEqual((view.record.because ?? []).map((b) => b.rule), ['S9']);
        }
      }
    }
  }), { numRuns: 3000, seed: Number(process.env.KANSIO_SEED ?? Date.now() % 2 ** 31) });
  // The generators must reach the interesting cases, or the property proves little.
  assert.ok(seenForeignGiven > 100, `foreign documents given and shown: ${seenForeignGiven}`);
  assert.ok(seenDisclosures > 100, `disclosure records read by the discloser: ${seenDisclosures}`);
  assert.ok(hiddenRefusals > 50, `refused foreign documents hidden from the asker: ${hiddenRefusals}`);
});

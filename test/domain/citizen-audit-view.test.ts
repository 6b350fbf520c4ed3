// V11: what a citizen sees of an audit record about them (docs/portal-visibility.md, "The
// citizen's log"), by example. The property test in portal-visibility.property.test.ts checks
// that no entry ever names a document outside the portal-visible set or carries the query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCUMENT_TYPE_SYSTEM } from '../../src/domain/codes/index.ts';
import { decideCitizenAuditView, type CitizenAuditEntry } from '../../src/domain/policy/citizen-audit-view.ts';
import { decidePortalVisibility, defaultPortalSettings, type PortalDocument } from '../../src/domain/policy/portal-visibility.ts';
import type { AuditDocument, AuditRecord } from '../../src/domain/audit-record.ts';

const OWN = '1.2.246.10.1';
const OTHER = '1.2.246.10.2';
const CLIENT = 'person-key-of-the-client';
const IDENTITY_CODE = '010106A900P';

const shelterPlan: AuditDocument = { versionId: 'v-shelter', setId: 'set-shelter', typeCode: '15019', controllerOid: OWN, serviceTask: 'working-age', basis: { kind: 'own-register' } };
const decision: AuditDocument = { versionId: 'v-decision', setId: 'set-decision', typeCode: '11000', controllerOid: OWN, serviceTask: 'older-people', basis: { kind: 'own-register' } };

const aRecord = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  eventId: 'e-1', recordedAt: '2026-06-01T09:30:00.000Z', action: 'read', transaction: 'ITI-68', outcome: 'success',
  system: { id: 'system-1', name: 'Client data system' },
  professional: { id: 'pro-1', name: 'Maija Meikäläinen', title: 'sosiaalityöntekijä', organisationOid: OWN },
  organisationOid: OWN, personKey: CLIENT, personFhirId: 'fhir-1',
  because: [{ rule: 'D2', detail: 'own register' }],
  ...over,
});

// The set ids the client may see, computed as the lead's use case does: with the portal decision.
function portalVisible(docs: readonly AuditDocument[]): Set<string> {
  const asPortal = (d: AuditDocument): PortalDocument => ({
    setId: d.setId, controllerOid: d.controllerOid, serviceTask: d.serviceTask ?? '', typeSystem: DOCUMENT_TYPE_SYSTEM, typeCode: d.typeCode,
    phase: '2', status: 'current', displayDelayedUntil: null, specialContent: false, hiddenFromGuardians: false, portalOptIn: false, sharedMatter: false,
  });
  return new Set(docs.filter((d) => decidePortalVisibility({ viewer: { kind: 'self' }, document: asPortal(d), settings: defaultPortalSettings(), today: '2026-06-01' }).show).map((d) => d.setId));
}

function entryOf(record: AuditRecord, visible: ReadonlySet<string>): CitizenAuditEntry {
  const view = decideCitizenAuditView(record, visible, CLIENT);
  assert.equal(view.visible, true);
  if (!view.visible) throw new Error('unreachable');
  assert.deepEqual(view.because.map((b) => b.rule), ['V11']);
  return view.entry;
}

test('V11 V3: a read of a shelter-service document shows as a use of the client\'s data, counted, without its type, organisation or professional', () => {
  const record = aRecord({ documents: [shelterPlan] });
  const visible = portalVisible([shelterPlan]);
  assert.equal(visible.size, 0);
  const entry = entryOf(record, visible);
  assert.deepEqual(entry.documents, []);
  assert.equal(entry.otherDocuments, 1);
  assert.deepEqual(entry.basis, ['own-register']);
  // The shelter home's or the violence worker's name would tell what the document is.
  assert.equal(entry.professional, undefined);
  assert.equal(entry.organisationOid, undefined);
  assert.equal(entry.actorWithheld, true);
  const text = JSON.stringify(entry);
  for (const secret of ['15019', 'set-shelter', 'v-shelter', 'working-age', OWN, 'Maija']) assert.ok(!text.includes(secret), `${secret} shows`);
});

test('V11: a document the client may see is named with its type, controller and service task', () => {
  const entry = entryOf(aRecord({ documents: [decision, shelterPlan] }), portalVisible([decision, shelterPlan]));
  assert.deepEqual(entry.documents, [{ setId: 'set-decision', typeCode: '11000', controllerOid: OWN, serviceTask: 'older-people' }]);
  assert.equal(entry.otherDocuments, 1);
});

test('V11 D4: a disclosure on the client\'s consent shows the receiving organisation, the professional and the basis', () => {
  const given: AuditDocument = { ...decision, controllerOid: OTHER, basis: { kind: 'consent', consentId: 'consent-1' } };
  const record = aRecord({ organisationOid: OWN, documents: [given], disclosure: { disclosers: [OTHER], purpose: 'the client\'s social welfare service, with the client\'s disclosure consent (D4)' } });
  const entry = entryOf(record, new Set(['set-decision']));
  assert.deepEqual(entry.basis, ['consent']);
  assert.equal(entry.disclosure, true);
  assert.equal(entry.organisationOid, OWN);
  assert.equal(entry.documents[0]!.controllerOid, OTHER);
  assert.ok(!JSON.stringify(entry).includes('consent-1'));
});

test('V11 D6: a statutory access shows its legal justification', () => {
  const given: AuditDocument = { ...decision, controllerOid: OTHER, basis: { kind: 'statutory', justification: 'child-protection-assessment' } };
  const entry = entryOf(aRecord({ action: 'search', documents: [given] }), new Set(['set-decision']));
  assert.deepEqual(entry.basis, ['statutory']);
  assert.equal(entry.statutoryJustification, 'child-protection-assessment');
});

test('V11: the bases of one access are listed each once, in a fixed order', () => {
  const docs: AuditDocument[] = [
    { ...decision, basis: { kind: 'statutory', justification: 'urgent-assistance' } },
    { ...decision, setId: 's2', basis: { kind: 'own-register' } },
    { ...decision, setId: 's3', basis: { kind: 'own-register' } },
    { ...decision, setId: 's4', basis: { kind: 'authorisation', producerUnitOid: `${OTHER}.1`, startDate: '2026-01-01', endDate: null } },
  ];
  assert.deepEqual(entryOf(aRecord({ documents: docs }), new Set()).basis, ['own-register', 'authorisation', 'statutory']);
});

test('V11 D10: the query, the reasons, the withheld counts and the system are never shown', () => {
  const record = aRecord({
    action: 'search', transaction: 'ITI-67',
    query: `patient.identifier=urn:oid:1.2.246.21|${IDENTITY_CODE}&status=current`,
    because: [{ rule: 'S3(c)', detail: '1 document withheld' }],
    withheldElsewhere: [{ rule: 'S3(a)', detail: '2 documents withheld' }],
    detail: 'AuditEvent/e-0',
    documents: [decision],
  });
  const entry = entryOf(record, new Set(['set-decision']));
  const text = JSON.stringify(entry);
  for (const secret of [IDENTITY_CODE, 'patient.identifier', 'withheld', 'S3', 'system-1', 'Client data system', 'pro-1', 'fhir-1', 'v-decision', 'ITI-67', 'AuditEvent']) {
    assert.ok(!text.includes(secret), `${secret} shows in ${text}`);
  }
  assert.deepEqual(Object.keys(entry).sort(), ['action', 'basis', 'documents', 'eventId', 'organisationOid', 'otherDocuments', 'outcome', 'professional', 'recordedAt']);
});

test('V11: a refused attempt is shown too, with its outcome', () => {
  const entry = entryOf(aRecord({ action: 'search', outcome: 'denied', because: [{ rule: 'D5', detail: 'no informing' }] }), new Set());
  assert.equal(entry.outcome, 'denied');
  assert.deepEqual(entry.documents, []);
  assert.equal(entry.otherDocuments, 0);
  assert.deepEqual(entry.basis, []);
});

test('V11: reads of the client\'s own audit trail are shown', () => {
  for (const action of ['audit-search', 'audit-read'] as const) {
    assert.equal(entryOf(aRecord({ action, professional: undefined, portal: { viewerPersonKey: CLIENT, relation: 'self' } }), new Set()).action, action);
  }
});

test('V11 V7 V8: portal views name the viewer\'s relation; the client\'s own key never shows', () => {
  const own = entryOf(aRecord({ professional: undefined, portal: { viewerPersonKey: CLIENT, relation: 'self' }, documents: [decision] }), new Set(['set-decision']));
  assert.deepEqual(own.portalViewer, { relation: 'self' });
  assert.ok(!JSON.stringify(own).includes(CLIENT));
  const guardian = entryOf(aRecord({ professional: undefined, portal: { viewerPersonKey: 'guardian-key', relation: 'guardian' } }), new Set());
  assert.deepEqual(guardian.portalViewer, { relation: 'guardian', viewerPersonKey: 'guardian-key' });
});

test('V11 V5(c): a guardian sees a document hidden from guardians only as a count', () => {
  // The child's own view of it, as the guardian reads the child's log.
  const record = aRecord({ professional: undefined, portal: { viewerPersonKey: CLIENT, relation: 'self' }, documents: [decision] });
  const entry = entryOf(record, new Set());
  assert.deepEqual(entry.documents, []);
  assert.equal(entry.otherDocuments, 1);
});

test('V11 D11: consent service records show the kinds of the records, not their ids', () => {
  const entry = entryOf(aRecord({ action: 'consent-record', consents: [{ consentId: 'c-9', version: 1, kind: 'prohibition' }] }), new Set());
  assert.deepEqual(entry.consentKinds, ['prohibition']);
  assert.ok(!JSON.stringify(entry).includes('c-9'));
});

test('V11: a record about no client, or about another client, is not shown', () => {
  const { personKey: _, ...noPerson } = aRecord();
  assert.equal(decideCitizenAuditView(noPerson, new Set()).visible, false);
  assert.equal(decideCitizenAuditView(aRecord({ personKey: 'someone-else' }), new Set(), CLIENT).visible, false);
  assert.equal(decideCitizenAuditView(aRecord(), new Set(), CLIENT).visible, true);
});

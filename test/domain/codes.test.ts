import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  allDocumentTypes,
  allRoles,
  allServiceTasks,
  CLIENT_RELATIONSHIP_GROUP_CODE,
  configureServiceTaskCodes,
  DOCUMENT_GROUP_SYSTEM,
  DOCUMENT_TYPE_SYSTEM,
  findDocumentType,
  GENERAL_TYPE_LABELS,
  HIDDEN_BY_DEFAULT_SUBJECT_GROUPS,
  isPaymentCommitment,
  MATTER_GROUP_CODE,
  NEVER_SHOWN_SUBJECT_GROUPS,
  resetServiceTaskCodes,
  roleByCode,
  SERVICE_TASK_SYSTEM,
  serviceTaskByCode,
  serviceTaskCode,
  SUBJECT_GROUP_LABELS,
} from '../../src/domain/codes/index.ts';
import type { Labels } from '../../src/domain/codes/index.ts';

const TSV = new URL('../../../shared/codes/document-types.tsv', import.meta.url);

// The data file normalises display text the same way: whitespace collapsed, first letter capital.
const norm = (s: string): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
};

function assertLabels(labels: Labels, what: string): void {
  for (const lang of ['fi', 'sv', 'en'] as const) {
    assert.ok(labels[lang].trim().length > 0, `${what}: empty ${lang} label`);
    assert.equal(labels[lang], labels[lang].trim(), `${what}: untrimmed ${lang} label`);
  }
}

test('every row of the national TSV is in the table, with its published names', async (t) => {
  let text: string;
  try {
    text = await readFile(TSV, 'utf8');
  } catch {
    t.skip('document-types.tsv not found beside the repository');
    return;
  }
  const rows = text.split('\n').slice(1).filter((l) => l.length > 0).map((l) => l.split('\t'));
  assert.equal(rows.length, 202);
  assert.equal(allDocumentTypes().length, rows.length);
  for (const [system = '', code = '', oid, , , nameFi = '', nameSv = ''] of rows) {
    const entry = findDocumentType(system, code);
    assert.ok(entry, `${system} ${code} missing`);
    assert.equal(entry.structureOid, oid);
    assert.equal(entry.label.fi, norm(nameFi));
    if (nameSv.trim() !== '') assert.equal(entry.label.sv, norm(nameSv));
  }
});

test('every entry, general type and subject group has fi, sv and en labels', () => {
  for (const e of allDocumentTypes()) {
    assertLabels(e.label, `${e.system} ${e.code}`);
    assert.ok(e.generalType in GENERAL_TYPE_LABELS);
    assert.ok(e.subjectGroup in SUBJECT_GROUP_LABELS);
    assert.ok(e.structureOid.startsWith(`${e.system}.${e.code}.`));
  }
  for (const [key, labels] of Object.entries(GENERAL_TYPE_LABELS)) assertLabels(labels, key);
  for (const [key, labels] of Object.entries(SUBJECT_GROUP_LABELS)) assertLabels(labels, key);
  const keys = allDocumentTypes().map((e) => `${e.system}|${e.code}`);
  assert.equal(new Set(keys).size, keys.length, 'system and code identify an entry');
});

test('lookups by system and code', () => {
  const assessment = findDocumentType(DOCUMENT_TYPE_SYSTEM, '1000');
  assert.equal(assessment?.generalType, 'assessment');
  assert.equal(assessment?.subjectGroup, 'older-people-services');
  assert.equal(assessment?.label.fi, 'Iäkkäiden palvelutarpeen arvio');
  assert.equal(findDocumentType(DOCUMENT_GROUP_SYSTEM, '1000'), undefined, 'code alone is not enough');
  assert.equal(findDocumentType(DOCUMENT_TYPE_SYSTEM, '1'), undefined);
  assert.equal(findDocumentType(DOCUMENT_TYPE_SYSTEM, 'nope'), undefined);
  assert.equal(findDocumentType(DOCUMENT_GROUP_SYSTEM, CLIENT_RELATIONSHIP_GROUP_CODE)?.generalType, 'client-relationship');
  assert.equal(findDocumentType(DOCUMENT_GROUP_SYSTEM, MATTER_GROUP_CODE)?.generalType, 'matter');
  assert.equal(findDocumentType(DOCUMENT_TYPE_SYSTEM, '1009')?.subjectGroup, 'common', 'double space in the TSV');
  assert.equal(findDocumentType(DOCUMENT_TYPE_SYSTEM, '7005')?.subjectGroup, 'custody-and-visitation');
});

test('V3/V4 categories: payment commitments and hidden subject groups', () => {
  const commitments = allDocumentTypes().filter(isPaymentCommitment).map((e) => e.code);
  assert.deepEqual(commitments, ['9001', '9002']);
  for (const g of ['shelter-services', 'violence-work', 'custody-and-visitation'] as const) {
    assert.ok(NEVER_SHOWN_SUBJECT_GROUPS.has(g), g);
  }
  for (const g of ['adoption-counselling', 'parenthood-investigation'] as const) {
    assert.ok(HIDDEN_BY_DEFAULT_SUBJECT_GROUPS.has(g), g);
    assert.ok(!NEVER_SHOWN_SUBJECT_GROUPS.has(g), g);
  }
  const used = new Set(allDocumentTypes().map((e) => e.subjectGroup));
  for (const g of [...NEVER_SHOWN_SUBJECT_GROUPS, ...HIDDEN_BY_DEFAULT_SUBJECT_GROUPS]) assert.ok(used.has(g), g);
});

test('service tasks: defaults, then reconfigured national codes', () => {
  resetServiceTaskCodes();
  try {
    assert.equal(SERVICE_TASK_SYSTEM, '1.2.246.537.6.1221');
    assert.equal(allServiceTasks().length, 7);
    for (const task of allServiceTasks()) assertLabels(task.label, task.key);
    assert.equal(serviceTaskCode('child-protection'), '6');
    assert.equal(serviceTaskByCode('3')?.key, 'older-people');

    configureServiceTaskCodes({ 'child-protection': '42', 'older-people': '17' });
    assert.equal(serviceTaskCode('child-protection'), '42');
    assert.equal(serviceTaskByCode('42')?.key, 'child-protection');
    assert.equal(serviceTaskByCode('6'), undefined, 'the old default no longer resolves');
    assert.equal(serviceTaskByCode('17')?.key, 'older-people');
    assert.equal(serviceTaskByCode('1')?.key, 'families-with-children', 'keys left out keep defaults');
    assert.equal(allServiceTasks().find((t) => t.key === 'child-protection')?.code, '42');

    assert.throws(() => configureServiceTaskCodes({ disability: '1' }), /share code/);
    assert.throws(() => configureServiceTaskCodes({ disability: ' ' }), /empty code/);
    assert.throws(() => configureServiceTaskCodes(JSON.parse('{"elderly":"9"}')), /unknown service task/);
    assert.equal(serviceTaskCode('child-protection'), '42', 'a rejected configuration changes nothing');
  } finally {
    resetServiceTaskCodes();
  }
  assert.equal(serviceTaskByCode('6')?.key, 'child-protection');
});

test('related-person roles', () => {
  assert.deepEqual(allRoles().map((r) => [r.code, r.key]), [
    ['12', 'parent'],
    ['31', 'guardian'],
    ['32', 'trustee'],
    ['33', 'continuing-power-of-attorney'],
    ['34', 'mandate-holder'],
  ]);
  for (const r of allRoles()) assertLabels(r.label, r.key);
  assert.equal(roleByCode('31')?.label.en, 'Guardian');
  assert.equal(roleByCode('99'), undefined);
});

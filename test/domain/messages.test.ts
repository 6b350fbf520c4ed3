// The portal's and the archivist interface's messages: every kind of audit record has a name in
// every language, so that no log page shows a raw key (V11, D10).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION } from '../../src/fhir/audit-event.ts';
import { MESSAGES } from '../../src/web/i18n.ts';

test('V11: every audit action has a label in fi, sv and en', () => {
  for (const [lang, messages] of Object.entries(MESSAGES)) {
    const labels = messages.log.action as Record<string, string>;
    for (const action of Object.keys(ACTION)) assert.ok(labels[action], `${lang}: log.action.${action} is missing`);
  }
});

/** Every message key a decision's reason names (`{ key: 'v8.ended' ... }`, rule id first, and the mandate's three). */
async function reasonKeys(): Promise<string[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const path = await import('node:path');
  const keys = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(file);
      else if (file.endsWith('.ts')) for (const m of (await readFile(file, 'utf8')).matchAll(/key: '((?:[vsl]\d+[a-z]?)\.[A-Za-z.]+)'/g)) keys.add(m[1]!);
    }
  };
  await walk('src/domain');
  await walk('src/usecases');
  for (const scope of ['viewConsent', 'view', 'consent']) keys.add(`v9.mandate.${scope}`);
  return [...keys];
}

test('V14: every reason a decision gives has its sentence in fi, sv and en', async () => {
  const keys = await reasonKeys();
  assert.ok(keys.length > 40, `found only ${keys.length} reason keys`);
  for (const [lang, messages] of Object.entries(MESSAGES)) {
    for (const key of keys) {
      const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages.reasons);
      assert.equal(typeof text, 'string', `${lang}: reasons.${key} is missing`);
    }
  }
});

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

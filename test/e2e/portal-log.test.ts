// V11 through the page: the log of use pages newest first without repeating or skipping a
// record, filters by date, refuses a malformed date with an error summary, and names who used
// only hidden documents by nothing (V3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { person, register } from '../support/registers.ts';
import { accessibilityViolations, launchChromium, logInAs } from '../support/browser.ts';

let archive: TestArchive;
let browser: Browser;
let actor: Actor;
const client = aPersonCode('1975-05-05');
const SEARCHES = 27;

before(async () => {
  archive = await startTestArchive({ portalLogin: true });
  const area = await archive.controller('Lokin hyvinvointialue');
  actor = await archive.actor(area);
  await register(archive, person(client, 'Leena', 'Loki'));
  await archive.store(actor, aDocument().forClient(client).inTask('working-age').clientRelationship().build());
  await archive.store(actor, aDocument().forClient(client).inTask('working-age').build());
  for (let i = 0; i < SEARCHES; i++) {
    const r = await archive.fhir(actor, 'GET', `/DocumentReference?patient.identifier=urn:oid:1.2.246.21|${client}&status=current`);
    assert.equal(r.status, 200);
  }
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await archive?.close();
});

async function entryIds(page: Page): Promise<string[]> {
  return page.getByTestId('log-entry').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
}

test('V11: the log pages newest first, 20 a page, and the older page continues without repeating a record', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logInAs(page, archive.baseUrl, 'Leena Loki');
  await page.goto(`${archive.baseUrl}/log`);
  const first = await entryIds(page);
  assert.equal(first.length, 20);
  await page.getByRole('link', { name: 'Vanhemmat' }).click();
  const second = await entryIds(page);
  // 27 searches and 2 stores: 29 records of professionals; the person's own portal use is left out.
  assert.equal(first.length + second.length, SEARCHES + 2);
  assert.ok(second.every((e) => /Tallensi|Haki/.test(e)));
  assert.equal(await page.getByRole('link', { name: 'Vanhemmat' }).count(), 0);
  assert.deepEqual(await accessibilityViolations(page), []);
  await context.close();
});

test('V11: a date filter in the future shows nothing, and a malformed date is refused with an error summary', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logInAs(page, archive.baseUrl, 'Leena Loki');
  await page.goto(`${archive.baseUrl}/log?from=2099-01-01`);
  assert.equal(await page.getByTestId('log-entry').count(), 0);
  assert.equal(await page.getByTestId('log-empty').count(), 1);
  const response = await page.goto(`${archive.baseUrl}/log?from=31.12.2025`);
  assert.equal(response?.status(), 400);
  assert.equal(await page.locator('.govuk-error-summary').count(), 1);
  assert.deepEqual(await accessibilityViolations(page), []);
  await context.close();
});

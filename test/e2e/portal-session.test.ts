// The portal's session, in a real browser: logout and inactivity end the session on the server
// (a copied cookie is worth nothing afterwards), and no URL the browser requests names a person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestArchive, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { guardianship, person, register } from '../support/registers.ts';
import { launchChromium, logInAs } from '../support/browser.ts';

let archive: TestArchive;
let browser: Browser;
const parent = aPersonCode('1980-04-01');
const child = aPersonCode('2016-04-01');

before(async () => {
  archive = await startTestArchive({ portalLogin: true });
  const area = await archive.controller('Istuntojen hyvinvointialue');
  const actor = await archive.actor(area);
  await register(archive, person(parent, 'Sakari', 'Istunto'), person(child, 'Siiri', 'Istunto'), guardianship(child, parent));
  await archive.store(actor, aDocument().forClient(child).clientRelationship().build());
  await archive.store(actor, aDocument().forClient(child).build());
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await archive?.close();
});

test('logout ends the session on the server: the same cookie sent again gets the front page, not the documents', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logInAs(page, archive.baseUrl, 'Sakari Istunto');
  const cookie = (await context.cookies()).find((c) => c.name === 'kansio_session')!;
  await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
  await page.waitForURL(/\/\?loggedOut=1$/);
  // Replay the old cookie from outside the browser.
  const replay = await fetch(`${archive.baseUrl}/documents`, { headers: { cookie: `kansio_session=${cookie.value}` }, redirect: 'manual' });
  assert.equal(replay.status, 302);
  assert.equal(replay.headers.get('location'), '/');
  await context.close();
});

test('a session idle for longer than the window ends: the next page is the front page, which says why', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logInAs(page, archive.baseUrl, 'Sakari Istunto');
  // Move the session's last activity back past the window instead of waiting for it.
  const idleMs = (archive.config.sessionIdleMinutes + 1) * 60_000;
  await archive.sql(`update web_session set data = jsonb_set(data, '{lastSeen}', to_jsonb(((extract(epoch from now()) * 1000)::bigint - $1::bigint)))`, [idleMs]);
  await page.goto(`${archive.baseUrl}/documents`);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.locator('.govuk-notification-banner').count(), 1);
  await context.close();
});

test('no URL the browser requests names a person: no identity code, no person id', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  await logInAs(page, archive.baseUrl, 'Sakari Istunto');
  await page.goto(`${archive.baseUrl}/people`);
  await page.getByRole('button', { name: /Siiri Istunto/ }).click();
  await page.locator('[data-testid=task-group] a').first().click();
  await page.goto(`${archive.baseUrl}/log`);
  await page.goto(`${archive.baseUrl}/consent`);
  const ids = await archive.sql<{ fhir_id: string; identity_code: string }>('select fhir_id::text, identity_code from person where identity_code = any($1)', [[parent, child]]);
  assert.equal(ids.length, 2);
  for (const url of urls) {
    for (const id of ids) {
      assert.ok(!url.includes(id.fhir_id) && !decodeURIComponent(url).includes(id.identity_code), `${url} names a person`);
    }
  }
  await context.close();
});

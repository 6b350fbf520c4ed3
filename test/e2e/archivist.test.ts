// The archivist interface (issue 10, L1, L2, V14) in headless Chromium: an archive officer logs
// in through the demo provider, finds a person's documents in their own register with earlier
// versions and invalidated ones, sees whether the portal shows a document and why, and
// invalidates one with a reason. axe on every page, in every language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { accessibilityViolations, launchChromium, screenshot } from '../support/browser.ts';
import { guardianship, person, register } from '../support/registers.ts';
import { setControllerSettings } from '../../src/usecases/set-controller-settings.ts';
import { CLIENT_RELATIONSHIP_GROUP_CODE, DOCUMENT_GROUP_SYSTEM } from '../../src/domain/codes/index.ts';

let archive: TestArchive;
let browser: Browser;
let worker: Actor;
let archivistName: string;
let workerName: string;
const client = aPersonCode('1970-07-07');
const other = aPersonCode('1971-07-07');
const child = aPersonCode('2016-07-07');
const guardian = aPersonCode('1982-07-07');
/** S10: an older-people client whose client relationship ended in 2010: past retention (10 years) in both registers. */
const ended = aPersonCode('1930-07-07');

before(async () => {
  archive = await startTestArchive({ portalLogin: true });
  const controller = await archive.controller('Arkiston hyvinvointialue');
  const otherController = await archive.controller('Toinen hyvinvointialue');
  worker = await archive.actor(controller);
  const archivist = await archive.actor(controller, 'connecting', { roles: ['archivist'] });
  const stranger = await archive.actor(otherController);
  const nameOf = async (id: string | undefined) => (await archive.sql<{ name: string }>("select given_name || ' ' || family_name as name from professional where professional_id = $1", [id]))[0]!.name;
  archivistName = await nameOf(archivist.professionalId);
  workerName = await nameOf(worker.professionalId);
  await archive.store(worker, aDocument().forClient(client).clientRelationship().build());
  const [first] = await archive.store(worker, aDocument().forClient(client).createdAt('2026-01-10T10:00:00+02:00').build());
  await archive.store(worker, aDocument().forClient(client).createdAt('2026-01-11T10:00:00+02:00').replaces(first!).build());
  const [wrong] = await archive.store(worker, aDocument().forClient(client).createdAt('2026-01-12T10:00:00+02:00').build());
  const res = await archive.fhir(worker, 'POST', `/DocumentReference/${wrong}/$invalidate`, { resourceType: 'Parameters', parameter: [{ name: 'reason', valueString: 'stored for the wrong client' }] });
  assert.equal(res.status, 200);
  // Another register's document of the same client: never the archivist's to see.
  await archive.store(stranger, aDocument().forClient(client).clientRelationship().build());
  await archive.store(stranger, aDocument().forClient(client).createdAt('2026-01-13T10:00:00+02:00').build());
  await archive.store(worker, aDocument().forClient(other).clientRelationship().build());
  await register(archive, person(child, 'Veera', 'Valvottava'), person(guardian, 'Ville', 'Valvoja'), guardianship(child, guardian));
  await archive.store(worker, aDocument().forClient(child).clientRelationship().build());
  await archive.store(worker, aDocument().forClient(child).createdAt('2026-03-05T10:00:00+02:00').hiddenFromGuardians().build());
  for (const who of [worker, stranger]) {
    const [rel] = await archive.store(who, aDocument().forClient(ended).inTask('older-people').createdAt('2005-01-10T10:00:00+02:00').clientRelationship({ start: '2005-01-01', worker: { name: 'Sanna' } }).build());
    await archive.store(who, aDocument().forClient(ended).inTask('older-people').createdAt('2008-03-01T10:00:00+02:00').build());
    await archive.store(who, aDocument().forClient(ended).inTask('older-people').createdAt('2010-06-30T10:00:00+03:00').clientRelationship({ start: '2005-01-01', end: '2010-06-30', worker: { name: 'Sanna' } }).replaces(rel!).build());
  }
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await archive?.close();
});

async function logIn(page: Page, name: string): Promise<void> {
  await page.goto(`${archive.baseUrl}/archivist`);
  await page.goto(`${archive.baseUrl}/archivist/login`);
  await page.getByRole('button', { name, exact: true }).click();
}

async function accessible(page: Page, name: string): Promise<void> {
  assert.deepEqual(await accessibilityViolations(page), [], `axe violations on ${page.url()}`);
  await screenshot(page, name);
}

async function search(page: Page, code: string): Promise<void> {
  if (!page.url().endsWith('/archivist/search')) await page.goto(`${archive.baseUrl}/archivist/search`);
  await page.locator('#identityCode').fill(code);
  await page.locator('main form button[type=submit]').click();
}

test('L2, L1: the archivist finds the current, the earlier and the invalidated documents of their own register, never another register\'s', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  await logIn(page, archivistName);
  await page.waitForURL(`${archive.baseUrl}/archivist`);
  await page.goto(`${archive.baseUrl}/archivist/search`);
  await accessible(page, 'archivist-search-fi');
  await search(page, client);
  const rows = await page.locator('[data-testid=results] tbody tr').allTextContents();
  assert.equal(rows.length, 4, rows.join(' | '));
  const statuses = rows.map((r) => (/Mitätöity/.test(r) ? 'invalidated' : /Aiempi versio/.test(r) ? 'earlier' : 'current'));
  assert.deepEqual(statuses.sort(), ['current', 'current', 'earlier', 'invalidated'].sort());
  await accessible(page, 'archivist-results-fi');
  // L2: the result as CSV, posted like the search.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv').click()]);
  const csv = (await readFile((await download.path())!, 'utf8')).trim().split('\r\n');
  assert.equal(csv[0], 'version_id,set_id,version,status,phase,created,stored,service_task,type_code,type,title,organisation');
  assert.equal(csv.length, 5);
  assert.deepEqual(csv.slice(1).map((l) => l.split(',')[3]).sort(), ['current', 'current', 'entered-in-error', 'superseded']);
  // L2: by document type: the client relationship document alone.
  const form = page.locator('main form[action="/archivist/search"]');
  await form.locator('#identityCode').fill(client);
  await form.locator('#type').selectOption(`${DOCUMENT_GROUP_SYSTEM}|${CLIENT_RELATIONSHIP_GROUP_CODE}`);
  await form.locator('button[type=submit]').click();
  const byType = await page.locator('[data-testid=results] tbody tr').allTextContents();
  assert.equal(byType.length, 1, byType.join(' | '));
  assert.match(byType[0]!, /Asiakkuusasiakirja/);
  assert.ok(urls.every((u) => !decodeURIComponent(u).includes(client)), 'the identity code appeared in a URL');
  await context.close();
});

test('L2, V14: the archivist opens a document with its versions, sees whether the client sees it, and invalidates it with a reason', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, archivistName);
  await search(page, client);
  const current = page.locator('[data-testid=results] tbody tr', { hasText: 'Voimassa' }).filter({ hasText: 'v2' });
  await current.getByRole('link').click();
  assert.equal(await page.locator('[data-testid=versions] li').count(), 2);
  assert.match(await page.getByTestId('portal-answer').textContent() ?? '', /Kyllä/);
  assert.match(await page.getByTestId('portal-reasons').textContent() ?? '', /L3/);
  await accessible(page, 'archivist-document-fi');
  await page.locator('#reason').fill('tallennettu väärälle asiakkaalle');
  await page.locator('main form button[type=submit]').click();
  assert.match(await page.getByTestId('status').textContent() ?? '', /Mitätöity/);
  assert.match(await page.content(), /tallennettu väärälle asiakkaalle/);
  const audit = await archive.sql<{ n: number }>("select count(*)::int as n from audit_event where action = 'invalidate' and body like '%kansio-archivist%'");
  assert.equal(audit[0]!.n, 1);
  await context.close();
});

test('D10, L2: the archivist reads the register\'s audit trail, filters it by action, and the reading is audited', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, archivistName);
  await page.goto(`${archive.baseUrl}/archivist/audit`);
  const rows = await page.locator('[data-testid=audit] tbody tr').allTextContents();
  assert.ok(rows.some((r) => r.includes(workerName) && /Tallensi/.test(r)), rows.slice(0, 5).join(' | '));
  await accessible(page, 'archivist-audit-fi');
  await page.locator('#action').selectOption('invalidate');
  await page.locator('main form button[type=submit]').click();
  const invalidations = await page.locator('[data-testid=audit] tbody tr').allTextContents();
  assert.ok(invalidations.length >= 1);
  assert.ok(invalidations.every((r) => /Mitätöi/.test(r)), invalidations.join(' | '));
  // Who and on which basis: the archivist's own searches of the own register.
  await page.goto(`${archive.baseUrl}/archivist/audit?who=${encodeURIComponent(archivistName.split(' ')[1]!)}&basis=own-register`);
  const mine = await page.locator('[data-testid=audit] tbody tr').allTextContents();
  assert.ok(mine.length >= 1, 'the archivist\'s searches');
  assert.ok(mine.every((r) => r.includes(archivistName) && /oma rekisteri/i.test(r)), mine.join(' | '));
  await page.goto(`${archive.baseUrl}/archivist/audit?who=${encodeURIComponent(archivistName)}&basis=consent`);
  assert.equal(await page.locator('[data-testid=audit-empty]').count(), 1, 'no consent-based record of the archivist');
  await accessible(page, 'archivist-audit-filtered-fi');
  assert.equal((await page.goto(`${archive.baseUrl}/archivist/audit?basis=guess`))?.status(), 400);
  const bad = await page.goto(`${archive.baseUrl}/archivist/audit?from=2026-02-30`);
  assert.equal(bad?.status(), 400);
  assert.equal(await page.locator('.govuk-error-summary').count(), 1);
  const read = await archive.sql<{ n: number }>("select count(*)::int as n from audit_event where action = 'audit-search' and body like '%archivist-audit%'");
  assert.ok(read[0]!.n >= 2);
  await context.close();
});

test('V14, V8, V5(c): the archivist asks whether the client\'s guardian sees a document hidden from guardians: no, and the rule that decides it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, archivistName);
  await search(page, child);
  // Newest first: the document hidden from guardians, then the client relationship document.
  await page.locator('[data-testid=results] tbody tr').first().getByRole('link').click();
  // The client sees it; the guardian does not.
  assert.match(await page.getByTestId('portal-answer').textContent() ?? '', /Kyllä/);
  await page.getByLabel(/Ville Valvoja/).check();
  await page.getByRole('button', { name: 'Kysy' }).click();
  assert.match(await page.getByTestId('portal-answer').textContent() ?? '', /rajoitus|Ei/);
  // The checklist marks the rule that hides it, in the page's language, and the checks it passed.
  const hiding = await page.locator('[data-testid=portal-reasons] li[data-effect=hides]').allTextContents();
  assert.deepEqual(hiding.map((h) => h.replace(/\s+/g, ' ').trim()), ['Piilottaa V5(c): Ammattilainen on piilottanut sen huoltajilta.']);
  const passed = await page.locator('[data-testid=portal-reasons] li[data-effect=passes]').allTextContents();
  assert.ok(passed.some((p) => /V8/.test(p) && /Huoltaja/.test(p)), passed.join(' | '));
  assert.ok(passed.some((p) => /V2/.test(p)), passed.join(' | '));
  assert.match(await page.locator('[data-testid=portal-reasons] li[data-effect=note]').textContent() ?? '', /L3: Organisaatio arkistoi reaaliaikaisesti/);
  assert.deepEqual(await accessibilityViolations(page), []);
  // The same checklist in Swedish.
  await page.goto(`${archive.baseUrl}/language?to=sv&return=${encodeURIComponent(new URL(page.url()).pathname + new URL(page.url()).search)}`);
  assert.match(await page.locator('[data-testid=portal-reasons] li[data-effect=hides]').textContent() ?? '', /Yrkespersonen har dolt den för vårdnadshavarna/);
  await context.close();
});

test('L3: the front page shows the register\'s counts as charts with their figures, and a batch delivery that is late', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, archivistName);
  await page.waitForURL(`${archive.baseUrl}/archivist`);
  assert.equal(await page.locator('svg[role=img]').count(), 3);
  assert.match(await page.getByTestId('chart-stored').textContent() ?? '', /\d/);
  await accessible(page, 'archivist-dashboard-fi');
  // A batch time that has passed today with nothing stored since: late.
  const controller = (await archive.sql<{ oid: string }>("select oid from organisation where name = 'Arkiston hyvinvointialue'"))[0]!.oid;
  await archive.database.db.withTransaction((tx) => setControllerSettings(tx, { controllerOid: controller, change: { archiving: { kind: 'batch', at: '00:00' } }, by: { system: { id: 't', name: 't' }, organisationOid: controller }, now: new Date().toISOString() }));
  await archive.sql("update document set stored_at = now() - interval '2 days' where controller_oid = $1", [controller]);
  await page.reload();
  const now = new Date();
  const hour = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Helsinki', hour: 'numeric', hourCycle: 'h23' }).format(now));
  // Within the first hour after midnight the batch is not due yet (an hour's grace): no assertion then.
  if (hour >= 1) assert.equal(await page.getByTestId('late').count(), 1);
  await context.close();
});

test('L3, V10: the archivist sets the register\'s settings; a future start date for a service hides its documents in the portal, a bad time is named', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, archivistName);
  await page.goto(`${archive.baseUrl}/archivist/settings`);
  await accessible(page, 'archivist-settings-fi');
  await page.locator('input[name=archiving][value=batch]').check();
  await page.locator('#batch-time').fill('25:99');
  await page.locator('main form[action="/archivist/settings"] button[type=submit]').click();
  assert.equal(await page.locator('.govuk-error-summary').count(), 1);
  await accessible(page, 'archivist-settings-error-fi');
  await page.locator('input[name=archiving][value=batch]').check();
  await page.locator('#batch-time').fill('02:00');
  await page.locator('#task-families-with-children').fill('2099-01-01');
  await page.locator('main form[action="/archivist/settings"] button[type=submit]').click();
  assert.match(page.url(), /saved=1/);
  const [row] = await archive.sql<{ person_key: string }>('select person_key::text from person where identity_code = $1', [client]);
  const { listPortalDocuments } = await import('../../src/usecases/list-portal-documents.ts');
  const { portalSettings } = await import('../../src/usecases/portal-context.ts');
  const list = await archive.database.db.withConnection(async (c) => listPortalDocuments(c, { viewer: { citizenKey: row!.person_key, personKey: row!.person_key, relation: 'self' }, settings: await portalSettings(c, archive.config), now: new Date().toISOString() }));
  const controller = (await archive.sql<{ oid: string }>("select oid from organisation where name = 'Arkiston hyvinvointialue'"))[0]!.oid;
  // V10: this register's service has not reached its start date; the other register's document still shows.
  assert.equal(list.total, 1);
  assert.ok(list.shown.every((d) => d.controllerOid !== controller));
  await page.locator('#task-families-with-children').fill('');
  await page.locator('main form[action="/archivist/settings"] button[type=submit]').click();
  await context.close();
});

test('V10: a named transition period added on the settings page hides its category in the portal while in force; a bad period is named and changes nothing; removed, the documents show again', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, archivistName);
  await page.goto(`${archive.baseUrl}/archivist/settings`);
  // A client of this register only, with a document the portal shows.
  const fresh = aPersonCode('1975-05-05');
  await archive.store(worker, aDocument().forClient(fresh).clientRelationship().build());
  await archive.store(worker, aDocument().forClient(fresh).createdAt('2026-02-02T10:00:00+02:00').build());
  const [row] = await archive.sql<{ person_key: string }>('select person_key::text from person where identity_code = $1', [fresh]);
  const { listPortalDocuments } = await import('../../src/usecases/list-portal-documents.ts');
  const { portalSettings } = await import('../../src/usecases/portal-context.ts');
  const shownOf = async () => archive.database.db.withConnection(async (c) => listPortalDocuments(c, { viewer: { citizenKey: row!.person_key, personKey: row!.person_key, relation: 'self' }, settings: await portalSettings(c, archive.config), now: new Date().toISOString() }));
  const controller = (await archive.sql<{ oid: string }>("select oid from organisation where name = 'Arkiston hyvinvointialue'"))[0]!.oid;
  const before = await shownOf();
  assert.ok(before.shown.some((d) => d.controllerOid === controller), 'the register\'s documents show before the period');

  const add = page.locator('main form[action="/archivist/settings/transitions"]');
  // Backwards: the last day before the first. Named, and nothing saved.
  await add.locator('#transition-name').fill('Järjestelmävaihto');
  await add.locator('#transition-category').selectOption('all');
  await add.locator('#transition-from').fill('2026-12-31');
  await add.locator('#transition-until').fill('2026-01-01');
  await add.locator('button[type=submit]').click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /viimeinen päivä/i);
  assert.equal((await archive.sql('select * from portal_transition_period')).length, 0);
  await accessible(page, 'archivist-transition-error-fi');

  await add.locator('#transition-from').fill('2020-01-01');
  await add.locator('#transition-until').fill('2099-12-31');
  await add.locator('button[type=submit]').click();
  await page.waitForURL(/transition=added/);
  assert.match(await page.getByTestId('transitions').innerText(), /Järjestelmävaihto[\s\S]*Kaikki rekisterin asiakirjat/);
  await accessible(page, 'archivist-transitions-fi');
  const during = await shownOf();
  assert.equal(during.total, 0, 'none of the register\'s documents show during the period');
  // V14: the explain answer names the period.
  const version = (await archive.sql<{ version_id: string }>("select version_id::text from document where controller_oid = $1 and status = 'current' and person_key = $2::bigint order by created_at desc limit 1", [controller, row!.person_key]))[0]!.version_id;
  await page.goto(`${archive.baseUrl}/archivist/documents/${version}`);
  assert.match((await page.locator('[data-testid=portal-reasons] li[data-effect=hides]').allInnerTexts()).join(' | '), /V10: Siirtymäaika 'Järjestelmävaihto' piilottaa kaikki/);

  await page.goto(`${archive.baseUrl}/archivist/settings`);
  await page.getByRole('button', { name: 'Poista siirtymäaika Järjestelmävaihto' }).click();
  await page.waitForURL(/transition=removed/);
  assert.equal((await shownOf()).total, before.total);
  const audited = await archive.sql<{ body: string }>("select body from audit_event where action = 'settings-change' and body like '%Järjestelmävaihto%'");
  assert.equal(audited.length, 2, 'the addition and the removal are audited');
  await context.close();
});

test('S10, L2: the archivist sees what is past retention in their own register only, with the periods; the listing is audited and destroys nothing', async () => {
  const before = await archive.sql<{ n: number }>('select count(*)::int as n from document');
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, archivistName);
  await page.waitForURL(`${archive.baseUrl}/archivist`);
  await page.getByRole('link', { name: 'Säilytysajat' }).click();
  await page.waitForURL(`${archive.baseUrl}/archivist/retention`);
  // The relationship document (ended 2010-06-30, two versions) and the decision of 2008: 10 years from the relationship's end.
  const due = await page.locator('[data-testid=retention-due] tbody tr').allTextContents();
  assert.equal(due.length, 2, due.join(' | '));
  assert.ok(due.every((r) => /Iäkkäiden/.test(r) && /30\. kesäkuuta 2020/.test(r)), due.join(' | '));
  assert.match(await page.locator('[data-testid=retention-summary]').innerText(), /^2\//);
  const rules = await page.locator('[data-testid=retention-rules] tbody tr').allTextContents();
  assert.ok(rules.some((r) => /Iäkkäiden/.test(r) && /10 vuotta asian päättymisestä/.test(r)), rules.join(' | '));
  await accessible(page, 'archivist-retention-fi');
  // Each listed document opens in the archivist's document page: the own register's.
  await page.locator('[data-testid=retention-due] tbody tr a').first().click();
  assert.match(page.url(), /\/archivist\/documents\//);
  assert.equal((await archive.sql<{ n: number }>('select count(*)::int as n from document'))[0]!.n, before[0]!.n, 'listing destroys nothing');
  const audited = await archive.sql<{ body: string }>("select body from audit_event where body like '%archivist-retention-due%'");
  assert.equal(audited.length, 1);
  const record = JSON.parse(audited[0]!.body) as { documents: { controllerOid: string }[]; because: { rule: string }[] };
  assert.equal(record.documents.length, 3, 'the versions of the two listed documents');
  assert.ok(record.because.some((b) => b.rule === 'S10'));
  await context.close();
});

test('L2: a professional without the archivist role is refused at login', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, workerName);
  assert.match(await page.content(), /Et ole arkistonhoitaja/);
  await context.close();
});

for (const lang of ['sv', 'en'] as const) {
  test(`accessibility: the archivist pages in ${lang === 'sv' ? 'Swedish' : 'English'} have no axe violations`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${archive.baseUrl}/language?to=${lang}&return=/archivist`);
    await accessible(page, `archivist-start-${lang}`);
    await page.goto(`${archive.baseUrl}/archivist/login`);
    await page.getByRole('button', { name: archivistName, exact: true }).click();
    await page.waitForURL(`${archive.baseUrl}/archivist`);
    await accessible(page, `archivist-dashboard-${lang}`);
    await search(page, client);
    await accessible(page, `archivist-results-${lang}`);
    await page.locator('[data-testid=results] tbody tr a').first().click();
    await accessible(page, `archivist-document-${lang}`);
    await page.goto(`${archive.baseUrl}/archivist/retention`);
    await accessible(page, `archivist-retention-${lang}`);
    await page.goto(`${archive.baseUrl}/archivist/settings`);
    await accessible(page, `archivist-settings-${lang}`);
    await context.close();
  });
}

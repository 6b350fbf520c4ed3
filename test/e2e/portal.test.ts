// The citizen portal through real pages in headless Chromium: each test logs in through the demo
// provider as a person would and checks what the page shows, by rule id. Every page visited is
// checked with axe (WCAG 2.1 AA) and, with KANSIO_TEST_SCREENSHOTS=1, photographed into test-output/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { guardianship, mandate, person, register } from '../support/registers.ts';
import { accessibilityViolations, launchChromium, logInAs, screenshot } from '../support/browser.ts';

let archive: TestArchive;
let browser: Browser;
let actor: Actor;
const child = aPersonCode('2014-02-01');
const guardian = aPersonCode('1984-03-01');
const grownUp = aPersonCode('2006-01-01');
const principal = aPersonCode('1940-01-01');
const holder = aPersonCode('1970-01-01');
const expiredHolder = aPersonCode('1971-01-01');
const SPECIAL_TITLE = 'Turvasuunnitelma (erityissisältö)';
const SHELTER_TITLE = 'Turvakotijakson arvio';

before(async () => {
  archive = await startTestArchive({ portalLogin: true });
  const area = await archive.controller('Testin hyvinvointialue');
  actor = await archive.actor(area);
  await register(archive,
    person(child, 'Ella', 'Portaali'), person(guardian, 'Laura', 'Portaali'), person(grownUp, 'Ville', 'Aikuinen'),
    person(principal, 'Pirkko', 'Valtuuttaja'), person(holder, 'Tiina', 'Valtuutettu'), person(expiredHolder, 'Marja', 'Vanhentunut'),
    guardianship(child, guardian), guardianship(grownUp, guardian, { start: '2006-06-01' }),
    mandate(principal, holder), mandate(principal, expiredHolder, { validUntil: '2025-12-31' }),
  );
  for (const code of [child, grownUp, principal]) {
    await archive.store(actor, aDocument().forClient(code).inTask(code === principal ? 'older-people' : 'families-with-children')
      .clientRelationship({ start: '2025-02-03', worker: { name: 'Sanna Sosiaalityöntekijä', phone: '+358 40 123 4567', email: 'sanna@example.fi' } }).build());
  }
  const stored = (b: ReturnType<typeof aDocument>) => archive.store(actor, b.build());
  // The newest of the child's documents of its type, so that it is the first link of that name (V1, V12 opens it).
  await stored(aDocument().forClient(child).createdAt('2026-03-02T10:00:00+02:00').withJson({ title: 'Palvelutarpeen arvio', text: ['Ella tarvitsee tukea koulunkäyntiin.'] }));
  await stored(aDocument().forClient(child).phase('1').withPdf('Vanha vaihe 1 -asiakirja'));
  await stored(aDocument().forClient(child).ofType('1011').withJson({ title: SHELTER_TITLE, text: ['Turvakoti'] }));
  await stored(aDocument().forClient(child).specialContent().withJson({ title: SPECIAL_TITLE, text: ['Salainen'] }));
  await stored(aDocument().forClient(child).createdAt('2026-02-01T10:00:00+02:00').hiddenFromGuardians().withJson({ title: 'Lapsen oma keskustelu', text: ['Vain Ellalle'] }));
  await stored(aDocument().forClient(child).ofType('19001').withJson({ title: 'Asiakaskertomusmerkintä', text: ['Merkintä'] }));
  await stored(aDocument().forClient(principal).inTask('older-people').withJson({ title: 'Palvelusuunnitelma', text: ['Kotihoito'] }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await archive?.close();
});

async function as(name: string, lang = 'fi'): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ locale: lang });
  const page = await context.newPage();
  await logInAs(page, archive.baseUrl, name);
  return { page, context };
}

async function accessible(page: Page, name: string): Promise<void> {
  assert.deepEqual(await accessibilityViolations(page), [], `axe violations on ${page.url()}`);
  await screenshot(page, name);
}

const documentTypes = async (page: Page): Promise<string[]> => page.locator('[data-testid=task-group] a').allTextContents();

test('V7, V13, V1: a minor logs in and sees their own documents by service task, the relationship start and the named worker', async () => {
  const { page, context } = await as('Ella Portaali');
  assert.match(await page.getByTestId('whose-data').textContent() ?? '', /Ella Portaali/);
  const groups = await page.locator('[data-testid=task-group] caption').allTextContents();
  assert.deepEqual(groups.map((g) => g.trim()), ['Lapsiperheiden palvelut']);
  assert.ok((await documentTypes(page)).includes('Lapsen ja perheen palvelutarpeen arvio'));
  const relationship = await page.getByTestId('relationship').first().textContent() ?? '';
  assert.match(relationship, /Sanna Sosiaalityöntekijä/);
  assert.match(relationship, /\+358 40 123 4567/);
  assert.match(relationship, /3\. helmikuuta 2025/);
  await accessible(page, 'documents-fi');
  await context.close();
});

test('V2, V3, V4: phase 1, shelter service and (by default) client journal documents never appear', async () => {
  const { page, context } = await as('Ella Portaali');
  const content = await page.content();
  assert.doesNotMatch(content, new RegExp(SHELTER_TITLE));
  assert.doesNotMatch(content, /Asiakaskertomusmerkintä/);
  assert.doesNotMatch(content, /Vanha vaihe 1/);
  await context.close();
});

test('V5, V6: a document of special content is not shown, and the page says that a restriction exists', async () => {
  const { page, context } = await as('Ella Portaali');
  assert.doesNotMatch(await page.content(), new RegExp(SPECIAL_TITLE));
  assert.match(await page.getByTestId('restriction-notice').textContent() ?? '', /1/);
  await context.close();
});

test('V1, V12: a document opens as readable headed sections, and no page offers to change a document or send a message', async () => {
  const { page, context } = await as('Ella Portaali');
  await page.getByRole('link', { name: 'Lapsen ja perheen palvelutarpeen arvio' }).first().click();
  assert.equal(await page.getByRole('heading', { level: 2, name: 'Teksti' }).count(), 1);
  assert.match(await page.content(), /Ella tarvitsee tukea koulunkäyntiin/);
  assert.doesNotMatch(await page.content(), /"text":/);
  await accessible(page, 'document-fi');
  const actions = await page.locator('form').evaluateAll((forms) => forms.map((f) => (f as HTMLFormElement).getAttribute('action')));
  assert.deepEqual(actions, ['/logout']);
  await context.close();
});

test('V8, V5(c), V13: a guardian switches to the child explicitly and sees the child\'s documents except those hidden from guardians', async () => {
  const { page, context } = await as('Laura Portaali');
  assert.match(await page.getByTestId('whose-data').textContent() ?? '', /Laura Portaali/);
  await page.goto(`${archive.baseUrl}/people`);
  await accessible(page, 'people-fi');
  await page.getByRole('button', { name: /Ella Portaali/ }).click();
  assert.match(await page.getByTestId('whose-data').textContent() ?? '', /Ella Portaali/);
  const content = await page.content();
  assert.match(content, /Lapsen ja perheen palvelutarpeen arvio/);
  assert.doesNotMatch(content, /Lapsen oma keskustelu/);
  // V6: the guardian is told that restrictions exist (special content, hidden from guardians).
  assert.match(await page.getByTestId('restriction-notice').textContent() ?? '', /2/);
  await context.close();
});

test('V8: a guardian\'s right ends on the child\'s 18th birthday: the grown-up child is not listed, and the page says why', async () => {
  const { page, context } = await as('Laura Portaali');
  await page.goto(`${archive.baseUrl}/people`);
  const listed = await page.getByTestId('people').textContent() ?? '';
  assert.doesNotMatch(listed, /Ville Aikuinen/);
  assert.match(await page.getByTestId('people-ended').textContent() ?? '', /Ville Aikuinen/);
  await context.close();
});

test('V9: a mandate holder sees the principal\'s documents; an expired mandate gives nothing', async () => {
  const { page, context } = await as('Tiina Valtuutettu');
  await page.goto(`${archive.baseUrl}/people`);
  await page.getByRole('button', { name: /Pirkko Valtuuttaja/ }).click();
  assert.ok((await documentTypes(page)).length >= 1);
  await context.close();
  const expired = await as('Marja Vanhentunut');
  await expired.page.goto(`${archive.baseUrl}/people`);
  assert.doesNotMatch(await expired.page.getByTestId('people').textContent() ?? '', /Pirkko/);
  await expired.context.close();
});

test('V11: the log shows who searched the data, with name and title, without naming a document the portal does not show', async () => {
  const search = await archive.fhir(actor, 'GET', `/DocumentReference?patient.identifier=urn:oid:1.2.246.21|${child}&status=current`);
  assert.equal(search.status, 200);
  const { page, context } = await as('Ella Portaali');
  await page.goto(`${archive.baseUrl}/log`);
  const entries = await page.getByTestId('log-entry').allTextContents();
  const searchEntry = entries.find((e) => /Testi Ammattilainen/.test(e) && /Haki|Hakenut|haku/i.test(e)) ?? entries.find((e) => /Testi Ammattilainen/.test(e));
  assert.ok(searchEntry, `no entry names the professional: ${entries.join(' | ')}`);
  assert.match(searchEntry!, /sosiaalityöntekijä/);
  assert.doesNotMatch(await page.content(), /Turvakoti/);
  await accessible(page, 'log-fi');
  await context.close();
});

test('D5, D7: the person acknowledges the informing, then gives the consent; both are confirmed and shown', async () => {
  const { page, context } = await as('Pirkko Valtuuttaja');
  await page.goto(`${archive.baseUrl}/consent`);
  await accessible(page, 'consent-fi');
  // D5: without the informing a consent is refused.
  await page.goto(`${archive.baseUrl}/consent/give`);
  await page.getByRole('button', { name: 'Anna luovutuslupa' }).click().catch(async () => page.locator('form button[type=submit]').first().click());
  assert.equal(await page.locator('.govuk-error-summary').count(), 1);
  await page.goto(`${archive.baseUrl}/consent/informing`);
  await page.locator('main form button[type=submit]').click();
  assert.equal(await page.getByTestId('confirmation').count(), 1);
  await page.goto(`${archive.baseUrl}/consent/give`);
  await page.locator('main form button[type=submit]').click();
  assert.equal(await page.getByTestId('confirmation').count(), 1);
  await page.goto(`${archive.baseUrl}/consent`);
  assert.doesNotMatch(await page.getByTestId('consent-status').textContent() ?? '', /Ei annettu|Not given/);
  // Every change shows in the log of use, as given in the portal.
  await page.goto(`${archive.baseUrl}/log`);
  const changes = (await page.getByTestId('log-entry').allTextContents()).filter((e) => /Kirjasi luovutusluvan tai kiellon/.test(e));
  assert.ok(changes.length >= 2, `the informing and the consent are not in the log: ${changes.join(' | ')}`);
  await context.close();
});

test('D8: the person sets a prohibition per service task, after checking it', async () => {
  const { page, context } = await as('Pirkko Valtuuttaja');
  await page.goto(`${archive.baseUrl}/consent/prohibit`);
  await accessible(page, 'prohibit-kind-fi');
  await page.locator('input[value=service-task]').check();
  await page.locator('main form button[type=submit]').click();
  await page.locator('input[value=older-people]').check();
  await page.locator('main form button[type=submit]').click();
  await accessible(page, 'prohibit-check-fi');
  await page.locator('main form button[type=submit]').click();
  assert.equal(await page.getByTestId('confirmation').count(), 1);
  await page.goto(`${archive.baseUrl}/consent`);
  assert.match(await page.getByTestId('prohibitions').textContent() ?? '', /Iäkkäiden palvelut/);
  await context.close();
});

test('S5: a guardian is told that they cannot prohibit for the child, and a posted prohibition is refused', async () => {
  const { page, context } = await as('Laura Portaali');
  await page.goto(`${archive.baseUrl}/people`);
  await page.getByRole('button', { name: /Ella Portaali/ }).click();
  await page.goto(`${archive.baseUrl}/consent`);
  assert.equal(await page.getByTestId('guardian-cannot-prohibit').count(), 1);
  const token = await page.locator('input[name=_csrf]').first().inputValue();
  const response = await page.request.post(`${archive.baseUrl}/consent/prohibit`, { form: { _csrf: token, scope: 'service-task', target: 'families-with-children' } });
  assert.notEqual(response.status(), 302);
  assert.doesNotMatch(await response.text(), /kansio-panel|data-testid="confirmation"/);
  await context.close();
});

test('security: another person\'s id in a form is refused, a form without its CSRF token is refused, cookies carry their flags, CSP is sent, pages are not cached', async () => {
  const { page, context } = await as('Tiina Valtuutettu');
  const token = await page.locator('input[name=_csrf]').first().inputValue();
  const foreign = await archive.sql<{ fhir_id: string }>('select fhir_id::text from person where identity_code = $1', [child]);
  const refused = await page.request.post(`${archive.baseUrl}/people`, { form: { _csrf: token, person: foreign[0]!.fhir_id }, maxRedirects: 0 });
  assert.equal(refused.status(), 403);
  const noToken = await page.request.post(`${archive.baseUrl}/consent/give`, { form: {}, maxRedirects: 0 });
  assert.equal(noToken.status(), 403);
  const cookie = (await context.cookies()).find((c) => c.name === 'kansio_session')!;
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  const response = await page.request.get(`${archive.baseUrl}/documents`);
  assert.match(response.headers()['content-security-policy'] ?? '', /default-src 'self'/);
  assert.match(response.headers()['cache-control'] ?? '', /no-store/);
  assert.doesNotMatch(page.url(), new RegExp(holder));
  await context.close();
});

test('accessibility and languages: the front page and the documents page in Swedish and English have no axe violations', async () => {
  for (const lang of ['sv', 'en'] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${archive.baseUrl}/language?to=${lang}&return=/`);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    await accessible(page, `start-${lang}`);
    await page.goto(`${archive.baseUrl}/login`);
    await page.getByRole('button', { name: 'Ella Portaali', exact: true }).click();
    await page.waitForURL(`${archive.baseUrl}/documents`);
    await accessible(page, `documents-${lang}`);
    await page.goto(`${archive.baseUrl}/log`);
    await accessible(page, `log-${lang}`);
    await context.close();
  }
});

test('D7, D8: what the person gave in the portal reads back over FHIR as Consent records with channel portal, from the same consent service', async () => {
  const r = await archive.fhir(actor, 'GET', `/Consent?patient.identifier=urn:oid:1.2.246.21|${principal}`);
  assert.equal(r.status, 200);
  const consents = ((r.body as { entry?: { resource: never }[] }).entry ?? []).map((e: { resource: { extension?: { url: string; valueCode?: string }[]; organization?: { display?: string }[] } }) => e.resource);
  const portal = consents.filter((c: { extension?: { url: string; valueCode?: string }[] }) => c.extension?.some((x) => /consent-channel/.test(x.url) && x.valueCode === 'portal'));
  // The informing, the consent and the prohibition of the tests above.
  assert.equal(portal.length, 3);
  assert.ok(portal.every((c: { organization?: { display?: string }[] }) => c.organization?.[0]?.display === 'Kansio citizen portal'));
});

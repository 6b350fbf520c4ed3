// Every page of the portal, in every language, through a real browser: zero axe violations
// (WCAG 2.1 A and AA), with a screenshot of each into test-output/screenshots when KANSIO_TEST_SCREENSHOTS=1.
// The error states count as pages too: a date filter that is not a date, a question left
// unanswered, a document that is not there, a form without its CSRF token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestArchive, type Actor, type TestArchive } from '../support/archive.ts';
import { aDocument, aPersonCode } from '../support/bundles.ts';
import { guardianship, person, register } from '../support/registers.ts';
import { informedAndConsenting, prohibition, recorded } from '../support/consents.ts';
import { launchChromium } from '../support/browser.ts';
import { assertAccessible, newVisitor, PORTAL_LANGS, type PortalLang } from '../support/portal-pages.ts';

let archive: TestArchive;
let browser: Browser;
let pro: Actor;
const aino = aPersonCode('1985-04-01');
const child = aPersonCode('2016-05-01');
const grownUp = aPersonCode('2005-01-01');
const JSON_TITLE = 'Palvelutarpeen arvio kesällä';
const PDF_TITLE = 'Päätös tukiasumisesta';

before(async () => {
  archive = await startTestArchive({ portalLogin: true });
  const area = await archive.controller('Saavutettavuuden hyvinvointialue');
  pro = await archive.actor(area);
  await register(archive,
    person(aino, 'Aino', 'Saavutettava'), person(child, 'Eetu', 'Saavutettava'), person(grownUp, 'Oskari', 'Saavutettava'),
    guardianship(child, aino), guardianship(grownUp, aino));
  for (const [code, task] of [[aino, 'working-age'], [aino, 'disability'], [child, 'families-with-children']] as const) {
    await archive.store(pro, aDocument().forClient(code).inTask(task)
      .clientRelationship({ start: '2025-02-03', worker: { name: 'Sanna Sosiaalityöntekijä', phone: '+358 40 123 4567', email: 'sanna@example.fi' } }).build());
  }
  const store = (b: ReturnType<typeof aDocument>) => archive.store(pro, b.build());
  await store(aDocument().forClient(aino).inTask('working-age').described(JSON_TITLE)
    .withJson({ title: 'Palvelutarpeen arvio', text: ['Aino tarvitsee tukea arkeen.'], data: { worker: 'Sanna Sosiaalityöntekijä', start: '2025-02-03' } }));
  await store(aDocument().forClient(aino).inTask('disability').ofType('1005').described(PDF_TITLE).withPdf('Tukiasumisen päätös'));
  await store(aDocument().forClient(aino).inTask('working-age').specialContent().described('Erityissisältö'));
  await store(aDocument().forClient(child).described('Eetun arvio'));
  // The log has a professional's search to show; the consent page has a consent and a
  // prohibition, recorded at a visit (D7, D8), for the revoke pages.
  assert.equal((await archive.fhir(pro, 'GET', `/DocumentReference?patient.identifier=urn:oid:1.2.246.21|${aino}&status=current`)).status, 200);
  await informedAndConsenting(archive, pro, aino);
  await recorded(archive, pro, prohibition({ client: aino, on: { task: 'disability' } }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await archive?.close();
});

/** Goes to the path, checks the answer's status, then the page with axe. */
async function visit(page: Page, path: string, name: string, status = 200): Promise<void> {
  const response = await page.goto(`${archive.baseUrl}${path}`);
  assert.equal(response?.status(), status, `${path}: status`);
  await assertAccessible(page, name);
}

/** Submits the page's main form as it is (nothing chosen) and checks the page it gives. */
async function submitUnanswered(page: Page, name: string, status: number): Promise<void> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().isNavigationRequest()), page.locator('main form button').click()]);
  assert.equal(response.status(), status, `${name}: status`);
  await page.waitForLoadState();
  assert.equal(await page.locator('.govuk-error-summary').count(), 1, `${name}: the error summary`);
  await assertAccessible(page, name);
}

const hrefOf = async (page: Page, selector: string): Promise<string> => {
  const href = await page.locator(selector).first().getAttribute('href');
  assert.ok(href, selector);
  return href;
};

/** The link of the list row whose title is `title`. */
const documentHref = (page: Page, title: string): Promise<string> => hrefOf(page, `[data-testid=task-group] tr:has-text("${title}") a`);

/** A visitor in `lang`, logged in as Aino Saavutettava through the demo provider, on /documents. */
async function loggedIn(lang: PortalLang): Promise<{ page: Page; context: BrowserContext }> {
  const { page, context } = await newVisitor(browser, archive.baseUrl, lang);
  await page.goto(`${archive.baseUrl}/login`);
  await page.waitForURL(/\/demo-login\//);
  await page.getByRole('button', { name: 'Aino Saavutettava', exact: true }).click();
  await page.waitForURL(`${archive.baseUrl}/documents`);
  return { page, context };
}

// Each language's sweep is three tests, each with its own login, so that each stays well inside
// the per-test timeout on a loaded machine.
for (const lang of PORTAL_LANGS) {
  const shot = (name: string): string => `${name}-${lang}`;

  test(`accessibility, ${lang}: the start, login, document, people and log pages of the portal have no axe violations`, async () => {
    const { page, context } = await newVisitor(browser, archive.baseUrl, lang);
    await visit(page, '/', shot('start'));
    assert.equal(await page.locator('html').getAttribute('lang'), lang);

    // The demo provider's login page, then the person's button.
    await page.goto(`${archive.baseUrl}/login`);
    await page.waitForURL(/\/demo-login\//);
    await assertAccessible(page, shot('demo-login'));
    await page.getByRole('button', { name: 'Aino Saavutettava', exact: true }).click();
    await page.waitForURL(`${archive.baseUrl}/documents`);
    await assertAccessible(page, shot('documents'));
    assert.equal(await page.locator('html').getAttribute('lang'), lang);

    await visit(page, await documentHref(page, JSON_TITLE), shot('document'));
    await page.goto(`${archive.baseUrl}/documents`);
    await visit(page, await documentHref(page, PDF_TITLE), shot('document-pdf'));
    assert.equal(await page.locator('iframe.kansio-pdf').count(), 1);
    await visit(page, '/documents/00000000-0000-4000-8000-000000000000', shot('error-404'), 404);

    await visit(page, '/people', shot('people'));
    await visit(page, '/log', shot('log'));
    assert.ok(await page.getByTestId('log-entry').count() >= 1);
    await visit(page, '/log?from=2026-05-01&to=2026-04-01', shot('log-error'), 400);
    assert.equal(await page.locator('.govuk-error-summary').count(), 1);
    // A day that does not exist is an error of the filter, not of the server.
    await visit(page, '/log?from=2026-13-45&to=2026-02-30', shot('log-error-day'), 400);
    assert.equal(await page.locator('.govuk-error-summary li').count(), 2);
    await context.close();
  });

  test(`accessibility, ${lang}: the consent and prohibition pages of the portal, and their error states, have no axe violations`, async () => {
    const { page, context } = await loggedIn(lang);
    await visit(page, '/consent', shot('consent'));
    const revokeConsent = await hrefOf(page, 'a.govuk-button--warning[href^="/consent/revoke/"]');
    const revokeProhibition = await hrefOf(page, '[data-testid=prohibitions] a[href^="/consent/revoke/"]');
    await visit(page, '/consent/informing', shot('consent-informing'));
    await visit(page, '/consent/give', shot('consent-give'));
    await visit(page, revokeConsent, shot('consent-revoke'));
    await visit(page, revokeProhibition, shot('prohibition-revoke'));

    await visit(page, '/consent/prohibit', shot('prohibit-kind'));
    await submitUnanswered(page, shot('prohibit-kind-error'), 400);
    await page.locator('input[name=scope][value=service-task]').check();
    await page.locator('main form button').click();
    await page.waitForURL(/scope=service-task/);
    await assertAccessible(page, shot('prohibit-target'));
    await submitUnanswered(page, shot('prohibit-target-error'), 400);
    await visit(page, '/consent/prohibit?scope=service-task&target=older-people', shot('prohibit-check'));
    await visit(page, '/consent/done/prohibition', shot('consent-done'));
    await context.close();
  });

  test(`accessibility, ${lang}: a guardian's pages, a refused consent and a form without its CSRF token have no axe violations`, async () => {
    const { page, context } = await loggedIn(lang);
    // As the guardian of a child: the documents and consent pages of the child, and the consent
    // page's refusal (the child has not received the informing, D5).
    await page.goto(`${archive.baseUrl}/people`);
    await page.getByRole('button', { name: /Eetu Saavutettava/ }).click();
    await page.waitForURL(`${archive.baseUrl}/documents`);
    assert.match(await page.getByTestId('whose-data').textContent() ?? '', /Eetu Saavutettava/);
    await assertAccessible(page, shot('documents-guardian'));
    await visit(page, '/consent', shot('consent-guardian'));
    assert.equal(await page.getByTestId('guardian-cannot-prohibit').count(), 1);
    await page.goto(`${archive.baseUrl}/consent/give`);
    const [refusal] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('main form button').click()]);
    assert.equal(refusal.status(), 422);
    await page.waitForLoadState();
    assert.equal(await page.locator('.govuk-error-summary').count(), 1);
    await assertAccessible(page, shot('consent-refused'));

    // A form whose CSRF token is missing: the answer is a page of its own.
    await page.goto(`${archive.baseUrl}/consent/give`);
    await page.locator('main form input[name=_csrf]').evaluate((input) => input.remove());
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('main form button').click()]);
    assert.equal(refused.status(), 403);
    await page.waitForLoadState();
    await assertAccessible(page, shot('error-csrf'));
    await context.close();
  });
}

// Helpers for the portal's browser tests that several files share: a logged-in session in a
// chosen language, an axe check with a screenshot, and what the document list shows.
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, logInAs, screenshot } from './browser.ts';

export type PortalLang = 'fi' | 'sv' | 'en';
export const PORTAL_LANGS: readonly PortalLang[] = ['fi', 'sv', 'en'];

export interface Session {
  readonly page: Page;
  readonly context: BrowserContext;
}

/** A fresh browser context; the language is chosen with the switch every page has (a cookie). */
export async function newVisitor(browser: Browser, baseUrl: string, lang: PortalLang = 'fi'): Promise<Session> {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (lang !== 'fi') {
    await page.goto(`${baseUrl}/language?to=${lang}&return=/`);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
  }
  return { page, context };
}

/** A visitor who has logged in through the demo provider as `name`; the page is the document list. */
export async function loggedIn(browser: Browser, baseUrl: string, name: string, lang: PortalLang = 'fi'): Promise<Session> {
  const session = await newVisitor(browser, baseUrl, lang);
  await logInAs(session.page, baseUrl, name);
  return session;
}

/** Zero axe violations (WCAG 2.1 A and AA) on the page as it is, then a screenshot named `name`. */
export async function assertAccessible(page: Page, name: string): Promise<void> {
  assert.deepEqual(await accessibilityViolations(page), [], `axe violations on ${name} (${page.url()})`);
  await screenshot(page, name);
}

/** The titles under the document types of the list (DocumentReference.description), in page order. */
export async function listedTitles(page: Page): Promise<string[]> {
  return (await page.locator('[data-testid=task-group] td .govuk-body-s').allTextContents()).map((t) => t.trim());
}

/** The number the restriction notice gives (V6), or 0 when the page has none. */
export async function restrictionCount(page: Page): Promise<number> {
  const notice = page.getByTestId('restriction-notice');
  if (await notice.count() === 0) return 0;
  const match = /\d+/.exec(await notice.textContent() ?? '');
  assert.ok(match, 'the restriction notice gives a number');
  return Number(match[0]);
}

// The portal's browser tests: Debian's Chromium driven by playwright-core (never a downloaded
// browser), with the flags this machine needs, an accessibility check with axe, and, with
// KANSIO_TEST_SCREENSHOTS=1, screenshots written to test-output/screenshots (git ignores it).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.KANSIO_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: FLAGS });
}

/** axe with the WCAG 2.1 A and AA rules: the violations, as lines a failing test can print. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

export const SCREENSHOTS = path.resolve('test-output', 'screenshots');

/**
 * A full-page screenshot for a person to look at, when KANSIO_TEST_SCREENSHOTS=1. Off by default:
 * nothing checks them, and at about 0.8 s a page they were minutes of every run.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.KANSIO_TEST_SCREENSHOTS !== '1') return;
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Logs in through the demo provider's page as a person would: the front page, then the person's button. */
export async function logInAs(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForURL(`${baseUrl}/documents`);
}

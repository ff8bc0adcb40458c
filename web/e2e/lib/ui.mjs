// Small helpers over playwright-core locators (no @playwright/test: node:test runs the scenario).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './platform.mjs';

/** Where the test writes its screenshots (git-ignored); docs/screenshots/ holds the reviewed copies. */
export const SHOTS = join(ROOT, 'web', 'e2e', 'screenshots');

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export const connection = (page) => page.getByRole('status', { name: 'Connection status' });

/** Waits until the locator's text matches. */
export async function untilText(locator, pattern, timeout = 30_000) {
  await locator.filter({ hasText: pattern }).first().waitFor({ state: 'visible', timeout });
}

export async function signIn(page, baseUrl, username, password) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
}

/** Marks the document; `sameDocument` later proves that nothing reloaded it in between. */
export async function markDocument(page) {
  await page.evaluate(() => { window.__orbitlendE2e = 'no-reload'; });
}

export async function sameDocument(page) {
  return page.evaluate(() => window.__orbitlendE2e === 'no-reload');
}

/** The subject (account id) of a JWT. */
export function subjectOf(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sub;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

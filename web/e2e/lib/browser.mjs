// Debian's Chromium driven by playwright-core (no browser download), with the flags of the team rules, and a
// record of every console error and uncaught page error of every page.
import { chromium } from 'playwright-core';

const STATUS_TEXT = { 404: 'Not Found' };

export const CHROMIUM = process.env.ORBITLEND_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/**
 * Console errors and page errors of all pages of the contexts it watches. While an expected outage is declared
 * (`expectOutage(pattern)`), the browser's own network errors matching the pattern (a refused WebSocket handshake,
 * a 502 from the edge while the gateway is down) are recorded apart as expected; anything else fails the test.
 */
export class ErrorLog {
  /**
   * @param documented browser network messages for documented API answers, e.g. kyc-service's 404 to
   *   GET /api/kyc for a user who has not submitted KYC yet: [{ url: RegExp, status: 404, why: '…' }]
   */
  constructor(documented = []) {
    this.errors = [];
    this.expected = [];
    this.documented = documented;
    this.outage = null;
  }

  watch(context, name) {
    context.on('page', (page) => this.watchPage(page, name));
    for (const page of context.pages()) this.watchPage(page, name);
  }

  watchPage(page, name) {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const entry = `[${name}] console: ${message.text()} (${message.location()?.url ?? ''})`;
      const url = message.location()?.url ?? '';
      const known = this.documented.find((d) => d.url.test(url)
        && message.text() === `Failed to load resource: the server responded with a status of ${d.status} (${STATUS_TEXT[d.status]})`);
      if (known) this.expected.push(`${entry} [documented: ${known.why}]`);
      else if (this.outage && this.outage.test(message.text())) this.expected.push(entry);
      else this.errors.push(entry);
    });
    page.on('pageerror', (error) => this.errors.push(`[${name}] pageerror: ${error.stack ?? error}`));
  }

  expectOutage(pattern) {
    this.outage = pattern;
  }

  endOutage() {
    this.outage = null;
  }
}

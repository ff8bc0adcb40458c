// Debian's Chromium driven by playwright-core (no browser download), with the flags of the team rules, and a
// record of every console error and uncaught page error of every page.
import { chromium } from 'playwright-core';

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
  constructor() {
    this.errors = [];
    this.expected = [];
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
      if (this.outage && this.outage.test(message.text())) this.expected.push(entry);
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

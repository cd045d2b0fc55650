import { defineConfig } from '@playwright/test';
import { randomBytes } from 'node:crypto';

// Decided once in the runner and inherited by its workers: one port, database and queue prefix per run.
process.env.CUSTOS_BROWSER_RUN ??= randomBytes(4).toString('hex');
process.env.CUSTOS_BROWSER_PORT ??= String(41000 + Math.floor(Math.random() * 8000));

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.browser.ts',
  globalSetup: './test/browser/support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 360_000,
  // How long an expectation waits for the page, not a speed goal: on a loaded 2-core CI machine a lazy
  // page has taken more than 10 s to replace the one before it (the journeys run beside jest).
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'var/playwright',
  use: {
    baseURL: `http://127.0.0.1:${process.env.CUSTOS_BROWSER_PORT}`,
    // axe-core injects a script, which the console's CSP (script-src 'self') would refuse.
    bypassCSP: true,
    actionTimeout: 15_000,
    // No transitions: screenshots show the page at rest (the theme honours reduced motion).
    contextOptions: { reducedMotion: 'reduce' },
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timezoneId: 'UTC',
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium, never a downloaded browser; the flags keep it from calling outside hosts.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
});

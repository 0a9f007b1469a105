import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests in a real browser (Debian's chromium: Playwright cannot download browsers here)
 * against the whole product started as `pnpm start` would (see e2e/global-setup.ts).
 */
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  // Without the background-networking flags Chromium keeps calling home, and this machine's closed network refuses it.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // `list` in CI too: each test's time in the log, so that a slower suite can be traced to the tests that slowed.
  reporter: 'list',
  use: {
    baseURL: process.env.E2E_URL,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined, launchOptions: chromium } },
    { name: 'phone', use: { ...devices['Pixel 7'], channel: undefined, launchOptions: chromium } },
  ],
});

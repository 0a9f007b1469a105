/**
 * Helpers for the browser tests of the public pages, support and the installed app: signing in through the
 * page, the captcha widget, the operator account global-setup creates, and the one thing no API offers for
 * the callback queue — making a request's hour run out — done in the product's SQLite database.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { database } from './accounts.js';

/** The proof of work at the default cost takes a few seconds; a slow machine gets more. */
const CAPTCHA_TIMEOUT_MS = 45_000;

export interface Credentials {
  phone: string;
  password: string;
}

/** The operator global-setup created with the product's CLI (`pnpm cli create-operator`). */
export function operator(): Credentials & { name: string } {
  const file = path.join(process.env.E2E_DATA_DIR ?? '', 'e2e-operator.json');
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The demo customer the product creates on an empty database. */
export function demoCustomer(): Credentials {
  const demo = JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR ?? '', 'demo.json'), 'utf8'));
  return { phone: demo.phone, password: demo.password };
}

/** Signs in on /login and waits to leave it. */
export async function signIn(page: Page, { phone, password }: Credentials, next = ''): Promise<void> {
  await page.goto(`/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('Номер телефона').fill(phone);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Ticks «Я не робот» in `scope` and waits for the widget to finish its proof of work. */
export async function tickCaptcha(page: Page, label = 'Я не робот', done = 'Проверено'): Promise<void> {
  const box = page.getByRole('checkbox', { name: label });
  await expect(box).toBeVisible();
  await box.click();
  await expect(page.getByRole('checkbox', { name: done })).toBeChecked({ timeout: CAPTCHA_TIMEOUT_MS });
}

/** A second browser of the same kind as the project's (a phone in the phone project), for another person. */
export async function otherBrowser(browser: Browser, info: TestInfo): Promise<BrowserContext> {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, locale, timezoneId, baseURL } = info.project.use;
  return browser.newContext({ viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, locale, timezoneId, baseURL });
}

/** Moves the promised time of the callback requests from `phone` into the past, as if more than an hour had passed. */
export function makeCallbackOverdue(phone: string, minutesLate: number): void {
  database((db) => db.prepare('update callback_request set due_at = ? where phone = ? and done_at is null').run(Date.now() - minutesLate * 60_000, phone));
}

/** No page may scroll sideways: its content fits the width of the window (a phone of 360 px included). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  expect(overflow, `${page.url()} is wider than the window by ${overflow}px`).toBeLessThanOrEqual(0);
}

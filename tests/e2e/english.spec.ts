/**
 * English: switched in the header, remembered on reload, the API's errors translated (an operator's list of problems
 * too), and back to Russian; a signed-in customer's warnings follow the cabinet's language.
 */
import { expect, test } from '@playwright/test';
import { graphql, registerViaApi } from '../support/accounts.js';
import { demoCustomer, operator, signIn } from '../support/cabinet.js';

test('the cabinet switches to English, stays English on reload and returns to Russian', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await page.getByRole('banner').getByRole('button', { name: 'Switch to English' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Your meters send their readings themselves' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Call me back' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Feedback' }).getByLabel('Email or phone')).toBeVisible();
  // The contacts in English, from the same configuration.
  const footer = page.getByRole('contentinfo');
  await expect(footer.getByText('Free hotline')).toBeVisible();
  await expect(footer.getByText('24/7')).toBeVisible();
  await expect(page).toHaveTitle('Electricity and water metering · Cometa');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Your meters send their readings themselves' })).toBeVisible();

  // Help in English, searched in English.
  await page.goto('/help');
  await page.getByRole('searchbox', { name: 'Search help' }).fill('QR code');
  await expect(page.getByRole('list', { name: 'Search results' }).getByRole('link').first()).toContainText('Adding devices');

  // The API answers in Russian; the English cabinet says it in English.
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in to your account' })).toBeVisible();
  await page.getByLabel('Phone number').fill(demoCustomer().phone);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong phone number or password')).toBeVisible();

  await page.getByRole('banner').getByRole('button', { name: 'Переключить на русский язык' }).click();
  await expect(page.getByRole('heading', { name: 'Вход в личный кабинет' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Вход в личный кабинет' })).toBeVisible();
});

test('the English cabinet explains form problems in English', async ({ page }) => {
  await page.goto('/consultation');
  await page.evaluate(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('askue.language', 'en'));
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Call me back' })).toBeVisible();
  await page.getByRole('button', { name: 'Request a call' }).click();
  await expect(page.getByText('How should we address you?')).toBeVisible();
  await expect(page.getByText('Enter your phone number')).toBeVisible();
  await expect(page.getByText('Tick “I am not a robot”', { exact: true })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'I am not a robot' })).toBeVisible();
});

test('warnings are written in the language the cabinet is used in: switching it switches the account’s', async ({ page }) => {
  const customer = await registerViaApi();
  const languageOf = async () => (await graphql<{ viewer: { account: { language: string } } }>(`{ viewer { account { language } } }`, {}, { token: customer.token })).data!.viewer.account.language;
  expect(await languageOf()).toBe('RU');
  await signIn(page, customer);
  await page.getByRole('banner').getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect.poll(languageOf).toBe('EN');
  await page.getByRole('banner').getByRole('button', { name: 'Переключить на русский язык' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect.poll(languageOf).toBe('RU');
});

test('an operator’s CSV upload is refused in English, problem by problem', async ({ page }) => {
  const header = 'controller_serial,meter_serial,meter_kind,zones,phases';
  const csv = [header, 'EN-BAD-C,EN-BAD-C-E,ELECTRICITY,1,1', 'EN-BAD-C,EN-BAD-C-G,GAS,1,2'].join('\n');
  await signIn(page, operator(), '/operator/devices');
  await page.evaluate(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('askue.language', 'en'));
  await page.reload();
  const upload = page.getByRole('region', { name: 'Upload a CSV file' });
  await upload.getByLabel('CSV file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await upload.getByRole('button', { name: 'Upload', exact: true }).click();
  const alert = upload.getByRole('alert');
  await expect(alert).toContainText('line 3: the meter kind is ELECTRICITY, COLD_WATER or HOT_WATER');
  await expect(alert).toContainText('line 3: phases: 1 or 3 (water meters: 1)');
  await expect(alert).not.toContainText('строка');
});

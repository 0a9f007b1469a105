/** The trunk, as a customer sees it: sign in, and a reading a modem sends over CoAP appears on the page, live. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const demo = () => JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, 'demo.json'), 'utf8'));

test('a reading sent over CoAP appears in the cabinet without a reload', async ({ page }) => {
  const { phone, password, controller } = demo();
  // The seed's way in: the main page, «Войти» in its header.
  await page.goto('/');
  await page.getByRole('banner').getByRole('link', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Номер телефона').fill(phone);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();

  const card = page.getByRole('region', { name: /Электроэнергия · E-0001/ });
  await expect(card).toBeVisible();
  await expect(page.getByRole('region', { name: /Холодная вода · CW-0001/ })).toBeVisible();
  await expect(page.getByRole('region', { name: /Горячая вода · HW-0001/ })).toBeVisible();
  await expect(page.getByText('онлайн')).toBeVisible();

  // Each project sends its own value, so the assertion cannot pass on what the other project left on the page.
  const watts = 1000 + Math.floor(Math.random() * 8000) + 0.5;
  const shown = new RegExp(`${Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 }).format(watts).replace(/\s/g, '\\s')}\\sВт`);
  const reloads: string[] = [];
  page.on('framenavigated', (f) => f === page.mainFrame() && reloads.push(f.url()));
  // The subscription may still be registering right after the page connected: send until the value shows.
  // Sent by libcoap's coap-client, a standard CoAP client nobody here wrote.
  const pack = path.join(tmpdir(), `e2e-pack-${process.pid}.json`);
  writeFileSync(pack, JSON.stringify([{ bn: 'E-0001:', n: 'power', u: 'W', v: watts }]));
  await expect(async () => {
    const out = execFileSync('coap-client-notls', ['-m', 'post', '-t', '110', '-f', pack, '-v', '6', `coap://127.0.0.1:${process.env.E2E_COAP_PORT}/v1/${controller.token}/readings`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toMatch(/c:2\.04/);
    await expect(card.getByRole('definition').filter({ hasText: shown })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  expect(reloads).toEqual([]);
});

test('signing out returns to the sign-in page and the cabinet stays closed', async ({ page }) => {
  const { phone, password } = demo();
  await page.goto('/login');
  await page.getByLabel('Номер телефона').fill(phone);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByRole('region', { name: /E-0001/ })).toBeVisible();
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/meters');
  await expect(page).toHaveURL(/\/login/);
});

test('a wrong password is answered next to the field, in Russian', async ({ page }) => {
  const { phone } = demo();
  await page.goto('/login');
  await page.getByLabel('Номер телефона').fill(phone);
  await page.getByLabel('Пароль', { exact: true }).fill('wrong-password');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByText('Неверный номер телефона или пароль')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

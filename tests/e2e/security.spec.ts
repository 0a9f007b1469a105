/**
 * The cabinet works under its Content-Security-Policy: no inline script or style the policy does not allow,
 * the captcha's worker included. A violation shows up as a console error; any one fails the test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const demo = () => JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, 'demo.json'), 'utf8'));

function recordViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|create|connect)/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

test('every page loads under the CSP without a violation, with the policy sent', async ({ page }) => {
  const violations = recordViolations(page);
  const shell = await page.goto('/login');
  const csp = (await shell!.allHeaders())['content-security-policy'];
  expect(csp).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);

  // The captcha computes its proof of work in a worker.
  await page.goto('/register');
  await page.getByRole('checkbox', { name: 'Я не робот' }).click();
  await expect(page.getByRole('checkbox', { name: 'Проверено' })).toBeChecked({ timeout: 45_000 });

  const { phone, password } = demo();
  await page.goto('/login');
  await page.getByLabel('Номер телефона').fill(phone);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByRole('region', { name: /E-0001/ })).toBeVisible();
  for (const route of ['/profile', '/help', '/bind']) {
    await page.goto(route);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
  expect(violations).toEqual([]);
});

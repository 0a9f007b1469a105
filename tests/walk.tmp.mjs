import { chromium } from '@playwright/test';
import fs from 'node:fs';
const demo = JSON.parse(fs.readFileSync('/tmp/demoA/demo.json', 'utf8'));
const base = 'http://localhost:3950';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ru-RU' });
const page = await ctx.newPage();
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
await page.goto(base + '/login');
await page.getByLabel('Номер телефона').fill(demo.phone);
await page.getByLabel('Пароль').fill(demo.password);
await page.getByRole('button', { name: 'Войти' }).click();
await page.waitForTimeout(3000);
const urls = process.argv.slice(2);
for (const u of urls) {
  await page.goto(base + u);
  await page.waitForTimeout(2500);
  const name = u.replace(/[^a-z0-9]+/gi, '_') || 'root';
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
  console.log(u, '->', page.url());
}
console.log('errors', errors.slice(0, 10));
await browser.close();

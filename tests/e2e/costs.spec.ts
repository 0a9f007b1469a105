/**
 * «Расходы в рублях»: the demo customer opens the summary from the meters list and sees the last twelve months
 * in roubles, newest first, the current month marked «пока», and a period total that is the sum of the months.
 *
 * The e2e product runs without the simulator (global-setup: SIMULATE=0), so the demo meters have no history and
 * every amount would be «—». The history is sent here the way a modem sends a backlog — SenML over CoAP with the
 * demo controller's token — hourly register readings from the start of last month (Moscow) to now, the same
 * values on every run; the API prices them with the demo suppliers' tariffs the demo meters are linked to.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { graphql, registerViaApi } from '../support/accounts.js';
import { demoCustomer, expectNoHorizontalScroll, signIn } from '../support/cabinet.js';
import { meterPack, sendPack } from '../support/devices.js';

const HOUR = 3600;
const MOSCOW = 3 * HOUR;
/** Register values grow from this moment on, so every run sends the same value for the same hour. */
const ORIGIN = Date.UTC(2025, 0, 1) / 1000;
/** Hourly consumption: 0.5 kWh of electricity, 10 litres of water. */
const WH_PER_HOUR = 500;
const M3_PER_HOUR = 0.01;
/** Samples per pack: well under what the API's live pub/sub takes in one burst. */
const PACK_SAMPLES = 240;

interface Demo {
  controller: { token: string; meters: Array<{ serial: string; kind: 'ELECTRICITY' | 'COLD_WATER' | 'HOT_WATER' }> };
}

/** 00:00 Moscow (UTC+3 all year) on the 1st of last month, in seconds. */
function startOfLastMonthMoscow(now = Date.now()): number {
  const local = new Date(now + MOSCOW * 1000);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1) / 1000 - MOSCOW;
}

async function sendHistory(): Promise<void> {
  const demo = JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, 'demo.json'), 'utf8')) as Demo;
  const from = startOfLastMonthMoscow();
  const to = Math.floor(Date.now() / 1000 / HOUR) * HOUR;
  for (const meter of demo.controller.meters) {
    const samples: Array<{ t: number; values: Record<string, number> }> = [];
    for (let t = from; t <= to; t += HOUR) {
      const hours = (t - ORIGIN) / HOUR;
      samples.push({ t, values: meter.kind === 'ELECTRICITY' ? { energy: 1_000_000 + hours * WH_PER_HOUR } : { volume: Math.round((100 + hours * M3_PER_HOUR) * 1000) / 1000 } });
    }
    for (let i = 0; i < samples.length; i += PACK_SAMPLES) await sendPack(demo.controller.token, meterPack(meter.serial, samples.slice(i, i + PACK_SAMPLES)));
  }
}

/** «1 234,56 ₽» → 123456 kopecks; «—» → null. Every amount on the page has two decimals. */
function kopecks(text: string): number | null {
  const t = text.trim();
  if (t === '—') return null;
  expect(t).toMatch(/^-?[\d\s\u00a0\u202f]+,\d{2}\s₽$/);
  return Number(t.replace(/[^\d-]/g, ''));
}

const amounts = async (cells: Locator) => (await cells.allInnerTexts()).map(kopecks);

test('the demo customer sees a year of costs in roubles, this month so far, and a total that adds up', async ({ page }) => {
  await sendHistory();
  await signIn(page, demoCustomer());

  // From the meters list, where a customer looks first.
  await page.goto('/meters');
  await page.getByRole('link', { name: 'Расходы в рублях', exact: true }).click();
  await expect(page).toHaveURL(/\/costs$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Расходы в рублях');
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Расходы', exact: true })).toHaveAttribute('aria-current', 'page');
  // The cabinet's sections stand in one row under the brand (beside it, on a desktop they wrapped onto two or three).
  const sections = page.getByRole('navigation', { name: 'Разделы кабинета' }).getByRole('link');
  // A section's text may end in its unread badge («Предупреждения 1» while a demo alert is open).
  const section = (name: string) => new RegExp(`^\\s*${name}(\\s+\\d+)?\\s*$`);
  await expect(sections).toHaveText(['Мои счётчики', 'Расходы', 'Предупреждения', 'Профиль', 'Поддержка', 'Помощь'].map(section));
  const tops = await sections.evaluateAll((links) => links.map((link) => Math.round(link.getBoundingClientRect().top)));
  expect(new Set(tops).size, `the sections' tops: ${tops.join(', ')}`).toBe(1);
  await expect(page).toHaveTitle('Расходы в рублях · Комета');

  // The bar chart of the totals is drawn (its numbers are the table's).
  await expect(page.getByRole('img', { name: /^Диаграмма расходов по месяцам/ })).toHaveAttribute('data-status', 'ready');
  // Its legend names the bar pointed at (with none, this month's): not the other series with «—».
  const chart = page.getByRole('img', { name: /^Диаграмма расходов по месяцам/ });
  await expect(chart.getByText('Текущий месяц (пока)')).toBeVisible();
  await expect(chart.getByText('Итого', { exact: true })).toBeHidden();
  // In view first: the mouse points at the screen, and on a phone «Этот месяц» above pushes the chart down.
  await chart.scrollIntoViewIfNeeded();
  const plot = (await chart.locator('.u-over').boundingBox())!;
  await page.mouse.move(plot.x + (10.5 / 12) * plot.width, plot.y + plot.height - 5);
  await expect(chart.getByText('Итого', { exact: true })).toBeVisible();
  await expect(chart.getByText('Текущий месяц (пока)')).toBeHidden();

  const table = page.getByRole('region', { name: /^Расходы по месяцам .*новые сверху$/ });
  const months = table.getByTestId('month');
  await expect(months).toHaveCount(12);

  // Newest first: this month (in the account's zone, Moscow) is on top and marked «пока».
  const thisMonth = new Intl.DateTimeFormat('ru-RU', { month: 'long', year: 'numeric', timeZone: 'Europe/Moscow' }).format(Date.now());
  const current = months.first();
  await expect(current.getByRole('rowheader')).toContainText(thisMonth.charAt(0).toUpperCase() + thisMonth.slice(1));
  await expect(current.getByRole('rowheader')).toContainText('пока');
  await expect(months.nth(1).getByRole('rowheader')).not.toContainText('пока');
  await expect(table.getByRole('columnheader')).toHaveText(['Месяц', 'Электроэнергия', 'Холодная вода', 'Горячая вода', 'Водоотведение', 'Итого']);

  // Last month is whole: 0.5 kWh an hour on the two-zone tariff (since 1 July 2026: 12.27 ₽ by day 07–23, 4.81 ₽ at
  // night), every day 8 kWh × 12.27 + 4 kWh × 4.81 = 117.40 ₽.
  const local = new Date(Date.now() + MOSCOW * 1000);
  const daysLastMonth = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 0)).getUTCDate();
  await expect(months.nth(1).locator('[data-column="electricity"]')).toHaveText(kopecksText(daysLastMonth * 11740));

  const totals = await amounts(months.locator('[data-column="total"]'));
  expect(totals[0], 'this month so far has an amount').not.toBeNull();
  expect(totals[1], 'last month has an amount').not.toBeNull();
  // Months before the history stay «—»: no data is not 0 ₽.
  expect(totals.slice(2).every((t) => t === null)).toBe(true);

  const periodTotal = page.getByTestId('period-total');
  await expect(periodTotal.getByRole('rowheader')).toContainText('Всего за 12 месяцев');
  const [total] = await amounts(periodTotal.locator('[data-column="total"]'));
  expect(total).toBe(totals.reduce((sum: number, t) => sum + (t ?? 0), 0));

  // This month at a glance: so far (the table's top row) and the forecast — the meters' own forecasts summed.
  const month = page.getByRole('region', { name: 'Этот месяц' });
  await expect(month.getByTestId('month-so-far')).toHaveText((await current.locator('[data-column="total"]').textContent())!.trim());
  const demo = demoCustomer();
  const session = await graphql<{ signIn: { token: string } }>(`mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }`, { p: demo.phone, w: demo.password });
  const overviews = await graphql<{ viewer: { meters: Array<{ costOverview: { forecast: { kopecks: string } | null } | null }> } }>(
    `{ viewer { meters { costOverview { forecast { kopecks } } } } }`,
    {},
    { token: session.data!.signIn.token },
  );
  const forecasts = overviews.data!.viewer.meters.map((m) => Number(m.costOverview?.forecast?.kopecks ?? 0));
  expect(forecasts.filter((k) => k > 0), 'each demo meter has a forecast').toHaveLength(3);
  await expect(month.getByTestId('month-forecast')).toHaveText(kopecksText(forecasts.reduce((a, b) => a + b, 0)));
  // Beside it, last month (the table's second row) and how far the forecast is from it.
  await expect(month.getByTestId('month-last')).toHaveText(kopecksText(totals[1]!));
  const change = forecasts.reduce((a, b) => a + b, 0) - totals[1]!;
  const by = kopecksText(Math.abs(change), false).source;
  await expect(month.getByTestId('month-change')).toHaveText(new RegExp(`^прогноз на ${by} \\(${Math.abs(Math.round((change / totals[1]!) * 100))} %\\) ${change > 0 ? 'больше' : 'меньше'}$`));

  // Each month's meters, one click away — the months with money only (the rest are «—» above).
  const byMeter = page.getByRole('region', { name: 'По счётчикам' });
  await expect(byMeter.locator('details')).toHaveCount(2);
  await expect(byMeter).toContainText('Месяцы без расходов — «—» в таблице выше — здесь не показаны.');
  const lastMonth = byMeter.locator('details').nth(1);
  await lastMonth.locator('summary').click();
  await expect(lastMonth.getByRole('listitem').filter({ hasText: 'Электроэнергия E-0001' })).toContainText(kopecksText(daysLastMonth * 11740, false));
  await expect(lastMonth.getByRole('listitem').filter({ hasText: 'Холодная вода CW-0001' })).toContainText('₽');

  // On a phone the table scrolls inside its own region; the page does not.
  await expectNoHorizontalScroll(page);
  // The table's title reads whole, not cut at the window's edge with the scrolling table.
  const title = page.getByText(/^Расходы по месяцам .*новые сверху$/);
  const titleBox = (await title.boundingBox())!;
  expect(titleBox.x + titleBox.width, 'the table title’s right edge').toBeLessThanOrEqual(page.viewportSize()!.width);
  expect(await title.evaluate((element) => element.scrollWidth <= element.clientWidth), 'the table title is not clipped').toBe(true);
  // A month's first amount is in view beside its name, and scrolled to the total the month's name stays in view.
  const inView = async (cell: Locator) => {
    const [region, box] = [await table.boundingBox(), await cell.boundingBox()];
    return box!.x >= region!.x - 1 && box!.x + box!.width <= region!.x + region!.width + 1;
  };
  expect(await inView(months.nth(1).locator('[data-column="electricity"]')), 'last month’s electricity in view').toBe(true);
  await table.evaluate((region) => region.scrollTo({ left: region.scrollWidth }));
  await expect.poll(() => inView(months.nth(1).locator('[data-column="total"]')), 'last month’s total in view').toBe(true);
  expect(await inView(months.nth(1).getByRole('rowheader')), 'its month in view beside it').toBe(true);
});

test('a customer without a priced meter is told how costs appear, and a visitor signs in first', async ({ page }) => {
  const customer = await registerViaApi();
  // Signed out: the sign-in page, and back to the costs after it.
  await page.goto('/costs');
  await expect(page).toHaveURL(/\/login\?next=%2Fcosts$/);
  await page.getByLabel('Номер телефона').fill(customer.phone);
  await page.getByLabel('Пароль', { exact: true }).fill(customer.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/costs$/);

  // No meter with a supplier's tariff or «свой тариф»: no table of dashes, but what to do.
  const empty = page.getByRole('region', { name: 'Расходов пока нет' });
  await expect(empty).toContainText('когда счётчик подключён к поставщику, у которого есть тарифы, или для счётчика задан «свой тариф»');
  await empty.getByRole('link', { name: 'Перейти к счётчикам' }).click();
  await expect(page).toHaveURL(/\/meters$/);
});

/** The Russian display of an amount, spaces as the browser's ICU writes them (any kind). */
function kopecksText(k: number, whole = true): RegExp {
  const roubles = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(k / 100);
  const text = `${roubles.replace(/[\s\u00a0\u202f]/g, '[\\s\\u00a0\\u202f]')}[\\s\\u00a0\\u202f]₽`;
  return new RegExp(whole ? `^${text}$` : text);
}

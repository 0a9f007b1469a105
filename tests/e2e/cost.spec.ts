/**
 * Money in the cabinet, as a new customer meets it: a meter with two months of hourly readings and no tariff says
 * how to get one; «свой тариф» catches a malformed price at its field and then prices every day exactly; a month's
 * cost in the report is the sum of its days, and the same month in the year's report; linked to the demo
 * энергосбыт, the comparison card names the cheapest of its three tariffs.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { graphql, registerViaApi } from '../support/accounts.js';
import { expectNoHorizontalScroll, signIn } from '../support/cabinet.js';
import { backdateBinding, bindViaApi, meterPack, provisionDevices, sendPack } from '../support/devices.js';

const HOUR = 3600;
const MOSCOW = 3 * HOUR;
const rub = (kopecks: number) => new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2 }).format(kopecks / 100);
const kopecksIn = (text: string) => Math.round(Number(text.replace(/[^\d,-]/g, '').replace(',', '.')) * 100);

test('own tariff: a month’s cost is the sum of its days, in the month and in the year; the comparison names the cheapest supplier tariff', async ({ page }) => {
  test.setTimeout(120_000);
  const devices = await provisionDevices([{ kind: 'ELECTRICITY', zones: 2, phases: 1, model: 'Меркурий 201' }]);
  const meter = devices.meters[0].serial;
  const customer = await registerViaApi();
  const ids = await bindViaApi(customer.token, devices.serial, devices.claimCode);
  backdateBinding(devices.serial, 70);

  // 1 kWh in every hour from the first of last month (Moscow) up to the current hour.
  const today = new Date(Date.now() + MOSCOW * 1000);
  const [y, m] = [today.getUTCFullYear(), today.getUTCMonth()];
  const lastMonthStart = Date.UTC(y, m - 1, 1) / 1000 - MOSCOW;
  const lastMonthDate = new Date((lastMonthStart + MOSCOW) * 1000).toISOString().slice(0, 10);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const hours = Math.floor((Date.now() / 1000 - lastMonthStart) / HOUR);
  const samples = Array.from({ length: hours + 1 }, (_, k) => ({ t: lastMonthStart + k * HOUR, values: { energy: 1_000_000 + k * 1000 } }));
  for (let i = 0; i < samples.length; i += 400) await sendPack(devices.deviceToken, meterPack(meter, samples.slice(i, i + 400)));

  await signIn(page, customer);
  const id = ids[meter];
  await page.goto(`/meters/${id}/readings?period=month&date=${lastMonthDate}&view=table`);
  const report = page.getByRole('region', { name: /Итого за период/ });
  await expect(report.getByTestId('period-total')).toHaveText(`${new Intl.NumberFormat('ru-RU').format(days * 24)} кВт·ч`);
  await expect(report.getByTestId('no-tariff')).toContainText('Стоимость появится, когда у счётчика будет тариф');
  await report.getByRole('link', { name: 'Указать тариф' }).click();
  await expect(page).toHaveURL(new RegExp(`/meters/${id}/tariff$`));

  const tariff = page.getByRole('region', { name: 'Тариф', exact: true });
  await expect(tariff.getByRole('heading', { name: 'Свой тариф' })).toBeVisible();
  await tariff.getByLabel('Вид тарифа').selectOption({ label: 'двухзонный (день / ночь)' });
  const t1 = tariff.getByLabel('T1 день, ₽ за кВт·ч');
  await t1.fill('6.5.0');
  await tariff.getByLabel('T2 ночь, ₽ за кВт·ч').fill('2,30');
  await tariff.getByLabel('Действует с').fill(lastMonthDate);
  await tariff.getByRole('button', { name: 'Сохранить тариф' }).click();
  // The API's reason, at the field it names; nothing was saved.
  await expect(t1).toHaveAccessibleDescription(/Цена — в рублях, не больше четырёх знаков после запятой/);
  await t1.fill('6,50');
  await tariff.getByRole('button', { name: 'Сохранить тариф' }).click();
  await expect(tariff.getByRole('status')).toContainText('Тариф сохранён');
  await expect(tariff.getByTestId('tariff-card')).toContainText('6,50 ₽/кВт·ч');
  await expect(tariff.getByTestId('tariff-card')).toContainText('T2 ночь (23–07)');
  // An own tariff is named by what it is.
  await expect(tariff.getByTestId('tariff-name')).toHaveText('Мой тариф — двухзонный (день / ночь)');
  // Today, the month so far and the forecast, in roubles.
  await expect(page.getByTestId('cost-forecast')).toContainText('₽');
  await expect(page.getByRole('region', { name: 'Какой тариф выгоднее' })).toContainText('Сравнение — по тарифам поставщика');

  // Every whole day: 16 day hours × 6.50 + 8 night hours × 2.30 = 104.00 + 18.40 = 122.40 ₽; the month is the sum of its days.
  await page.goto(`/meters/${id}/readings?period=month&date=${lastMonthDate}&view=table`);
  const cells = report.getByTestId('interval-cost');
  await expect(cells).toHaveCount(days);
  const texts = await cells.allTextContents();
  expect(new Set(texts)).toEqual(new Set([rub(12_240)]));
  const sum = texts.reduce((a, x) => a + kopecksIn(x), 0);
  expect(sum).toBe(days * 12_240);
  await expect(report.getByTestId('period-cost')).toContainText(rub(sum));

  // The file holds what the table shows, is named by the month's local days, and speaks the cabinet's language.
  const lastDay = `${lastMonthDate.slice(0, 8)}${String(days).padStart(2, '0')}`;
  const csv = async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^(Скачать|Download) CSV$/ }).click()]);
    expect(file.suggestedFilename()).toBe(`consumption-${meter}-${lastMonthDate}_${lastDay}.csv`);
    return readFileSync(await file.path(), 'utf8').replace(/^\uFEFF/, '').split('\r\n');
  };
  const russian = await csv();
  expect(russian[0]).toMatch(/^Начало \(Europe\/Moscow\);Конец;Расход, кВт·ч;Стоимость, ₽ \(.+\);T1 день;T2 ночь;Данные полные$/);
  expect(russian[1]).toBe(`${lastMonthDate} 00:00;${lastMonthDate.slice(0, 8)}02 00:00;24;122,40;16;8;да`);
  expect(russian.filter(Boolean)).toHaveLength(days + 1);
  // Each zone's total with its cost, a space on both sides of the dot.
  await expect(report.getByRole('definition').filter({ hasText: /кВт·ч\s·\s.+\s₽$/ })).toHaveCount(2);
  await page.getByRole('banner').getByRole('button', { name: 'Switch to English' }).click();
  // The zones in English too (the API names them in Russian).
  await expect(page.getByRole('columnheader', { name: 'T1 day' })).toBeVisible();
  const english = await csv();
  // An English spreadsheet's CSV: commas between fields, decimal points.
  expect(english[0]).toMatch(/^Start \(Europe\/Moscow\),End,"Consumption, kWh","Cost, ₽ \(.+\)",T1 day,T2 night,Complete data$/);
  expect(english[1]).toBe(`${lastMonthDate} 00:00,${lastMonthDate.slice(0, 8)}02 00:00,24,122.40,16,8,yes`);
  await page.getByRole('banner').getByRole('button', { name: 'Переключить на русский язык' }).click();

  // The same month as a row of the year's report by months.
  await page.goto(`/meters/${id}/readings?period=year&date=${lastMonthDate}&res=MONTH&view=table`);
  const monthRow = report.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(new Intl.DateTimeFormat('ru-RU', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1))), 'i') }) });
  await expect(monthRow.getByTestId('interval-cost')).toHaveText(rub(sum));

  // Linked to the demo энергосбыт, the meter is billed at its two-zone tariff and the card compares its three tariffs:
  // per day single 24 × 10.68 = 256.32, two-zone 16 × 12.27 + 8 × 4.81 = 234.80, three-zone 7 × 12.82 + 9 × 10.68 + 8 × 4.81 = 224.34 ₽.
  const suppliers = await graphql<{ suppliers: Array<{ id: string; name: string }> }>(`{ suppliers(resource: ELECTRICITY) { id name } }`, {}, { token: customer.token });
  const energo = suppliers.data!.suppliers.find((s) => s.name === 'АО «Демо-Энергосбыт»')!;
  const linked = await graphql(`mutation($m: ID!, $s: ID!) { linkSupplierAccount(meterId: $m, supplierId: $s, accountNumber: "7701234599", agree: true) { id } }`, { m: id, s: energo.id }, { token: customer.token });
  expect(linked.errors).toBeUndefined();
  await page.goto(`/meters/${id}/tariff`);
  await expect(page.getByTestId('tariff-card')).toContainText('Тариф поставщика АО «Демо-Энергосбыт»');
  // A supplier's tariff named after its kind is not named twice («Двухзонный (день / ночь) — двухзонный (день / ночь)»).
  await expect(page.getByTestId('tariff-name')).toHaveText('Двухзонный (день / ночь)');
  await expect(page.getByRole('heading', { name: 'Свой тариф' })).toHaveCount(0);
  const comparison = page.getByRole('region', { name: 'Какой тариф выгоднее' });
  await expect(comparison.getByTestId('comparison-table').getByRole('row')).toHaveCount(4);
  await expect(comparison.getByTestId('comparison-verdict')).toContainText('По тарифу «Трёхзонный (пик / полупик / ночь)» вы заплатили бы на');
  await expect(comparison.getByRole('row', { name: /Трёхзонный/ })).toContainText('выгоднее всех');
  await expect(comparison.getByRole('row', { name: /Двухзонный/ })).toContainText('текущий');
  // Each other tariff says in words how it compares with the current one; the cheapest by the verdict's amount.
  const saving = /на ([\d\s\u00a0\u202f]+,\d{2}\s₽) меньше/.exec(await comparison.getByTestId('comparison-verdict').innerText())![1];
  await expect(comparison.getByRole('row', { name: /Трёхзонный/ }).getByRole('cell')).toContainText(`на ${saving} меньше, чем по текущему`);
  await expect(comparison.getByRole('row', { name: /Двухзонный/ }).getByRole('cell')).not.toContainText('чем по текущему');
  await expect(comparison.getByRole('row', { name: /Одноставочный/ }).getByRole('cell')).toContainText(/на [\d\s\u00a0\u202f]+,\d{2}\s₽ (меньше|больше), чем по текущему/);
  await expect(comparison.getByTestId('comparison-completeness')).toContainText('часов');
  // Readable on a phone: nothing of the page scrolls sideways, the table included — every amount in view without scrolling.
  await expectNoHorizontalScroll(page);
  const tableOverflow = () => comparison.getByRole('region').evaluate((wrap) => wrap.scrollWidth - wrap.clientWidth);
  expect(await tableOverflow(), 'the comparison table is wider than its card by').toBeLessThanOrEqual(0);
  // The same on the narrowest phone.
  await page.setViewportSize({ width: 320, height: 720 });
  await expectNoHorizontalScroll(page);
  expect(await tableOverflow(), 'at 320 px the comparison table is wider than its card by').toBeLessThanOrEqual(0);
});

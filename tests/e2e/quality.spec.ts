/** Power quality: the weekly verdicts against EN 50160 and ГОСТ 32144-2013, each with how much of the week was measured. */
import { expect, test, type Page } from '@playwright/test';
import { registerViaApi } from '../support/accounts.js';
import { signIn } from '../support/cabinet.js';
import { backdateBinding, bindViaApi, meterPack, moscowMidnight, provisionDevices, sendPack } from '../support/devices.js';

const DAY = 86_400;
const TEN_MINUTES = 600;

/** Moscow midnight (seconds) of the Monday `weeksAgo` weeks before this week's Monday. */
function monday(weeksAgo: number): number {
  const today = moscowMidnight(0);
  const weekday = (new Date((today + 3 * 3600) * 1000).getUTCDay() + 6) % 7;
  return today - weekday * DAY - weeksAgo * 7 * DAY;
}

/** «2026-11-23»: the Moscow date of a Moscow midnight. */
const dateOf = (midnight: number) => new Date((midnight + 3 * 3600) * 1000).toISOString().slice(0, 10);

/** Voltage and frequency within the norms in the first `intervals` ten-minute intervals of the week, sent over CoAP. */
async function sendWeek(token: string, meter: string, weekStart: number, intervals: number): Promise<void> {
  const samples = Array.from({ length: intervals }, (_, i) => ({ t: weekStart + i * TEN_MINUTES + 60, values: { voltage_l1: 230, frequency: 50 } }));
  // Packs of at most 500 intervals stay under the bridge's 64 KiB for a block-wise pack.
  for (let i = 0; i < samples.length; i += 500) await sendPack(token, meterPack(meter, samples.slice(i, i + 500)));
}

const verdicts = (page: Page, title: string) => page.getByRole('region', { name: title }).getByRole('listitem');

test('the weekly verdicts show how much of the week was measured, and give none with less than 95 % of it', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'ELECTRICITY', zones: 1, phases: 1 }]);
  const meter = devices.meters[0].serial;
  const customer = await registerViaApi();
  const ids = await bindViaApi(customer.token, devices.serial, devices.claimCode);
  // The weeks measured are the customer's: the binding starts before them.
  backdateBinding(devices.serial, 30);
  const full = monday(1);
  const sparse = monday(2);
  await sendWeek(devices.deviceToken, meter, full, 1008);
  await sendWeek(devices.deviceToken, meter, sparse, 441);

  await signIn(page, customer);
  const title = 'Соответствие нормам за неделю';
  await page.goto(`/meters/${ids[meter]}/quality?week=${dateOf(sparse)}`);
  await expect(verdicts(page, title)).toHaveCount(5);
  for (const item of await verdicts(page, title).all()) {
    await expect(item).toContainText('— недостаточно данных');
    await expect(item).toContainText('(441 из 1008 интервалов, 44 %; для оценки нужно не меньше 958)');
  }
  await expect(verdicts(page, title).first()).toContainText('EN 50160: Напряжение (10-минутные средние) в пределах ±10 % от номинального в течение 95 % недели');

  // Opened without a week, the page shows the last whole week: the week under way cannot have 95 % of itself
  // measured before its last hours, so it would say «недостаточно данных» six days out of seven.
  await page.goto(`/meters/${ids[meter]}/quality`);
  await expect(verdicts(page, title)).toHaveCount(5);
  for (const item of await verdicts(page, title).all()) {
    await expect(item).toContainText('— соответствует');
    await expect(item).toContainText('(1008 из 1008 интервалов, 100 %)');
  }
  // This week is a click away.
  await page.getByRole('region', { name: title }).getByRole('button', { name: 'Эта неделя' }).click();
  await expect(page).toHaveURL(new RegExp(`week=${dateOf(monday(0))}`));
  await expect(verdicts(page, title).first()).toContainText('— недостаточно данных');
  await expect(page.getByRole('region', { name: title }).getByRole('button', { name: 'Эта неделя' })).toHaveCount(0);

  await page.evaluate(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('askue.language', 'en'));
  await page.goto(`/meters/${ids[meter]}/quality?week=${dateOf(sparse)}`);
  const english = 'Weekly compliance';
  await expect(verdicts(page, english)).toHaveCount(5);
  for (const item of await verdicts(page, english).all()) {
    await expect(item).toContainText('— not enough data');
    await expect(item).toContainText('(441 of 1008 intervals, 44%; a verdict needs at least 958)');
    // The requirements in English too (the API words them in Russian; the cabinet words them by their code).
    await expect(item).not.toContainText(/[А-Яа-яЁё]/);
  }
  await expect(verdicts(page, english).first()).toContainText('EN 50160: 10-minute mean voltage within ±10 % of nominal for 95 % of the week');
  await expect(verdicts(page, english).last()).toContainText('GOST 32144-2013: frequency within 50 ± 0.4 Hz for 100 % of the week');
  await page.goto(`/meters/${ids[meter]}/quality?week=${dateOf(full)}`);
  await expect(verdicts(page, english)).toHaveCount(5);
  for (const item of await verdicts(page, english).all()) {
    await expect(item).toContainText('— met');
    await expect(item).toContainText('(1008 of 1008 intervals, 100%)');
  }
});

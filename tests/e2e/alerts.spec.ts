/**
 * Warnings as a customer meets them: a burst on their cold-water meter (400 L within seconds, sent over CoAP)
 * rings the bell and appears on «Предупреждения» without a reload; reading it clears the bell; quiet hours and away
 * mode turn on and off. The evaluation runs on the server after the readings are committed.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { graphql, registerViaApi } from '../support/accounts.js';
import { demoCustomer, expectNoHorizontalScroll, signIn } from '../support/cabinet.js';
import { backdateBinding, bindViaApi, meterPack, lowBatteryWarning, pastBursts, provisionDevices, sendPack } from '../support/devices.js';

test('a burst rings the bell and shows on the warnings page live; reading it clears the bell; quiet hours; away mode', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER', zones: 1, phases: 1 }]);
  const meter = devices.meters[0].serial;
  const customer = await registerViaApi();
  const ids = await bindViaApi(customer.token, devices.serial, devices.claimCode);
  // A customer sees what was measured while the meter is theirs: the readings are timed after the binding.
  await new Promise((resolve) => setTimeout(resolve, 1100));

  await signIn(page, customer);
  await page.goto('/alerts');
  await expect(page.getByRole('heading', { level: 1, name: 'Предупреждения' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Предупреждений нет' })).toBeVisible();
  const bell = page.getByRole('banner').getByRole('link', { name: /^Предупреждения/ });
  await expect(bell).toHaveAccessibleName('Предупреждения');

  const now = Math.floor(Date.now() / 1000);
  // 400 L within seconds, measured after the binding (what came before is the previous owner's).
  await sendPack(devices.deviceToken, meterPack(meter, [0, 1, 2].map((i) => ({ t: now + 1 + i, values: { volume: 10 + i * 0.2 } }))));

  const alert = page.getByTestId('alert').filter({ hasText: 'Очень большой расход воды' });
  await expect(alert).toBeVisible({ timeout: 10_000 });
  await expect(alert).toContainText(`Счётчик ${meter}: 400 л за 1 мин. Если это не вы — перекройте воду.`);
  await expect(alert).toContainText('Срочно');
  await expect(bell).toHaveAccessibleName('Предупреждения, 1 непрочитанное');
  await expectNoHorizontalScroll(page);

  await alert.getByRole('button', { name: 'Прочитано' }).click();
  await expect(bell).toHaveAccessibleName('Предупреждения');
  await expect(alert.getByRole('link', { name: 'Посмотреть расход' })).toHaveAttribute('href', `/meters/${ids[meter]}/readings`);
  await alert.getByRole('button', { name: 'Не присылать сообщения сутки' }).click();
  await expect(alert).toContainText('Сообщения отключены до');

  const quiet = page.getByRole('region', { name: 'Тихие часы' });
  await expect(quiet.getByTestId('quiet-current')).toHaveText('Тихие часы не заданы.');
  await quiet.getByLabel('С').selectOption('23:00');
  await quiet.getByLabel('До').selectOption('07:00');
  await quiet.getByRole('button', { name: 'Сохранить' }).click();
  await expect(quiet.getByRole('status')).toHaveText('Тихие часы сохранены');
  await expect(quiet.getByTestId('quiet-current')).toHaveText('Тихие часы: с 23:00 до 07:00');
  await quiet.getByRole('button', { name: 'Выключить' }).click();
  await expect(quiet.getByTestId('quiet-current')).toHaveText('Тихие часы не заданы.');

  const away = page.getByRole('region', { name: 'Я в отъезде' });
  await away.getByRole('button', { name: 'Включить' }).click();
  await expect(away.getByRole('status')).toHaveText('Режим «Я в отъезде» включён');
  await expect(away.getByTestId('away-current')).toContainText('В отъезде с');
  await away.getByRole('button', { name: 'Я вернулся' }).click();
  await expect(away.getByRole('status')).toHaveText('Режим «Я в отъезде» выключен');
  await expect(away.getByTestId('away-current')).toHaveCount(0);
});

test('the history of warnings comes a page at a time, and what is wrong now is shown whole above it', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER', zones: 1, phases: 1 }]);
  const meter = devices.meters[0].serial;
  const customer = await registerViaApi();
  await bindViaApi(customer.token, devices.serial, devices.claimCode);
  pastBursts(meter, 35);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  // One open warning, newer than all 35 resolved ones.
  const now = Math.floor(Date.now() / 1000);
  await sendPack(devices.deviceToken, meterPack(meter, [0, 1, 2].map((i) => ({ t: now + 1 + i, values: { volume: 10 + i * 0.2 } }))));

  await signIn(page, customer);
  await page.goto('/alerts');
  const open = page.getByRole('region', { name: 'Сейчас' }).getByTestId('alert');
  const history = page.getByRole('region', { name: 'История' }).getByTestId('alert');
  await expect(open).toHaveCount(1, { timeout: 10_000 });
  await expect(open).toContainText('400 л за 1 мин');
  await expect(history).toHaveCount(30);
  await expect(history.first()).toContainText('101 л за 1 мин'); // yesterday's, the newest resolved
  await expect(page.getByTestId('history-shown')).toHaveText('Показано 30 из 35');
  await page.getByRole('button', { name: 'Показать ещё' }).click();
  await expect(history).toHaveCount(35);
  await expect(history.last()).toContainText('135 л за 1 мин');
  await expect(page.getByRole('button', { name: 'Показать ещё' })).toHaveCount(0);
  await expect(page.getByTestId('history-shown')).toHaveCount(0);
  await expectNoHorizontalScroll(page);
});

test('warnings that ended before they were read stay on the bell until read, one by one or all at once', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER', zones: 1, phases: 1 }]);
  const meter = devices.meters[0].serial;
  const customer = await registerViaApi();
  await bindViaApi(customer.token, devices.serial, devices.claimCode);
  pastBursts(meter, 5, 3);

  await signIn(page, customer);
  await page.goto('/alerts');
  const bell = page.getByRole('banner').getByRole('link', { name: /^Предупреждения/ });
  await expect(bell).toHaveAccessibleName('Предупреждения, 3 непрочитанных');
  await expect(page.getByRole('region', { name: 'Сейчас' })).toContainText('Сейчас всё в порядке.');
  const history = page.getByRole('region', { name: 'История' }).getByTestId('alert');
  await expect(history).toHaveCount(5);
  const read = (card: number) => history.nth(card).getByRole('button', { name: 'Прочитано' });
  await expect(read(0)).toBeVisible();
  await expect(read(2)).toBeVisible();
  await expect(read(3)).toHaveCount(0);
  await read(0).click();
  await expect(bell).toHaveAccessibleName('Предупреждения, 2 непрочитанных');
  await expect(read(0)).toHaveCount(0);

  await page.getByRole('button', { name: 'Отметить все прочитанными' }).click();
  await expect(bell).toHaveAccessibleName('Предупреждения');
  await expect(page.getByRole('region', { name: 'История' }).getByRole('button', { name: 'Прочитано' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Отметить все прочитанными' })).toHaveCount(0);
  await page.reload();
  await expect(history).toHaveCount(5);
  await expect(bell).toHaveAccessibleName('Предупреждения');
});

test('a meter’s warning settings: a threshold out of range is explained at its field, a rule switched off stays off', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER', zones: 1, phases: 1 }]);
  const customer = await registerViaApi();
  const ids = await bindViaApi(customer.token, devices.serial, devices.claimCode);
  await signIn(page, customer);
  await page.goto(`/meters/${ids[devices.meters[0].serial]}`);
  // The meter's own tabs, not the header's «Предупреждения»: `.last()` over every navigation raced the tabs' first render.
  await page.getByRole('navigation', { name: 'Разделы счётчика' }).getByRole('link', { name: 'Предупреждения', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/meters/${ids[devices.meters[0].serial]}/alerts$`));
  const panel = page.getByRole('region', { name: 'Предупреждения по счётчику' });
  const burst = panel.getByLabel('Прорыв: больше стольких литров за 30 минут');
  await expect(burst).toHaveAttribute('placeholder', '300');
  // No tariff: a budget has nothing to be compared with, and the form says where to get one.
  await expect(panel.getByTestId('budget-no-tariff')).toHaveText('У счётчика нет тарифа: бюджет пока не с чем сравнить. Указать тариф');
  // A field's «по умолчанию» stands with its own field, a clear gap before the next field's label (it touched it).
  // Measured in a phone's width, where the fields stack (a desktop puts all four in a row).
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 412, height: size.height });
  const [gap] = await panel.getByText('по умолчанию 24', { exact: true }).evaluateAll((hints) =>
    hints.map((hint) => {
      // The field under this one (beside it on a desktop there is another column).
      const own = hint.closest('.field')!.getBoundingClientRect();
      const below = [...hint.closest('fieldset')!.querySelectorAll('.field > label')]
        .map((label) => label.getBoundingClientRect())
        .filter((label) => label.top > own.top && Math.abs(label.left - own.left) < 1);
      return below[0].top - hint.getBoundingClientRect().bottom;
    }),
  );
  expect(gap, 'space between a threshold’s hint and the next threshold’s label').toBeGreaterThanOrEqual(12);
  await page.setViewportSize(size);
  await burst.fill('10');
  await panel.getByRole('button', { name: 'Сохранить' }).click();
  await expect(panel.getByText('Допустимо целое число от 50 до 3000')).toBeVisible();
  await expect(burst).toHaveAttribute('aria-invalid', 'true');
  await burst.fill('500');
  await panel.getByRole('checkbox', { name: 'Возможна протечка' }).uncheck();
  await panel.getByRole('button', { name: 'Сохранить' }).click();
  await expect(panel.getByRole('status')).toHaveText('Настройки сохранены и уже действуют');
  await page.reload();
  await expect(panel.getByLabel('Прорыв: больше стольких литров за 30 минут')).toHaveValue('500');
  await expect(panel.getByRole('checkbox', { name: 'Возможна протечка' })).not.toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'Очень большой расход воды' })).toBeChecked();
  // Continuous flow expected: no leak warnings until a date.
  const flow = page.getByRole('region', { name: 'Ожидается постоянный расход' });
  await flow.getByRole('button', { name: 'Не искать протечку до этой даты' }).click();
  await expect(flow.getByRole('status')).toHaveText('Сохранено');
  await expect(flow.getByText(/^Протечку не ищем до /)).toBeVisible();
  await expectNoHorizontalScroll(page);
});

test('two windows edit a meter’s warning settings: the later save does not undo the earlier, it is shown merged to save again', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER', zones: 1, phases: 1 }]);
  const customer = await registerViaApi();
  const ids = await bindViaApi(customer.token, devices.serial, devices.claimCode);
  await signIn(page, customer);
  const url = `/meters/${ids[devices.meters[0].serial]}/alerts`;
  const laptop = await page.context().newPage();
  const panels = [];
  for (const p of [page, laptop]) {
    await p.goto(url);
    const panel = p.getByRole('region', { name: 'Предупреждения по счётчику' });
    await expect(panel.getByRole('checkbox', { name: 'Возможна протечка' })).toBeChecked();
    panels.push(panel);
  }
  const [phone, older] = panels;
  // The phone switches leak warnings off; then the laptop, whose form was read before that, sets a burst threshold.
  await phone.getByRole('checkbox', { name: 'Возможна протечка' }).uncheck();
  await phone.getByRole('button', { name: 'Сохранить' }).click();
  await expect(phone.getByRole('status')).toHaveText('Настройки сохранены и уже действуют');
  await older.getByLabel('Прорыв: больше стольких литров за 30 минут').fill('500');
  await older.getByRole('button', { name: 'Сохранить' }).click();
  await expect(older.getByRole('alert')).toHaveText(
    'Тем временем настройки сохранили в другом окне или на другом устройстве. В форме теперь они, а поверх — ваши правки: проверьте и сохраните ещё раз.',
  );
  // Leak warnings stayed off (the laptop's stale «on» was not sent over them); its own edit is still in the form.
  await expect(older.getByRole('checkbox', { name: 'Возможна протечка' })).not.toBeChecked();
  await expect(older.getByLabel('Прорыв: больше стольких литров за 30 минут')).toHaveValue('500');
  await older.getByRole('button', { name: 'Сохранить' }).click();
  await expect(older.getByRole('status')).toHaveText('Настройки сохранены и уже действуют');
  await page.reload();
  await expect(phone.getByRole('checkbox', { name: 'Возможна протечка' })).not.toBeChecked();
  await expect(phone.getByLabel('Прорыв: больше стольких литров за 30 минут')).toHaveValue('500');
});

test('a webhook added in the profile gets a signed test message, and shows how the receiver answered', async ({ page }) => {
  const received: Array<{ body: string; signature: string; key: string }> = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ body, signature: String(req.headers['x-askue-signature']), key: String(req.headers['idempotency-key']) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/askue`;
  try {
    const customer = await registerViaApi();
    await signIn(page, customer);
    await page.goto('/profile');
    const section = page.getByRole('region', { name: 'Вебхуки' });
    await expect(section.getByText('Вебхуков нет.')).toBeVisible();
    await section.getByRole('button', { name: 'Добавить вебхук' }).click();
    await expect(section.getByText('Укажите адрес')).toBeVisible();
    await section.getByLabel('Адрес (https)').fill('ftp://example.com/x');
    await section.getByRole('button', { name: 'Добавить вебхук' }).click();
    await expect(section.getByText('Адрес вебхука — полный https-адрес, например https://example.ru/askue')).toBeVisible();
    await section.getByLabel('Адрес (https)').fill(url);
    await section.getByLabel(/^Описание/).fill('Home Assistant');
    await section.getByRole('button', { name: 'Добавить вебхук' }).click();
    await expect(section.getByRole('status')).toHaveText('Вебхук добавлен');
    await expect(section.getByText(url)).toBeVisible();
    await section.getByRole('button', { name: 'Показать' }).click();
    const secret = (await section.getByTestId('webhook-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);

    await section.getByRole('button', { name: 'Проверить' }).click();
    await expect(section.getByRole('status')).toHaveText('Проверочное сообщение отправлено');
    await expect.poll(() => received.length).toBe(1);
    const [ping] = received;
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(ping!.signature)!;
    expect(createHmac('sha256', secret).update(`${t}.${ping!.body}`).digest('hex')).toBe(v1);
    expect(JSON.parse(ping!.body)).toMatchObject({ id: ping!.key, type: 'ping' });
    // The list shows the message as the receiver answered it (read again after the ping).
    await page.reload();
    const deliveries = page.getByRole('region', { name: 'Вебхуки' }).getByRole('list', { name: 'Последние сообщения' });
    await expect(deliveries).toContainText('ping');
    await expect(deliveries).toContainText('доставлено');
    await expect(deliveries).toContainText('ответ 200 · попыток: 1');
    await page.getByRole('button', { name: `Удалить вебхук ${url}` }).click();
    await expect(page.getByRole('region', { name: 'Вебхуки' }).getByText('Вебхуков нет.')).toBeVisible();
  } finally {
    receiver.close();
  }
});

test('the demo starts with a warning, worded as people write dates: the hot-water meter’s verification', async ({ page }) => {
  await signIn(page, demoCustomer());
  // (Other specs' readings may give the shared demo customer warnings of their own: this one is looked for by its rule.)
  await expect(page.getByRole('banner').getByRole('link', { name: /^Предупреждения/ })).toHaveAccessibleName(/^Предупреждения, \d+ непрочитанн/);
  await page.goto('/alerts');
  const now = page.getByRole('region', { name: 'Сейчас' }).getByTestId('alert').and(page.locator('[data-rule="VERIFICATION_DUE"]'));
  await expect(now).toHaveCount(1);
  await expect(now).toContainText('Срок поверки');
  // «1 января 2027 г., через 25 дней», not «2027-01-01 (осталось 25 дн.)».
  await expect(now).toContainText(/Срок поверки счётчика HW-0001 — \d{1,2} [а-я]+ \d{4} г\., через 25 дней\./);
});

test('a meter’s card and page show what is wrong with it now, opening and ending live', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER', zones: 1, phases: 1 }, { kind: 'HOT_WATER', zones: 1, phases: 1 }]);
  const [cold, hot] = devices.meters.map((m) => m.serial);
  const customer = await registerViaApi();
  await bindViaApi(customer.token, devices.serial, devices.claimCode);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await signIn(page, customer);
  await page.goto('/meters');
  const warningsOf = (serial: string) => page.getByRole('list', { name: `Предупреждения счётчика ${serial}` });
  await expect(page.getByRole('region', { name: new RegExp(cold) })).toBeVisible();
  await expect(warningsOf(cold)).toHaveCount(0);

  // 400 L within seconds: the cold-water card says so without a reload; the hot-water card stays clear.
  const now = Math.floor(Date.now() / 1000);
  await sendPack(devices.deviceToken, meterPack(cold, [0, 1, 2].map((i) => ({ t: now + 1 + i, values: { volume: 10 + i * 0.2 } }))));
  await expect(warningsOf(cold).getByRole('link')).toHaveCount(1, { timeout: 10_000 });
  await expect(warningsOf(cold).getByRole('link')).toHaveAccessibleName('Очень большой расход воды');
  await expect(warningsOf(hot)).toHaveCount(0);
  await expectNoHorizontalScroll(page);

  // The meter's own page says it under its name, on every tab.
  await page.getByRole('region', { name: new RegExp(cold) }).getByRole('link', { name: new RegExp(`Холодная вода · ${cold}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(cold) })).toBeVisible();
  await expect(warningsOf(cold).getByRole('link')).toHaveAccessibleName('Очень большой расход воды');
  await page.getByRole('navigation', { name: 'Разделы счётчика' }).getByRole('link', { name: 'Показания и отчёты' }).click();
  await expect(warningsOf(cold).getByRole('link')).toHaveAccessibleName('Очень большой расход воды');

  // The water is shut off: the next reading ends the burst, on the page as it is open…
  await sendPack(devices.deviceToken, meterPack(cold, [{ t: now + 10, values: { volume: 10.4 } }]));
  await expect(warningsOf(cold)).toHaveCount(0, { timeout: 10_000 });
  // …and on the list.
  await page.goto('/meters');
  await expect(page.getByRole('region', { name: new RegExp(cold) })).toBeVisible();
  await expect(warningsOf(cold)).toHaveCount(0);

  // The warning's link leads to «Предупреждения», where it is in the history.
  await sendPack(devices.deviceToken, meterPack(cold, [0, 1, 2].map((i) => ({ t: now + 20 + i, values: { volume: 10.4 + (i + 1) * 0.2 } }))));
  await warningsOf(cold).getByRole('link', { name: 'Очень большой расход воды' }).click({ timeout: 10_000 });
  await expect(page).toHaveURL(/\/alerts$/);
  await expect(page.getByRole('region', { name: 'Сейчас' }).getByTestId('alert')).toContainText('Очень большой расход воды');
});


test('a modem’s warning leads to the page of a meter it serves, where its battery is shown', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER', zones: 1, phases: 1 }]);
  const customer = await registerViaApi();
  const ids = await bindViaApi(customer.token, devices.serial, devices.claimCode);
  lowBatteryWarning(devices.serial, 9);
  await signIn(page, customer);
  await page.goto('/alerts');
  const alert = page.getByTestId('alert').filter({ hasText: 'Садится батарея модема' });
  await expect(alert).toContainText(`Модем ${devices.serial}: заряд батареи 9 %.`);
  await alert.getByRole('link', { name: 'Модем на странице счётчика' }).click();
  await expect(page).toHaveURL(`/meters/${ids[devices.meters[0].serial]}`);
  await expect(page.getByRole('region', { name: 'Контроллер' })).toContainText(devices.serial);
});

test('a monthly budget below the forecast warns at once; the warning leads to the meter’s costs', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'ELECTRICITY', zones: 1, phases: 1 }]);
  const meter = devices.meters[0].serial;
  const customer = await registerViaApi();
  const ids = await bindViaApi(customer.token, devices.serial, devices.claimCode);
  backdateBinding(devices.serial, 10);
  // 1 kWh in every hour of the last nine days, priced at 5.00 ₽ by the customer's own tariff: 120 ₽ a day.
  const hour = Math.floor(Date.now() / 3_600_000) * 3600;
  const samples = Array.from({ length: 9 * 24 + 1 }, (_, k) => ({ t: hour - (9 * 24 - k) * 3600, values: { energy: 1_000_000 + k * 1000 } }));
  for (let i = 0; i < samples.length; i += 400) await sendPack(devices.deviceToken, meterPack(meter, samples.slice(i, i + 400)));
  const single = { effectiveFrom: '2025-01-01', scheme: 'SINGLE', tiers: [{ uptoKwh: null, prices: [{ zone: 1, price: '5.00' }] }] };
  const set = await graphql(`mutation($m: ID!, $v: TariffVersionInput!) { setMyTariff(meterId: $m, version: $v) { id } }`, { m: ids[meter], v: single }, customer);
  expect(set.errors).toBeUndefined();
  const cost = await graphql<{ viewer: { meter: { costOverview: { forecast: { kopecks: string } } } } }>(`query($m: ID!) { viewer { meter(id: $m) { costOverview { forecast { kopecks } } } } }`, { m: ids[meter] }, customer);
  const forecast = Number(cost.data!.viewer.meter.costOverview.forecast.kopecks);
  const rub = (kopecks: number) => new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2 }).format(kopecks / 100);

  await signIn(page, customer);
  // The cost panel offers a budget under its forecast, and leads to the field.
  await page.goto(`/meters/${ids[meter]}/tariff`);
  await expect(page.getByTestId('cost-forecast')).toHaveText(rub(forecast));
  await page.getByTestId('cost-budget').getByRole('link', { name: 'Задать бюджет на месяц' }).click();
  await expect(page).toHaveURL(`/meters/${ids[meter]}/alerts#alert-monthBudget`);
  const panel = page.getByRole('region', { name: 'Предупреждения по счётчику' });
  const budget = panel.getByLabel('Сколько счётчик может стоить в месяц, ₽');
  await expect(budget).toBeFocused();
  // The field says what the month is heading for, so that a budget is not typed blind.
  await expect(panel.getByText(`Прогноз на этот месяц: ${rub(forecast)}.`)).toBeVisible();
  await budget.fill('сто');
  await panel.getByRole('button', { name: 'Сохранить' }).click();
  await expect(panel.getByText('Сумма в рублях, например 3000 или 2500,50')).toBeVisible();
  await expect(budget).toHaveAttribute('aria-invalid', 'true');
  await expect(budget).toBeFocused();
  // Below the forecast, written as people write it.
  const below = Math.floor((forecast - 100) / 100);
  await budget.fill(new Intl.NumberFormat('ru-RU').format(below));
  await panel.getByRole('button', { name: 'Сохранить' }).click();
  await expect(panel.getByRole('status')).toHaveText('Настройки сохранены и уже действуют');
  await page.reload();
  await expect(budget).toHaveValue(String(below));

  await page.goto('/alerts');
  const alert = page.getByTestId('alert').filter({ hasText: 'Расходы выше бюджета' });
  await expect(alert).toContainText(new RegExp(`Счётчик ${meter}: (прогноз за .+ — ${rub(forecast)}, больше бюджета ${rub(below * 100)}|за .+ уже .+ — больше бюджета ${rub(below * 100)})`));
  await alert.getByRole('link', { name: 'Расходы и тариф' }).click();
  await expect(page).toHaveURL(`/meters/${ids[meter]}/tariff`);
  await expect(page.getByTestId('cost-budget')).toContainText(`выше бюджета ${rub(below * 100)} на ${rub(forecast - below * 100)}`);
  await expectNoHorizontalScroll(page);
});

/** A meter's own page: what it is, its controller's health, live values, the customer's label, unbinding. */
import { expect, test, type Page } from '@playwright/test';
import { graphql, registerViaApi, type TestAccount } from '../support/accounts.js';
import { demoCustomer, expectNoHorizontalScroll, signIn } from '../support/cabinet.js';
import { bindViaApi, meterPack, postPack, provisionDevices, sendPack, silenceController, verificationWarning, type ProvisionedDevices } from '../support/devices.js';

const number = (value: number, digits: number) => new Intl.NumberFormat('ru-RU', { maximumFractionDigits: digits }).format(value).replace(/\s/g, '\\s');

async function customerWith(devices: ProvisionedDevices): Promise<{ customer: TestAccount; ids: Record<string, string> }> {
  const customer = await registerViaApi();
  const ids = await bindViaApi(customer.token, devices.serial, devices.claimCode);
  return { customer, ids };
}

/** Sends a pack until the page shows what it should: the live subscription may still be registering. */
async function sendUntilShown(page: Page, send: () => Promise<unknown>, shown: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await send();
    await shown();
  }).toPass({ timeout: 20_000 });
}

test('the device page shows the meter, its controller’s health and the last value of each quantity', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'ELECTRICITY', zones: 2, phases: 3, model: 'Меркурий 234', installAddress: 'Москва, ул. Тестовая, 1', verificationDue: '2031-06-30' }]);
  const meter = devices.meters[0].serial;
  const { customer, ids } = await customerWith(devices);
  // A customer sees what was measured while the meter is theirs: the readings are timed after the binding.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const now = Math.floor(Date.now() / 1000);
  await sendPack(devices.deviceToken, [
    { bn: `${devices.serial}:`, n: 'rssi', u: 'dBm', v: -71 },
    { n: 'battery', u: '%EL', v: 88 },
    ...meterPack(meter, [{ t: now, values: { energy: 1_234_500, energy_t1: 1_000_000, energy_t2: 234_500, power: 842.5, voltage_l1: 229.8, current_l1: 3.5, frequency: 50.01, power_factor: 0.93 } }]),
  ]);

  await signIn(page, customer);
  await page.goto('/meters');
  await page.getByRole('link', { name: new RegExp(`Электроэнергия · ${meter}`) }).first().click();
  await expect(page).toHaveURL(new RegExp(`/meters/${ids[meter]}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(new RegExp(`Электроэнергия · ${meter}`));

  const info = page.getByRole('region', { name: 'О счётчике' });
  await expect(info).toContainText('Меркурий 234');
  await expect(info).toContainText('Москва, ул. Тестовая, 1');
  await expect(info).toContainText(/30 июн\.? 2031/);
  // One fact a row, each below the one before — not two facts side by side with their values squeezed to a letter.
  const serialBox = await info.locator('dt', { hasText: /^Серийный номер$/ }).boundingBox();
  const kindBox = await info.locator('dt', { hasText: /^Тип$/ }).boundingBox();
  expect(Math.round(kindBox!.x), 'the second fact starts where the first does').toBe(Math.round(serialBox!.x));
  expect(kindBox!.y, 'the second fact is below the first').toBeGreaterThanOrEqual(serialBox!.y + serialBox!.height);

  const controller = page.getByRole('region', { name: 'Контроллер' });
  await expect(controller).toContainText(devices.serial);
  await expect(controller).toContainText('на связи');
  await expect(controller).toContainText('-71 дБм — хороший');
  await expect(controller).toContainText('88 %');
  await expect(controller).toContainText('каждые 15 мин');

  const live = page.getByRole('region', { name: 'Текущие показания' });
  await expect(live.getByRole('definition').filter({ hasText: new RegExp(`${number(842.5, 1)}\\sВт`) })).toBeVisible();
  await expect(live.getByRole('definition').filter({ hasText: new RegExp(`${number(1234.5, 3)}\\sкВт·ч`) })).toBeVisible();
  await expect(live.getByRole('definition').filter({ hasText: new RegExp(`${number(229.8, 1)}\\sВ`) })).toBeVisible();
  await expect(live.getByRole('definition').filter({ hasText: new RegExp(`${number(50.01, 2)}\\sГц`) })).toBeVisible();
  await expectNoHorizontalScroll(page);
});

test('a meter’s pages and the cabinet’s own fit a 320 px screen without sideways scrolling', async ({ page }) => {
  // 320 CSS px: the narrowest phones, and what WCAG's reflow criterion asks content to fit.
  await page.setViewportSize({ width: 320, height: 640 });
  await signIn(page, demoCustomer());
  await page.goto('/meters');
  const meter = await page.getByRole('link', { name: /Электроэнергия · E-0001/ }).first().getAttribute('href');
  for (const path of [meter, `${meter}/readings`, `${meter}/quality`, `${meter}/tariff`, `${meter}/alerts`, '/meters', '/costs', '/alerts', '/profile', '/support']) {
    await page.goto(path!);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page, `${path} is a page of the cabinet`).not.toHaveTitle(/^(Страница не найдена|Ошибка)/);
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await expectNoHorizontalScroll(page);
    // Controls are read in the page's size: a phone's browser zooms into one under 16 px when it is touched.
    for (const control of await page.locator('main :is(input:not([type=checkbox]):not([type=radio]), select, textarea)').all()) {
      await expect(control, `${path}: a control in the page's 16 px`).toHaveCSS('font-size', '16px');
    }
  }
});

test('live tiles update in place when the meter sends a reading over CoAP', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'ELECTRICITY', zones: 1, phases: 1 }, { kind: 'COLD_WATER' }]);
  const [electricity, water] = devices.meters.map((m) => m.serial);
  const { customer, ids } = await customerWith(devices);
  // Both register readings fall on the same Moscow day (UTC+3), also when the test runs just after midnight.
  const nowS = Math.floor(Date.now() / 1000);
  const moscowMidnight = Math.floor((nowS + 3 * 3600) / 86_400) * 86_400 - 3 * 3600;
  const firstT = Math.max(nowS - 60, moscowMidnight + 1);
  await sendPack(devices.deviceToken, meterPack(electricity, [{ t: firstT, values: { energy: 500_000, power: 100 } }]));
  await signIn(page, customer);

  await page.goto(`/meters/${ids[electricity]}`);
  const live = page.getByRole('region', { name: 'Текущие показания' });
  await expect(live.getByText('онлайн')).toBeVisible();
  const reloads: string[] = [];
  page.on('framenavigated', (f) => f === page.mainFrame() && reloads.push(f.url()));
  const watts = 1000 + Math.floor(Math.random() * 8000) + 0.5;
  await sendUntilShown(
    page,
    () => postPack(devices.deviceToken, meterPack(electricity, [{ t: Math.max(Math.floor(Date.now() / 1000), firstT + 1), values: { power: watts, energy: 500_250, voltage_l1: 231.2 } }])),
    () => expect(live.getByRole('definition').filter({ hasText: new RegExp(`^${number(watts, 1)}\\sВт`) })).toBeVisible({ timeout: 1500 }),
  );
  await expect(live.getByRole('definition').filter({ hasText: new RegExp(`${number(231.2, 1)}\\sВ`) })).toBeVisible();
  // Since midnight: 0.25 kWh between the two register readings.
  await expect(live.getByRole('definition').filter({ hasText: new RegExp(`^${number(0.25, 3)}\\sкВт·ч`) })).toBeVisible();
  expect(reloads).toEqual([]);

  // A water meter's page follows its readings too.
  await page.goto(`/meters/${ids[water]}`);
  const waterLive = page.getByRole('region', { name: 'Текущие показания' });
  await expect(waterLive.getByText('онлайн')).toBeVisible();
  const litres = 100 + Math.floor(Math.random() * 900);
  await sendUntilShown(
    page,
    () => postPack(devices.deviceToken, meterPack(water, [{ t: Math.floor(Date.now() / 1000), values: { volume: 12 + litres / 1000, temperature: 9.5 } }])),
    () => expect(waterLive.getByRole('definition').filter({ hasText: new RegExp(`^${number(12 + litres / 1000, 3)}\\sм³`) })).toBeVisible({ timeout: 1500 }),
  );
  await expect(waterLive.getByRole('definition').filter({ hasText: /9,5\s°C/ })).toBeVisible();
});

test('the customer names a meter, and the name shows in the list', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER' }]);
  const meter = devices.meters[0].serial;
  const { customer, ids } = await customerWith(devices);
  await signIn(page, customer);
  await page.goto(`/meters/${ids[meter]}`);

  await page.getByLabel('Название', { exact: true }).fill('Кухня, ХВС');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByText('Название сохранено')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Кухня, ХВС');

  await page.getByRole('link', { name: 'Мои счётчики' }).first().click();
  await expect(page.getByRole('region', { name: new RegExp(`Кухня, ХВС.*Холодная вода · ${meter}`) })).toBeVisible();
});

test('a controller that went silent is flagged in the list and on the meter page', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'HOT_WATER' }], { reportingIntervalS: 600 });
  const meter = devices.meters[0].serial;
  const { customer, ids } = await customerWith(devices);
  await sendPack(devices.deviceToken, meterPack(meter, [{ t: Math.floor(Date.now() / 1000) - 3600, values: { volume: 3.5 } }]));
  // 10-minute reports: silent after 25 minutes without a word.
  silenceController(devices.serial, 40);
  await signIn(page, customer);

  await page.goto('/meters');
  await expect(page.getByRole('heading', { name: `Контроллер ${devices.serial} не выходит на связь` })).toBeVisible();
  await expect(page.getByText('обычно контроллер передаёт показания каждые 10 мин')).toBeVisible();
  await expect(page.getByRole('region', { name: new RegExp(meter) }).getByText(`Контроллер ${devices.serial}: не на связи`)).toBeVisible();

  await page.goto(`/meters/${ids[meter]}`);
  await expect(page.getByRole('region', { name: 'Контроллер' })).toContainText('не на связи');
});

test('unbinding keeps the history but frees the meter: it leaves the cabinet and another account can bind it', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER' }]);
  const meter = devices.meters[0];
  const customer = await registerViaApi();
  // Bound on its own, with the meter's own code.
  const ids = await bindViaApi(customer.token, meter.serial, meter.claimCode);
  // 400 l within a minute after the binding: a burst, open when the customer moves out.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const now = Math.floor(Date.now() / 1000);
  await sendPack(devices.deviceToken, meterPack(meter.serial, [0, 1, 2].map((i) => ({ t: now + 1 + i, values: { volume: 10 + i * 0.2 } }))));
  await signIn(page, customer);
  await page.goto('/alerts');
  await expect(page.getByRole('region', { name: 'Сейчас' }).getByTestId('alert')).toContainText('Очень большой расход воды', { timeout: 15_000 });
  await page.goto(`/meters/${ids[meter.serial]}`);

  await page.getByRole('button', { name: `Отвязать счётчик ${meter.serial}` }).click();
  const dialog = page.getByRole('dialog', { name: `Отвязать ${meter.serial}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('История показаний не удаляется');
  await expect(dialog.getByRole('button', { name: 'Отмена' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Отмена' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: `Отвязать счётчик ${meter.serial}` }).click();
  await dialog.getByRole('button', { name: 'Да, отвязать' }).click();
  await expect(page).toHaveURL(/\/meters\?unbound=/);
  await expect(page.getByText(`Прибор ${meter.serial} отвязан. История его показаний сохранена`)).toBeVisible();
  await expect(page.getByRole('region', { name: new RegExp(meter.serial) })).toHaveCount(0);
  // Its burst is over for this customer — closed because they let the meter go, not because the water stopped.
  await page.goto('/alerts');
  await expect(page.getByRole('region', { name: 'Сейчас' })).toContainText('Сейчас всё в порядке.');
  await expect(page.getByRole('region', { name: 'История' }).getByTestId('alert')).toContainText(/закрыто .+: прибор отвязан/);

  // Its page is closed to the former owner…
  await page.goto(`/meters/${ids[meter.serial]}`);
  await expect(page.getByRole('heading', { name: 'Счётчик не найден' })).toBeVisible();
  // …and another account binds it with the same code.
  const next = await registerViaApi();
  const r = await graphql<{ bindDevice: { meters: Array<{ serial: string }> } }>(
    `mutation($s: String!, $c: String!) { bindDevice(serial: $s, code: $c) { meters { serial } } }`,
    { s: meter.serial, c: meter.claimCode },
    { token: next.token },
  );
  expect(r.data?.bindDevice.meters.map((m) => m.serial)).toEqual([meter.serial]);
});

test('a meter bound with its controller is unbound with the controller, and the page says so', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER' }, { kind: 'HOT_WATER' }]);
  const { customer, ids } = await customerWith(devices);
  await signIn(page, customer);
  await page.goto(`/meters/${ids[devices.meters[0].serial]}`);
  await expect(page.getByText(`Счётчик привязан вместе с контроллером ${devices.serial}`)).toBeVisible();
  await page.getByRole('button', { name: `Отвязать контроллер ${devices.serial}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Да, отвязать' }).click();
  await expect(page.getByText(`Прибор ${devices.serial} отвязан`)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'К кабинету пока не привязаны счётчики' })).toBeVisible();
});

test('a meter verified: the customer enters the next date from the certificate, the warning ends, a date in the past is explained', async ({ page }) => {
  const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000 + 3 * 3_600_000).toISOString().slice(0, 10); // Moscow
  const devices = await provisionDevices([{ kind: 'HOT_WATER', verificationDue: isoDay(12) }]);
  const meter = devices.meters[0];
  const customer = await registerViaApi();
  const ids = await bindViaApi(customer.token, devices.serial, devices.claimCode);
  verificationWarning(meter.serial, isoDay(12), 12);
  await signIn(page, customer);
  // The warning leads to its answer: the meter's page with the form open.
  await page.goto('/alerts');
  await page.getByTestId('alert').filter({ hasText: 'Срок поверки' }).getByRole('link', { name: 'Отметить поверку' }).click();
  await expect(page).toHaveURL(`/meters/${ids[meter.serial]}#verification`);
  const warnings = page.getByRole('list', { name: `Предупреждения счётчика ${meter.serial}` });
  await expect(warnings.getByRole('link')).toHaveAccessibleName('Срок поверки');
  const info = page.getByRole('region', { name: 'О счётчике' });
  await expect(info).toContainText('осталось 12 дней — запишитесь на поверку заранее');
  const field = info.getByLabel('Следующая поверка — до');
  await expect(field).toBeFocused();
  // Put away, the form opens again with its button.
  await info.getByRole('button', { name: 'Отмена' }).click();
  await expect(field).toHaveCount(0);
  await info.getByRole('button', { name: 'Поверка пройдена' }).click();
  await expect(field).toBeFocused();
  // Empty, then a date that has passed: each said at the field.
  await info.getByRole('button', { name: 'Сохранить' }).click();
  await expect(info.getByText('Укажите дату следующей поверки')).toBeVisible();
  await field.fill(isoDay(-3));
  await info.getByRole('button', { name: 'Сохранить' }).click();
  await expect(info.getByText('Дата следующей поверки — позже сегодняшней: она указана в свидетельстве о поверке')).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(warnings).toHaveCount(1);

  // The certificate's number, if at hand: one that cannot be is said at its own field.
  await field.fill('2032-05-20');
  const certificate = info.getByLabel('Номер свидетельства или записи ФГИС «Аршин» (если есть)');
  await certificate.fill('<нет>');
  await info.getByRole('button', { name: 'Сохранить' }).click();
  await expect(certificate).toHaveAccessibleDescription(/Номер свидетельства или записи ФГИС «Аршин» — до 100 букв/);
  await expect(certificate).toBeFocused();
  await certificate.fill('С-ВЯ/15-03-2026/123456789');
  await info.getByRole('button', { name: 'Сохранить' }).click();
  await expect(info.getByRole('status')).toHaveText('Сохранено: поверка действительна до 20 мая 2032 г.');
  await expect(info.getByTestId('verification-certificate')).toHaveText('№ С-ВЯ/15-03-2026/123456789');
  await expect(info).not.toContainText('запишитесь на поверку');
  await expect(info.getByRole('button', { name: 'Поверка пройдена' })).toBeFocused();
  // The warning ended: off the page without a reload, and the history says it ended.
  await expect(warnings).toHaveCount(0);
  await page.goto('/alerts');
  await expect(page.getByRole('region', { name: 'Сейчас' })).toContainText('Сейчас всё в порядке.');
  await expect(page.getByRole('region', { name: 'История' }).getByTestId('alert').filter({ hasText: 'Срок поверки' })).toContainText('закончилось');
  await page.reload();
  await page.goto(`/meters/${ids[meter.serial]}`);
  await expect(page.getByRole('region', { name: 'О счётчике' })).toContainText('20 мая 2032 г.');
  await expect(page.getByRole('region', { name: 'О счётчике' }).getByTestId('verification-certificate')).toHaveText('№ С-ВЯ/15-03-2026/123456789');
});


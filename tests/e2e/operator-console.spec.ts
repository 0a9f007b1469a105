/**
 * The operator's console: an operator lands on the devices, provisions a controller one by one and from CSV
 * (tokens and claim labels shown once), finds it by serial, rotates its modem token (the old one is refused by
 * the bridge, the new one accepted) and issues a new claim code. Customers are kept out.
 */
import { randomInt } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { graphql, registerViaApi } from '../support/accounts.js';
import { expectNoHorizontalScroll, operator, signIn } from '../support/cabinet.js';
import { bindViaApi, meterPack, postPack, provisionDevices, verificationWarning } from '../support/devices.js';

const CLAIM_CODE = /^[0-9A-Z]{5}-[0-9A-Z]{5}$/;

/** The card of one controller in the console's list. */
const card = (page: Page, serial: string) => page.getByRole('list', { name: 'Контроллеры' }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: serial, exact: true }) });

test('an operator lands on the console, provisions a controller with a meter, finds it and rotates its token', async ({ page }) => {
  test.setTimeout(90_000);
  const prefix = `K${randomInt(100_000, 999_999)}`;
  await signIn(page, operator());
  await expect(page).toHaveURL(/\/operator\/devices$/);
  await expect(page.getByRole('heading', { name: 'Устройства', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Контроллеры' })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Устройства' })).toHaveAttribute('aria-current', 'page');
  // The footer keeps the contacts and help, not a customer's «Заказать звонок» or «Написать в поддержку».
  const sections = page.getByRole('contentinfo').getByRole('navigation', { name: 'Разделы', exact: true });
  await expect(sections.getByRole('link')).toHaveText(['Главная', 'Помощь']);

  // Nothing typed: the form says what is missing and sends nothing.
  const form = page.getByRole('region', { name: 'Ввести контроллер в работу' });
  await form.getByRole('button', { name: 'Ввести в работу' }).click();
  await expect(form.getByText('Укажите серийный номер контроллера')).toBeVisible();

  await form.getByLabel('Серийный номер контроллера').fill(`${prefix}-C`);
  await form.getByLabel('Модель').fill('Комета NB-IoT');
  await form.getByLabel(/Интервал передачи/).fill('30');
  await form.getByRole('button', { name: 'Добавить счётчик' }).click();
  await form.getByRole('group', { name: 'Счётчик 1' }).getByLabel('Серийный номер счётчика').fill(`${prefix}-E1`);
  await form.getByRole('group', { name: 'Счётчик 1' }).getByLabel('Тарифных зон').selectOption('2');
  await form.getByRole('button', { name: 'Ввести в работу' }).click();
  await expect(form.getByText('Интервал — целое число секунд от 60 до 86 400')).toBeVisible();
  await form.getByLabel(/Интервал передачи/).fill('60');
  await form.getByRole('button', { name: 'Ввести в работу' }).click();
  await expect(form.getByRole('status')).toHaveText(`Контроллер ${prefix}-C введён в работу`);

  // The same serial numbers again: the API's problems stand next to their fields, not in one line under the form.
  await form.getByLabel('Серийный номер контроллера').fill(`${prefix}-C`);
  await form.getByRole('button', { name: 'Добавить счётчик' }).click();
  await form.getByRole('group', { name: 'Счётчик 1' }).getByLabel('Серийный номер счётчика').fill(`${prefix}-E1`);
  await form.getByRole('button', { name: 'Добавить счётчик' }).click();
  await form.getByRole('group', { name: 'Счётчик 2' }).getByLabel('Серийный номер счётчика').fill(`${prefix}-W1`);
  await form.getByRole('button', { name: 'Ввести в работу' }).click();
  const serialField = form.getByLabel('Серийный номер контроллера');
  await expect(serialField).toHaveAccessibleDescription(new RegExp(`серийный номер ${prefix}-C уже зарегистрирован`));
  await expect(serialField).toBeFocused();
  await expect(form.getByRole('group', { name: 'Счётчик 1' }).getByLabel('Серийный номер счётчика')).toHaveAccessibleDescription(new RegExp(`серийный номер ${prefix}-E1 уже зарегистрирован`));
  await expect(form.getByRole('group', { name: 'Счётчик 2' }).getByLabel('Серийный номер счётчика')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText(/контроллер 1/)).toHaveCount(0);
  await form.getByRole('button', { name: 'Удалить счётчик 2' }).click();
  await form.getByRole('button', { name: 'Удалить счётчик 1' }).click();
  await serialField.fill('');

  // The token and both labels, once.
  const once = page.getByRole('region', { name: 'Токены и коды — показаны один раз' });
  const firstToken = (await once.getByLabel(`Токен модема ${prefix}-C`).textContent())!.trim();
  expect(firstToken.length).toBeGreaterThanOrEqual(20);
  for (const serial of [`${prefix}-C`, `${prefix}-E1`]) {
    const label = once.getByRole('figure', { name: `Наклейка ${serial}` });
    await expect(label.getByRole('img', { name: `QR-код привязки ${serial}` })).toBeVisible();
    await expect(label.locator('code')).toHaveText(CLAIM_CODE);
  }
  const t0 = Math.floor(Date.now() / 1000);
  const pack = (t: number, energy: number) => meterPack(`${prefix}-E1`, [{ t, values: { energy } }]);
  expect(await postPack(firstToken, pack(t0, 1_000))).toBe('2.04');

  // Found by the start of its serial, with its status and meter.
  await page.getByRole('searchbox', { name: 'Серийный номер или телефон клиента' }).fill(prefix);
  await page.getByRole('button', { name: 'Найти' }).click();
  const controller = card(page, `${prefix}-C`);
  await expect(page.getByRole('list', { name: 'Контроллеры' }).getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2 }) })).toHaveCount(1);
  await expect(controller.getByText('на связи')).toBeVisible();
  await expect(controller.getByText(`${prefix}-E1 · Электроэнергия`)).toBeVisible();
  // The controller's own actions stand with the controller, above its meters (under them they read as the last meter's).
  const own = controller.getByRole('group', { name: `Действия с контроллером ${prefix}-C` });
  await expect(own.getByRole('button')).toHaveText(['Новый токен модема', 'Новый код привязки', 'Вывести из работы']);
  const ownBottom = await own.evaluate((group) => group.getBoundingClientRect().bottom);
  const metersTop = await controller.getByRole('heading', { name: 'Счётчики', level: 3 }).evaluate((heading) => heading.getBoundingClientRect().top);
  expect(ownBottom, 'the controller actions end above the meters heading').toBeLessThanOrEqual(metersTop);

  // A new token: the old one is refused by the bridge from now on, the new one accepted.
  page.once('dialog', (dialog) => void dialog.accept());
  await controller.getByRole('button', { name: `Новый токен модема ${prefix}-C` }).click();
  const issued = controller.getByRole('status').locator('code');
  await expect(issued).toHaveText(/\S{20,}/);
  const newToken = (await issued.textContent())!.trim();
  expect(newToken).not.toBe(firstToken);
  // The bridge hears of the change through the API's stream: give it a moment rather than race it.
  await expect.poll(() => postPack(firstToken, pack(t0 + 1, 1_001))).toBe('4.01');
  expect(await postPack(newToken, pack(t0 + 2, 1_002))).toBe('2.04');

  // A new claim code for the meter: a label with a code different from the first one.
  const oldCode = await once.getByRole('figure', { name: `Наклейка ${prefix}-E1` }).locator('code').textContent();
  page.once('dialog', (dialog) => void dialog.accept());
  await controller.getByRole('button', { name: `Новый код привязки ${prefix}-E1` }).click();
  const relabelled = controller.getByRole('figure', { name: `Наклейка ${prefix}-E1` }).locator('code');
  await expect(relabelled).toHaveText(CLAIM_CODE);
  expect(await relabelled.textContent()).not.toBe(oldCode);

  // Out of service: the status says so and the actions are gone.
  page.once('dialog', (dialog) => void dialog.accept());
  await controller.getByRole('button', { name: `Вывести из работы ${prefix}-C` }).click();
  await expect(controller.getByText('выведен из работы')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expect(controller.getByRole('button', { name: `Новый токен модема ${prefix}-C` })).toHaveCount(0);
});

test('an operator records a customer’s meter as verified (a technician’s visit): the customer’s warning ends', async ({ page }) => {
  const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000 + 3 * 3_600_000).toISOString().slice(0, 10); // Moscow
  const devices = await provisionDevices([{ kind: 'COLD_WATER', verificationDue: isoDay(5) }]);
  const meter = devices.meters[0].serial;
  const customer = await registerViaApi();
  await bindViaApi(customer.token, devices.serial, devices.claimCode);
  verificationWarning(meter, isoDay(5), 5);
  const openWarnings = async () =>
    (await graphql<{ viewer: { alerts: { totalCount: number } } }>(`{ viewer { alerts(first: 1, open: true) { totalCount } } }`, {}, { token: customer.token })).data!.viewer.alerts.totalCount;
  expect(await openWarnings()).toBe(1);

  await signIn(page, operator());
  await page.getByRole('searchbox', { name: 'Серийный номер или телефон клиента' }).fill(devices.serial);
  await page.getByRole('button', { name: 'Найти' }).click();
  const controller = card(page, devices.serial);
  const dueText = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${isoDay(5)}T00:00:00Z`));
  await expect(controller.getByRole('listitem').filter({ hasText: meter })).toContainText(`поверка до ${dueText}`);

  await controller.getByRole('button', { name: `Поверка пройдена: ${meter}` }).click();
  const field = controller.getByLabel('Следующая поверка — до');
  await expect(field).toBeFocused();
  await field.fill(isoDay(-1));
  await controller.getByRole('button', { name: 'Сохранить' }).click();
  await expect(field).toHaveAccessibleDescription(/Дата следующей поверки — позже сегодняшней/);
  expect(await openWarnings()).toBe(1);

  await field.fill('2032-05-20');
  await controller.getByLabel('Номер свидетельства или записи ФГИС «Аршин» (если есть)').fill('С-ВЯ/15-03-2026/123456789');
  await controller.getByRole('button', { name: 'Сохранить' }).click();
  await expect(controller.getByRole('status')).toHaveText(`Поверка ${meter} записана: следующая — до 20 мая 2032 г.`);
  await expect(controller.getByRole('listitem').filter({ hasText: meter })).toContainText('поверка до 20 мая 2032 г. · свидетельство № С-ВЯ/15-03-2026/123456789');
  await expect(controller.getByRole('button', { name: `Поверка пройдена: ${meter}` })).toBeFocused();
  expect(await openWarnings()).toBe(0);
});

test('a CSV upload names the bad line and provisions nothing, then provisions the corrected file', async ({ page }) => {
  const prefix = `K${randomInt(100_000, 999_999)}`;
  const header = 'controller_serial,controller_model,firmware,reporting_interval_s,meter_serial,meter_kind,meter_model,zones,phases,install_address,verification_due';
  const row = (meter: string, kind: string) => `${prefix}-C,Комета,1.0,900,${prefix}-${meter},${kind},,1,1,ул. Ленина 1,`;
  await signIn(page, operator(), '/operator/devices');
  const upload = page.getByRole('region', { name: 'Загрузить из CSV' });

  await upload.getByRole('button', { name: 'Загрузить' }).click();
  await expect(upload.getByText('Выберите файл CSV')).toBeVisible();

  await upload.getByLabel('Файл CSV').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from([header, row('E1', 'ELECTRICITY'), row('GAS1', 'GAS')].join('\n')) });
  await upload.getByRole('button', { name: 'Загрузить' }).click();
  await expect(upload.getByRole('alert')).toContainText('строка 3: тип счётчика — ELECTRICITY, COLD_WATER или HOT_WATER');
  await page.getByRole('searchbox', { name: 'Серийный номер или телефон клиента' }).fill(prefix);
  await page.getByRole('button', { name: 'Найти' }).click();
  await expect(page.getByText(`По «${prefix}» ничего нет: ни серийный номер контроллера или счётчика не начинается так, ни у клиента нет такого телефона с приборами.`)).toBeVisible();

  await upload.getByLabel('Файл CSV').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from([header, row('E1', 'ELECTRICITY'), row('CW1', 'COLD_WATER')].join('\n')) });
  await upload.getByRole('button', { name: 'Загрузить' }).click();
  await expect(upload.getByRole('status')).toHaveText('Введено в работу: 1 контроллер');
  const once = page.getByRole('region', { name: 'Токены и коды — показаны один раз' });
  await expect(once.getByRole('figure')).toHaveCount(3);
  const controller = card(page, `${prefix}-C`);
  await expect(controller.getByText('ещё не выходил на связь')).toBeVisible();
  await expect(controller.getByText(`${prefix}-CW1 · Холодная вода · ул. Ленина 1`)).toBeVisible();
});

test('the console is for operators only', async ({ page }) => {
  const account = await registerViaApi();
  await signIn(page, account, '/operator/devices');
  await expect(page.getByRole('heading', { name: 'Раздел для операторов' })).toBeVisible();
  await expect(page.getByRole('searchbox')).toHaveCount(0);
});

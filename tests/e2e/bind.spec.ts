/** Binding devices as a customer does it: the form, the label's QR link (signed in or not), mistakes, limits. */
import { expect, test } from '@playwright/test';
import { graphql, registerViaApi } from '../support/accounts.js';
import { expectNoHorizontalScroll, signIn } from '../support/cabinet.js';
import { provisionDevices } from '../support/devices.js';

test('a controller bound with its serial and code brings its meters into the cabinet', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'ELECTRICITY', zones: 2, phases: 3 }, { kind: 'COLD_WATER' }]);
  const customer = await registerViaApi();
  await signIn(page, customer);

  await page.goto('/meters');
  await expect(page.getByRole('heading', { name: 'К кабинету пока не привязаны счётчики' })).toBeVisible();
  await page.getByRole('link', { name: 'Привязать' }).click();
  await expect(page).toHaveURL(/\/bind$/);
  await expectNoHorizontalScroll(page);

  await page.getByLabel('Серийный номер').fill(devices.serial.toLowerCase());
  // Typed the way people type: lower case, without the dash.
  await page.getByLabel('Код привязки').fill(devices.claimCode.replace('-', '').toLowerCase());
  await page.getByRole('button', { name: 'Привязать' }).click();

  await expect(page.getByRole('heading', { name: `Контроллер ${devices.serial} привязан` })).toBeFocused();
  await expect(page.getByText('Теперь в кабинете видны 2 счётчика:')).toBeVisible();
  for (const meter of devices.meters) await expect(page.getByRole('link', { name: new RegExp(meter.serial) })).toBeVisible();
  // What to do next for the readings to reach the supplier on their own.
  await expect(page.getByText('Чтобы показания уходили поставщику сами, откройте счётчик и укажите лицевой счёт в разделе «Передача показаний».')).toBeVisible();

  await page.getByRole('link', { name: 'Перейти к счётчикам' }).click();
  await expect(page.getByRole('region', { name: new RegExp(`Электроэнергия · ${devices.meters[0].serial}`) })).toBeVisible();
  await expect(page.getByRole('region', { name: new RegExp(`Холодная вода · ${devices.meters[1].serial}`) })).toBeVisible();
});

test('the QR link of a label fills the form in for a signed-in customer', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'HOT_WATER' }]);
  const meter = devices.meters[0];
  await signIn(page, await registerViaApi());

  await page.goto(meter.bindPath);
  await expect(page.getByText('Серийный номер и код подставлены из QR-кода')).toBeVisible();
  await expect(page.getByLabel('Серийный номер')).toHaveValue(meter.serial);
  await expect(page.getByLabel('Код привязки')).toHaveValue(meter.claimCode);
  await page.getByRole('button', { name: 'Привязать' }).click();
  await expect(page.getByRole('heading', { name: `Счётчик ${meter.serial} привязан` })).toBeVisible();
});

test('a signed-out visitor following the QR link signs in and comes back to the filled-in form', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER' }]);
  const customer = await registerViaApi();

  await page.goto(devices.bindPath);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('Номер телефона').fill(customer.phone);
  await page.getByLabel('Пароль', { exact: true }).fill(customer.password);
  await page.getByRole('button', { name: 'Войти' }).click();

  await expect(page).toHaveURL(new RegExp(`/bind\\?serial=${devices.serial}&code=`));
  await expect(page.getByLabel('Серийный номер')).toHaveValue(devices.serial);
  await expect(page.getByLabel('Код привязки')).toHaveValue(devices.claimCode);
  await page.getByRole('button', { name: 'Привязать' }).click();
  await expect(page.getByRole('heading', { name: `Контроллер ${devices.serial} привязан` })).toBeVisible();
});

test('a wrong code is answered next to the code field, and the device stays free', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER' }]);
  await signIn(page, await registerViaApi());
  await page.goto('/bind');

  await page.getByRole('button', { name: 'Привязать' }).click();
  await expect(page.getByText('Укажите серийный номер прибора')).toBeVisible();
  await expect(page.getByLabel('Серийный номер')).toBeFocused();

  await page.getByLabel('Серийный номер').fill(devices.serial);
  await page.getByLabel('Код привязки').fill('AAAAA-AAAAA');
  await page.getByRole('button', { name: 'Привязать' }).click();
  const code = page.getByLabel('Код привязки');
  await expect(code).toHaveAttribute('aria-invalid', 'true');
  await expect(code).toHaveAccessibleDescription(/Неверный серийный номер или код привязки/);
  await expect(code).toBeFocused();

  // Still free: someone else binds it with the right code.
  const other = await registerViaApi();
  const r = await graphql(`mutation($s: String!, $c: String!) { bindDevice(serial: $s, code: $c) { alreadyBound } }`, { s: devices.serial, c: devices.claimCode }, { token: other.token });
  expect(r.errors).toBeUndefined();
});

test('too many wrong codes make the form wait, with a countdown', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER' }]);
  const customer = await registerViaApi();
  // Ten guesses an hour per account: the eleventh is refused with a time to wait.
  for (let i = 0; i < 10; i++) {
    await graphql(`mutation($s: String!, $c: String!) { bindDevice(serial: $s, code: $c) { alreadyBound } }`, { s: devices.serial, c: `ZZZZZ-ZZZ${i}Z` }, { token: customer.token });
  }
  await signIn(page, customer);
  await page.goto(devices.bindPath);
  await page.getByRole('button', { name: 'Привязать' }).click();
  await expect(page.getByText(/Повторить можно через \d+:\d\d/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Привязать' })).toBeDisabled();
});

test('binding is offered right after registration, on the welcome page', async ({ page }) => {
  await signIn(page, await registerViaApi());
  await page.goto('/welcome');
  await page.getByRole('link', { name: 'Привязать сейчас' }).click();
  await expect(page.getByRole('heading', { name: 'Привязка приборов' })).toBeVisible();
});

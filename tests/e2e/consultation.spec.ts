/** «Консультация»: a callback within an hour — the form in the header, and the operators' queue with the time left. */
import { expect, test } from '@playwright/test';
import { registerViaApi, typedPhone, uniquePhone } from '../support/accounts.js';
import { makeCallbackOverdue, operator, otherBrowser, signIn, tickCaptcha } from '../support/cabinet.js';
import { bindViaApi, provisionDevices } from '../support/devices.js';

test('an empty request is answered next to each field', async ({ page }) => {
  await page.goto('/consultation');
  await expect(page.getByRole('heading', { name: 'Консультация' })).toBeVisible();
  await page.getByRole('button', { name: 'Заказать звонок' }).click();
  await expect(page.getByText('Как к вам обращаться?')).toBeVisible();
  await expect(page.getByText('Введите номер телефона')).toBeVisible();
  await expect(page.getByText('Отметьте «Я не робот»', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Имя')).toBeFocused();
  await expect(page.getByLabel('Имя')).toHaveAttribute('aria-invalid', 'true');
});

test('a number that is not a phone is refused by the API next to the phone field', async ({ page }) => {
  await page.goto('/consultation');
  await page.getByLabel('Имя').fill('Пётр');
  await page.getByLabel('Номер телефона').fill('12345');
  await tickCaptcha(page);
  await page.getByRole('button', { name: 'Заказать звонок' }).click();
  await expect(page.getByText('Введите номер мобильного телефона, например +7 900 123-45-67')).toBeVisible();
  await expect(page.getByLabel('Номер телефона')).toBeFocused();
});

test('a visitor asks for a call from the header; the operator sees the hour running out and marks it done', async ({ page, browser }, info) => {
  const phone = uniquePhone();
  const name = `Пётр ${phone.slice(-4)}`;

  await page.goto('/');
  await page.getByRole('banner').getByRole('link', { name: 'Консультация' }).click();
  await expect(page).toHaveURL(/\/consultation$/);
  await page.getByLabel('Имя').fill(name);
  await page.getByLabel('Номер телефона').fill(typedPhone(phone));
  await page.getByLabel(/^Вопрос/).fill('Не приходят показания счётчика воды');
  await tickCaptcha(page);
  await page.getByRole('button', { name: 'Заказать звонок' }).click();
  await expect(page.getByRole('heading', { name: 'Заявка принята' })).toBeVisible();
  await expect(page.getByText(new RegExp(`Специалист позвонит на номер ${typedPhone(phone).replace(/\+/g, '\\+')} в течение часа — до \\d\\d:\\d\\d\\.`))).toBeVisible();

  const operatorContext = await otherBrowser(browser, info);
  const desk = await operatorContext.newPage();
  await signIn(desk, operator(), '/operator/callbacks');
  await expect(desk.getByRole('heading', { name: 'Заказанные звонки' })).toBeVisible();
  const request = desk.getByRole('listitem').filter({ hasText: name });
  await expect(request.getByText('Не приходят показания счётчика воды')).toBeVisible();
  await expect(request.getByRole('link', { name: typedPhone(phone) })).toHaveAttribute('href', `tel:${phone}`);
  // The hour counts down live, second by second.
  const left = request.getByText(/^осталось 59:[0-5]\d$/);
  await expect(left).toBeVisible();
  const first = await left.textContent();
  await expect(request.getByText(/^осталось \d+:\d\d$/)).not.toHaveText(first!, { timeout: 3000 });

  // An hour later (moved in the database): overdue, and the row says so.
  makeCallbackOverdue(phone, 7);
  await desk.getByRole('button', { name: 'Обновить' }).click();
  await expect(request.getByText(/^просрочено на 7:0\d$/)).toBeVisible();
  await expect(request).toHaveClass(/overdue/);
  await expect(desk.getByRole('status').getByText(/просрочен/)).toBeVisible();

  await request.getByRole('button', { name: `Выполнено: ${name}, ${typedPhone(phone)}` }).click();
  await expect(desk.getByText(`Заявка «${name}» отмечена выполненной`)).toBeVisible();
  await expect(desk.getByRole('listitem').filter({ hasText: name })).toHaveCount(0);

  await desk.getByRole('button', { name: 'Выполненные' }).click();
  await expect(desk.getByRole('listitem').filter({ hasText: name }).getByText(/Выполнено: /)).toBeVisible();
  await operatorContext.close();
});

test('a signed-in customer asks for a call without a captcha; the operator opens their devices from the queue', async ({ page, browser }, info) => {
  const name = `Зоя Калинина ${uniquePhone().slice(-4)}`;
  const customer = await registerViaApi({ fullName: name });
  const devices = await provisionDevices([{ kind: 'COLD_WATER', zones: 1, phases: 1 }]);
  await bindViaApi(customer.token, devices.serial, devices.claimCode);
  await signIn(page, customer, '/consultation');
  await expect(page.getByLabel('Имя')).toHaveValue(name);
  await expect(page.getByLabel('Номер телефона')).not.toHaveValue('');
  await expect(page.getByText('Я не робот')).toHaveCount(0);
  // They would rather be called at work: another number than the cabinet's.
  const work = uniquePhone();
  await page.getByLabel('Номер телефона').fill(typedPhone(work));
  await page.getByRole('button', { name: 'Заказать звонок' }).click();
  await expect(page.getByRole('heading', { name: 'Заявка принята' })).toBeVisible();

  // Before calling back, the operator sees what the customer has: found by their cabinet's number, not the one to call.
  const operatorContext = await otherBrowser(browser, info);
  const desk = await operatorContext.newPage();
  await signIn(desk, operator(), '/operator/callbacks');
  const request = desk.getByRole('listitem').filter({ hasText: name });
  await expect(request.getByRole('link', { name: typedPhone(work) })).toHaveAttribute('href', `tel:${work}`);
  await expect(request.getByText(`Из личного кабинета ${typedPhone(customer.phone)}`)).toBeVisible();
  await desk.getByRole('link', { name: `Приборы клиента ${name}` }).click();
  await expect(desk).toHaveURL(/\/operator\/devices\?search=/);
  await expect(desk.getByRole('searchbox', { name: 'Серийный номер или телефон клиента' })).toHaveValue(customer.phone);
  await expect(desk.getByRole('list', { name: 'Контроллеры' }).getByRole('heading', { level: 2 })).toHaveText([devices.serial]);
  await expect(desk.getByText('1 контроллер', { exact: true })).toBeVisible();
  await expect(desk.getByText(devices.meters[0].serial)).toBeVisible();
  await operatorContext.close();
});

test('the callback queue is for operators only', async ({ page }) => {
  await page.goto('/operator/callbacks');
  await expect(page).toHaveURL(/\/login\?next=%2Foperator%2Fcallbacks$/);
});

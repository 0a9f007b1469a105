/**
 * Registration as the seed describes it, in a real browser through the real captcha widget (proof of work at
 * the default cost) and the SMS code read from the development outbox.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expireCodes, messagesTo, smsCode, typedPhone, uniqueEmail, uniquePhone, waitForMessage } from '../support/accounts.js';

const CAPTCHA_TIMEOUT_MS = 45_000;

/** Ticks «Я не робот» and waits for the widget to finish its proof of work; returns how long that took. */
async function tickCaptcha(page: Page): Promise<number> {
  const box = page.getByRole('checkbox', { name: 'Я не робот' });
  await expect(box).toBeVisible();
  const started = Date.now();
  await box.click();
  // Solved: the box is ticked and its label says so.
  await expect(page.getByRole('checkbox', { name: 'Проверено' })).toBeChecked({ timeout: CAPTCHA_TIMEOUT_MS });
  return Date.now() - started;
}

/** Phone (typed as `typed`, grouped by default), captcha, «Отправить»: the page asks for the code sent to `phone`. */
async function requestCode(page: Page, phone: string, typed = typedPhone(phone)): Promise<string> {
  const since = messagesTo(phone, 'sms').length;
  await page.goto('/register');
  await page.getByLabel('Номер телефона').fill(typed);
  const took = await tickCaptcha(page);
  test.info().annotations.push({ type: 'captcha', description: `solved in ${took} ms` });
  await page.getByRole('button', { name: 'Отправить', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Код из СМС' })).toBeVisible();
  return smsCode(phone, since);
}

async function enterCode(page: Page, code: string) {
  await page.getByLabel('Код из СМС').fill(code);
  await page.getByRole('button', { name: 'Продолжить' }).click();
}

test('a visitor registers with the phone, the captcha and the SMS code, and lands in the cabinet', async ({ page }) => {
  const phone = uniquePhone();
  const email = uniqueEmail('register');
  const password = 'correct-horse-battery-7';

  await page.goto('/login');
  await page.getByRole('link', { name: 'Зарегистрироваться' }).click();
  await expect(page).toHaveURL(/\/register$/);

  const code = await requestCode(page, phone);
  await expect(page.getByText(/Новый код можно запросить через 0:[0-5]\d/)).toBeVisible();
  await enterCode(page, code);

  await expect(page.getByText(`Номер ${typedPhone(phone)} подтверждён`)).toBeVisible();
  await expect(page.getByText(/от 8 до 128 знаков/)).toBeVisible();
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByLabel('Повторите пароль').fill(password);
  await page.getByLabel('Фамилия, имя и отчество').fill('Петрова Анна Сергеевна');
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel(/^Адрес/).fill('Санкт-Петербург, Невский пр., 1');
  const sendPassword = page.getByRole('checkbox', { name: 'Отправить пароль' });
  await expect(sendPassword).not.toBeChecked();
  await expect(page.getByText(/открытым текстом/)).toBeVisible();
  await sendPassword.check();
  await page.getByRole('button', { name: 'Продолжить' }).click();

  // Signed in and greeted: bind meters now or later, and a pointer to «Помощь».
  await expect(page).toHaveURL(/\/welcome$/);
  await expect(page.getByRole('heading', { name: 'Добро пожаловать, Петрова Анна Сергеевна!' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Позже' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Помощь' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Профиль' })).toBeVisible();

  // «Отправить пароль» delivered the credentials; the confirmation link went out too.
  const credentials = await waitForMessage(email, { channel: 'email', match: /данные для входа/ });
  expect(credentials.text).toContain(password);
  expect(credentials.text).toContain(phone);
  await waitForMessage(email, { channel: 'email', match: /confirm-email\?token=/ });

  await page.getByRole('link', { name: 'Привязать сейчас' }).click();
  await expect(page.getByRole('heading', { name: 'Привязка приборов' })).toBeVisible();
  await page.goBack();
  await page.getByRole('link', { name: 'Позже' }).click();
  await expect(page.getByRole('heading', { name: 'К кабинету пока не привязаны счётчики' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
});

test('a reload at the code step (a phone browser discarding the tab) comes back to it, and the code still works', async ({ page }) => {
  const phone = uniquePhone();
  const code = await requestCode(page, phone);
  const sent = messagesTo(phone, 'sms').length;
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Код из СМС' })).toBeVisible();
  await expect(page.getByText(/Новый код можно запросить через 0:[0-5]\d/)).toBeVisible();
  await enterCode(page, code);
  await expect(page.getByText(`Номер ${typedPhone(phone)} подтверждён`)).toBeVisible();
  expect(messagesTo(phone, 'sms')).toHaveLength(sent); // no second code was asked for
  // The code is spent: another reload starts over.
  await page.reload();
  await expect(page.getByLabel('Номер телефона')).toBeVisible();
});

test('without «Отправить пароль» no credentials email is sent', async ({ page }) => {
  const phone = uniquePhone();
  const email = uniqueEmail('nopass');
  await enterCode(page, await requestCode(page, phone));
  await page.getByLabel('Пароль', { exact: true }).fill('another-good-pass-42');
  await page.getByLabel('Повторите пароль').fill('another-good-pass-42');
  await page.getByLabel('Фамилия, имя и отчество').fill('Сидоров Пётр');
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByRole('button', { name: 'Продолжить' }).click();
  await expect(page).toHaveURL(/\/welcome$/);
  await waitForMessage(email, { channel: 'email', match: /confirm-email/ });
  expect(messagesTo(email, 'email').filter((m) => /данные для входа/.test(m.subject ?? ''))).toEqual([]);
});

test.describe('a visitor on a Siberian clock', () => {
  test.use({ timezoneId: 'Asia/Barnaul' });

  test('starts with the cabinet on that clock: the profile shows the matching zone', async ({ page }) => {
    await enterCode(page, await requestCode(page, uniquePhone()));
    await page.getByLabel('Пароль', { exact: true }).fill('siberian-good-pass-7');
    await page.getByLabel('Повторите пароль').fill('siberian-good-pass-7');
    await page.getByLabel('Фамилия, имя и отчество').fill('Кузнецов Олег');
    await page.getByLabel('Электронная почта').fill(uniqueEmail('barnaul'));
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await expect(page).toHaveURL(/\/welcome$/);
    await page.getByRole('navigation').getByRole('link', { name: 'Профиль' }).click();
    // Barnaul keeps Novosibirsk's time (UTC+7): the one of the eleven zones with its offset.
    await expect(page.getByRole('region', { name: 'Личные данные' }).getByLabel('Часовой пояс')).toHaveValue('Asia/Novosibirsk');
  });
});

test('the captcha must be ticked, and is ticked again after a refused request', async ({ page }) => {
  await page.goto('/register');
  await page.getByLabel('Номер телефона').fill('12345');
  await page.getByRole('button', { name: 'Отправить', exact: true }).click();
  await expect(page.getByText('Отметьте «Я не робот»', { exact: true })).toBeVisible();

  await tickCaptcha(page);
  await page.getByRole('button', { name: 'Отправить', exact: true }).click();
  await expect(page.getByText('Введите номер мобильного телефона, например +7 900 123-45-67')).toBeVisible();
  await expect(page.getByLabel('Номер телефона')).toHaveAttribute('aria-invalid', 'true');
  // The solved challenge was spent on that request: the box is clear for the next one.
  await expect(page.getByRole('checkbox', { name: 'Я не робот' })).not.toBeChecked();

  const phone = uniquePhone();
  await page.getByLabel('Номер телефона').fill(typedPhone(phone));
  await tickCaptcha(page);
  await page.getByRole('button', { name: 'Отправить', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Код из СМС' })).toBeVisible();
});

test('a wrong code is answered next to the field with the attempts left', async ({ page }) => {
  const phone = uniquePhone();
  // Typed the way many people do, with the trunk 8 and no grouping: the page repeats it back grouped.
  const code = await requestCode(page, phone, `8${phone.slice(2)}`);
  await expect(page.getByText(`Код отправлен на номер ${typedPhone(phone)} и действует 10 минут`)).toBeVisible();
  const wrong = code === '000000' ? '111111' : '000000';
  await enterCode(page, wrong);
  await expect(page.getByText('Неверный код. Осталось попыток: 4')).toBeVisible();
  await expect(page.getByLabel('Код из СМС')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Код из СМС')).toBeFocused();
  await enterCode(page, code);
  await expect(page.getByLabel('Пароль', { exact: true })).toBeVisible();
});

test('sending the code again within the minute says when a new one can be sent, and the button counts down', async ({ page }) => {
  const phone = uniquePhone();
  await requestCode(page, phone);
  await page.getByRole('button', { name: 'Изменить номер' }).click();
  await page.getByLabel('Номер телефона').fill(typedPhone(phone));
  await tickCaptcha(page);
  await page.getByRole('button', { name: 'Отправить', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(/^Новый код можно отправить через \d+ с$/);
  await expect(page.getByText(/^Повторить можно через 0:[0-5]\d$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Отправить', exact: true })).toBeDisabled();
});

test('an expired code asks for a new one', async ({ page }) => {
  const phone = uniquePhone();
  const code = await requestCode(page, phone);
  expireCodes(phone);
  await enterCode(page, code);
  await expect(page.getByText('Срок действия кода истёк. Запросите новый код')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Изменить номер' })).toBeVisible();
});

test('a phone that already has an account is offered «Войти» and «Восстановление пароля»', async ({ page }) => {
  // The demo account's phone: registered, and no code has been sent to it (one a minute per phone).
  const { phone } = JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, 'demo.json'), 'utf8')) as { phone: string };
  const code = await requestCode(page, phone);
  await enterCode(page, code);
  await expect(page.getByRole('heading', { name: 'Этот номер уже зарегистрирован' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Войти' })).toHaveAttribute('href', '/login');
  await page.getByRole('main').getByRole('link', { name: 'Восстановление пароля' }).click();
  await expect(page).toHaveURL(/\/recovery$/);
});

test('password mistakes are caught: the Russian layout at once, a mismatch, a common password', async ({ page }) => {
  const phone = uniquePhone();
  await enterCode(page, await requestCode(page, phone));
  const password = page.getByLabel('Пароль', { exact: true });
  const repeat = page.getByLabel('Повторите пароль');

  // Typed in the Russian layout: said before anything is sent.
  await password.pressSequentially('пароль');
  await expect(page.getByText('Пароль набран в русской раскладке — переключите клавиатуру на английский язык')).toBeVisible();
  await expect(password).toHaveAttribute('aria-invalid', 'true');

  await password.fill('long-enough-pass');
  await expect(page.getByText('Пароль набран в русской раскладке', { exact: false })).toHaveCount(0);
  await repeat.fill('long-enough-pas');
  await page.getByLabel('Фамилия, имя и отчество').fill('Кузнецов Олег');
  await page.getByLabel('Электронная почта').fill(uniqueEmail('weak'));
  await page.getByRole('button', { name: 'Продолжить' }).click();
  await expect(page.getByText('Пароли не совпадают')).toBeVisible();
  await expect(repeat).toBeFocused();

  // Every mistake the page can see is said at once: the short password and the half-typed address together.
  const address = page.getByLabel('Электронная почта');
  const typedAddress = await address.inputValue();
  await address.fill('kuznetsov@');
  await password.fill('short');
  await repeat.fill('short');
  await page.getByRole('button', { name: 'Продолжить' }).click();
  await expect(page.getByText('Пароль должен быть не короче 8 символов')).toBeVisible();
  await expect(page.getByText('Адрес электронной почты указан неверно, например ivan@example.ru')).toBeVisible();
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  await address.fill(typedAddress);

  // A common password passes the page's checks; the server refuses it, next to the field.
  await password.fill('password123');
  await repeat.fill('password123');
  await page.getByRole('button', { name: 'Продолжить' }).click();
  await expect(page.getByText('Это один из самых распространённых паролей — придумайте другой')).toBeVisible();
  await expect(password).toBeFocused();

  await password.fill('a-much-better-pass-9');
  await repeat.fill('a-much-better-pass-9');
  await page.getByRole('button', { name: 'Продолжить' }).click();
  await expect(page).toHaveURL(/\/welcome$/);
});

/**
 * The profile: phone, email and password changes, the sessions list (two browsers), integrator tokens used
 * from a program over graphql-ws, deleting the account, and the development outbox page.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { operator, signIn as signInAs } from '../support/cabinet.js';
import { confirmEmailViaApi, graphql, linkIn, registerViaApi, smsCode, typedPhone, uniqueEmail, uniquePhone, waitForMessage, messagesTo } from '../support/accounts.js';

async function signIn(page: Page, phone: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Номер телефона').fill(typedPhone(phone));
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible();
}

async function openProfile(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Профиль' }).click();
  await expect(page.getByRole('heading', { name: 'Профиль', level: 1 })).toBeVisible();
}

test('full name and address are saved', async ({ page }) => {
  const account = await registerViaApi();
  await signIn(page, account.phone, account.password);
  await openProfile(page);
  const personal = page.getByRole('region', { name: 'Личные данные' });
  await personal.getByLabel('Фамилия, имя и отчество').fill('Смирнова Ольга Петровна');
  await personal.getByLabel(/^Адрес/).fill('Москва, ул. Тверская, 7');
  await personal.getByRole('button', { name: 'Сохранить' }).click();
  await expect(personal.getByText('Сохранено')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Личные данные' }).getByLabel('Фамилия, имя и отчество')).toHaveValue('Смирнова Ольга Петровна');
  await expect(page.getByRole('region', { name: 'Личные данные' }).getByLabel(/^Адрес/)).toHaveValue('Москва, ул. Тверская, 7');
});

test('the phone is changed with a code sent to the new number and the current password', async ({ page }) => {
  const account = await registerViaApi();
  const newPhone = uniquePhone();
  await signIn(page, account.phone, account.password);
  await openProfile(page);
  const section = page.getByRole('region', { name: 'Номер телефона' });
  await expect(section.getByText(typedPhone(account.phone))).toBeVisible();
  await section.getByRole('button', { name: 'Сменить номер' }).click();
  await section.getByLabel('Новый номер').fill(typedPhone(newPhone));
  await section.getByRole('button', { name: 'Получить код' }).click();
  const code = await smsCode(newPhone);
  await section.getByLabel('Код из СМС').fill(code);
  await section.getByLabel('Текущий пароль').fill('not-my-password');
  await section.getByRole('button', { name: 'Сменить номер' }).click();
  await expect(section.getByText('Неверный текущий пароль')).toBeVisible();
  await section.getByLabel('Текущий пароль').fill(account.password);
  await section.getByRole('button', { name: 'Сменить номер' }).click();
  await expect(section.getByText(`Номер изменён. Теперь для входа используйте ${typedPhone(newPhone)}.`)).toBeVisible();

  await page.getByRole('button', { name: 'Выйти' }).click();
  await signIn(page, newPhone, account.password);
});

test('a reload while the code for a new phone is on its way opens the section at the code again', async ({ page }) => {
  const account = await registerViaApi();
  const newPhone = uniquePhone();
  await signIn(page, account.phone, account.password);
  await openProfile(page);
  let section = page.getByRole('region', { name: 'Номер телефона' });
  await section.getByRole('button', { name: 'Сменить номер' }).click();
  await section.getByLabel('Новый номер').fill(typedPhone(newPhone));
  await section.getByRole('button', { name: 'Получить код' }).click();
  const code = await smsCode(newPhone);
  await page.reload();
  section = page.getByRole('region', { name: 'Номер телефона' });
  await section.getByLabel('Код из СМС').fill(code);
  await section.getByLabel('Текущий пароль').fill(account.password);
  await section.getByRole('button', { name: 'Сменить номер' }).click();
  await expect(section.getByText(`Номер изменён. Теперь для входа используйте ${typedPhone(newPhone)}.`)).toBeVisible();
  // Done: another reload shows the section closed.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Номер телефона' }).getByRole('button', { name: 'Сменить номер' })).toBeVisible();
});

test('the email is changed with the current password and confirmed by its link', async ({ page }) => {
  const account = await registerViaApi();
  const newEmail = uniqueEmail('changed');
  await signIn(page, account.phone, account.password);
  await openProfile(page);
  const section = page.getByRole('region', { name: 'Электронная почта' });
  await expect(section.getByText('не подтверждён')).toBeVisible();

  // An unconfirmed address can have its letter again.
  const before = messagesTo(account.email, 'email').length;
  await section.getByRole('button', { name: 'Отправить письмо ещё раз' }).click();
  await expect(section.getByText(`Письмо отправлено на ${account.email}.`, { exact: false })).toBeVisible();
  await waitForMessage(account.email, { channel: 'email', match: /confirm-email/, since: before });

  await section.getByRole('button', { name: 'Изменить адрес' }).click();
  await section.getByLabel('Новый адрес').fill(newEmail);
  await section.getByLabel('Текущий пароль').fill('wrong-password');
  await section.getByRole('button', { name: 'Изменить адрес' }).click();
  await expect(section.getByText('Неверный текущий пароль')).toBeVisible();
  await section.getByLabel('Текущий пароль').fill(account.password);
  await section.getByRole('button', { name: 'Изменить адрес' }).click();
  await expect(section.getByText(newEmail, { exact: true })).toBeVisible();
  await expect(section.getByText('не подтверждён')).toBeVisible();

  await page.goto(linkIn(await waitForMessage(newEmail, { channel: 'email', match: /confirm-email/ })));
  await expect(page.getByRole('heading', { name: 'Адрес подтверждён' })).toBeVisible();
  await page.getByRole('link', { name: 'Перейти в профиль' }).click();
  await expect(page.getByRole('region', { name: 'Электронная почта' }).getByText('подтверждён', { exact: true })).toBeVisible();
});

test('the password is changed with the current one, and only the new one signs in', async ({ page }) => {
  const account = await registerViaApi();
  const password = 'brand-new-password-1';
  await signIn(page, account.phone, account.password);
  await openProfile(page);
  const section = page.getByRole('region', { name: 'Пароль' });
  await section.getByRole('button', { name: 'Сменить пароль' }).click();
  await section.getByLabel('Текущий пароль').fill(account.password);
  await section.getByLabel('Новый пароль').fill('новый-пароль');
  await expect(section.getByText('Пароль набран в русской раскладке — переключите клавиатуру на английский язык')).toBeVisible();
  await section.getByLabel('Новый пароль').fill(password);
  await section.getByLabel('Повторите пароль').fill(password);
  await section.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(section.getByText('Пароль изменён. Другие сеансы завершены.')).toBeVisible();

  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('Номер телефона').fill(typedPhone(account.phone));
  await page.getByLabel('Пароль', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByText('Неверный номер телефона или пароль')).toBeVisible();
  await signIn(page, account.phone, password);
});

test.describe('in a browser on another clock', () => {
  // The customer is in Vladivostok (UTC+10) on a trip; home, and the cabinet, keep Yekaterinburg's time (UTC+5).
  test.use({ timezoneId: 'Asia/Vladivostok' });

  test('the time zone is chosen in the profile, and away mode is entered and shown on its clock', async ({ page }) => {
    const account = await registerViaApi();
    const signedIn = Date.now();
    await signIn(page, account.phone, account.password);
    await openProfile(page);
    const personal = page.getByRole('region', { name: 'Личные данные' });
    const zone = personal.getByLabel('Часовой пояс');
    await expect(zone).toHaveValue('Europe/Moscow');
    await expect(zone.getByRole('option')).toHaveCount(11);
    await zone.selectOption({ label: 'МСК+2 — Екатеринбург, Пермь, Челябинск, Уфа, Тюмень (UTC+5)' });
    await personal.getByRole('button', { name: 'Сохранить' }).click();
    await expect(personal.getByRole('status')).toHaveText('Сохранено');
    await page.reload();
    await expect(page.getByRole('region', { name: 'Личные данные' }).getByLabel('Часовой пояс')).toHaveValue('Asia/Yekaterinburg');
    // Every time of the cabinet is on that clock, not the browser's: this session began at Yekaterinburg's hour.
    const hour = (ms: number) => new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Yekaterinburg', hour: '2-digit', hourCycle: 'h23' }).format(ms);
    const thisSession = page.getByRole('region', { name: 'Сеансы' }).getByRole('listitem').first();
    await expect(thisSession).toContainText(new RegExp(`Вход: .* в (${hour(signedIn)}|${hour(Date.now())}):\\d\\d`));

    await page.getByRole('navigation').getByRole('link', { name: 'Предупреждения' }).click();
    const away = page.getByRole('region', { name: 'Я в отъезде' });
    await expect(away).toContainText('Время — по часовому поясу кабинета: МСК+2 — Екатеринбург, Пермь, Челябинск, Уфа, Тюмень (UTC+5).');
    await away.getByLabel('С', { exact: true }).fill('2030-01-10T10:00');
    await away.getByLabel('По', { exact: true }).fill('2030-01-20T18:30');
    await away.getByRole('button', { name: 'Включить' }).click();
    await expect(away.getByRole('status')).toHaveText('Режим «Я в отъезде» включён');
    // What was typed is what is shown: both on the cabinet's clock, not shifted by the browser's five hours.
    await expect(away.getByTestId('away-current')).toHaveText('В отъезде с 10 января 2030 г. в 10:00 по 20 января 2030 г. в 18:30');
    // The API holds the instants: 10:00 and 18:30 at UTC+5.
    const stored = await graphql<{ viewer: { awayMode: { from: string; to: string } } }>(`{ viewer { awayMode { from to } } }`, {}, { token: account.token });
    expect(stored.data?.viewer.awayMode).toEqual({ from: '2030-01-10T05:00:00.000Z', to: '2030-01-20T13:30:00.000Z' });
  });
});

test('a long sessions list shows this one and the latest others, and all of them on request', async ({ page }) => {
  const account = await registerViaApi();
  // Six more sign-ins through the API beside the registration's: with this browser's, eight sessions.
  for (let i = 0; i < 6; i++) {
    const r = await graphql(`mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }`, { p: account.phone, w: account.password });
    expect(r.errors).toBeUndefined();
  }
  await signIn(page, account.phone, account.password);
  await openProfile(page);

  const sessions = page.getByRole('region', { name: 'Сеансы' });
  await expect(sessions.getByRole('listitem')).toHaveCount(5);
  await expect(sessions.getByRole('listitem').first()).toContainText('Этот сеанс');
  const toggle = sessions.getByRole('button', { name: 'Показать все 8 сеансов' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(sessions.getByRole('listitem')).toHaveCount(8);
  await expect(sessions.getByRole('button', { name: /^Завершить сеанс/ })).toHaveCount(7);
  await sessions.getByRole('button', { name: 'Показать только последние' }).click();
  await expect(sessions.getByRole('listitem')).toHaveCount(5);
});

test('the sessions list marks this one, and another session can be ended from it', async ({ page, browser }) => {
  const account = await registerViaApi();
  const other = await browser.newContext();
  try {
    const otherPage = await other.newPage();
    await signIn(otherPage, account.phone, account.password);
    await signIn(page, account.phone, account.password);
    await openProfile(page);

    const sessions = page.getByRole('region', { name: 'Сеансы' });
    // Two browsers and the session of the registration itself (made through the API).
    await expect(sessions.getByRole('listitem')).toHaveCount(3);
    await expect(sessions.getByText('Этот сеанс')).toHaveCount(1);
    const ending = sessions.getByRole('button', { name: /^Завершить сеанс/ });
    await expect(ending).toHaveCount(2);
    await ending.first().click();
    await expect(sessions.getByRole('listitem')).toHaveCount(2);

    await sessions.getByRole('button', { name: 'Завершить все другие сеансы' }).click();
    await expect(sessions.getByText('Завершён 1 сеанс')).toBeVisible();
    await expect(sessions.getByRole('listitem')).toHaveCount(1);

    // The other browser is signed out: its next page asks to sign in.
    await otherPage.goto('/profile');
    await expect(otherPage).toHaveURL(/\/login\?next=%2Fprofile$/);
    // This one is not.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Профиль', level: 1 })).toBeVisible();
  } finally {
    await other.close();
  }
});

test('an integrator token is shown once and streams live readings to a program over graphql-ws', async ({ page }) => {
  const demo = JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, 'demo.json'), 'utf8'));
  const name = `Home Assistant ${test.info().project.name} ${Date.now()}`;
  await signIn(page, demo.phone, demo.password);
  await openProfile(page);
  const section = page.getByRole('region', { name: 'Токены для интеграций' });
  await section.getByLabel('Название токена').fill(name);
  await section.getByRole('button', { name: 'Создать токен' }).click();
  await expect(section.getByText('Скопируйте токен сейчас: больше он показан не будет', { exact: false })).toBeVisible();
  const field = section.getByRole('textbox', { name: /^Новый токен/ });
  const token = await field.inputValue();
  expect(token.length).toBeGreaterThan(30);
  await expect(section.getByRole('button', { name: 'Копировать' })).toBeVisible();
  await expect(section.getByRole('button', { name: `Отозвать токен «${name}»` })).toBeVisible();

  const url = process.env.E2E_URL!.replace(/^http/, 'ws') + '/graphql';
  let closeCode: number | undefined;
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    // The close is asserted below; graphql-ws would otherwise print it.
    onNonLazyError: () => {},
    on: { closed: (event) => (closeCode = (event as { code?: number }).code) },
  });
  const received: Array<{ quantity: string; value: number }> = [];
  const ended: { error?: unknown; complete?: boolean } = {};
  const unsubscribe = client.subscribe<{ readingAdded: { quantity: string; value: number } }>(
    { query: 'subscription { readingAdded { meterId quantity value } }' },
    { next: (r) => r.data && received.push(r.data.readingAdded), error: (e) => (ended.error = e), complete: () => (ended.complete = true) },
  );
  try {
    const watts = 2000 + Math.floor(Math.random() * 1000) + 0.25;
    const pack = path.join(tmpdir(), `e2e-token-pack-${process.pid}.json`);
    writeFileSync(pack, JSON.stringify([{ bn: 'E-0001:', n: 'power', u: 'W', v: watts }]));
    // The subscribe message may still be in flight right after connecting: send until the value arrives.
    await expect(async () => {
      execFileSync('coap-client-notls', ['-m', 'post', '-t', '110', '-f', pack, `coap://127.0.0.1:${process.env.E2E_COAP_PORT}/v1/${demo.controller.token}/readings`], {
        stdio: 'ignore',
      });
      await expect.poll(() => received.some((r) => r.quantity === 'POWER' && r.value === watts), { timeout: 1000 }).toBe(true);
    }).toPass({ timeout: 15_000 });

    // Revoked in the cabinet: the program's socket is closed.
    await section.getByRole('button', { name: `Отозвать токен «${name}»` }).click();
    await expect(section.getByRole('button', { name: `Отозвать токен «${name}»` })).toHaveCount(0);
    await expect.poll(() => closeCode, { timeout: 10_000 }).toBe(4401);
    expect(ended.error ?? ended.complete).toBeTruthy();
  } finally {
    unsubscribe();
    await client.dispose();
  }
});

test('the development outbox lists messages newest first with codes and links to click', async ({ page }) => {
  const account = await registerViaApi();
  await page.goto('/dev/outbox');
  await expect(page.getByRole('heading', { name: 'Исходящие сообщения' })).toBeVisible();
  const sms = page.getByRole('article', { name: `СМС: ${account.phone}` });
  await expect(sms).toBeVisible();
  await expect(sms.locator('mark')).toHaveText(/^\d{6}$/);
  const letter = page.getByRole('article', { name: `Письмо: ${account.email}` });
  await letter.getByRole('link', { name: /confirm-email/ }).click();
  await expect(page.getByRole('heading', { name: 'Адрес подтверждён' })).toBeVisible();
});

test('a customer downloads their data, then deletes the account with the password; the main page says so and the phone no longer signs in', async ({ page }) => {
  const account = await registerViaApi();
  await confirmEmailViaApi(account.email);
  await signIn(page, account.phone, account.password);
  await openProfile(page);
  // First the file of everything kept about them.
  const data = page.getByRole('region', { name: 'Ваши данные' });
  const [download] = await Promise.all([page.waitForEvent('download'), data.getByRole('button', { name: 'Скачать мои данные' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(file.account).toMatchObject({ phone: account.phone, email: account.email, fullName: account.fullName });
  await expect(data.getByRole('status')).toHaveText(`Файл ${download.suggestedFilename()} сохранён.`);

  const section = page.getByRole('region', { name: 'Удаление личного кабинета' });
  await expect(section.getByText('Показания, уже переданные поставщикам, остаются у них')).toBeVisible();
  await section.getByRole('button', { name: 'Удалить личный кабинет' }).click();
  await expect(section.getByText('Кабинет удалится сразу, вернуть его будет нельзя.')).toBeVisible();
  await section.getByRole('button', { name: 'Удалить навсегда' }).click();
  await expect(section.getByText('Введите текущий пароль')).toBeVisible();
  await section.getByLabel('Текущий пароль').fill('not-my-password');
  await section.getByRole('button', { name: 'Удалить навсегда' }).click();
  await expect(section.getByText('Неверный текущий пароль')).toBeVisible();
  await expect(page).toHaveURL(/\/profile/);

  await section.getByLabel('Текущий пароль').fill(account.password);
  await section.getByRole('button', { name: 'Удалить навсегда' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Личный кабинет удалён.' })).toBeVisible();
  await expect(page).toHaveURL(/\/\?accountDeleted=1$/);
  await expect(page.getByRole('link', { name: 'Войти в личный кабинет' })).toBeVisible();
  expect((await waitForMessage(account.email, { channel: 'email', match: /личный кабинет удалён/ })).text).toContain('приборы отвязаны');

  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Номер телефона').fill(typedPhone(account.phone));
  await page.getByLabel('Пароль', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByText('Неверный номер телефона или пароль')).toBeVisible();
});

test('an operator’s profile offers no deletion', async ({ page }) => {
  await signInAs(page, operator());
  await page.goto('/profile');
  await expect(page.getByRole('region', { name: 'Пароль' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Удаление личного кабинета' })).toHaveCount(0);
});

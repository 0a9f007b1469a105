/**
 * Signing out, confirming an email by its link, and «Восстановление пароля» by SMS and by email. Accounts are
 * set up through the public API; codes and links come from the development outbox.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  confirmEmailViaApi,
  linkIn,
  messagesTo,
  registerViaApi,
  smsCode,
  typedPhone,
  uniqueEmail,
  waitForMessage,
  type TestAccount,
} from '../support/accounts.js';

async function signIn(page: Page, phone: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Номер телефона').fill(typedPhone(phone));
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

test('the email confirmation link works without signing in, once', async ({ page }) => {
  const account = await registerViaApi();
  const link = linkIn(await waitForMessage(account.email, { channel: 'email', match: /confirm-email/ }));

  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Адрес подтверждён' })).toBeVisible();
  await expect(page.getByText(`Адрес ${account.email} подтверждён`)).toBeVisible();

  // A used link says so and shows the way forward.
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Не удалось подтвердить адрес' })).toBeVisible();
  await expect(page.getByText('Ссылка недействительна или устарела. Запросите новую в профиле')).toBeVisible();
  await page.getByRole('link', { name: 'Перейти в профиль' }).click();
  // Not signed in: the profile sends to the sign-in page and back.
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
  await page.getByLabel('Номер телефона').fill(typedPhone(account.phone));
  await page.getByLabel('Пароль', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('region', { name: 'Электронная почта' }).getByText('подтверждён', { exact: true })).toBeVisible();
});

test('«Выйти» ends the session: the cabinet and the profile ask to sign in again', async ({ page }) => {
  const account = await registerViaApi();
  await signIn(page, account.phone, account.password);
  await expect(page.getByRole('heading', { name: 'Мои счётчики' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Профиль' }).click();
  await expect(page.getByRole('heading', { name: 'Профиль', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
  await page.goto('/meters');
  await expect(page).toHaveURL(/\/login$/);
});

test.describe('recovery by SMS', () => {
  let account: TestAccount;

  // Registering sent a registration code a moment ago: the one-a-minute wait is per purpose, so the recovery
  // code goes out at once.
  test.beforeAll(async () => {
    account = await registerViaApi();
  });

  test('a code by SMS signs in and a new password is set at once', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Восстановление пароля' }).click();
    await expect(page).toHaveURL(/\/recovery$/);
    const since = messagesTo(account.phone, 'sms').length;
    await page.getByLabel('Номер телефона или электронная почта').fill(typedPhone(account.phone));
    await page.getByRole('button', { name: 'Отправить' }).click();
    await expect(page.getByRole('heading', { name: 'Введите код из СМС' })).toBeVisible();
    await expect(page.getByText(/Новый код можно запросить через 0:[0-5]\d/)).toBeVisible();
    const code = await smsCode(account.phone, since);
    await page.getByLabel('Код из СМС').fill(code);
    await page.getByRole('button', { name: 'Войти' }).click();

    await expect(page).toHaveURL(/\/recovery\/new-password$/);
    // The recovery session goes nowhere before the new password is set.
    await page.goto('/meters');
    await expect(page).toHaveURL(/\/recovery\/new-password$/);
    const password = 'recovered-by-sms-2026';
    await page.getByLabel('Новый пароль').fill(password);
    await page.getByLabel('Повторите пароль').fill(password);
    await page.getByRole('button', { name: 'Сохранить и войти' }).click();
    await expect(page.getByRole('heading', { name: 'Мои счётчики' })).toBeVisible();

    await page.getByRole('button', { name: 'Выйти' }).click();
    await signIn(page, account.phone, account.password);
    await expect(page.getByText('Неверный номер телефона или пароль')).toBeVisible();
    await signIn(page, account.phone, password);
    await expect(page.getByRole('heading', { name: 'Мои счётчики' })).toBeVisible();
  });
});

test('a reload at the recovery code step comes back to it, and the code still signs in', async ({ page }) => {
  const account = await registerViaApi();
  await page.goto('/recovery');
  const since = messagesTo(account.phone, 'sms').length;
  // Ten bare digits, as a phone's keypad gives them: the page names the number grouped.
  await page.getByLabel('Номер телефона или электронная почта').fill(account.phone.slice(2));
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByRole('heading', { name: 'Введите код из СМС' })).toBeVisible();
  await expect(page.getByText(`Если номер ${typedPhone(account.phone)} привязан`)).toBeVisible();
  const code = await smsCode(account.phone, since);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Введите код из СМС' })).toBeVisible();
  await page.getByLabel('Код из СМС').fill(code);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/recovery\/new-password$/);
});

test('asking for a recovery code again within the minute says when a new one can be sent, and the button counts down', async ({ page }) => {
  const account = await registerViaApi();
  await page.goto('/recovery');
  await page.getByLabel('Номер телефона или электронная почта').fill(typedPhone(account.phone));
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByRole('heading', { name: 'Введите код из СМС' })).toBeVisible();

  await page.getByRole('button', { name: 'Указать другой номер или адрес' }).click();
  await page.getByLabel('Номер телефона или электронная почта').fill(typedPhone(account.phone));
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^Новый код можно отправить через \d+ с$/);
  await expect(page.getByText(/^Повторить можно через 0:[0-5]\d$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Отправить' })).toBeDisabled();
});

test('recovery by email: «Проверьте почту», then the link sets a new password and signs in', async ({ page }) => {
  const account = await registerViaApi();
  await confirmEmailViaApi(account.email);

  await page.goto('/recovery');
  await page.getByLabel('Номер телефона или электронная почта').fill(account.email);
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByRole('heading', { name: 'Проверьте почту' })).toBeVisible();
  const sent = page.getByText(/на него отправлено письмо со ссылкой/);
  await expect(sent).toBeVisible();

  // The same words for an address nobody registered.
  await page.getByRole('button', { name: 'Указать другой номер или адрес' }).click();
  await page.getByLabel('Номер телефона или электронная почта').fill(uniqueEmail('nobody'));
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByRole('heading', { name: 'Проверьте почту' })).toBeVisible();

  const link = linkIn(await waitForMessage(account.email, { channel: 'email', match: /recovery\/reset\?token=/ }));
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Новый пароль' })).toBeVisible();
  await page.getByLabel('Новый пароль').fill('from-the-email-link');
  await page.getByLabel('Повторите пароль').fill('from-the-email-lnk');
  await page.getByRole('button', { name: 'Сохранить и войти' }).click();
  await expect(page.getByText('Пароли не совпадают')).toBeVisible();
  await page.getByLabel('Повторите пароль').fill('from-the-email-link');
  await page.getByRole('button', { name: 'Сохранить и войти' }).click();
  await expect(page.getByRole('heading', { name: 'Мои счётчики' })).toBeVisible();

  // The link works once.
  await page.goto(link);
  await page.getByLabel('Новый пароль').fill('another-new-password');
  await page.getByLabel('Повторите пароль').fill('another-new-password');
  await page.getByRole('button', { name: 'Сохранить и войти' }).click();
  await expect(page.getByText('Ссылка недействительна или устарела. Запросите восстановление ещё раз')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Запросить восстановление ещё раз' })).toBeVisible();
});

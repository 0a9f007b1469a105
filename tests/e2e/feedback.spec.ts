/** The feedback form in the middle of the main page: checked next to its fields, stored and emailed to support. */
import { expect, test } from '@playwright/test';
import { messagesTo, registerViaApi, uniqueEmail, waitForMessage } from '../support/accounts.js';
import { signIn, tickCaptcha } from '../support/cabinet.js';

// The support mailbox: SUPPORT_EMAIL, by default the email of the contacts file (api/config/contacts.json).
const SUPPORT_MAILBOX = 'support@cometa.ru';

test('an empty or unanswerable message is explained next to each field', async ({ page }) => {
  await page.goto('/');
  const form = page.getByRole('region', { name: 'Обратная связь' });
  await form.getByRole('button', { name: 'Отправить' }).click();
  await expect(form.getByText('Укажите, как к вам обращаться')).toBeVisible();
  await expect(form.getByText('Укажите почту или телефон для ответа')).toBeVisible();
  await expect(form.getByText('Напишите сообщение')).toBeVisible();
  await expect(form.getByText('Отметьте «Я не робот»', { exact: true })).toBeVisible();
  await expect(form.getByLabel('Как к вам обращаться')).toBeFocused();

  await form.getByLabel('Как к вам обращаться').fill('Анна');
  await form.getByLabel('Электронная почта или телефон').fill('позвоните мне');
  await form.getByRole('button', { name: 'Отправить' }).click();
  await expect(form.getByText(/^Укажите адрес почты \(например, name@example\.ru\) или номер телефона/)).toBeVisible();
  await expect(form.getByLabel('Электронная почта или телефон')).toBeFocused();
  await expect(form.getByText('Укажите, как к вам обращаться')).toHaveCount(0);
});

test('a visitor’s message is confirmed on the page and reaches the support mailbox', async ({ page }) => {
  const contact = uniqueEmail('feedback');
  const text = `Предлагаю добавить выгрузку отчёта в PDF (${contact})`;
  const since = messagesTo(SUPPORT_MAILBOX, 'email').length;

  await page.goto('/');
  const form = page.getByRole('region', { name: 'Обратная связь' });
  await form.getByLabel('Как к вам обращаться').fill('Анна Сергеевна');
  await form.getByLabel('Электронная почта или телефон').fill(contact);
  await form.getByLabel('Сообщение').fill(text);
  await tickCaptcha(page);
  await form.getByRole('button', { name: 'Отправить' }).click();

  await expect(form.getByRole('heading', { name: 'Сообщение отправлено' })).toBeVisible();
  await expect(form.getByText(`Спасибо! Мы получили ваше сообщение и ответим на ${contact}.`)).toBeVisible();

  const email = await waitForMessage(SUPPORT_MAILBOX, { channel: 'email', since, match: new RegExp(contact.replace(/[.]/g, '\\.')) });
  expect(email.subject).toBe('Обратная связь от Анна Сергеевна');
  expect(email.text).toContain(text);

  await form.getByRole('button', { name: 'Написать ещё' }).click();
  await expect(form.getByLabel('Сообщение')).toBeFocused();
  await expect(form.getByLabel('Сообщение')).toHaveValue('');
});

test('a signed-in customer writes without a captcha, answered at the address of their account', async ({ page }) => {
  const customer = await registerViaApi({ fullName: 'Зоя Калинина', email: uniqueEmail('feedback-signed-in') });
  const since = messagesTo(SUPPORT_MAILBOX, 'email').length;
  await signIn(page, customer, '/');
  const form = page.getByRole('region', { name: 'Обратная связь' });
  await expect(form.getByLabel('Как к вам обращаться')).toHaveValue('Зоя Калинина');
  await expect(form.getByLabel('Электронная почта или телефон')).toHaveValue(customer.email);
  await expect(form.getByText('Я не робот')).toHaveCount(0);
  await form.getByLabel('Сообщение').fill('Спасибо за кабинет');
  await form.getByRole('button', { name: 'Отправить' }).click();
  await expect(form.getByText(`Спасибо! Мы получили ваше сообщение и ответим на ${customer.email}.`)).toBeVisible();
  const email = await waitForMessage(SUPPORT_MAILBOX, { channel: 'email', since, match: new RegExp(customer.email.replace(/[.]/g, '\\.')) });
  expect(email.text).toContain('Спасибо за кабинет');
});

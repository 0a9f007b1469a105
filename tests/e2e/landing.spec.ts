/** The public main page as the seed describes it: what the service does, «Войти» with a lock, «Консультация», feedback in the middle, contacts below. */
import { expect, test } from '@playwright/test';
import { registerViaApi } from '../support/accounts.js';
import { expectNoHorizontalScroll, signIn } from '../support/cabinet.js';

test('the main page tells what the service does and leads to sign-in through «Войти» with the lock', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Счётчики сами передают показания' })).toBeVisible();
  await expect(page.getByText(/Умные приборы Кометы снимают показания/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Что есть в личном кабинете' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Показания в реальном времени' })).toBeVisible();
  // What the platform does by itself is on the page a visitor sees first: submissions, roubles, warnings.
  const features = page.getByRole('region', { name: 'Что есть в личном кабинете' });
  for (const name of ['Показания уходят поставщикам сами', 'Расходы в рублях', 'Предупреждения о протечках и сбоях']) {
    await expect(features.getByRole('heading', { name, level: 3 })).toBeVisible();
  }

  const header = page.getByRole('banner');
  await expect(header.getByRole('link', { name: 'Консультация' })).toBeVisible();
  const signInLink = header.getByRole('link', { name: 'Войти' });
  await expect(signInLink.locator('svg.lock')).toBeVisible();

  // The feedback form sits in the middle of the page, between what the cabinet offers and how to start.
  const feedback = page.getByRole('region', { name: 'Обратная связь' });
  await expect(feedback.getByRole('button', { name: 'Отправить' })).toBeVisible();
  const [featuresY, feedbackY, stepsY] = await Promise.all(
    ['Что есть в личном кабинете', 'Обратная связь', 'Как начать'].map(async (name) => (await page.getByRole('heading', { name, exact: true }).boundingBox())!.y),
  );
  expect(featuresY).toBeLessThan(feedbackY);
  expect(feedbackY).toBeLessThan(stepsY);

  await signInLink.click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Вход в личный кабинет' })).toBeVisible();
});

test('the footer lists the operator’s contacts from its configuration, as links to call and write', async ({ page }) => {
  await page.goto('/');
  const footer = page.getByRole('contentinfo');
  await expect(footer.getByRole('heading', { name: 'Контакты' })).toBeVisible();
  // api/config/contacts.json: the seed's phones, email and hours.
  await expect(footer.getByRole('link', { name: '+7 (812) 748-26-72' })).toHaveAttribute('href', 'tel:+78127482672');
  await expect(footer.getByRole('link', { name: '+7 (800) 707-25-99' })).toBeVisible();
  await expect(footer.getByText('Бесплатная горячая линия')).toBeVisible();
  await expect(footer.getByRole('link', { name: 'support@cometa.ru' })).toHaveAttribute('href', 'mailto:support@cometa.ru');
  await expect(footer.getByText('Круглосуточно, без выходных')).toBeVisible();
});

test('a signed-in customer finds the way back into the cabinet on the main page', async ({ page }) => {
  const account = await registerViaApi({ fullName: 'Кузнецова Мария Петровна' });
  await signIn(page, account);
  await page.goto('/');
  await expect(page.getByText('Вы вошли как Кузнецова Мария Петровна.')).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Войти' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Перейти в личный кабинет' }).click();
  await expect(page).toHaveURL(/\/meters$/);
});

test('the public pages fit a 360 px phone screen without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ['/', '/consultation', '/help', '/help/binding', '/login', '/register', '/recovery']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('contentinfo').getByRole('link', { name: 'support@cometa.ru' })).toBeVisible();
    await expectNoHorizontalScroll(page);
  }
});

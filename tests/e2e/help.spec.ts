/** «Помощь»: articles kept as Markdown, a search that answers as you type, and «?» links from the forms they explain. */
import { expect, test } from '@playwright/test';
import { registerViaApi } from '../support/accounts.js';
import { signIn } from '../support/cabinet.js';

test('the help search finds the binding article as you type, marks the matches, and the article renders', async ({ page }) => {
  await page.goto('/help');
  await expect(page.getByRole('heading', { level: 1, name: 'Помощь' })).toBeVisible();
  const articles = page.getByRole('list', { name: 'Статьи справки' });
  await expect(articles.getByRole('link', { name: /Регистрация и вход/ })).toBeVisible();
  await expect(articles.getByRole('link')).toHaveCount(10);

  const search = page.getByRole('searchbox', { name: 'Поиск по справке' });
  await search.pressSequentially('привязать сч', { delay: 30 });
  const results = page.getByRole('list', { name: 'Результаты поиска' });
  const first = results.getByRole('link').first();
  await expect(first).toContainText('Привязка приборов');
  await expect(first.locator('mark').first()).toHaveText(/^[Пп]ривяз/);
  await expect(page.getByRole('status').filter({ hasText: /Найден/ })).toBeVisible();

  await first.click();
  await expect(page).toHaveURL(/\/help\/binding$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Привязка приборов' })).toBeVisible();
  // Rendered from the Markdown: its sections, lists and links.
  await expect(page.getByRole('heading', { level: 2, name: 'По QR-коду' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'привязка приборов' })).toHaveAttribute('href', '/bind');
  await expect(page.getByRole('main').getByText('XXXXX-XXXXX', { exact: false })).toBeVisible();
});

test('a search with no match says so and keeps every article at hand', async ({ page }) => {
  await page.goto('/help');
  await page.getByRole('searchbox', { name: 'Поиск по справке' }).fill('жираф');
  await expect(page.getByText('По запросу «жираф» ничего не нашлось.', { exact: false })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Статьи справки' }).getByRole('link')).toHaveCount(10);
});

test('the forms link to the help articles that explain them', async ({ page }) => {
  await page.goto('/register');
  await page.getByRole('link', { name: 'Как зарегистрироваться' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Регистрация и вход' })).toBeVisible();

  await page.goto('/recovery');
  await page.getByRole('link', { name: 'Как восстановить пароль' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Восстановление пароля' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Как восстановить пароль' })).toBeVisible();

  await page.goto('/login');
  await page.getByRole('link', { name: /Как войти/ }).click();
  await expect(page).toHaveURL(/\/help\/registration$/);
});

test('what a customer asks about the new parts of the cabinet is answered: a leak, a supplier, the money — and those pages link their article', async ({ page }) => {
  await page.goto('/help');
  const search = page.getByRole('searchbox', { name: 'Поиск по справке' });
  const first = page.getByRole('list', { name: 'Результаты поиска' }).getByRole('link').first();
  for (const [query, title] of [['затопило', 'Предупреждения'], ['лицевой счёт', 'Передача показаний поставщику'], ['двухзонный тариф', 'Расходы и тарифы']]) {
    await search.fill(query);
    await expect(first, query).toContainText(title);
  }
  await first.click();
  await expect(page.getByRole('heading', { level: 2, name: 'Какой тариф выгоднее' })).toBeVisible();

  const customer = await registerViaApi();
  await signIn(page, customer, '/alerts');
  await page.getByRole('link', { name: 'Как работают предупреждения' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Предупреждения' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'О чём предупреждает' })).toBeVisible();
  await page.goto('/costs');
  await page.getByRole('link', { name: 'Как считаются расходы' }).click();
  await expect(page).toHaveURL(/\/help\/costs$/);
});

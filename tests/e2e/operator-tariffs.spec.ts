/**
 * The operator's tariff editor on a supplier's page: a two-zone tariff added with its prices (the usual zone hours
 * already filled in), listed with its hours and prices; new prices from a later date listed beside the first ones,
 * which stay in force until then; a malformed price refused next to its field.
 */
import { randomInt } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { graphql } from '../support/accounts.js';
import { expectNoHorizontalScroll, operator, signIn } from '../support/cabinet.js';

/** A supplier of its own (electricity unless told), made through the API as the operator: the test starts from no tariffs. */
async function newSupplier(resources: string[] = ['ELECTRICITY']): Promise<{ id: string; name: string }> {
  const { phone, password } = operator();
  const signedIn = await graphql<{ signIn: { token: string } }>(`mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }`, { p: phone, w: password });
  expect(signedIn.errors).toBeUndefined();
  const name = `ООО «Тариф-${randomInt(100_000, 999_999)}»`;
  const input = { name, inn: '7830000426', resources, windowFirstDay: 15, windowLastDay: 25, accountPattern: '\\d{10}', accountExample: '1234567890', channel: 'EMAIL', email: 'tariffs@sbyt.example' };
  const created = await graphql<{ createSupplier: { id: string } }>(`mutation($i: SupplierInput!) { createSupplier(input: $i) { id } }`, { i: input }, { token: signedIn.data!.signIn.token });
  expect(created.errors).toBeUndefined();
  return { id: created.data!.createSupplier.id, name };
}

test('an operator adds a two-zone tariff, then new prices from a later date, and is told a malformed price next to its field', async ({ page }) => {
  // This year's prices are in force now; next year's are not yet (the supplier's zone is Moscow).
  const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Moscow' }).format(new Date()));
  const supplier = await newSupplier();
  await signIn(page, operator());
  await page.goto(`/operator/suppliers/${supplier.id}`);
  const section = page.getByRole('region', { name: 'Тарифы', exact: true });
  await expect(section.getByText('Тарифов ещё нет')).toBeVisible();

  const form = section.getByRole('region', { name: 'Новый тариф' });
  await expect(form.getByText('прошлая стоимость никогда не пересчитывается')).toBeVisible();
  await form.getByLabel('Название').fill('Двухзонный');
  await form.getByLabel('Вид тарифа').selectOption({ label: 'двухзонный' });
  await expect(form.getByLabel('Часы: T1 день')).toHaveValue('07–23');
  await expect(form.getByLabel('Часы: T2 ночь')).toHaveValue('23–07');
  await form.getByLabel('Действует с').fill(`${year}-01-01`);
  await form.getByLabel('T1 день, ₽ за кВт·ч').fill('6,43');
  await form.getByLabel('T2 ночь, ₽ за кВт·ч').fill('2.5');
  await form.getByLabel('Абонентская плата, ₽ в месяц').fill('150');
  await form.getByRole('button', { name: 'Добавить тариф' }).click();
  await expect(section.getByText('Тариф «Двухзонный» добавлен')).toBeVisible();

  const tariff = section
    .getByRole('list', { name: 'Тарифы поставщика' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Двухзонный', exact: true }) });
  await expect(tariff).toContainText('Электроэнергия, двухзонный');
  const versions = tariff.getByRole('list', { name: 'Версии цен: Двухзонный' }).locator(':scope > li');
  await expect(versions).toHaveCount(1);
  await expect(versions.first()).toContainText(`с 1 января ${year} г. действует сейчас`);
  await expect(versions.first()).toContainText('T1 07–23, T2 23–07');
  await expect(versions.first()).toContainText('T1 день 6,43 ₽/кВт·ч');
  await expect(versions.first()).toContainText('T2 ночь 2,50 ₽/кВт·ч');
  await expect(versions.first()).toContainText(/150,00\s₽ в месяц/);

  // New prices start from the latest ones; a malformed price is refused by the API next to its input.
  await tariff.getByRole('button', { name: 'Новые цены с даты: Двухзонный' }).click();
  const next = tariff.getByRole('region', { name: 'Новые цены: Двухзонный' });
  const t1 = next.getByLabel('T1 день, ₽ за кВт·ч');
  await expect(t1).toHaveValue('6,43');
  await expect(next.getByLabel('Часы: T2 ночь')).toHaveValue('23–07');
  await next.getByLabel('Действует с').fill(`${year + 1}-01-01`);
  await t1.fill('6.5.0');
  await next.getByRole('button', { name: 'Сохранить новые цены' }).click();
  await expect(t1).toHaveAccessibleDescription(/Цена — в рублях, не больше четырёх знаков после запятой/);
  await expect(t1).toHaveAttribute('aria-invalid', 'true');
  await expect(t1).toBeFocused();
  await expect(versions).toHaveCount(1);

  await t1.fill('7,07');
  await next.getByRole('button', { name: 'Сохранить новые цены' }).click();
  await expect(section.getByText(`Новые цены тарифа «Двухзонный» действуют с 1 января ${year + 1} г.`)).toBeVisible();
  await expect(next).toHaveCount(0);
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toContainText(`с 1 января ${year} г. действует сейчас`);
  await expect(versions.nth(0)).toContainText('T1 день 6,43 ₽/кВт·ч');
  await expect(versions.nth(1)).toContainText(`с 1 января ${year + 1} г. ещё не действует`);
  await expect(versions.nth(1)).toContainText('T1 07–23, T2 23–07');
  await expect(versions.nth(1)).toContainText('T1 день 7,07 ₽/кВт·ч');
  await expect(versions.nth(1)).toContainText('T2 ночь 2,50 ₽/кВт·ч');
  await expectNoHorizontalScroll(page);
});

test('an operator adds a water tariff and renames it; zone hours that miss an hour are refused before anything is made', async ({ page }) => {
  const supplier = await newSupplier(['ELECTRICITY', 'COLD_WATER', 'HOT_WATER']);
  await signIn(page, operator());
  await page.goto(`/operator/suppliers/${supplier.id}`);
  const section = page.getByRole('region', { name: 'Тарифы', exact: true });
  const form = section.getByRole('region', { name: 'Новый тариф' });

  // Three zones start from the usual hours; T1 made to end at 20 leaves 20:00 in no zone.
  await form.getByLabel('Название').fill('Трёхзонный');
  await form.getByLabel('Вид тарифа').selectOption({ label: 'трёхзонный' });
  await expect(form.getByLabel('Часы: T1 пик')).toHaveValue('07–10, 17–21');
  await expect(form.getByLabel('Часы: T2 полупик')).toHaveValue('10–17, 21–23');
  await expect(form.getByLabel('Часы: T3 ночь')).toHaveValue('23–07');
  await form.getByLabel('Часы: T1 пик').fill('07–10, 17–20');
  for (const zone of ['T1 пик', 'T2 полупик', 'T3 ночь']) await form.getByLabel(`${zone}, ₽ за кВт·ч`).fill('5');
  await form.getByRole('button', { name: 'Добавить тариф' }).click();
  await expect(form.getByLabel('Часы: T1 пик')).toHaveAccessibleDescription('Час 20:00 не попал ни в одну зону');
  await expect(section.getByText('Тарифов ещё нет')).toBeVisible();

  await form.getByLabel('Название').fill('Вода');
  await form.getByLabel('Ресурс').selectOption({ label: 'Вода' });
  await form.getByLabel('Холодная вода, ₽ за м³').fill('59,80');
  await form.getByLabel('Горячая вода, ₽ за м³').fill('297.63');
  await form.getByLabel('Водоотведение, ₽ за м³').fill('46,66');
  await form.getByRole('button', { name: 'Добавить тариф' }).click();
  await expect(section.getByText('Тариф «Вода» добавлен')).toBeVisible();
  const list = section.getByRole('list', { name: 'Тарифы поставщика' });
  const water = list.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Вода', exact: true }) });
  await expect(water).toContainText('Холодная вода 59,80 ₽/м³');
  await expect(water).toContainText('Горячая вода 297,63 ₽/м³');
  await expect(water).toContainText('Водоотведение 46,66 ₽/м³');
  await expect(water).toContainText('действует сейчас');

  await water.getByRole('button', { name: 'Переименовать Вода' }).click();
  await water.getByLabel('Новое название').fill('Вода (ХВС, ГВС, водоотведение)');
  await water.getByRole('button', { name: 'Сохранить название' }).click();
  await expect(section.getByText('Тариф переименован: «Вода (ХВС, ГВС, водоотведение)»')).toBeVisible();
  await expect(list.getByRole('heading', { name: 'Вода (ХВС, ГВС, водоотведение)', exact: true })).toBeVisible();
  await expect(list.getByRole('heading', { name: 'Вода', exact: true })).toHaveCount(0);
  await expectNoHorizontalScroll(page);
});

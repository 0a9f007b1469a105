/**
 * The operator's suppliers: a new supplier (a wrong ИНН refused next to its field, then the right one), edited (also
 * from two windows at once: the later save is refused and shown merged, not written over the earlier); the
 * demo энергосбыт's submissions of last period with their statuses (closed window: no «Отправить заново»); and a
 * message sent through the main page's feedback form, read on the operator's feedback page (with the cabinet it came
 * from, when sent signed in).
 */
import { randomInt } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { graphql, registerViaApi, typedPhone, uniqueEmail } from '../support/accounts.js';
import { demoCustomer, expectNoHorizontalScroll, operator, otherBrowser, signIn, tickCaptcha } from '../support/cabinet.js';

const DEMO_ENERGY = 'АО «Демо-Энергосбыт»';

test('an operator adds a supplier, is told a wrong ИНН next to the field, and edits it', async ({ page }) => {
  const name = `ООО «Сбыт-${randomInt(100_000, 999_999)}»`;
  await signIn(page, operator());
  await page.goto('/operator/suppliers');
  await expect(page.getByRole('heading', { name: 'Поставщики', level: 1 })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Поставщики' })).toHaveAttribute('aria-current', 'page');
  const list = page.getByRole('list', { name: 'Поставщики' });
  await expect(list.getByRole('heading', { name: DEMO_ENERGY })).toBeVisible();

  const form = page.getByRole('region', { name: 'Новый поставщик' });
  await expect(form.getByText('Уже сделанные передачи не меняются')).toBeVisible();
  if (test.info().project.name === 'desktop') {
    // Side by side, a field without a hint keeps its box level with the one beside it (which has a hint).
    const [nameBox, innBox] = await Promise.all([form.getByLabel('Название').boundingBox(), form.getByLabel('ИНН').boundingBox()]);
    expect(innBox!.x).toBeGreaterThan(nameBox!.x + nameBox!.width);
    expect(nameBox!.y).toBe(innBox!.y);
  }
  await form.getByLabel('Название').fill(name);
  await form.getByLabel('ИНН').fill('7707083890');
  await form.getByLabel('Часовой пояс').selectOption('Asia/Yekaterinburg');
  // Each zone with the clock people name it by.
  await expect(form.getByLabel('Часовой пояс').locator('option:checked')).toHaveText('Asia/Yekaterinburg — МСК+2 (UTC+5)');
  await form.getByLabel('Пример номера').fill('6600123456');
  await form.getByRole('radio', { name: 'Почта' }).check();
  await form.getByLabel('Адрес почты').fill('readings@sbyt.example');
  await form.getByRole('button', { name: 'Добавить поставщика' }).click();
  const inn = form.getByLabel('ИНН');
  await expect(inn).toHaveAccessibleDescription(/ИНН неверен: 10 или 12 цифр с верными контрольными цифрами/);
  await expect(inn).toHaveAttribute('aria-invalid', 'true');
  await expect(inn).toBeFocused();
  await expect(list.getByRole('heading', { name })).toHaveCount(0);

  await inn.fill('7830000426');
  await form.getByRole('button', { name: 'Добавить поставщика' }).click();
  await expect(form.getByRole('status')).toHaveText(`Поставщик «${name}» добавлен`);
  const card = list.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });
  await expect(card).toContainText('7830000426');
  await expect(card).toContainText('с 15 по 25 число, до 12:00 (Asia/Yekaterinburg)');
  await expect(card).toContainText('Почта: readings@sbyt.example');
  // An email supplier has no signing secret to rotate.
  await expect(card.getByRole('button', { name: `Новый секрет ${name}` })).toHaveCount(0);

  await card.getByRole('button', { name: `Изменить ${name}` }).click();
  const edit = page.getByRole('region', { name: `Изменить: ${name}` });
  await expect(edit.getByLabel('ИНН')).toHaveValue('7830000426');
  await edit.getByLabel('Последний день').selectOption('28');
  await edit.getByLabel('Время отсечки').fill('25:00');
  await edit.getByRole('button', { name: 'Сохранить' }).click();
  await expect(edit.getByLabel('Время отсечки')).toHaveAccessibleDescription(/Время отсечки — ЧЧ:ММ, например 23:00/);
  await edit.getByLabel('Время отсечки').fill('18:00');
  await edit.getByRole('button', { name: 'Сохранить' }).click();
  await expect(edit).toHaveCount(0);
  await expect(card).toContainText('с 15 по 28 число, до 18:00 (Asia/Yekaterinburg)');
  await expectNoHorizontalScroll(page);

  // A webhook supplier gets its signing secret once, on creation, and a new one after saying so (no browser dialog).
  const hook = `${name} webhook`;
  await form.getByLabel('Название').fill(hook);
  await form.getByLabel('ИНН').fill('7707083893');
  await form.getByLabel('Пример номера').fill('1234567890');
  await form.getByRole('radio', { name: 'Webhook' }).check();
  await form.getByLabel('Адрес приёма (URL)').fill('https://sbyt.example/readings');
  await form.getByRole('button', { name: 'Добавить поставщика' }).click();
  await expect(form.getByRole('status')).toHaveText(`Поставщик «${hook}» добавлен`);
  const hookCard = list.getByRole('listitem').filter({ has: page.getByRole('heading', { name: hook, exact: true }) });
  const secretBox = hookCard.getByRole('status');
  await expect(secretBox).toContainText('Секрет показан один раз');
  const first = (await secretBox.locator('code').textContent())!.trim();
  expect(first).toMatch(/^\S{20,}$/);
  await hookCard.getByRole('button', { name: 'Скрыть' }).click();
  await expect(secretBox).toHaveCount(0);
  await hookCard.getByRole('button', { name: `Новый секрет ${hook}` }).click();
  await expect(hookCard.getByRole('alertdialog')).toContainText('Старый перестанет действовать сразу');
  await hookCard.getByRole('button', { name: 'Выдать новый секрет' }).click();
  await expect(secretBox.locator('code')).toHaveText(/^\S{20,}$/);
  expect((await secretBox.locator('code').textContent())!.trim()).not.toBe(first);

  // Two windows edit the webhook supplier: the later save does not undo the earlier, it is shown merged to save again.
  const other = await page.context().newPage();
  await other.goto('/operator/suppliers');
  const otherCard = other.getByRole('list', { name: 'Поставщики' }).getByRole('listitem').filter({ has: other.getByRole('heading', { name: hook, exact: true }) });
  await otherCard.getByRole('button', { name: `Изменить ${hook}` }).click();
  const theirs = other.getByRole('region', { name: `Изменить: ${hook}` });
  await hookCard.getByRole('button', { name: `Изменить ${hook}` }).click();
  const mine = page.getByRole('region', { name: `Изменить: ${hook}` });
  await theirs.getByLabel('Время отсечки').fill('09:00');
  await theirs.getByRole('button', { name: 'Сохранить' }).click();
  await expect(theirs).toHaveCount(0);
  await mine.getByLabel('Последний день').selectOption('20');
  await mine.getByRole('button', { name: 'Сохранить' }).click();
  await expect(mine.getByRole('alert')).toHaveText(
    `Тем временем «${hook}» изменили в другом окне или другой оператор. В форме теперь новые настройки, а поверх — ваши правки: проверьте и сохраните ещё раз.`,
  );
  // The other window's cut-off is in the form (and the list), not this form's stale 12:00; this window's own edit stays.
  await expect(mine.getByLabel('Время отсечки')).toHaveValue('09:00');
  await expect(mine.getByLabel('Последний день')).toHaveValue('20');
  await expect(hookCard).toContainText('с 15 по 25 число, до 09:00 (Asia/Yekaterinburg)');
  await mine.getByRole('button', { name: 'Сохранить' }).click();
  await expect(mine).toHaveCount(0);
  await expect(hookCard).toContainText('с 15 по 20 число, до 09:00 (Asia/Yekaterinburg)');
  await other.close();

  // The supplier's page keeps its history: each change with what it was and became, newest first; the secret never.
  await hookCard.getByRole('link', { name: `Передачи ${hook}` }).click();
  const history = page.getByRole('list', { name: 'История изменений поставщика' });
  const entries = history.getByRole('listitem').filter({ has: page.getByRole('strong') });
  await expect(entries).toHaveCount(4);
  await expect(entries.nth(0)).toContainText('Изменены настройки');
  await expect(entries.nth(0)).toContainText('Последний день: 25 → 20');
  await expect(entries.nth(1)).toContainText('Время отсечки: 12:00 → 09:00');
  await expect(entries.nth(2)).toContainText('Выдан новый секрет');
  await expect(entries.nth(3)).toContainText('Добавлен');
  await expect(history).not.toContainText(first);
});

test('a long history comes twenty entries at a time, older ones on request', async ({ page }) => {
  const signedIn = await graphql<{ signIn: { token: string } }>(`mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }`, {
    p: operator().phone,
    w: operator().password,
  });
  const token = signedIn.data!.signIn.token;
  const name = `ООО «История ${randomInt(1e6)}»`;
  const input = (windowLastDay: number) => ({
    name,
    inn: '7707083893',
    resources: ['COLD_WATER'],
    windowFirstDay: 15,
    windowLastDay,
    accountPattern: '^\\d{6}$',
    accountExample: '123456',
    channel: 'EMAIL',
    email: uniqueEmail('history'),
  });
  const created = await graphql<{ createSupplier: { id: string } }>(`mutation($i: SupplierInput!) { createSupplier(input: $i) { id } }`, { i: input(20) }, { token });
  expect(created.errors).toBeUndefined();
  const id = created.data!.createSupplier.id;
  // Added, then 22 changes of the window's last day (20 → 25 → 20 …): 23 entries.
  for (let k = 1; k <= 22; k++) {
    const r = await graphql(`mutation($id: ID!, $i: SupplierInput!) { updateSupplier(id: $id, input: $i) { id } }`, { id, i: input(k % 2 ? 25 : 20) }, { token });
    expect(r.errors).toBeUndefined();
  }

  await signIn(page, operator());
  await page.goto(`/operator/suppliers/${id}`);
  const history = page.getByRole('list', { name: 'История изменений поставщика' });
  const entries = history.getByRole('listitem').filter({ has: page.getByRole('strong') });
  await expect(entries).toHaveCount(20);
  await expect(entries.first()).toContainText('Последний день: 25 → 20');
  await page.getByRole('button', { name: 'Показать ещё' }).click();
  await expect(entries).toHaveCount(23);
  await expect(entries.last()).toContainText('Добавлен');
  await expect(page.getByRole('button', { name: 'Показать ещё' })).toHaveCount(0);
});

test('an operator sees the demo энергосбыт’s submissions of last period with their statuses', async ({ page }) => {
  await signIn(page, operator());
  await page.goto('/operator/suppliers');
  await page.getByRole('link', { name: `Передачи ${DEMO_ENERGY}` }).click();
  await expect(page.getByRole('heading', { name: `Передачи: ${DEMO_ENERGY}`, level: 1 })).toBeVisible();

  await expect(page.getByText('Время — в часовом поясе поставщика: МСК, Europe/Moscow.')).toBeVisible();
  // Last period, named as a month: the demo meter E-0001's submission, accepted by the supplier; its window is closed.
  const moscowMonth = (monthsAgo: number) => {
    const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit' }).format(Date.now()).split('-').map(Number);
    return new Intl.DateTimeFormat('ru-RU', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1 - monthsAgo, 1)).replace(/\s*г\.$/, '');
  };
  await expect(page.getByLabel('Расчётный период').locator('option').first()).toHaveText(moscowMonth(0));
  await page.getByLabel('Расчётный период').selectOption({ label: moscowMonth(1) });
  const rows = page.getByRole('list', { name: 'Передачи' });
  const row = rows.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'E-0001' }) });
  await expect(row).toContainText('Принята');
  await expect(row).toContainText('7701234567');
  await expect(row).toContainText(/T1: \d+ кВт·ч · T2: \d+ кВт·ч/);
  await expect(rows.getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('list', { name: 'По статусам' })).toHaveText('Принята: 1');
  await expect(page.getByText('Всего: 1 передача')).toBeVisible();
  await expect(page.getByRole('button', { name: /Отправить заново/ })).toHaveCount(0);

  // Narrowed to a status it has none of.
  await page.getByLabel('Статус', { exact: true }).selectOption('Отклонена');
  await expect(page.getByText('За этот период передач нет.')).toBeVisible();
  await expectNoHorizontalScroll(page);

  // A supplier that is not there (an old link, a typo) is said so.
  await page.goto('/operator/suppliers/999999');
  await expect(page.getByText('Поставщик не найден.')).toBeVisible();
});

test('a message sent through the feedback form is on the operator’s feedback page, with the cabinet it came from when signed in', async ({ page, browser }, info) => {
  const contact = uniqueEmail('ops-feedback');
  const text = `Хочу получать показания в Telegram (${contact})`;
  const visitor = await otherBrowser(browser, info);
  const home = await visitor.newPage();
  await home.goto('/');
  const form = home.getByRole('region', { name: 'Обратная связь' });
  await form.getByLabel('Как к вам обращаться').fill('Пётр');
  await form.getByLabel('Электронная почта или телефон').fill(contact);
  await form.getByLabel('Сообщение').fill(text);
  await tickCaptcha(home);
  await form.getByRole('button', { name: 'Отправить' }).click();
  await expect(form.getByRole('heading', { name: 'Сообщение отправлено' })).toBeVisible();
  await visitor.close();
  // A customer writes from their cabinet (signed in): the operator also sees whose cabinet, and opens their devices.
  const customer = await registerViaApi({ fullName: 'Анна Сергеевна' });
  const fromCabinet = `Добавьте тариф «день-ночь» (${contact})`;
  const sent = await graphql(`mutation($m: String!) { sendFeedback(input: { name: "Анна", contact: "+7 900 000-00-00", message: $m }) }`, { m: fromCabinet }, { token: customer.token });
  expect(sent).toEqual({ data: { sendFeedback: true } });

  await signIn(page, operator());
  await page.goto('/operator/feedback');
  await expect(page.getByRole('heading', { name: 'Отзывы', level: 1 })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Отзывы' })).toHaveAttribute('aria-current', 'page');
  const newest = page.getByRole('list', { name: 'Сообщения обратной связи' }).getByRole('listitem').first();
  await expect(newest.getByRole('heading', { name: 'Анна' })).toBeVisible();
  await expect(newest).toContainText(fromCabinet);
  await expect(newest.getByText(/^Из личного кабинета/)).toBeVisible();
  await expect(newest.getByRole('link', { name: 'Приборы клиента Анна' })).toHaveAttribute('href', `/operator/devices?search=${encodeURIComponent(customer.phone)}`);
  await expect(newest.getByRole('link', { name: 'Приборы клиента Анна' })).toHaveText(typedPhone(customer.phone));
  const visitors = page.getByRole('listitem').filter({ hasText: text });
  await expect(visitors.getByRole('heading', { name: 'Пётр' })).toBeVisible();
  await expect(visitors.getByText('Из личного кабинета')).toHaveCount(0);
  await expect(visitors.getByRole('link', { name: contact })).toHaveAttribute('href', `mailto:${contact}`);
  // «Обновить» stands clear of the list under it.
  const refresh = await page.getByRole('button', { name: 'Обновить' }).boundingBox();
  const list = await page.getByRole('list', { name: 'Сообщения обратной связи' }).boundingBox();
  expect(list!.y - (refresh!.y + refresh!.height)).toBeGreaterThanOrEqual(12);
  await expectNoHorizontalScroll(page);
});

test('a customer is told the suppliers and feedback pages are for operators', async ({ page }) => {
  await signIn(page, demoCustomer());
  for (const path of ['/operator/suppliers', '/operator/feedback']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: 'Раздел для операторов', level: 1 })).toBeVisible();
    await expect(page.getByRole('list', { name: /Поставщики|Сообщения обратной связи/ })).toHaveCount(0);
  }
  await expect(page.getByRole('banner').getByRole('link', { name: 'Поставщики' })).toHaveCount(0);
});

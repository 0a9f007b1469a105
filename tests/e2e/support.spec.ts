/**
 * Support threads: a customer writes with a photo, an operator in another browser answers, both see each
 * other's messages live, unread counts follow, and the operator closes the thread.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { graphql, registerViaApi } from '../support/accounts.js';
import { operator, otherBrowser, signIn } from '../support/cabinet.js';
import { bindViaApi, meterPack, provisionDevices, sendPack } from '../support/devices.js';

const require = createRequire(import.meta.url);
/** A real PNG of the repository: the app's icon. */
const PHOTO = path.join(path.dirname(require.resolve('@askue/web/package.json')), 'static', 'icons', 'icon-192.png');

/** The header's link to support, with its unread count when there is one. */
const supportLink = (page: Page, name: 'Поддержка' | 'Обращения') => page.getByRole('banner').getByRole('link', { name: new RegExp(`^${name}`) });

test('a new request explains what is missing and which photos cannot be attached', async ({ page }) => {
  const account = await registerViaApi();
  await signIn(page, account, '/support/new');
  await expect(page.getByRole('heading', { name: 'Новое обращение' })).toBeVisible();
  await expect(page.getByText('До 5 фото в формате JPEG, PNG или WebP, каждое не больше 5 МБ.')).toBeVisible();

  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByText('Коротко опишите тему обращения')).toBeVisible();
  await expect(page.getByText('Напишите сообщение', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Тема')).toBeFocused();

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Добавить фото' }).click();
  await (await chooser).setFiles([
    { name: 'big.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(6 * 1024 * 1024, 0xff) },
    { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') },
  ]);
  await expect(page.getByText('«big.jpg» — 6 МБ, а можно не больше 5 МБ. Уменьшите фото или выберите другое.')).toBeVisible();
  await expect(page.getByText('«scan.pdf» — не фотография JPEG, PNG или WebP.')).toBeVisible();
  await expect(page.getByRole('main').locator('img')).toHaveCount(0);

  // A file that says it is a JPEG but is not one: the API judges by the bytes, and the page says why.
  await page.locator('input[type=file]').setInputFiles({ name: 'fake.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not really a photo') });
  await expect(page.getByText('Не загрузилось: Можно приложить фотографию в формате JPEG, PNG или WebP')).toBeVisible();
  await page.getByRole('button', { name: 'Убрать фото fake.jpg' }).click();
  await expect(page.getByText(/Не загрузилось/)).toHaveCount(0);
});

test('a customer and an operator talk live, photos included; unread counts follow; the operator closes the thread', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const account = await registerViaApi({ fullName: 'Соколов Андрей Викторович' });
  const topic = `Счётчик воды не передаёт показания ${account.phone.slice(-4)}`;

  // The customer opens a thread with a photo.
  await signIn(page, account, '/support');
  await expect(page.getByRole('heading', { name: 'Обращений пока нет' })).toBeVisible();
  await page.getByRole('link', { name: 'Новое обращение' }).first().click();
  await page.getByLabel('Тема').fill(topic);
  await page.getByLabel('Сообщение').fill('Со вчерашнего дня CW-0001 не присылает показания. Фото прибора прилагаю.');
  await page.locator('input[type=file]').setInputFiles(PHOTO);
  const picked = page.getByRole('listitem').filter({ hasText: 'icon-192.png' });
  await expect(picked.locator('img')).toBeVisible();
  await expect(picked.getByText('Загружено')).toBeVisible();
  await page.getByRole('button', { name: 'Отправить' }).click();

  await expect(page.getByRole('heading', { level: 1, name: topic })).toBeVisible();
  const customerLog = page.getByRole('log', { name: 'Переписка' });
  await expect(customerLog.getByText('Со вчерашнего дня CW-0001 не присылает показания.', { exact: false })).toBeVisible();
  const sentPhoto = customerLog.getByRole('link', { name: 'Открыть фото icon-192.png' }).locator('img');
  await expect(sentPhoto).toBeVisible();
  await expect.poll(() => sentPhoto.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(192);
  await expect(page.getByText('ответы появятся сразу')).toBeVisible();

  // The operator sees the new thread, unread, among everyone's.
  const desk = await (await otherBrowser(browser, info)).newPage();
  await signIn(desk, operator(), '/operator/support');
  await expect(desk.getByRole('heading', { name: 'Обращения клиентов' })).toBeVisible();
  const listed = desk.getByRole('link', { name: new RegExp(topic) });
  await expect(listed).toContainText('Соколов Андрей Викторович');
  await expect(listed).toHaveAccessibleName(new RegExp(`${topic}.*1 непрочитанное`));
  await expect(supportLink(desk, 'Обращения')).toContainText(/\d/);
  await listed.click();

  const deskLog = desk.getByRole('log', { name: 'Переписка' });
  await expect(deskLog.getByText(/Со вчерашнего дня CW-0001/)).toBeVisible();
  await expect(deskLog.getByText('Соколов Андрей Викторович')).toBeVisible();
  await expect.poll(() => deskLog.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(192);
  await expect(desk.getByText('ответы появятся сразу')).toBeVisible();

  // The operator answers; the customer's page shows it without a reload.
  const reloads: string[] = [];
  page.on('framenavigated', (frame) => frame === page.mainFrame() && reloads.push(frame.url()));
  await desk.getByLabel('Сообщение').fill('Здравствуйте! Проверим контроллер удалённо и напишем сюда.');
  await desk.getByRole('button', { name: 'Отправить' }).click();
  await expect(deskLog.getByText('Здравствуйте! Проверим контроллер удалённо')).toBeVisible();
  await expect(customerLog.getByText('Здравствуйте! Проверим контроллер удалённо')).toBeVisible();
  await expect(customerLog.getByText('Техническая поддержка')).toBeVisible();
  expect(reloads).toEqual([]);

  // Away from the thread, the customer's header counts the next answer as unread.
  await supportLink(page, 'Поддержка').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Поддержка' })).toBeVisible();
  await expect(supportLink(page, 'Поддержка')).toHaveAccessibleName('Поддержка');
  await desk.getByLabel('Сообщение').fill('Контроллер перезагружен, показания снова идут.');
  await desk.getByRole('button', { name: 'Отправить' }).click();
  await expect(supportLink(page, 'Поддержка')).toHaveAccessibleName('Поддержка, 1 непрочитанное');
  const thread = page.getByRole('link', { name: new RegExp(topic) });
  await expect(thread).toHaveAccessibleName(new RegExp(`${topic}.*1 непрочитанное`));

  // Opening the thread reads it; the customer answers and the operator sees it live.
  await thread.click();
  await expect(customerLog.getByText('Контроллер перезагружен, показания снова идут.')).toBeVisible();
  await expect(supportLink(page, 'Поддержка')).toHaveAccessibleName('Поддержка');
  await page.getByLabel('Сообщение').fill('Спасибо, всё работает!');
  await page.getByRole('button', { name: 'Отправить' }).click();
  await expect(deskLog.getByText('Спасибо, всё работает!')).toBeVisible();

  // The operator closes the thread; the customer sees it closed and may reopen it by writing.
  await desk.getByRole('button', { name: 'Закрыть обращение' }).click();
  await expect(desk.getByText('Обращение закрыто. Клиент может открыть его снова, написав сообщение.')).toBeVisible();
  await expect(desk.getByLabel('Сообщение')).toHaveCount(0);
  await page.reload();
  await expect(page.getByText('Обращение закрыто. Если вопрос остался, напишите — обращение откроется снова.')).toBeVisible();
  await expect(page.getByText('закрыто', { exact: true })).toBeVisible();
  await desk.context().close();
});

test('beside a thread the operator sees the customer’s devices, link status included, and opens one in the console', async ({ page }) => {
  const account = await registerViaApi({ fullName: 'Орлова Мария Петровна' });
  const online = await provisionDevices([{ kind: 'COLD_WATER', zones: 1, phases: 1 }]);
  // The silent modem also reads a neighbour's water meter; the customer has bound only their electricity meter.
  const silent = await provisionDevices([{ kind: 'ELECTRICITY', zones: 1, phases: 1 }, { kind: 'COLD_WATER', zones: 1, phases: 1 }]);
  await bindViaApi(account.token, online.serial, online.claimCode);
  await bindViaApi(account.token, silent.meters[0].serial, silent.meters[0].claimCode);
  await sendPack(online.deviceToken, meterPack(online.meters[0].serial, [{ t: Math.floor(Date.now() / 1000), values: { volume: 12.5 } }]));
  const topic = `Не приходят показания ${account.phone.slice(-4)}`;
  const opened = await graphql<{ openSupportThread: { id: string } }>(
    `mutation($topic: String!) { openSupportThread(topic: $topic, text: "Электросчётчик молчит со вчерашнего дня.") { id } }`,
    { topic },
    { token: account.token },
  );
  expect(opened.errors).toBeUndefined();

  await signIn(page, operator(), `/support/${opened.data!.openSupportThread.id}`);
  const devices = page.getByRole('region', { name: 'Приборы клиента' });
  const controllers = devices.getByTestId('customer-controller');
  await expect(controllers).toHaveCount(2);
  // Newest first: the silent one was added last; it has never been heard from.
  await expect(controllers.nth(0)).toContainText(`${silent.serial} ещё не выходил на связь`);
  await expect(controllers.nth(0)).toContainText(`${silent.meters[0].serial} (Электроэнергия)`);
  await expect(controllers.nth(0)).not.toContainText(silent.meters[1].serial);
  await expect(controllers.nth(1)).toContainText(`${online.serial} на связи`);
  await expect(controllers.nth(1)).toContainText('последний сеанс только что');
  await expect(controllers.nth(1)).toContainText(`${online.meters[0].serial} (Холодная вода)`);

  // One click to the console, found by its serial.
  await devices.getByRole('link', { name: `${silent.serial} в «Устройствах»` }).click();
  await expect(page).toHaveURL(new RegExp(`/operator/devices\\?search=${silent.serial}$`));
  await expect(page.getByRole('searchbox', { name: 'Серийный номер или телефон клиента' })).toHaveValue(silent.serial);
  await expect(page.getByRole('list', { name: 'Контроллеры' }).getByRole('heading', { level: 2 })).toHaveText([silent.serial]);
});

test('another customer’s thread is not shown', async ({ page }) => {
  const owner = await registerViaApi();
  const stranger = await registerViaApi();
  const opened = await fetch(`${process.env.E2E_URL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
    body: JSON.stringify({ query: 'mutation { openSupportThread(topic: "Личное", text: "Только для меня") { id } }' }),
  });
  const { data } = (await opened.json()) as { data: { openSupportThread: { id: string } } };
  await signIn(page, stranger, `/support/${data.openSupportThread.id}`);
  await expect(page.getByRole('heading', { name: 'Обращение не найдено' })).toBeVisible();
  await expect(page.getByText('Только для меня')).toHaveCount(0);
});

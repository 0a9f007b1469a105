/**
 * The operators' warnings page: every customer's warnings with the customer, arriving live — open ones first,
 * then resolved and all, narrowed to one rule — and customers kept out.
 */
import { expect, test } from '@playwright/test';
import { graphql, registerViaApi, typedPhone } from '../support/accounts.js';
import { expectNoHorizontalScroll, operator, signIn } from '../support/cabinet.js';
import { bindViaApi, meterPack, pastBursts, provisionDevices, sendPack } from '../support/devices.js';

test('an operator sees a customer’s warning arrive live with the customer, then the resolved ones and one rule; customers are kept out', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER', zones: 1, phases: 1 }]);
  const meter = devices.meters[0].serial;
  const customer = await registerViaApi();
  await bindViaApi(customer.token, devices.serial, devices.claimCode);
  pastBursts(meter, 2);

  await signIn(page, operator());
  await page.getByRole('banner').getByRole('link', { name: 'Предупреждения' }).click();
  await expect(page).toHaveURL(/\/operator\/alerts$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Предупреждения абонентов' })).toBeVisible();
  const ours = page.getByRole('list', { name: 'Предупреждения абонентов' }).getByTestId('operator-alert').filter({ hasText: `Счётчик ${meter}` });
  // Open warnings are shown (other customers' or none), and this customer's two bursts are over.
  await expect(page.getByRole('list', { name: 'Предупреждения абонентов' }).or(page.getByText('Открытых предупреждений нет'))).toBeVisible();
  await expect(ours).toHaveCount(0);
  // Nothing to press: the list follows the live stream.
  await expect(page.getByRole('button', { name: 'Обновить' })).toHaveCount(0);

  // Readings after the binding: 400 l within a minute is a burst, open now — and on the operator's page without a reload.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const now = Math.floor(Date.now() / 1000);
  await sendPack(devices.deviceToken, meterPack(meter, [0, 1, 2].map((i) => ({ t: now + 1 + i, values: { volume: 10 + i * 0.2 } }))));
  await expect(ours).toHaveCount(1, { timeout: 15_000 });
  await expect(ours).toContainText('Очень большой расход воды');
  await expect(ours).toContainText('срочно');
  await expect(ours).toContainText('400 л за 1 мин');
  await expect(ours.getByRole('link', { name: typedPhone(customer.phone) })).toHaveAttribute('href', `tel:${customer.phone}`);
  // On the operator's own clock: no «local time» beside the customer.
  await expect(ours).not.toContainText('у абонента сейчас');
  await expect(page.getByRole('status').filter({ hasText: /^Показано \d+ из \d+$/ })).toBeVisible();
  await expectNoHorizontalScroll(page);

  await page.getByRole('button', { name: 'Решённые' }).click();
  await expect(page.getByRole('button', { name: 'Решённые' })).toHaveAttribute('aria-pressed', 'true');
  await expect(ours).toHaveCount(2);
  await expect(ours.first()).toContainText('Решено:');
  await page.getByRole('button', { name: 'Все', exact: true }).click();
  await expect(ours).toHaveCount(3);
  // The rule is chosen in a field like every other of the cabinet (it was the browser's bare select).
  await expect(page.getByLabel('Правило')).toHaveCSS('border-radius', '8px');
  await page.getByLabel('Правило').selectOption({ label: 'Возможна протечка' });
  await expect(ours).toHaveCount(0);
  await page.getByLabel('Правило').selectOption({ label: 'Очень большой расход воды' });
  await expect(ours).toHaveCount(3);

  // The meter opens in the console, found by its own serial.
  await ours.first().getByRole('link', { name: `Счётчик ${meter}` }).click();
  await expect(page).toHaveURL(new RegExp(`/operator/devices\\?search=${meter}$`));
  await expect(page.getByRole('list', { name: 'Контроллеры' })).toContainText(devices.serial);

  // A customer is told the page is not theirs.
  await page.getByRole('button', { name: 'Выйти' }).click();
  await signIn(page, customer);
  await page.goto('/operator/alerts');
  await expect(page.getByRole('heading', { name: 'Раздел для операторов' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Предупреждения абонентов' })).toHaveCount(0);
});

test('a customer on another clock: the operator sees their local time before calling', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER', zones: 1, phases: 1 }]);
  const meter = devices.meters[0].serial;
  const customer = await registerViaApi();
  await graphql(`mutation { updateProfile(input: { timeZone: "Asia/Vladivostok" }) { timeZone } }`, {}, { token: customer.token });
  await bindViaApi(customer.token, devices.serial, devices.claimCode);
  pastBursts(meter, 1);

  await signIn(page, operator(), '/operator/alerts');
  await page.getByRole('button', { name: 'Решённые' }).click();
  const ours = page.getByRole('list', { name: 'Предупреждения абонентов' }).getByTestId('operator-alert').filter({ hasText: `Счётчик ${meter}` });
  const local = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Vladivostok', hour: '2-digit', minute: '2-digit' });
  // The minute may turn while the page loads: either is right.
  const expected = [Date.now(), Date.now() + 60_000].map((at) => local.format(at));
  await expect(ours.getByText(/у абонента сейчас/)).toHaveText(new RegExp(`^· у абонента сейчас (${expected.join('|')}) \\(МСК\\+7\\)$`));
});

/**
 * «Передача показаний» on a meter's page: a customer links their лицевой счёт at the demo энергосбыт (a typo is caught at
 * entry), sees when readings go next, presses «Передать сейчас» and sees the supplier's receipt arrive without a reload.
 */
import { expect, test, type Page } from '@playwright/test';
import { registerViaApi, waitForMessage } from '../support/accounts.js';
import { expectNoHorizontalScroll, signIn } from '../support/cabinet.js';
import { bindViaApi, meterPack, provisionDevices, sendPack } from '../support/devices.js';

const GROUP = new Intl.NumberFormat('ru-RU').formatToParts(12345).find((p) => p.type === 'group')!.value;

test('a customer links an account, sees the next date, submits now and the receipt arrives live', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'ELECTRICITY', zones: 2, phases: 1, model: 'Меркурий 201' }]);
  const meter = devices.meters[0].serial;
  const customer = await registerViaApi();
  const ids = await bindViaApi(customer.token, devices.serial, devices.claimCode);
  // What is submitted is what the meter measured while it is the customer's: a reading timed after the binding.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await sendPack(devices.deviceToken, meterPack(meter, [{ t: Math.floor(Date.now() / 1000), values: { energy: 9_676_400, energy_t1: 7_394_900, energy_t2: 2_281_500 } }]));

  await signIn(page, customer);
  await page.goto(`/meters/${ids[meter]}`);
  const panel = page.getByRole('region', { name: 'Передача показаний' });
  await expect(panel.getByText('Лицевых счетов ещё нет')).toBeVisible();

  // Only the suppliers billing electricity are offered (other specs may have added some): the demo энергосбыт, not the водоканал.
  const supplier = panel.getByLabel('Поставщик', { exact: true });
  await expect(supplier.getByRole('option', { name: 'АО «Демо-Энергосбыт»' })).toHaveCount(1);
  await expect(supplier.getByRole('option', { name: 'ГУП «Демо-Водоканал»' })).toHaveCount(0);
  await supplier.selectOption({ label: 'АО «Демо-Энергосбыт»' });
  await expect(panel.getByText(/Окно приёма: с \d+ по 31 число, до 23:59 \(МСК\)/)).toBeVisible();

  // A digit short: caught at entry with the supplier's example, nothing sent.
  const account = panel.getByLabel('Лицевой счёт');
  await account.fill('770123456');
  await panel.getByRole('button', { name: 'Подключить' }).click();
  await expect(account).toHaveAccessibleDescription(/Номер лицевого счёта не похож на номер этого поставщика\. Пример: 7701234567/);
  await expect(account).toBeFocused();
  // Consent is asked for, too.
  await account.fill('7701234567');
  await panel.getByRole('button', { name: 'Подключить' }).click();
  await expect(panel.getByText('Отметьте согласие на передачу показаний')).toBeVisible();
  await panel.getByLabel(/Я согласен/).check();
  await panel.getByRole('button', { name: 'Подключить' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Подключено' })).toHaveText('Подключено: показания будут уходить в «АО «Демо-Энергосбыт»» сами');

  const card = panel.getByRole('article', { name: 'АО «Демо-Энергосбыт»' });
  await expect(card.getByText('7701234567')).toBeVisible();
  // The next submission: the window's first-day cut-off (23:59 Moscow time), or at once when that has passed — the zone named.
  await expect(card.getByTestId('next-submission')).toHaveText(/^\d{1,2} [а-я]+ \d{4} г\.(,| в) \d{2}:\d{2} \(МСК\)$/);

  // Past the first day's cut-off the engine's own pass sends this period at once; the button then says it is sent.
  const submitNow = card.getByRole('button', { name: 'Передать сейчас' });
  if (await submitNow.isEnabled()) {
    await submitNow.click();
    await expect(card.getByRole('status')).toHaveText('Показания отправлены — статус обновится здесь сам');
  }
  const submission = card.getByTestId('submission').first();
  // The receipt comes from the supplier through the live subscription: no reload.
  await expect(submission).toHaveAttribute('data-status', 'ACCEPTED', { timeout: 20_000 });
  await expect(submission).toContainText('принята поставщиком');
  // Whole kWh per zone, exactly as sent: 7 394.9 kWh → 7 394, 2 281.5 kWh → 2 281 (never rounded up).
  await expect(submission).toContainText(`T1 7${GROUP}394 кВт·ч · T2 2${GROUP}281 кВт·ч`);
  await expect(submission).toContainText('через API поставщика');
  // Sent for this period: pressing again would change nothing, so the button says so; the supplier is not offered twice.
  await expect(submitNow).toBeDisabled();
  await expect(submitNow).toHaveAccessibleDescription(/^Показания за [а-я]+ \d{4} уже переданы: принята поставщиком\.$/);
  await expect(panel.getByRole('option', { name: 'АО «Демо-Энергосбыт»' })).toHaveCount(0);
  await expectNoHorizontalScroll(page);

  // The history is what the API stores: after a reload it still shows the accepted submission.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Передача показаний' }).getByTestId('submission').first()).toHaveAttribute('data-status', 'ACCEPTED');
});

/** A new customer's single-zone meter that has sent nothing, linked to the demo энергосбыт on its page. */
async function linkedSilentMeter(page: Page, account: string) {
  const devices = await provisionDevices([{ kind: 'ELECTRICITY', zones: 1, phases: 1 }]);
  const customer = await registerViaApi();
  const ids = await bindViaApi(customer.token, devices.serial, devices.claimCode);
  await signIn(page, customer);
  await page.goto(`/meters/${ids[devices.meters[0].serial]}`);
  const panel = page.getByRole('region', { name: 'Передача показаний' });
  await panel.getByLabel('Поставщик', { exact: true }).selectOption({ label: 'АО «Демо-Энергосбыт»' });
  await panel.getByLabel('Лицевой счёт').fill(account);
  await panel.getByLabel(/Я согласен/).check();
  await panel.getByRole('button', { name: 'Подключить' }).click();
  return { panel, card: panel.getByRole('article', { name: 'АО «Демо-Энергосбыт»' }), email: customer.email };
}

test('unlinking asks first and keeps nothing linked', async ({ page }) => {
  const { panel, card } = await linkedSilentMeter(page, '7700000001');
  await card.getByRole('button', { name: 'Отключить' }).click();
  const dialog = page.getByRole('dialog', { name: 'Отключить «АО «Демо-Энергосбыт»»?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Отмена' }).click();
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: 'Отключить' }).click();
  await dialog.getByRole('button', { name: 'Да, отключить' }).click();
  await expect(card).toHaveCount(0);
  await expect(panel.getByText('Поставщик отключён. История передач сохранена.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Передача показаний' }).getByText('Лицевых счетов ещё нет')).toBeVisible();
});

test('a silent meter is never submitted with stale values: the customer enters them by hand and they go marked as theirs', async ({ page }) => {
  const { card, email } = await linkedSilentMeter(page, '7700000002');
  await card.getByRole('button', { name: 'Передать сейчас' }).click();
  await expect(card.getByRole('status')).toHaveText('Свежих показаний счётчика нет — введите их вручную ниже');

  // The meter has sent nothing: nothing goes to the supplier, the customer is asked for the values.
  const submission = card.getByTestId('submission').first();
  await expect(submission).toHaveAttribute('data-status', 'AWAITING_VALUES');
  await expect(submission).toContainText('ждём показания от вас');
  const manual = card.getByRole('form', { name: 'Введите показания вручную' });

  // The email that asks for them opens the meter's page at this panel.
  const mail = await waitForMessage(email, { channel: 'email', match: /не переданы: нет свежих данных/ });
  const link = new URL(/http\S+#submissions-title/.exec(mail.text)![0]);
  await page.goto('/');
  await page.goto(link.pathname + link.hash);
  await expect(manual).toBeInViewport();
  await expect(manual).toContainText('устаревшие или расчётные значения мы не передаём');
  const value = manual.getByLabel('Показание, кВт·ч');
  await value.fill('7394,5');
  await manual.getByRole('button', { name: 'Передать показания' }).click();
  await expect(value).toHaveAccessibleDescription('Целое число');

  await value.fill('7394');
  await manual.getByRole('button', { name: 'Передать показания' }).click();
  await expect(submission).toHaveAttribute('data-status', 'ACCEPTED', { timeout: 20_000 });
  await expect(submission).toContainText(`7${GROUP}394 кВт·ч`);
  await expect(submission).toContainText('введено абонентом');
  await expect(manual).toHaveCount(0);
});

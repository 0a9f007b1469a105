/**
 * Warnings as a customer meets them: a burst on their cold-water meter (400 L within seconds, sent over CoAP)
 * rings the bell and appears on «Предупреждения» without a reload; reading it clears the bell; quiet hours and away
 * mode turn on and off. The evaluation runs on the server after the readings are committed.
 */
import { expect, test } from '@playwright/test';
import { registerViaApi } from '../support/accounts.js';
import { expectNoHorizontalScroll, signIn } from '../support/cabinet.js';
import { bindViaApi, meterPack, provisionDevices, sendPack } from '../support/devices.js';

test('a burst rings the bell and shows on the warnings page live; reading it clears the bell; quiet hours; away mode', async ({ page }) => {
  const devices = await provisionDevices([{ kind: 'COLD_WATER', zones: 1, phases: 1 }]);
  const meter = devices.meters[0].serial;
  const customer = await registerViaApi();
  await bindViaApi(customer.token, devices.serial, devices.claimCode);
  // A customer sees what was measured while the meter is theirs: the readings are timed after the binding.
  await new Promise((resolve) => setTimeout(resolve, 1100));

  await signIn(page, customer);
  await page.goto('/alerts');
  await expect(page.getByRole('heading', { level: 1, name: 'Предупреждения' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Предупреждений нет' })).toBeVisible();
  const bell = page.getByRole('banner').getByRole('link', { name: /^Предупреждения/ });
  await expect(bell).toHaveAccessibleName('Предупреждения');

  const now = Math.floor(Date.now() / 1000);
  // 400 L within seconds, measured after the binding (what came before is the previous owner's).
  await sendPack(devices.deviceToken, meterPack(meter, [0, 1, 2].map((i) => ({ t: now + 1 + i, values: { volume: 10 + i * 0.2 } }))));

  const alert = page.getByTestId('alert').filter({ hasText: 'Очень большой расход воды' });
  await expect(alert).toBeVisible({ timeout: 10_000 });
  await expect(alert).toContainText(`Счётчик ${meter}: 400 л за 1 мин. Если это не вы — перекройте воду.`);
  await expect(alert).toContainText('Срочно');
  await expect(bell).toHaveAccessibleName('Предупреждения, 1 непрочитанное');
  await expectNoHorizontalScroll(page);

  await alert.getByRole('button', { name: 'Прочитано' }).click();
  await expect(bell).toHaveAccessibleName('Предупреждения');
  await alert.getByRole('button', { name: 'Не присылать сообщения сутки' }).click();
  await expect(alert).toContainText('Сообщения отключены до');

  const quiet = page.getByRole('region', { name: 'Тихие часы' });
  await expect(quiet.getByTestId('quiet-current')).toHaveText('Тихие часы не заданы.');
  await quiet.getByLabel('С').selectOption('23:00');
  await quiet.getByLabel('До').selectOption('7:00');
  await quiet.getByRole('button', { name: 'Сохранить' }).click();
  await expect(quiet.getByRole('status')).toHaveText('Тихие часы сохранены');
  await expect(quiet.getByTestId('quiet-current')).toHaveText('Тихие часы: с 23:00 до 7:00');
  await quiet.getByRole('button', { name: 'Выключить' }).click();
  await expect(quiet.getByTestId('quiet-current')).toHaveText('Тихие часы не заданы.');

  const away = page.getByRole('region', { name: 'Я в отъезде' });
  await away.getByRole('button', { name: 'Включить' }).click();
  await expect(away.getByRole('status')).toHaveText('Режим «Я в отъезде» включён');
  await expect(away.getByTestId('away-current')).toContainText('В отъезде с');
  await away.getByRole('button', { name: 'Я вернулся' }).click();
  await expect(away.getByRole('status')).toHaveText('Режим «Я в отъезде» выключен');
  await expect(away.getByTestId('away-current')).toHaveCount(0);
});

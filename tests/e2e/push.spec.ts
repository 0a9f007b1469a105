/**
 * Web Push on the device: the profile says where this browser stands, and a warning pushed to the service worker is
 * shown as a notification with the app in the background. Chromium's DevTools protocol delivers the push (there is
 * no push service without the internet); the API's side — encryption, VAPID, a real local push service — is tested in
 * api/src/alerts/alerts.test.ts.
 */
import { expect, test } from '@playwright/test';
import { registerViaApi } from '../support/accounts.js';
import { signIn } from '../support/cabinet.js';

interface Worker {
  navigator: { serviceWorker: { ready: Promise<{ getNotifications(): Promise<Array<{ title: string; body: string; tag: string; data: unknown }>> }> } };
}

test('a pushed warning is shown as a notification by the service worker; the profile offers notifications on this device', async ({ page, context }) => {
  await context.grantPermissions(['notifications']);
  const customer = await registerViaApi();
  await signIn(page, customer);
  await page.goto('/profile');
  const section = page.getByRole('region', { name: 'Уведомления на этом устройстве' });
  await expect(section.getByTestId('push-state')).toHaveText('Выключены.');
  await expect(section.getByRole('button', { name: 'Включить уведомления' })).toBeVisible();

  // The service worker this page registered, as DevTools sees it.
  await page.evaluate(async () => void (await (globalThis as unknown as Worker).navigator.serviceWorker.ready));
  const cdp = await context.newCDPSession(page);
  const registrations: Array<{ registrationId: string; scopeURL: string }> = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => registrations.length).toBeGreaterThan(0);
  const origin = new URL(page.url()).origin;
  const registration = registrations.find((r) => r.scopeURL.startsWith(origin))!;

  const payload = { title: 'Возможна протечка', body: 'Возможна протечка: счётчик CW-0001 показывает расход без перерыва 2 ч.', url: '/alerts', tag: 'alert-42', alertId: '42' };
  const push = () => cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: registration.registrationId, data: JSON.stringify(payload) });
  const shown = () => page.evaluate(async () => (await (await (globalThis as unknown as Worker).navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })));
  await push();
  // DevTools' stand-in for a push service drops a delivery now and then on a loaded machine (once in a full CI
  // run): deliver again while nothing is shown. The tag makes a repeat replace its notification, never add one.
  await expect
    .poll(
      async () => {
        const now = await shown();
        if (!now.length) await push();
        return now;
      },
      { timeout: 20_000, intervals: [500, 1000, 2000] },
    )
    .toEqual([{ title: payload.title, body: payload.body, tag: 'alert-42', data: { url: '/alerts' } }]);
});

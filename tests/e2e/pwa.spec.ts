/** The cabinet as an installable app: the manifest and icons, the service worker, and the shell offline. */
import { expect, test, type Page } from '@playwright/test';
import { demoCustomer, signIn } from '../support/cabinet.js';

// The page's own globals, typed only as far as these tests use them (the tests compile without the DOM library).
interface Browser {
  navigator: { serviceWorker: { ready: Promise<{ active: { scriptURL: string } | null }>; controller: object | null } };
  caches: { keys(): Promise<string[]>; open(key: string): Promise<{ keys(): Promise<Array<{ url: string }>> }> };
}

/** Waits until the service worker is active and controls the page (a reload makes a first visit controlled). */
async function controlledByServiceWorker(page: Page): Promise<string> {
  const script = await page.evaluate(async () => (await (globalThis as unknown as Browser).navigator.serviceWorker.ready).active?.scriptURL ?? '');
  const controlled = () => page.evaluate(() => Boolean((globalThis as unknown as Browser).navigator.serviceWorker.controller));
  if (!(await controlled())) await page.reload();
  await expect.poll(controlled).toBe(true);
  return script;
}

test('the manifest describes an installable app with its icons', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute('href', /\/icons\/apple-touch-icon\.png$/);
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#0b5cad');

  const response = await request.get('/manifest.webmanifest');
  expect(response.ok()).toBe(true);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await response.json();
  expect(manifest).toMatchObject({ name: 'Комета · Личный кабинет', short_name: 'Комета', start_url: '/meters', scope: '/', display: 'standalone', lang: 'ru' });
  const pngs = manifest.icons.filter((icon: { type: string }) => icon.type === 'image/png');
  expect(pngs.map((icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`)).toEqual(
    expect.arrayContaining(['192x192 any', '512x512 any', '192x192 maskable', '512x512 maskable']),
  );
  for (const icon of [...pngs, { src: '/icons/apple-touch-icon.png', sizes: '180x180' }]) {
    const image = await request.get(icon.src);
    expect(image.headers()['content-type'], icon.src).toBe('image/png');
    const body = await image.body();
    // A PNG of the size the manifest says (IHDR width and height).
    expect(body.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(`${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
  }
});

test('the browser gets the app’s scripts and styles compressed and cacheable for a year', async ({ page }) => {
  const assets: Array<{ path: string; encoding: string | undefined; cache: string | undefined }> = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/_app/immutable/') || !/\.(js|css)$/.test(url.pathname)) return;
    const headers = response.headers();
    assets.push({ path: url.pathname, encoding: headers['content-encoding'], cache: headers['cache-control'] });
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(assets.length).toBeGreaterThan(3);
  // Brotli where the browser offers it (Chromium does on localhost), gzip otherwise: never the plain file.
  expect(assets.filter((a) => a.encoding !== 'br' && a.encoding !== 'gzip')).toEqual([]);
  expect(assets.filter((a) => a.cache !== 'public, max-age=31536000, immutable')).toEqual([]);
});

test('the service worker registers, controls the cabinet and keeps the API out of its cache', async ({ page }) => {
  await page.goto('/');
  expect(await controlledByServiceWorker(page)).toMatch(/\/service-worker\.js$/);
  const cached = await page.evaluate(async () => {
    const { caches } = globalThis as unknown as Browser;
    const urls: string[] = [];
    for (const key of await caches.keys()) for (const request of await (await caches.open(key)).keys()) urls.push(new URL(request.url).pathname);
    return urls;
  });
  expect(cached).toContain('/index.html');
  expect(cached).toContain('/manifest.webmanifest');
  expect(cached.some((path) => path.startsWith('/_app/immutable/'))).toBe(true);
  expect(cached.filter((path) => /^\/(graphql|export|support\/attachments|dev|captcha)/.test(path))).toEqual([]);
});

test('offline, the app still opens, says «Нет соединения», searches the help, and recovers when the connection is back', async ({ page, context }) => {
  await page.goto('/help');
  await controlledByServiceWorker(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Помощь' })).toBeVisible();
  await expect(page.getByText('Нет соединения', { exact: true })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Поиск по справке' }).fill('пароль');
  await expect(page.getByRole('list', { name: 'Результаты поиска' }).getByRole('link').first()).toContainText('Восстановление пароля');

  // Another page of the cabinet, opened directly while offline: the same shell, the same notice.
  await page.goto('/support');
  await expect(page.getByRole('heading', { level: 1, name: 'Поддержка' })).toBeVisible();
  await expect(page.getByText('Нет соединения', { exact: true })).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByText('Нет соединения', { exact: true })).toHaveCount(0);
  await expect(page.getByText('Соединение восстановлено')).toBeVisible();
});

test('pages opened offline load by themselves, signed in, once the connection is back', async ({ page, context }) => {
  await signIn(page, demoCustomer());
  await page.getByRole('link', { name: /E-0001/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /E-0001/ })).toBeVisible();
  await controlledByServiceWorker(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText('Нет соединения', { exact: true })).toBeVisible();
  await expect(page.getByText('Не удалось загрузить счётчик')).toBeVisible();

  // Nothing pressed: the meter and the signed-in header come back with the connection.
  await context.setOffline(false);
  await expect(page.getByRole('heading', { level: 1, name: /E-0001/ })).toBeVisible();
  await expect(page.getByText('Не удалось загрузить счётчик')).toHaveCount(0);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Выйти' })).toBeVisible();

  // A tab opened offline says its report could not be loaded — once, not asking the API again and again while
  // offline (each failure used to start the next request at once: hundreds a second) — and loads when it is back.
  await context.setOffline(true);
  const asked: string[] = [];
  page.on('request', (request) => {
    const operation = request.method() === 'POST' && request.url().endsWith('/graphql') ? (request.postDataJSON() as { operationName?: string }).operationName : undefined;
    if (operation === 'Consumption' || operation === 'Statistics') asked.push(operation);
  });
  await page.getByRole('link', { name: 'Показания и отчёты' }).click();
  await expect(page.getByText(/^Не удалось загрузить отчёт/)).toBeVisible();
  await page.waitForTimeout(2000);
  await expect(page.getByText(/^Не удалось загрузить отчёт/)).toBeVisible();
  // The report and the statistics, each asked once.
  expect(asked.sort()).toEqual(['Consumption', 'Statistics']);
  await context.setOffline(false);
  await expect(page.getByRole('region', { name: /Итого за период/ }).getByTestId('period-total')).toBeVisible();
  await expect(page.getByText(/^Не удалось загрузить отчёт/)).toHaveCount(0);

  // Any list or page whose load failed offline («Не удалось загрузить…», «Повторить») tries again by itself.
  await context.setOffline(true);
  await page.goto('/alerts');
  await expect(page.getByText(/^Не удалось загрузить предупреждения/)).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByRole('region', { name: 'Тихие часы' })).toBeVisible();
  await expect(page.getByText(/^Не удалось загрузить предупреждения/)).toHaveCount(0);
});

/**
 * The cabinet in English: the language is read from localStorage when the modules load, so each test here
 * loads them afresh with a stored choice.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LANGUAGE_KEY } from './language';

async function loadWith(stored: string | null) {
  vi.resetModules();
  vi.stubGlobal('localStorage', { getItem: (key: string) => (key === LANGUAGE_KEY ? stored : null), setItem: () => {} });
  const [i18n, quantity, time] = await Promise.all([import('./index'), import('$lib/format/quantity'), import('$lib/format/time')]);
  return { ...i18n, ...quantity, ...time };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('English', () => {
  it('is chosen by the stored choice and translates the catalogue', async () => {
    const { language, t, pageTitle } = await loadWith('en');
    expect(language).toBe('en');
    expect(t.login.title).toBe('Sign in to your account');
    expect(t.landing.header.signIn).toBe('Sign in');
    expect(pageTitle(t.help.title)).toBe('Help · Cometa');
  });

  it('formats numbers, units and times the English way', async () => {
    const { formatQuantityValue, formatRelativeTime, formatDateTime } = await loadWith('en');
    expect(formatQuantityValue('POWER', 1500.25)).toBe('1,500.3 W');
    expect(formatQuantityValue('ENERGY', 12345500)).toBe('12,345.5 kWh');
    const now = Date.parse('2026-11-24T20:34:12Z');
    expect(formatRelativeTime(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatDateTime('2026-11-24T20:34:12Z', 'UTC')).toContain('24 November 2026');
  });

  it('translates the API’s Russian messages it knows, and otherwise says what the code means', async () => {
    const { apiErrorText } = await loadWith('en');
    expect(apiErrorText('Неверный номер телефона или пароль', 'BAD_USER_INPUT', 'password')).toBe('Wrong phone number or password');
    expect(apiErrorText('Неверный код. Осталось попыток: 3', 'BAD_USER_INPUT', 'code')).toBe('Wrong code. Attempts left: 3');
    expect(apiErrorText('Фотография больше 5 МБ', 'PAYLOAD_TOO_LARGE', 'file')).toBe('The photo is larger than 5 MB');
    expect(apiErrorText('Что-то новое в API', 'BAD_USER_INPUT', 'phone')).toBe('Check the phone number');
    expect(apiErrorText('Что-то новое в API', 'FORBIDDEN')).toBe('You do not have permission to do this');
    expect(apiErrorText('Слишком много попыток. Повторите через 40 с', 'RATE_LIMITED', undefined, 40)).toBe('Too many attempts. Try again in 40 s');
    expect(apiErrorText('Что-то новое', 'RATE_LIMITED', undefined, 600)).toBe('Too many attempts. Try again in 10 min');
    expect(apiErrorText('Новый код можно отправить через 16 с', 'RATE_LIMITED', undefined, 16)).toBe('A new code can be sent in 16 s');
    expect(apiErrorText('Лимит кодов на этот номер за час исчерпан. Новый код можно отправить через 42 мин', 'RATE_LIMITED', undefined, 2500)).toBe(
      'The hourly limit of codes for this number is used up. A new code can be sent in 42 min',
    );
    expect(apiErrorText('Что-то совсем новое', 'SOMETHING_NEW')).toBe('Что-то совсем новое');
  });

  it('is not used unless chosen: Russian shows the API’s words as they are', async () => {
    const { language, t, apiErrorText } = await loadWith('de');
    expect(language).toBe('ru');
    expect(t.login.title).toBe('Вход в личный кабинет');
    expect(apiErrorText('Неверный номер телефона или пароль', 'BAD_USER_INPUT', 'password')).toBe('Неверный номер телефона или пароль');
  });
});

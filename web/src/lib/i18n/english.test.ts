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
  // As the API layer does before it makes an error's text ($lib/api/errors).
  await i18n.loadErrorWords();
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
    expect(t.frame.header.signIn).toBe('Sign in');
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

  it('translates the API’s reasons with their params, and otherwise says what the code means', async () => {
    const { apiErrorText } = await loadWith('en');
    const bad = { code: 'BAD_USER_INPUT', message: 'Русские слова API' };
    expect(apiErrorText({ ...bad, reason: 'WRONG_CREDENTIALS', field: 'password' })).toBe('Wrong phone number or password');
    expect(apiErrorText({ ...bad, reason: 'WRONG_CODE_ATTEMPTS_LEFT', params: { attemptsLeft: 3 }, field: 'code' })).toBe('Wrong code. Attempts left: 3');
    expect(apiErrorText({ code: 'PAYLOAD_TOO_LARGE', reason: 'FILE_TOO_LARGE', params: { maxMb: 5 }, field: 'file' })).toBe('The photo is larger than 5 MB');
    expect(apiErrorText({ ...bad, reason: 'SOMETHING_NEW', field: 'phone' })).toBe('Check the phone number');
    expect(apiErrorText({ code: 'FORBIDDEN', reason: 'SOMETHING_NEW', message: 'Что-то новое в API' })).toBe('You do not have permission to do this');
    const limited = { code: 'RATE_LIMITED', message: 'Слишком много попыток' };
    expect(apiErrorText({ ...limited, reason: 'RATE_LIMITED', params: { retryAfter: 40 }, retryAfter: 40 })).toBe('Too many attempts. Try again in 40 s');
    expect(apiErrorText({ ...limited, retryAfter: 600 })).toBe('Too many attempts. Try again in 10 min');
    expect(apiErrorText({ ...limited, reason: 'SMS_RESEND_WAIT', params: { retryAfter: 16 }, retryAfter: 16 })).toBe('A new code can be sent in 16 s');
    expect(apiErrorText({ ...limited, reason: 'SMS_HOURLY_LIMIT', params: { retryAfter: 2500 }, retryAfter: 2500 })).toBe(
      'The hourly limit of codes for this number is used up. A new code can be sent in 42 min',
    );
    expect(apiErrorText({ code: 'SOMETHING_NEW', reason: 'SOMETHING_NEW', message: 'Что-то совсем новое' })).toBe('The request failed. Please try again later.');
  });

  it('is not used unless chosen: Russian says the reasons in the API’s words', async () => {
    const { language, t, apiErrorText } = await loadWith('de');
    expect(language).toBe('ru');
    expect(t.login.title).toBe('Вход в личный кабинет');
    expect(apiErrorText({ code: 'BAD_USER_INPUT', reason: 'WRONG_CODE_ATTEMPTS_LEFT', params: { attemptsLeft: 2 }, message: 'x' })).toBe('Неверный код. Осталось попыток: 2');
    // A reason this cabinet does not know yet: in Russian the API's own words.
    expect(apiErrorText({ code: 'BAD_USER_INPUT', reason: 'A_REASON_FROM_A_NEWER_API', message: 'Новая причина' })).toBe('Новая причина');
  });

  it('loads a page’s own words with its route, in the chosen language, and names the route that forgot to', async () => {
    for (const [stored, title] of [
      ['en', 'Operators only'],
      [null, 'Раздел для операторов'],
    ] as const) {
      const { t, loadSections } = await loadWith(stored);
      expect(() => t.operator.forbiddenTitle).toThrow("the route needs loadSections('operator') in its load function");
      await loadSections('operator', 'tariff');
      expect(t.operator.forbiddenTitle).toBe(title);
      expect(() => t.quality).toThrow("loadSections('quality')");
    }
  });

  it('says a reason in the API’s own Russian words until the catalogue has come', async () => {
    vi.resetModules();
    vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => {} });
    const { apiErrorText, loadErrorWords } = await import('./index');
    const error = { code: 'BAD_REQUEST', reason: 'WINDOW_CLOSED', params: { supplier: 'Энергосбыт', opensAt: '2026-12-15T06:00:00Z' }, message: '«Энергосбыт» сейчас не принимает показания' };
    expect(apiErrorText(error)).toBe('«Энергосбыт» сейчас не принимает показания');
    await loadErrorWords();
    expect(apiErrorText(error)).toMatch(/^«Энергосбыт» сейчас не принимает показания; окно откроется 15 декабря,? в? ?\d\d:00$/);
  });
});

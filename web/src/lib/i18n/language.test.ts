import { describe, expect, it } from 'vitest';
import { chooseLanguage, DEFAULT_LANGUAGE } from './language';

describe('chooseLanguage', () => {
  it('speaks Russian when nothing was chosen', () => {
    expect(chooseLanguage(null)).toBe('ru');
    expect(chooseLanguage(undefined)).toBe('ru');
    expect(chooseLanguage('')).toBe('ru');
    expect(DEFAULT_LANGUAGE).toBe('ru');
  });

  it('keeps a stored choice of English or Russian', () => {
    expect(chooseLanguage('en')).toBe('en');
    expect(chooseLanguage('ru')).toBe('ru');
  });

  it('forgives case and spaces but not unknown languages', () => {
    expect(chooseLanguage(' EN ')).toBe('en');
    expect(chooseLanguage('de')).toBe('ru');
    expect(chooseLanguage('english')).toBe('ru');
    expect(chooseLanguage('toString')).toBe('ru');
  });
});

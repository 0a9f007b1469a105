import { describe, expect, it } from 'vitest';
import { contactProblem } from './feedback';

describe('the feedback form’s contact', () => {
  it('takes an email address or a phone number', () => {
    expect(contactProblem('anna@example.ru')).toBeNull();
    expect(contactProblem(' +7 (900) 123-45-67 ')).toBeNull();
    expect(contactProblem('89001234567')).toBeNull();
  });

  it('asks for one when empty', () => {
    expect(contactProblem('  ')).toBe('Укажите почту или телефон для ответа');
  });

  it('refuses what is neither', () => {
    for (const bad of ['anna@', 'anna@example', 'позвоните мне', '123-45', '+7 (900) ---- ---']) {
      expect(contactProblem(bad), bad).toMatch(/^Укажите адрес почты/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { emailProblem } from './email';

describe('a typed email address', () => {
  it('passes when the API would take it', () => {
    expect(emailProblem(' anna@example.ru ')).toBeNull();
  });

  it('is asked for when empty', () => {
    expect(emailProblem('  ')).toBe('Укажите адрес электронной почты');
  });

  it('is refused, with an example, when the API would refuse it', () => {
    for (const bad of ['anna@', 'anna@example', 'anna example.ru', '@example.ru', `${'a'.repeat(250)}@example.ru`])
      expect(emailProblem(bad), bad).toBe('Адрес электронной почты указан неверно, например ivan@example.ru');
  });
});

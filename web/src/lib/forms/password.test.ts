import { describe, expect, it } from 'vitest';
import { newPasswordProblems, passwordProblem, typedInRussianLayout } from './password';

const rules = { minLength: 8, maxLength: 128 };

describe('new passwords', () => {
  it('notices the Russian keyboard layout with the words the API uses', () => {
    expect(typedInRussianLayout('цщкв')).toBe(true);
    expect(passwordProblem('пароль-длинный', rules)).toBe('Пароль набран в русской раскладке — переключите клавиатуру на английский язык');
  });

  it('asks for the operator’s length', () => {
    expect(passwordProblem('short', rules)).toBe('Пароль должен быть не короче 8 символов');
    expect(passwordProblem('x'.repeat(129), rules)).toBe('Пароль должен быть не длиннее 128 символов');
    expect(passwordProblem('long enough words', rules)).toBeNull();
  });

  it('refuses characters outside printable ASCII', () => {
    expect(passwordProblem('pass\u00e9word', rules)).toBe('Пароль может содержать только латинские буквы, цифры и символы');
  });

  it('wants the password typed twice alike', () => {
    expect(newPasswordProblems('correct horse', 'correct hose', rules)).toEqual({ repeat: 'Пароли не совпадают' });
    expect(newPasswordProblems('correct horse', '', rules)).toEqual({ repeat: 'Повторите пароль' });
    expect(newPasswordProblems('correct horse', 'correct horse', rules)).toEqual({});
  });
});

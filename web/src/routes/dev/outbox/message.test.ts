import { describe, expect, it } from 'vitest';
import { splitMessage } from './message';

describe('outbox messages', () => {
  it('picks out a six-digit code', () => {
    expect(splitMessage('Комета: код для регистрации 012345. Действует 10 минут.')).toEqual([
      { kind: 'text', text: 'Комета: код для регистрации ' },
      { kind: 'code', text: '012345' },
      { kind: 'text', text: '. Действует 10 минут.' },
    ]);
  });

  it('makes a link into the cabinet same-origin and leaves others alone', () => {
    const pieces = splitMessage('Откройте ссылку:\nhttp://127.0.0.1:3101/confirm-email?token=abc\nи https://example.org/x');
    expect(pieces.filter((p) => p.kind === 'link')).toEqual([
      { kind: 'link', text: 'http://127.0.0.1:3101/confirm-email?token=abc', href: '/confirm-email?token=abc' },
      { kind: 'link', text: 'https://example.org/x', href: 'https://example.org/x' },
    ]);
  });

  it('does not take a phone number for a code', () => {
    expect(splitMessage('Логин (номер телефона): +79001234567').some((p) => p.kind === 'code')).toBe(false);
  });
});

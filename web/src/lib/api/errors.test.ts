import { CombinedError } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { NETWORK_MESSAGE, toApiError } from './errors';

describe('toApiError', () => {
  it('words a wrong sign-in from its reason, and keeps its code and field', () => {
    const error = toApiError(
      new CombinedError({
        graphQLErrors: [
          { message: 'Неверный номер телефона или пароль', extensions: { code: 'BAD_USER_INPUT', field: 'password', reason: 'WRONG_CREDENTIALS', params: {} } },
        ],
      }),
    );
    expect(error).toMatchObject({ message: 'Неверный номер телефона или пароль', code: 'BAD_USER_INPUT', field: 'password', reason: 'WRONG_CREDENTIALS' });
  });

  it('keeps the reason’s params and says them, not the words of the message', () => {
    const error = toApiError(
      new CombinedError({
        graphQLErrors: [{ message: 'устаревшие слова', extensions: { code: 'BAD_USER_INPUT', field: 'code', reason: 'WRONG_CODE_ATTEMPTS_LEFT', params: { attemptsLeft: 2 } } }],
      }),
    );
    expect(error).toMatchObject({ message: 'Неверный код. Осталось попыток: 2', code: 'BAD_USER_INPUT', field: 'code', reason: 'WRONG_CODE_ATTEMPTS_LEFT', params: { attemptsLeft: 2 } });
  });

  it('gives a Russian sentence instead of a message without a reason, meant for developers', () => {
    const error = toApiError(
      new CombinedError({ graphQLErrors: [{ message: 'Cannot query field "x" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }),
    );
    expect(error.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toMatch(/^Не удалось выполнить запрос/);
    expect(error.field).toBeUndefined();
  });

  it('reports an unreachable server as NETWORK', () => {
    const error = toApiError(new CombinedError({ networkError: new TypeError('Failed to fetch') }));
    expect(error).toMatchObject({ code: 'NETWORK', message: NETWORK_MESSAGE });
  });

  it('keeps how long a rate-limited request must wait', () => {
    const error = toApiError(
      new CombinedError({
        graphQLErrors: [{ message: 'Слишком много попыток. Повторите через 42 с', extensions: { code: 'RATE_LIMITED', retryAfter: 42, reason: 'RATE_LIMITED', params: { retryAfter: 42 } } }],
      }),
    );
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 42, message: 'Слишком много попыток. Повторите через 42 с' });
  });

  it('reads a WebSocket refused with 4403 as an ended session', () => {
    const close = { code: 4403, reason: 'Forbidden', wasClean: true };
    expect(toApiError(new CombinedError({ networkError: close as unknown as Error })).code).toBe('UNAUTHENTICATED');
  });
});

import { CombinedError } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { NETWORK_MESSAGE, toApiError } from './errors';

describe('toApiError', () => {
  it('keeps the API message, code and field of a wrong sign-in', () => {
    const error = toApiError(
      new CombinedError({
        graphQLErrors: [{ message: 'Неверный номер телефона или пароль', extensions: { code: 'BAD_USER_INPUT', field: 'password' } }],
      }),
    );
    expect(error).toMatchObject({ message: 'Неверный номер телефона или пароль', code: 'BAD_USER_INPUT', field: 'password' });
  });

  it('gives a Russian sentence instead of an English message meant for developers', () => {
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
      new CombinedError({ graphQLErrors: [{ message: 'Слишком много попыток. Повторите через 42 с', extensions: { code: 'RATE_LIMITED', retryAfter: 42 } }] }),
    );
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 42 });
  });

  it('reads a WebSocket refused with 4403 as an ended session', () => {
    const close = { code: 4403, reason: 'Forbidden', wasClean: true };
    expect(toApiError(new CombinedError({ networkError: close as unknown as Error })).code).toBe('UNAUTHENTICATED');
  });
});

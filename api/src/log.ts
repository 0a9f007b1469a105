import { pino } from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs. Secrets never reach them: the paths below are redacted wherever they appear. */
export function createLogger(level: string, name = 'api'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'authorization',
        '*.authorization',
        'req.headers.authorization',
        'req.headers.cookie',
        'variables.password',
        'variables.token',
      ],
      censor: '[скрыто]',
    },
  });
}

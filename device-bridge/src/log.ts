import { pino } from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs; device tokens and the service secret are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({ name: 'device-bridge', level, redact: { paths: ['token', '*.token', 'secret', '*.secret'], censor: '[скрыто]' } });
}

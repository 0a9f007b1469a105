import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Secrets never reach them: the paths below are redacted wherever they appear, HTTP
 * requests are logged without headers or bodies (http/request-log.ts), and GraphQL variables are never logged.
 */
export function createLogger(level: string, name = 'api', destination?: pino.DestinationStream): Logger {
  return pino(
    {
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
    },
    destination ?? pino.destination(1),
  );
}

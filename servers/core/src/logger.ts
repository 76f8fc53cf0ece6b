import { pino, type Logger } from 'pino';

export type { Logger };

/** One root logger per process; services take child loggers bound to their name. Secrets
 *  (tokens, codes, passwords) are redacted should they ever reach a log line. */
export function createLogger(level = 'info', name = 'parley'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'token',
        'code',
        'password',
        '*.token',
        '*.code',
        '*.password',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}

/** A logger that drops everything, for tests that do not assert on logs. */
export const silentLogger: Logger = pino({ level: 'silent' });

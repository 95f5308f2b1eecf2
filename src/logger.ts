import { type Logger, pino } from 'pino';

/** The process logger. Credentials are redacted wherever a log line might carry them. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.authorizationId',
        '*.secrets',
      ],
      censor: '[redacted]',
    },
  });
}

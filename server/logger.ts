import pino, { type Logger } from 'pino';

/** Structured JSON logs. Anything that could carry a presenter secret is redacted at the source. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['secret', '*.secret', 'auth', '*.auth', 'req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  });
}

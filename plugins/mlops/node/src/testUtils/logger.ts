import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * A logger that drops everything, for test helpers that need one but whose logs nobody reads.
 *
 * @public
 */
export const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

/**
 * One call of a {@link recordingLogger}, with the fields of every child logger it came through.
 *
 * @public
 */
export interface LogRecord {
  /** The method called. */
  level: 'debug' | 'info' | 'warn' | 'error';
  /** The message. */
  message: string;
  /** The child loggers' fields merged with the call's own. */
  fields: Record<string, unknown>;
  /** The error, when one was logged in place of fields. */
  error?: Error;
}

/**
 * A logger that records every call, its children's included, in one list, so a test can assert
 * what was logged and with which fields.
 *
 * @public
 */
export function recordingLogger(): {
  logger: LoggerService;
  records: LogRecord[];
} {
  const records: LogRecord[] = [];
  const make = (fields: Record<string, unknown>): LoggerService => {
    const log =
      (level: LogRecord['level']) => (message: string, meta?: unknown) => {
        if (meta instanceof Error) {
          records.push({ level, message, fields, error: meta });
        } else {
          records.push({
            level,
            message,
            fields: { ...fields, ...(meta as object | undefined) },
          });
        }
      };
    return {
      child: extra => make({ ...fields, ...extra }),
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
    };
  };
  return { logger: make({}), records };
}

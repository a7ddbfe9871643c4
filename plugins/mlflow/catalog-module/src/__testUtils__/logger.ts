import { LoggerService } from '@backstage/backend-plugin-api';

/** One log call, with the fields of every child logger it came through. */
export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
  error?: Error;
}

/** A LoggerService that records every call, children included, in one list. */
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

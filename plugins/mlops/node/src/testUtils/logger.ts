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

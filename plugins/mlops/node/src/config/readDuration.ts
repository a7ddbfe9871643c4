import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { configError } from './keyPath';

/**
 * Reads an optional duration (`{ seconds: 10 }`, `'10s'` or `'PT10S'`) as milliseconds.
 *
 * @internal
 */
export function readOptionalDurationMs(
  config: Config,
  key: string,
  keyPath: string,
): number | undefined {
  if (!config.has(key)) {
    return undefined;
  }
  let milliseconds: number;
  try {
    milliseconds = durationToMilliseconds(
      readDurationFromConfig(config, { key }),
    );
  } catch (error) {
    // readDurationFromConfig names the key relative to `config`; restate it in full.
    const reason = error instanceof Error ? error.message : String(error);
    throw configError(keyPath, `is not a valid duration: ${reason}`);
  }
  if (!Number.isFinite(milliseconds) || milliseconds < 0) {
    throw configError(keyPath, 'must not be negative');
  }
  return milliseconds;
}

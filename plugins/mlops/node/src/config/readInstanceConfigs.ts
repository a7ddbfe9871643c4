import { Config } from '@backstage/config';
import { MlopsSystem } from '@mlops-portal/plugin-mlops-common';
import { configError } from './keyPath';
import { readOptionalDurationMs } from './readDuration';
import { UpstreamAuthConfig, UpstreamInstanceConfig } from './types';

/** Per-attempt timeout when `timeout` is not configured. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Retries of idempotent requests when `retries` is not configured. */
export const DEFAULT_RETRIES = 2;
/** GET cache TTL when `cacheTtl` is not configured: short, to absorb bursts. */
export const DEFAULT_CACHE_TTL_MS = 5_000;

const MAX_RETRIES = 10;
// Also used as an entity-name prefix, which must leave room for the name itself.
const INSTANCE_NAME_PATTERN = /^[a-z0-9](?:[-a-z0-9]{0,30}[a-z0-9])?$/;
const AUTH_TYPES = ['none', 'basic', 'bearer'] as const;

/**
 * Options for {@link readInstanceConfigs}.
 *
 * @public
 */
export interface ReadInstanceConfigsOptions<TExtra extends object> {
  /**
   * Reads the system's own keys of one instance (e.g. a major version); throw
   * with `keyPath` in the message on bad values.
   */
  readExtra?: (instanceConfig: Config, keyPath: string) => TExtra;
}

/**
 * Reads and validates `<system>.instances`; throws `InputError` naming the exact key path.
 *
 * @remarks
 * Returns an empty list when the system is not configured at all, so a plugin
 * can decide whether that is fatal. The first instance is the default one.
 *
 * @public
 */
export function readInstanceConfigs<TExtra extends object = {}>(
  config: Config,
  system: MlopsSystem,
  options: ReadInstanceConfigsOptions<TExtra> = {},
): Array<UpstreamInstanceConfig & TExtra> {
  const instancesKey = `${system.id}.instances`;
  const instanceConfigs = config.getOptionalConfigArray(instancesKey) ?? [];

  const firstIndexByName = new Map<string, number>();
  return instanceConfigs.map((instanceConfig, index) => {
    const keyPath = `${instancesKey}[${index}]`;
    const instance = readInstanceConfig(instanceConfig, keyPath);

    const firstIndex = firstIndexByName.get(instance.name);
    if (firstIndex !== undefined) {
      throw configError(
        `${keyPath}.name`,
        `'${instance.name}' is a duplicate of ${instancesKey}[${firstIndex}].name`,
      );
    }
    firstIndexByName.set(instance.name, index);

    const extra = options.readExtra?.(instanceConfig, keyPath);
    return { ...instance, ...(extra as TExtra) };
  });
}

function readInstanceConfig(
  config: Config,
  keyPath: string,
): UpstreamInstanceConfig {
  const name = readRequiredString(config, 'name', keyPath);
  if (!INSTANCE_NAME_PATTERN.test(name)) {
    throw configError(
      `${keyPath}.name`,
      `'${name}' is invalid; expected lower-case letters, digits and '-', ` +
        'starting and ending with a letter or digit, at most 32 characters',
    );
  }
  const baseUrl = readHttpUrl(config, 'baseUrl', keyPath, true);
  const uiUrl = readHttpUrl(config, 'uiUrl', keyPath, false) ?? baseUrl;
  const retries = config.getOptionalNumber('retries') ?? DEFAULT_RETRIES;
  if (!Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES) {
    throw configError(
      `${keyPath}.retries`,
      `must be a whole number from 0 to ${MAX_RETRIES}, got ${retries}`,
    );
  }
  const timeoutMs =
    readOptionalDurationMs(config, 'timeout', `${keyPath}.timeout`) ??
    DEFAULT_TIMEOUT_MS;
  if (timeoutMs === 0) {
    throw configError(`${keyPath}.timeout`, 'must be longer than zero');
  }
  return {
    name,
    baseUrl,
    uiUrl,
    auth: readAuth(config, keyPath),
    timeoutMs,
    retries,
    cacheTtlMs:
      readOptionalDurationMs(config, 'cacheTtl', `${keyPath}.cacheTtl`) ??
      DEFAULT_CACHE_TTL_MS,
  };
}

function readAuth(config: Config, keyPath: string): UpstreamAuthConfig {
  const authConfig = config.getOptionalConfig('auth');
  if (!authConfig) {
    return { type: 'none' };
  }
  const authPath = `${keyPath}.auth`;
  const type = readRequiredString(authConfig, 'type', authPath);
  switch (type) {
    case 'none':
      return { type };
    case 'basic':
      return {
        type,
        username: readRequiredString(authConfig, 'username', authPath),
        password: readRequiredString(authConfig, 'password', authPath),
      };
    case 'bearer':
      return { type, token: readRequiredString(authConfig, 'token', authPath) };
    default:
      throw configError(
        `${authPath}.type`,
        `'${type}' is not supported; expected one of ${AUTH_TYPES.join(', ')}`,
      );
  }
}

function readRequiredString(
  config: Config,
  key: string,
  keyPath: string,
): string {
  // An unset environment variable in `${VAR}` substitution removes the key,
  // so this is also what a missing secret looks like.
  if (!config.has(key)) {
    throw configError(`${keyPath}.${key}`, 'is required');
  }
  return config.getString(key);
}

function readHttpUrl(
  config: Config,
  key: string,
  keyPath: string,
  required: true,
): string;
function readHttpUrl(
  config: Config,
  key: string,
  keyPath: string,
  required: false,
): string | undefined;
function readHttpUrl(
  config: Config,
  key: string,
  keyPath: string,
  required: boolean,
): string | undefined {
  if (!required && !config.has(key)) {
    return undefined;
  }
  const value = readRequiredString(config, key, keyPath);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(`${keyPath}.${key}`, `'${value}' is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw configError(
      `${keyPath}.${key}`,
      `'${value}' must be an http or https URL`,
    );
  }
  if (url.username || url.password) {
    // Never echo the value: it holds a credential.
    throw configError(
      `${keyPath}.${key}`,
      `must not contain credentials; use ${keyPath}.auth instead`,
    );
  }
  if (url.search || url.hash) {
    throw configError(
      `${keyPath}.${key}`,
      `'${value}' must not have a query or fragment`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

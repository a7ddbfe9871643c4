import { Config, ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { KUBEFLOW_SYSTEM } from '@mlops-portal/plugin-kubeflow-common';
import { readInstanceConfigs } from '@mlops-portal/plugin-mlops-node';
import {
  KubeflowInstanceConfig,
  KubeflowMultiUserConfig,
  KubeflowServiceAccountTokenAuth,
} from '../KubeflowApi';

/**
 * The page size of list requests when `pageSize` is not configured.
 *
 * @public
 */
export const DEFAULT_KUBEFLOW_PAGE_SIZE = 100;

/**
 * The largest page KFP hands out: it cuts any larger `page_size` down to 200 without saying
 * so (`maxPageSize` of its list package), so a larger configured value would only mislead.
 *
 * @public
 */
export const MAX_KUBEFLOW_PAGE_SIZE = 200;

/**
 * The header multi-user Kubeflow reads the user's identity from, unless configured otherwise
 * (KFP's `KUBEFLOW_USERID_HEADER`).
 *
 * @public
 */
export const DEFAULT_KUBEFLOW_USER_ID_HEADER = 'kubeflow-userid';

const INSTANCES_KEY = `${KUBEFLOW_SYSTEM.id}.instances`;
const AUTH_TYPES = ['none', 'basic', 'bearer', 'serviceAccountToken'];
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A Kubernetes namespace: a DNS label. */
const NAMESPACE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Reads and validates `kubeflow.instances`: the kit's keys (with the extra auth type
 * `serviceAccountToken`) plus `pageSize`, `multiUser` and `defaultExperiment`; throws
 * InputError naming the exact key path. An empty list when Kubeflow is not configured.
 *
 * @public
 */
export function readKubeflowInstanceConfigs(
  config: Config,
): KubeflowInstanceConfig[] {
  const configured = config.getOptionalConfigArray(INSTANCES_KEY) ?? [];
  const tokenFiles = configured.map((instance, index) =>
    readServiceAccountToken(instance, `${INSTANCES_KEY}[${index}]`),
  );
  const instances = readInstanceConfigs(
    withoutServiceAccountAuth(config, configured, tokenFiles),
    KUBEFLOW_SYSTEM,
    {
      readExtra: (instance, keyPath) => ({
        pageSize: readPageSize(instance, `${keyPath}.pageSize`),
        ...optionalEntry(
          'multiUser',
          readMultiUser(instance, `${keyPath}.multiUser`),
        ),
        ...optionalEntry(
          'defaultExperiment',
          readOptionalText(
            instance,
            'defaultExperiment',
            `${keyPath}.defaultExperiment`,
          ),
        ),
      }),
    },
  );
  return instances.map((instance, index) => ({
    ...instance,
    ...optionalEntry('serviceAccountToken', tokenFiles[index]),
  }));
}

/** `auth: { type: serviceAccountToken, tokenPath }`, which the kit's reader does not know. */
function readServiceAccountToken(
  instance: Config,
  keyPath: string,
): KubeflowServiceAccountTokenAuth | undefined {
  const type = instance.getOptionalString('auth.type');
  if (type !== undefined && !AUTH_TYPES.includes(type)) {
    // Said here, not by the kit, which does not know the fourth type.
    throw new InputError(
      `${keyPath}.auth.type '${type}' is not supported; expected one of ${AUTH_TYPES.join(
        ', ',
      )}`,
    );
  }
  if (type !== 'serviceAccountToken') {
    return undefined;
  }
  const tokenPath = readOptionalText(
    instance,
    'auth.tokenPath',
    `${keyPath}.auth.tokenPath`,
  );
  if (tokenPath === undefined) {
    throw new InputError(
      `${keyPath}.auth.tokenPath is required with auth type serviceAccountToken`,
    );
  }
  return { type: 'serviceAccountToken', tokenPath };
}

/**
 * The config the kit reads: instances with a token file get `auth: { type: none }` there
 * (their credentials come from the file, not from a header the kit builds); every other key,
 * and so every key path in the kit's messages, is as configured.
 */
function withoutServiceAccountAuth(
  config: Config,
  configured: Config[],
  tokenFiles: Array<KubeflowServiceAccountTokenAuth | undefined>,
): Config {
  if (!tokenFiles.some(Boolean)) {
    return config;
  }
  const instances = configured.map((instance, index) => {
    const data = instance.get<JsonObject>();
    return tokenFiles[index] ? { ...data, auth: { type: 'none' } } : data;
  });
  return new ConfigReader(
    { [KUBEFLOW_SYSTEM.id]: { instances } },
    'kubeflow config',
  );
}

function readPageSize(config: Config, keyPath: string): number {
  const value = config.getOptional('pageSize');
  if (value === undefined) {
    return DEFAULT_KUBEFLOW_PAGE_SIZE;
  }
  // Env substitution yields a string.
  const size = typeof value === 'string' ? Number(value) : value;
  if (
    typeof size !== 'number' ||
    !Number.isInteger(size) ||
    size < 1 ||
    size > MAX_KUBEFLOW_PAGE_SIZE
  ) {
    throw new InputError(
      `${keyPath} must be an integer from 1 to ${MAX_KUBEFLOW_PAGE_SIZE} (KFP's largest page), ` +
        `got ${JSON.stringify(value)}`,
    );
  }
  return size;
}

function readMultiUser(
  instance: Config,
  keyPath: string,
): KubeflowMultiUserConfig | undefined {
  const config = instance.getOptionalConfig('multiUser');
  if (!config) {
    return undefined;
  }
  const userIdHeader =
    readOptionalText(config, 'userIdHeader', `${keyPath}.userIdHeader`) ??
    DEFAULT_KUBEFLOW_USER_ID_HEADER;
  if (!HEADER_NAME.test(userIdHeader)) {
    throw new InputError(
      `${keyPath}.userIdHeader must be an HTTP header name, got ${JSON.stringify(
        userIdHeader,
      )}`,
    );
  }
  const userId = readRequiredText(config, 'userId', `${keyPath}.userId`);
  if (/[\r\n]/.test(userId)) {
    throw new InputError(`${keyPath}.userId must be a single line`);
  }
  const namespace = readRequiredText(
    config,
    'namespace',
    `${keyPath}.namespace`,
  );
  if (!NAMESPACE.test(namespace)) {
    throw new InputError(
      `${keyPath}.namespace must be a Kubernetes namespace (lower-case letters, digits and ` +
        `'-', at most 63 characters), got ${JSON.stringify(namespace)}`,
    );
  }
  return {
    userIdHeader: userIdHeader.toLowerCase(),
    userId: userId.trim(),
    namespace,
  };
}

function readRequiredText(config: Config, key: string, keyPath: string) {
  const value = readOptionalText(config, key, keyPath);
  if (value === undefined) {
    throw new InputError(`${keyPath} is required`);
  }
  return value;
}

/** A string key; blank is absent (an unset `${VAR}` substitution removes the key too). */
function readOptionalText(
  config: Config,
  key: string,
  keyPath: string,
): string | undefined {
  const value = config.getOptional(key);
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new InputError(
      `${keyPath} must be a string, got ${JSON.stringify(value)}`,
    );
  }
  return value.trim() === '' ? undefined : value;
}

/** `{ [key]: value }`, or nothing when the value is absent (so configs compare cleanly). */
function optionalEntry<K extends string, V>(
  key: K,
  value: V | undefined,
): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KUBEFLOW_SYSTEM } from '@mlops-portal/plugin-kubeflow-common';
import { parseOwnerRef } from '@mlops-portal/plugin-mlops-common';
import {
  ProviderCatalogConfig,
  readCatalogConfig,
  toProviderCatalogConfig,
} from '@mlops-portal/plugin-mlops-node';

/**
 * The Kubeflow entity provider's settings: `kubeflow.catalog`, with a default owner and the
 * owners of namespaces.
 *
 * @internal
 */
export type KubeflowProviderConfig = ProviderCatalogConfig & {
  /** Full owner refs by profile namespace (`kubeflow.catalog.namespaceOwners`). */
  namespaceOwners: ReadonlyMap<string, string>;
};

const NAMESPACE_OWNERS = 'kubeflow.catalog.namespaceOwners';

/** A Kubernetes namespace name (an RFC 1123 label), which a Kubeflow profile namespace is. */
const NAMESPACE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Reads `kubeflow.catalog` for the entity provider (schedule, `defaultOwner`, filters over
 * pipeline display names, `namespaceOwners`); throws `InputError` naming the key path.
 *
 * @remarks
 * `defaultOwner` is required: a Resource must have an owner, and KFP records none for a
 * pipeline; only its namespace says whose it is.
 *
 * @internal
 */
export function readKubeflowProviderConfig(
  config: Config,
): KubeflowProviderConfig {
  const catalog = toProviderCatalogConfig(
    readCatalogConfig(config, KUBEFLOW_SYSTEM),
    {
      system: KUBEFLOW_SYSTEM,
      owns: `the shared pipelines and those of namespaces ${NAMESPACE_OWNERS} does not name`,
    },
  );
  return { ...catalog, namespaceOwners: readNamespaceOwners(config) };
}

function readNamespaceOwners(config: Config): Map<string, string> {
  const value = config.getOptional(NAMESPACE_OWNERS);
  const owners = new Map<string, string>();
  if (value === undefined) {
    return owners;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(
      `${NAMESPACE_OWNERS} must map namespaces to owners, e.g. { fraud-detection: group:default/fraud-detection }`,
    );
  }
  for (const [namespace, owner] of Object.entries(value)) {
    const keyPath = `${NAMESPACE_OWNERS}.${namespace}`;
    if (!NAMESPACE.test(namespace)) {
      throw new InputError(
        `${keyPath}: '${namespace}' is not a Kubernetes namespace name (lower-case letters, digits and '-', at most 63 characters)`,
      );
    }
    if (typeof owner !== 'string') {
      throw new InputError(
        `${keyPath} must be a group or user entity ref, got ${JSON.stringify(
          owner,
        )}`,
      );
    }
    try {
      owners.set(namespace, parseOwnerRef(owner));
    } catch (error) {
      throw new InputError(`${keyPath} ${(error as Error).message}`);
    }
  }
  return owners;
}

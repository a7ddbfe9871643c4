import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The in-cluster service account token, which the kubelet rotates. */
export const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';
/** The in-cluster CA bundle, beside the token. */
export const IN_CLUSTER_CA_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';

/** Backstage's key for the auth provider inside `authMetadata`. */
const AUTH_PROVIDER_METADATA_KEY = 'kubernetes.io/auth-provider';
/** Also an entity-name prefix (as the kit's instance names), so it must leave room. */
const CLUSTER_NAME = /^[a-z0-9](?:[-a-z0-9]{0,30}[a-z0-9])?$/;

/**
 * A cluster of `kubernetes.clusterLocatorMethods` (type `config`) a backend can talk to by
 * itself, as configured.
 *
 * @internal
 */
export interface UsableKubernetesCluster {
  keyPath: string;
  name: string;
  baseUrl: string;
  uiUrl: string;
  skipTLSVerify: boolean;
  caData?: string;
  caFile?: string;
  token?: string;
  tokenFile?: string;
}

/**
 * A configured cluster the KServe plugins leave alone, and why.
 *
 * @public
 */
export interface SkippedKubernetesCluster {
  /** The cluster's name (or its key path when it has none). */
  name: string;
  /** Why it cannot be used, for a warning at startup. */
  reason: string;
}

/** What the `kubernetes:` block holds for KServe. */
export type KubernetesClusterEntry =
  | { usable: UsableKubernetesCluster }
  | { skipped: SkippedKubernetesCluster & { keyPath: string } };

/**
 * Reads the clusters of every `kubernetes.clusterLocatorMethods` entry of type `config`. Only
 * `authProvider: serviceAccount` can be used by a backend on its own (the others need the
 * signed-in user's or a cloud SDK's credentials), so every other cluster comes back skipped
 * with its reason instead of failing the startup of a Backstage that also has them. Other
 * locator types (catalog, gke, localKubectlProxy) list their clusters at run time and are not
 * read. A usable cluster's values are checked; a bad one is an InputError naming its key.
 *
 * @internal
 */
export function readKubernetesClusters(
  config: Config,
): KubernetesClusterEntry[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return methods.flatMap((method, methodIndex) => {
    if (method.getOptionalString('type') !== 'config') {
      return [];
    }
    const methodPath = `kubernetes.clusterLocatorMethods[${methodIndex}]`;
    return (method.getOptionalConfigArray('clusters') ?? []).map(
      (cluster, index) =>
        readCluster(cluster, `${methodPath}.clusters[${index}]`),
    );
  });
}

function readCluster(cluster: Config, keyPath: string): KubernetesClusterEntry {
  const name = cluster.getOptional('name');
  const skip = (reason: string): KubernetesClusterEntry => ({
    skipped: {
      keyPath,
      name: typeof name === 'string' && name ? name : keyPath,
      reason,
    },
  });
  if (typeof name !== 'string' || !name) {
    return skip('it has no name');
  }
  // Newer Backstage also takes these from `authMetadata`, whose keys hold '/' and '.'.
  const metadata = cluster.getOptional<Record<string, unknown>>('authMetadata');
  const authMetadata =
    typeof metadata === 'object' && metadata !== null ? metadata : {};
  const authProvider =
    authMetadata[AUTH_PROVIDER_METADATA_KEY] ??
    cluster.getOptional('authProvider');
  if (authProvider !== 'serviceAccount') {
    return skip(
      authProvider === undefined
        ? 'it names no authProvider'
        : `its authProvider '${String(
            authProvider,
          )}' needs credentials a backend does not hold by itself; KServe uses clusters with authProvider serviceAccount`,
    );
  }
  if (!CLUSTER_NAME.test(name)) {
    return skip(
      `its name is not usable as an entity-name prefix (lower-case letters, digits and '-', at most 32 characters)`,
    );
  }
  const baseUrl = readHttpUrl(cluster, 'url', keyPath);
  if (baseUrl === undefined) {
    throw new InputError(`${keyPath}.url is required`);
  }
  const uiUrl = readHttpUrl(cluster, 'dashboardUrl', keyPath) ?? baseUrl;
  const skipTLSVerify = readBoolean(cluster, 'skipTLSVerify', keyPath);
  const caData = readText(cluster, 'caData', keyPath);
  const caFile = readText(cluster, 'caFile', keyPath);
  const metadataToken = authMetadata.serviceAccountToken;
  const token =
    readText(cluster, 'serviceAccountToken', keyPath) ??
    (typeof metadataToken === 'string' && metadataToken.trim()
      ? metadataToken.trim()
      : undefined);
  const inCluster = token === undefined;
  return {
    usable: {
      keyPath,
      name,
      baseUrl,
      uiUrl,
      skipTLSVerify,
      ...(caData !== undefined && { caData }),
      ...(caFile !== undefined && { caFile }),
      // Without a token the backend runs in the cluster: its own service account's token and
      // CA, as client-go's in-cluster config.
      ...(inCluster && { tokenFile: IN_CLUSTER_TOKEN_FILE }),
      ...(inCluster &&
        !skipTLSVerify &&
        caData === undefined &&
        caFile === undefined && { caFile: IN_CLUSTER_CA_FILE }),
      ...(token !== undefined && { token }),
    },
  };
}

/** A string key; blank is absent (an unset `${VAR}` substitution removes the key too). */
function readText(
  config: Config,
  key: string,
  keyPath: string,
): string | undefined {
  const value = config.getOptional(key);
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new InputError(`${keyPath}.${key} must be a string`);
  }
  return value.trim() === '' ? undefined : value.trim();
}

function readBoolean(config: Config, key: string, keyPath: string): boolean {
  const value = config.getOptional(key);
  // Env substitution yields a string.
  if (value === undefined || value === false || value === 'false') {
    return false;
  }
  if (value === true || value === 'true') {
    return true;
  }
  throw new InputError(
    `${keyPath}.${key} must be true or false, got ${JSON.stringify(value)}`,
  );
}

function readHttpUrl(
  config: Config,
  key: string,
  keyPath: string,
): string | undefined {
  const value = readText(config, key, keyPath);
  if (value === undefined) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${keyPath}.${key} '${value}' is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      `${keyPath}.${key} '${value}' must be an http or https URL`,
    );
  }
  if (url.username || url.password) {
    // Never echo the value: it holds a credential.
    throw new InputError(`${keyPath}.${key} must not contain credentials`);
  }
  if (url.search || url.hash) {
    throw new InputError(
      `${keyPath}.${key} '${value}' must not have a query or fragment`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

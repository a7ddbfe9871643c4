import { InputError } from '@backstage/errors';

/**
 * How the project's model is served by KServe.
 *
 * @public
 */
export interface ServingPlan {
  /** KServe's inference protocol: V1, or V2 (the Open Inference Protocol). */
  protocol: 'v1' | 'v2';
  /** `Serverless` (Knative, canaries possible) or `RawDeployment` (called Standard by newer KServe). */
  deploymentMode: 'Serverless' | 'RawDeployment';
  /** Whether the predictor starts with a canary. */
  canary: boolean;
  /** The canary's share of traffic, 1–99; 0 without a canary. */
  canaryPercent: number;
  /** The Kubernetes namespace of the InferenceService. */
  namespace: string;
  /**
   * How the InferenceService reaches the cluster: `argocd` (the repository's Argo CD
   * Applications sync deploy/overlays) or `apply` (the template applies deploy/base once with
   * `kserve:inferenceservice:apply`; the repository then has no Argo CD Applications).
   */
  delivery: 'argocd' | 'apply';
  /** The KServe cluster (a `kubernetes:` config cluster) it is applied to; '' with Argo CD. */
  cluster: string;
}

/**
 * The ways an InferenceService of a new project reaches its cluster.
 *
 * @public
 */
export const MODEL_PROJECT_DELIVERIES = ['argocd', 'apply'] as const;

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Leaves room for the `-production` suffix of the environment overlays. */
const MAX_NAMESPACE_LENGTH = 50;

/**
 * Checks the serving options together: KServe has canaries only in Serverless mode.
 *
 * @throws InputError for an option KServe would not accept
 * @public
 */
export function planServing(
  input: {
    protocol?: string;
    deploymentMode?: string;
    canaryPercent?: number;
    namespace?: string;
    delivery?: string;
    kserveCluster?: string;
  },
  kserveClusters: readonly string[] = [],
): ServingPlan {
  const protocol = input.protocol ?? 'v2';
  if (protocol !== 'v1' && protocol !== 'v2') {
    throw new InputError(
      `The inference protocol '${protocol}' is unknown: use v1 or v2`,
    );
  }
  const mode =
    input.deploymentMode === 'Standard'
      ? 'RawDeployment'
      : input.deploymentMode ?? 'Serverless';
  if (mode !== 'Serverless' && mode !== 'RawDeployment') {
    throw new InputError(
      `The deployment mode '${mode}' is unknown: use Serverless or RawDeployment (Standard)`,
    );
  }
  const percent = input.canaryPercent ?? 0;
  if (!Number.isInteger(percent) || percent < 0 || percent > 99) {
    throw new InputError(
      `The canary percentage must be a whole number from 0 (no canary) to 99, not ${percent}`,
    );
  }
  if (percent > 0 && mode !== 'Serverless') {
    throw new InputError(
      `A canary (${percent} %) needs the Serverless deployment mode: KServe splits traffic between revisions only there, not in ${mode}`,
    );
  }
  const namespace = input.namespace ?? 'models';
  if (!NAMESPACE.test(namespace) || namespace.length > MAX_NAMESPACE_LENGTH) {
    throw new InputError(
      `The namespace '${namespace}' is no valid Kubernetes namespace of at most ${MAX_NAMESPACE_LENGTH} characters: use lowercase letters, digits and '-'`,
    );
  }
  const delivery = input.delivery ?? 'argocd';
  if (delivery !== 'argocd' && delivery !== 'apply') {
    throw new InputError(
      `The delivery '${delivery}' is unknown: use argocd (GitOps) or apply (apply the InferenceService now)`,
    );
  }
  return {
    protocol,
    deploymentMode: mode,
    canary: percent > 0,
    canaryPercent: percent,
    namespace,
    delivery,
    cluster:
      delivery === 'apply'
        ? selectKserveCluster(kserveClusters, input.kserveCluster)
        : '',
  };
}

/**
 * The cluster the InferenceService is applied to: the one named, or the first configured;
 * refused when unknown, and when none is configured (the apply step would fail only after the
 * MLflow experiment and model exist).
 */
function selectKserveCluster(
  clusters: readonly string[],
  requested: string | undefined,
): string {
  if (clusters.length === 0) {
    throw new InputError(
      'The InferenceService is to be applied directly, but no KServe cluster is configured (kubernetes.clusterLocatorMethods); choose Argo CD instead',
    );
  }
  const name = requested?.trim();
  if (!name) {
    return clusters[0];
  }
  if (!clusters.includes(name)) {
    const known = clusters.map(candidate => `'${candidate}'`).join(', ');
    throw new InputError(
      `Unknown KServe cluster '${name}'; configured clusters are ${known}`,
    );
  }
  return name;
}

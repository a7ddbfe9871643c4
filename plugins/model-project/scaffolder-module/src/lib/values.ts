import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  MlflowClients,
  mlflowModelEntityName,
} from '@mlops-portal/plugin-mlflow-node';
import { parseOwnerRef } from '@mlops-portal/plugin-mlops-common';
import { ModelProjectNames, planProjectNames } from './names';
import { RepositoryPlan } from './repository';
import { planServing, ServingPlan } from './serving';

/**
 * The training frameworks the skeleton supports.
 *
 * @public
 */
export const MODEL_PROJECT_FRAMEWORKS = [
  'sklearn',
  'xgboost',
  'pytorch',
] as const;

/**
 * The orchestrators the skeleton can run its pipeline on.
 *
 * @public
 */
export const MODEL_PROJECT_ORCHESTRATORS = [
  'airflow',
  'kubeflow',
  'both',
] as const;

/**
 * The environments the skeleton deploys to, one overlay and one Argo CD Application each.
 *
 * @public
 */
export const MODEL_PROJECT_ENVIRONMENTS = ['staging', 'production'] as const;

/**
 * What the template's parameters say about the project, before any check.
 *
 * @public
 */
export interface ModelProjectRequest {
  name: string;
  description?: string;
  owner: string;
  system?: string;
  framework: string;
  orchestrator: string;
  featureStore?: boolean;
  protocol?: string;
  deploymentMode?: string;
  canaryPercent?: number;
  namespace?: string;
  mlflowInstance?: string;
  /** The Kubeflow Pipelines instance the pipeline is uploaded to; the first configured when empty. */
  kubeflowInstance?: string;
  /** `argocd` (default) or `apply`. */
  delivery?: string;
  /** The KServe cluster to apply to; the first configured when empty. */
  kserveCluster?: string;
}

/**
 * Everything the skeleton is rendered from: every name computed once, so the files agree.
 *
 * @public
 */
export interface ModelProjectValues {
  name: string;
  description: string;
  /** Full entity ref of the owning group or user. */
  owner: string;
  /** Full entity ref of the system, or '' for none. */
  system: string;
  framework: (typeof MODEL_PROJECT_FRAMEWORKS)[number];
  orchestrator: (typeof MODEL_PROJECT_ORCHESTRATORS)[number];
  airflow: boolean;
  kubeflow: boolean;
  featureStore: boolean;
  names: ModelProjectNames & {
    /** The `ml-model` Resource the MLflow provider ingests for the registered model. */
    modelEntityRef: string;
  };
  serving: ServingPlan;
  mlflow: { instance: string; trackingUri: string; uiUrl: string };
  /**
   * The configured Kubeflow Pipelines instance (`kubeflow.instances[].name`) the pipeline is
   * uploaded to and the Component's `kubeflow.org/instance`; '' when Kubeflow is not chosen.
   */
  kubeflowInstance: string;
  repo: Omit<RepositoryPlan, 'publisher' | 'catalogInfoUrl'>;
  environments: string[];
}

/**
 * Checks a model project's parameters together and computes the values of its skeleton.
 *
 * @throws InputError for the first parameter any of the systems would reject
 * @public
 */
export function planModelProject(
  request: ModelProjectRequest,
  context: {
    mlflow: MlflowClients;
    repository: RepositoryPlan;
    /** The names of the configured Kubeflow Pipelines instances, the default first. */
    kubeflowInstances?: readonly string[];
    /** The names of the configured KServe clusters, the default first. */
    kserveClusters?: readonly string[];
  },
): ModelProjectValues {
  const names = planProjectNames(request.name);
  const framework = oneOf(
    'framework',
    request.framework,
    MODEL_PROJECT_FRAMEWORKS,
  );
  const orchestrator = oneOf(
    'orchestrator',
    request.orchestrator,
    MODEL_PROJECT_ORCHESTRATORS,
  );
  const owner = checkedRef('owner', request.owner, parseOwnerRef);
  const system = request.system
    ? checkedRef('system', request.system, systemRef)
    : '';
  const serving = planServing(request, context.kserveClusters);
  // Throws an InputError naming the configured instances for an unknown one.
  const { instance } = context.mlflow.forInstance(
    request.mlflowInstance || undefined,
  );
  const kubeflow = orchestrator !== 'airflow';
  const kubeflowInstance = kubeflow
    ? selectKubeflowInstance(
        context.kubeflowInstances ?? [],
        request.kubeflowInstance,
      )
    : '';
  const { publisher: _, catalogInfoUrl: __, ...repo } = context.repository;
  return {
    name: request.name,
    description: request.description?.trim() ?? '',
    owner,
    system,
    framework,
    orchestrator,
    airflow: orchestrator !== 'kubeflow',
    kubeflow,
    featureStore: request.featureStore === true,
    names: {
      ...names,
      modelEntityRef: `resource:default/${mlflowModelEntityName(
        context.mlflow.instances,
        instance.name,
        names.model,
      )}`,
    },
    serving,
    mlflow: {
      instance: instance.name,
      trackingUri: instance.baseUrl,
      uiUrl: instance.uiUrl,
    },
    kubeflowInstance,
    repo,
    environments: [...MODEL_PROJECT_ENVIRONMENTS],
  };
}

/**
 * The Kubeflow Pipelines instance the project's pipeline goes to: the one named, or the first
 * configured; refused like the MLflow instance when it is unknown, and when none is configured
 * (the upload step would fail only after the MLflow experiment and model exist).
 */
function selectKubeflowInstance(
  instances: readonly string[],
  requested: string | undefined,
): string {
  if (instances.length === 0) {
    throw new InputError(
      'The pipeline is to run on Kubeflow Pipelines, but no Kubeflow Pipelines instance is configured (kubeflow.instances)',
    );
  }
  const name = requested?.trim();
  if (!name) {
    return instances[0];
  }
  if (!instances.includes(name)) {
    const known = instances.map(candidate => `'${candidate}'`).join(', ');
    throw new InputError(
      `Unknown kubeflow instance '${name}'; configured instances are ${known}`,
    );
  }
  return name;
}

function oneOf<T extends string>(
  what: string,
  value: unknown,
  allowed: readonly T[],
): T {
  const found = allowed.find(candidate => candidate === value);
  if (!found) {
    throw new InputError(
      `The ${what} ${JSON.stringify(
        value,
      )} is not supported: use one of ${allowed.join(', ')}`,
    );
  }
  return found;
}

function checkedRef(
  what: string,
  value: string,
  parse: (value: string) => string,
): string {
  try {
    return parse(value);
  } catch (error) {
    throw new InputError(
      `The ${what} '${value}' is no valid entity ref: ${
        (error as Error).message
      }`,
    );
  }
}

function systemRef(value: string): string {
  const ref = parseEntityRef(value.trim(), {
    defaultKind: 'system',
    defaultNamespace: 'default',
  });
  if (ref.kind.toLocaleLowerCase('en-US') !== 'system') {
    throw new Error(`it names a ${ref.kind}, not a System`);
  }
  return stringifyEntityRef(ref);
}

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
  context: { mlflow: MlflowClients; repository: RepositoryPlan },
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
  const serving = planServing(request);
  // Throws an InputError naming the configured instances for an unknown one.
  const { instance } = context.mlflow.forInstance(
    request.mlflowInstance || undefined,
  );
  const { publisher: _, catalogInfoUrl: __, ...repo } = context.repository;
  return {
    name: request.name,
    description: request.description?.trim() ?? '',
    owner,
    system,
    framework,
    orchestrator,
    airflow: orchestrator !== 'kubeflow',
    kubeflow: orchestrator !== 'airflow',
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
    repo,
    environments: [...MODEL_PROJECT_ENVIRONMENTS],
  };
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

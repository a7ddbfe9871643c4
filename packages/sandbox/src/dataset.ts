import { ResolvedSandboxOptions } from './options';
import { AirflowSeed, buildAirflowStory } from './story/airflow';
import {
  KserveSeed,
  STORY_RESOURCE_VERSION_BASE,
  buildKserveStory,
} from './story/kserve';
import { KubeflowSeed, buildKubeflowStory } from './story/kubeflow';
import { MlflowSeed, buildMlflowStory } from './story/mlflow';
import {
  addSyntheticAirflow,
  addSyntheticKserve,
  addSyntheticKubeflow,
  addSyntheticMlflow,
} from './synthetic';

/** Everything the four systems start with. */
export interface Dataset {
  airflow: AirflowSeed;
  kubeflow: KubeflowSeed;
  mlflow: MlflowSeed;
  kserve: KserveSeed;
}

/**
 * Builds the dataset: the story first (Airflow and KFP runs, then the MLflow runs that link
 * to them, then the InferenceServices serving MLflow versions), then synthetic objects.
 */
export function buildDataset(options: ResolvedSandboxOptions): Dataset {
  const { seed, scale } = options;
  const airflow = buildAirflowStory(seed);
  const kubeflow = buildKubeflowStory(seed);
  const mlflow = buildMlflowStory(seed, airflow, kubeflow);
  const kserve = buildKserveStory(mlflow);
  addSyntheticMlflow(seed, mlflow, scale);
  addSyntheticAirflow(seed, airflow, scale);
  addSyntheticKubeflow(seed, kubeflow, scale);
  addSyntheticKserve(kserve, scale, STORY_RESOURCE_VERSION_BASE + 1000);
  return { airflow, kubeflow, mlflow, kserve };
}

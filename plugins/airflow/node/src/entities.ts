import {
  ANNOTATION_AIRFLOW_DAG_ID,
  ANNOTATION_AIRFLOW_INSTANCE,
  AIRFLOW_SYSTEM,
} from '@mlops-portal/plugin-airflow-common';
import { toEntityName } from '@mlops-portal/plugin-mlops-common';
import {
  IngestedEntityLocator,
  providerLocationRef,
} from '@mlops-portal/plugin-mlops-node';
import { AirflowInstanceConfig } from './AirflowApi';

/**
 * The name of the `airflow-dag` Resource the Airflow provider ingests for a DAG: the DAG id made a
 * valid entity name, prefixed with the instance name on every instance but the default (first)
 * one, so two instances' `train_model` DAGs never collide.
 *
 * @public
 */
export function airflowDagEntityName(
  instances: readonly Pick<AirflowInstanceConfig, 'name'>[],
  instance: string,
  dagId: string,
): string {
  const prefix = instances[0]?.name === instance ? undefined : instance;
  return toEntityName(dagId, { prefix });
}

/**
 * Where the `airflow-dag` Resource of a DAG is and how to recognise it: what write authority is
 * checked against (the Airflow provider writes exactly this).
 *
 * @public
 */
export function airflowDagLocator(
  instances: readonly Pick<AirflowInstanceConfig, 'name'>[],
  instance: string,
  dagId: string,
): IngestedEntityLocator {
  return {
    entityRef: `resource:default/${airflowDagEntityName(
      instances,
      instance,
      dagId,
    )}`,
    managedByLocation: providerLocationRef(AIRFLOW_SYSTEM, instance),
    annotations: {
      [ANNOTATION_AIRFLOW_DAG_ID]: dagId,
      [ANNOTATION_AIRFLOW_INSTANCE]: instance,
    },
    provider: 'the Airflow catalog provider',
    description: `Airflow DAG '${dagId}' on instance '${instance}'`,
  };
}

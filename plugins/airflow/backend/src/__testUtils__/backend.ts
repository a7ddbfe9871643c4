import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ANNOTATION_AIRFLOW_DAG_ID } from '@mlops-portal/plugin-airflow-common';
import { airflowDagLocator } from '@mlops-portal/plugin-airflow-node';
import {
  annotatingComponent,
  AuditRecord,
  authorizeWith,
  Decide,
  ingestedEntity,
  recordingAuditor,
  useTestSandbox,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { AIRFLOW_DAGS } from '@mlops-portal/sandbox';
import type { Server } from 'node:http';
import { airflowPlugin } from '../plugin';

/** The instances of the tests: Airflow 3, Airflow 2 and one nothing listens on. */
export const INSTANCES = ['sandbox', 'legacy', 'down'];
const instances = INSTANCES.map(name => ({ name }));

/** The `airflow-dag` Resource the Airflow provider ingests for a DAG of an instance. */
export const ingestedDag = (
  dagId: string,
  instance: string,
  owner: string,
  location?: string,
) =>
  ingestedEntity(airflowDagLocator(instances, instance, dagId), {
    type: 'airflow-dag',
    owner,
    location,
  });

/** The entity ref of that Resource. */
export const dagEntityRef = (dagId: string, instance = 'sandbox') =>
  airflowDagLocator(instances, instance, dagId).entityRef;

const dags = (...ids: string[]) => ({
  [ANNOTATION_AIRFLOW_DAG_ID]: ids.join(', '),
});

/** The catalog of the tests: components naming DAGs, and what the provider ingested. */
export const ENTITIES: Entity[] = [
  annotatingComponent(
    'fraud-detection-model',
    dags(AIRFLOW_DAGS.fraudTraining, AIRFLOW_DAGS.fraudFeatureRefresh),
  ),
  annotatingComponent(
    'churn-prediction-model',
    dags(AIRFLOW_DAGS.churnRetrain),
    'group:default/customer-insights',
  ),
  annotatingComponent('churn-on-airflow2', {
    ...dags(AIRFLOW_DAGS.churnRetrain),
    'airflow.apache.org/instance': 'legacy',
  }),
  annotatingComponent('fraud-on-a-dead-instance', {
    ...dags(AIRFLOW_DAGS.fraudTraining),
    'airflow.apache.org/instance': 'down',
  }),
  annotatingComponent(
    'with-a-missing-dag',
    dags(AIRFLOW_DAGS.fraudTraining, 'no_such_dag'),
  ),
  annotatingComponent('malformed', dags('not a dag id')),
  annotatingComponent('unknown-instance', {
    ...dags(AIRFLOW_DAGS.fraudTraining),
    'airflow.apache.org/instance': 'nowhere',
  }),
  annotatingComponent('no-dags', {}),
  ingestedDag(
    AIRFLOW_DAGS.fraudTraining,
    'sandbox',
    'group:default/fraud-detection',
  ),
  ingestedDag(
    AIRFLOW_DAGS.churnRetrain,
    'sandbox',
    'group:default/customer-insights',
  ),
  ingestedDag(
    AIRFLOW_DAGS.churnRetrain,
    'legacy',
    'group:default/customer-insights',
  ),
];

/** Airflow routes of an entity (a Component of the default namespace). */
export const api = (entity: string, rest = '') =>
  `/api/airflow/entity/default/component/${entity}${rest}`;
const ACTIONS = '/api/airflow/.backstage/actions/v1/actions';
/** The actions list. */
export const actionsList = ACTIONS;
/** Where an action is invoked. */
export const invoke = (action: string) => `${ACTIONS}/airflow:${action}/invoke`;

/**
 * The sandbox for the enclosing `describe` and a starter of the Airflow backend plugin on it,
 * with a recording auditor and a permission policy answering `decide`.
 */
export function useAirflowBackend() {
  const sandbox = useTestSandbox();
  async function start(
    options: {
      decide?: Decide;
      entities?: Entity[];
      actions?: boolean;
      restrictReads?: boolean;
      instances?: object[];
    } = {},
  ): Promise<{
    server: Server;
    audit: AuditRecord[];
    permissions: {
      authorize: jest.MockedFunction<PermissionsService['authorize']>;
    };
  }> {
    const { auditor, audit } = recordingAuditor();
    const permissions = mockServices.permissions.mock({
      authorize: authorizeWith(options.decide),
    });
    const basic = { type: 'basic', username: 'admin', password: 'admin' };
    const { server } = await startTestBackend({
      features: [
        airflowPlugin,
        catalogServiceMock.factory({ entities: options.entities ?? ENTITIES }),
        auditor.factory,
        permissions.factory,
        ...(options.actions ? [actionsRegistryServiceFactory] : []),
        mockServices.rootConfig.factory({
          data: {
            ...(options.restrictReads && {
              mlops: { authority: { restrictReads: true } },
            }),
            airflow: {
              instances: options.instances ?? [
                {
                  name: 'sandbox',
                  baseUrl: sandbox().baseUrl('airflow'),
                  auth: basic,
                },
                {
                  name: 'legacy',
                  baseUrl: sandbox().baseUrl('airflow2'),
                  apiVersion: 'v1',
                  auth: basic,
                },
                {
                  // Nothing listens on port 1: connections are refused.
                  name: 'down',
                  baseUrl: 'http://127.0.0.1:1/airflow',
                  apiVersion: 'v2',
                  auth: basic,
                  retries: 0,
                  timeout: { seconds: 2 },
                },
              ],
            },
          },
        }),
      ],
    });
    return { server, audit, permissions };
  }
  const airflow = () => sandbox().sandbox.state.airflow;
  return { sandbox, start, airflow };
}

import { mockServices } from '@backstage/backend-test-utils';
import { AIRFLOW_SYSTEM } from '@mlops-portal/plugin-airflow-common';
import {
  AirflowClients,
  airflowDagLocator,
  AirflowInstanceConfig,
} from '@mlops-portal/plugin-airflow-node';
import {
  mockInstanceClients,
  mockWritePipeline,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { createAirflowDagTriggerAction } from '../actions/airflowDagTrigger';
import { createAirflowDagUnpauseAction } from '../actions/airflowDagUnpause';
import { FakeAirflow, STORY_DAGS } from './FakeAirflow';

/** A catalog entity. */
export type Entity = NonNullable<
  Parameters<typeof mockWritePipeline>[0]['entities']
>[number];

/**
 * The `airflow-dag` Resource the Airflow provider ingests for a DAG, as the authority finds it:
 * at the locator's ref, with its location and annotations, owned by `owner`.
 */
export function ingestedDagEntity(
  instances: ReadonlyArray<{ name: string }>,
  instance: string,
  dagId: string,
  owner = 'group:default/ml-platform',
): Entity {
  const locator = airflowDagLocator(instances, instance, dagId);
  const [, name] = locator.entityRef.split('/');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      title: dagId,
      annotations: {
        'backstage.io/managed-by-location': locator.managedByLocation,
        'backstage.io/managed-by-origin-location': locator.managedByLocation,
        ...locator.annotations,
      },
    },
    spec: { type: 'airflow-dag', owner },
  };
}

/** The ingested entity of every story DAG on every instance. */
export function ingestedStoryDags(
  instances: ReadonlyArray<{ name: string }>,
): Entity[] {
  return instances.flatMap(({ name }) =>
    STORY_DAGS.map(dagId => ingestedDagEntity(instances, name, dagId)),
  );
}

/**
 * A clock that moves only when the actions wait, the waits they asked for, and what happens
 * after each wait (`afterWait`, e.g. the task being cancelled).
 */
export function fakeTime() {
  let time = Date.parse('2026-11-01T00:00:00Z');
  const clock = {
    waits: [] as number[],
    afterWait: undefined as (() => void) | undefined,
    now: () => time,
    sleep: async (ms: number) => {
      clock.waits.push(ms);
      time += ms;
      clock.afterWait?.();
    },
  };
  return clock;
}

/** Options of {@link createTestActions}. */
export type TestActionsOptions = {
  /** Permissions the task's initiator does not hold. */
  deny?: string[];
  /** The catalog; by default the ingested entity of every story DAG on every instance. */
  entities?: Entity[];
};

/**
 * Both actions on the given clients, with a permissions mock, the audit events recorded and a
 * fake clock for waits (`time`).
 */
export function createTestActions(
  clients: AirflowClients,
  options: TestActionsOptions = {},
) {
  const writes = mockWritePipeline({
    auth: mockServices.auth(),
    entities: options.entities ?? ingestedStoryDags(clients.instances),
    deny: options.deny,
  });
  const time = fakeTime();
  const base = {
    clients,
    pipeline: writes.pipeline,
    sleep: time.sleep,
    now: time.now,
  };
  return {
    ...writes,
    time,
    trigger: createAirflowDagTriggerAction(base),
    unpause: createAirflowDagUnpauseAction(base),
  };
}

/**
 * {@link createTestActions} on in-memory Airflow instances (`prod` serves API v2, `research`
 * API v1), the first the default; `fake` is the default instance's.
 */
export function createFakeActions(
  names: string[] = ['prod', 'research'],
  options: TestActionsOptions = {},
) {
  const fakes = new Map(
    names.map((name, index) => [
      name,
      new FakeAirflow({
        instance: { name, apiVersion: index === 0 ? 'v2' : 'v1' },
      }),
    ]),
  );
  const clients: AirflowClients = mockInstanceClients<
    FakeAirflow,
    AirflowInstanceConfig
  >(AIRFLOW_SYSTEM, [...fakes.values()]);
  const actions = createTestActions(clients, options);
  return { ...actions, clients, fakes, fake: fakes.get(names[0])! };
}

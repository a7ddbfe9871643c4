import { mockServices } from '@backstage/backend-test-utils';
import {
  AirflowClients,
  airflowDagLocator,
} from '@mlops-portal/plugin-airflow-node';
import {
  FakeAirflow,
  FakeAirflowDag,
  fakeAirflowClients,
} from '@mlops-portal/plugin-airflow-node/testUtils';
import {
  mockReadCache,
  mockWritePipeline,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { createAirflowDagTriggerAction } from '../actions/airflowDagTrigger';
import { createAirflowDagUnpauseAction } from '../actions/airflowDagUnpause';

/** The DAGs of the sandbox's story, which the in-memory Airflow has too: all unpaused but the last. */
export const STORY_DAGS: FakeAirflowDag[] = [
  'fraud_detection_training',
  'fraud_feature_refresh',
  'churn_model_retrain',
  'demand_forecast_batch',
].map(dagId => ({
  dagId,
  owners: ['ml-platform'],
  isPaused: dagId === 'demand_forecast_batch',
}));

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
    STORY_DAGS.map(({ dagId }) => ingestedDagEntity(instances, name, dagId)),
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
 * API v1) holding the story's DAGs, through real clients on a read cache that keeps reads for
 * `cacheTtlMs` (0 by default: nothing is kept) on the actions' clock; the first instance is the
 * default, and `fake` is its Airflow.
 */
export function createFakeActions(
  names: string[] = ['prod', 'research'],
  options: TestActionsOptions & { cacheTtlMs?: number } = {},
) {
  const fakes = new Map(
    names.map((name, index) => [
      name,
      new FakeAirflow({
        instance: {
          name,
          apiVersion: index === 0 ? 'v2' : 'v1',
          cacheTtlMs: options.cacheTtlMs ?? 0,
        },
        dags: STORY_DAGS,
      }),
    ]),
  );
  // The actions make their clock; the read cache reads it once they exist.
  let now = () => 0;
  const clients = fakeAirflowClients([...fakes.values()], {
    readCache: mockReadCache({ now: () => now() }),
  });
  const actions = createTestActions(clients, options);
  now = actions.time.now;
  return { ...actions, clients, fakes, fake: fakes.get(names[0])! };
}

/** What an in-memory Airflow was asked to change, as `METHOD path` below its API root. */
export function writesTo(fake: FakeAirflow): string[] {
  return fake
    .writes()
    .map(
      request =>
        `${request.method} ${request.path.slice(
          `/api/${fake.apiVersion}`.length,
        )}`,
    );
}

/** The runs an in-memory Airflow was asked to trigger: the DAG and the request's body. */
export function triggersOf(
  fake: FakeAirflow,
): Array<{ dagId: string; body: Record<string, unknown> }> {
  const trigger = new RegExp(`^/api/${fake.apiVersion}/dags/([^/]+)/dagRuns$`);
  return fake.writes().flatMap(request => {
    const dagId = trigger.exec(request.path)?.[1];
    return request.method === 'POST' && dagId !== undefined
      ? [
          {
            dagId: decodeURIComponent(dagId),
            body: request.body as Record<string, unknown>,
          },
        ]
      : [];
  });
}

/** How often an in-memory Airflow was asked for a run (any run when none is named). */
export function runReads(fake: FakeAirflow, runId?: string): number {
  const read = new RegExp(
    `^/api/${fake.apiVersion}/dags/[^/]+/dagRuns/([^/]+)$`,
  );
  return fake.requests.filter(request => {
    const id = request.method === 'GET' && read.exec(request.path)?.[1];
    return (
      typeof id === 'string' &&
      (runId === undefined || decodeURIComponent(id) === runId)
    );
  }).length;
}

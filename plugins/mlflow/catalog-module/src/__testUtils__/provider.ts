import {
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  DeferredEntity,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import { FakeMlflow } from '@mlops-portal/plugin-mlflow-node/testUtils';
import { MlflowEntityProvider } from '../providers/MlflowEntityProvider';
import { LogRecord, recordingLogger } from './logger';

/** Records scheduled tasks instead of running them, so a test runs them when it wants. */
export class ManualTaskRunner implements SchedulerServiceTaskRunner {
  readonly tasks: SchedulerServiceTaskInvocationDefinition[] = [];

  async run(task: SchedulerServiceTaskInvocationDefinition): Promise<void> {
    this.tasks.push(task);
  }

  /** Runs every scheduled task once, in order. */
  async runAll(): Promise<void> {
    for (const task of this.tasks) {
      await task.fn(new AbortController().signal);
    }
  }
}

/** A catalog connection that records every mutation. */
export function recordingConnection() {
  return {
    applyMutation: jest.fn(async () => {}),
    refresh: jest.fn(async () => {}),
  } satisfies EntityProviderConnection;
}

/** What the only mutation applied so far held; fails the test unless it was one full mutation. */
export function appliedMutation(
  connection: ReturnType<typeof recordingConnection>,
): DeferredEntity[] {
  expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  const [mutation] = connection.applyMutation.mock.calls[0] as unknown as [
    { type: string; entities: DeferredEntity[] },
  ];
  expect(mutation.type).toBe('full');
  return mutation.entities;
}

/** The entities of the only full mutation applied so far. */
export function appliedEntities(
  connection: ReturnType<typeof recordingConnection>,
): Entity[] {
  return appliedMutation(connection).map(e => e.entity);
}

/**
 * One provider per instance of `clients`, with `mlflow.catalog` as given, each connected to a
 * recording connection; nothing has run yet (`runner.runAll()` runs every provider once).
 */
export async function connectedProviders(
  clients: MlflowClients,
  catalog: object = { defaultOwner: 'group:default/ml-platform' },
): Promise<{
  providers: MlflowEntityProvider[];
  connections: Array<ReturnType<typeof recordingConnection>>;
  runner: ManualTaskRunner;
  records: LogRecord[];
}> {
  const { logger, records } = recordingLogger();
  const runner = new ManualTaskRunner();
  const providers = MlflowEntityProvider.fromConfig(
    new ConfigReader({ mlflow: { catalog } }),
    { clients, logger, schedule: runner },
  );
  const connections = await Promise.all(
    providers.map(async provider => {
      const connection = recordingConnection();
      await provider.connect(connection);
      return connection;
    }),
  );
  return { providers, connections, runner, records };
}

/** Makes the n-th call (1-based) of a search reject with `error`, as one broken page would. */
export function failCall(
  fake: FakeMlflow,
  method: 'searchRegisteredModels' | 'searchModelVersions',
  call: number,
  error: Error,
): void {
  const search = fake[method].bind(fake) as (
    request: object,
  ) => Promise<unknown>;
  let calls = 0;
  // Only the one page fails: the calls before and after it are served (and logged) as usual.
  Object.assign(fake, {
    [method]: async (request: object) => {
      calls++;
      if (calls === call) {
        throw error;
      }
      return search(request);
    },
  });
}

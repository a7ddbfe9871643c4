import {
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProviderConnection,
  EntityProviderMutation,
  EntityProviderRefreshOptions,
} from '@backstage/plugin-catalog-node';

/**
 * A task runner that records the tasks scheduled on it instead of running them, so a test runs
 * an entity provider's refresh when it wants.
 *
 * @public
 */
export class ManualTaskRunner implements SchedulerServiceTaskRunner {
  /** Every task scheduled so far, in order. */
  readonly tasks: SchedulerServiceTaskInvocationDefinition[] = [];

  /** Records the task. */
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

/**
 * A catalog connection whose methods are jest mocks recording every call.
 *
 * @public
 */
export interface RecordingConnection extends EntityProviderConnection {
  /** Records each mutation. */
  applyMutation: jest.Mock<Promise<void>, [EntityProviderMutation]>;
  /** Records each refresh. */
  refresh: jest.Mock<Promise<void>, [EntityProviderRefreshOptions]>;
}

/**
 * A catalog connection for an entity provider under test that records every mutation.
 *
 * @public
 */
export function recordingConnection(): RecordingConnection {
  return {
    applyMutation: jest.fn(async (_mutation: EntityProviderMutation) => {}),
    refresh: jest.fn(async (_options: EntityProviderRefreshOptions) => {}),
  };
}

/**
 * The entities of the only mutation applied so far; fails the test unless exactly one full
 * mutation was applied.
 *
 * @public
 */
export function appliedMutation(
  connection: RecordingConnection,
): DeferredEntity[] {
  expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  const [mutation] = connection.applyMutation.mock.calls[0];
  expect(mutation.type).toBe('full');
  return mutation.type === 'full' ? mutation.entities : [];
}

/**
 * The entities of the only full mutation applied so far, without their location keys.
 *
 * @public
 */
export function appliedEntities(connection: RecordingConnection): Entity[] {
  return appliedMutation(connection).map(e => e.entity);
}

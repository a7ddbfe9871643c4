import { mockServices } from '@backstage/backend-test-utils';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject, JsonValue } from '@backstage/types';

/**
 * Checkpoint storage that behaves like the task runner's: a key that succeeded before returns
 * its recorded value without running `fn` again, as on a retried task.
 */
export function createCheckpointStore() {
  const values = new Map<string, JsonValue>();
  const checkpoint: ActionContext<JsonObject>['checkpoint'] = async ({
    key,
    fn,
  }) => {
    if (values.has(key)) {
      return values.get(key) as never;
    }
    const value = await fn();
    // The runner stores `value ?? {}`.
    values.set(key, (value ?? {}) as JsonValue);
    return value;
  };
  return { values, checkpoint };
}

/**
 * A mock action context with a mock logger to assert on, the outputs collected into an object,
 * and optionally a dry run or shared checkpoint storage.
 */
export function createTestContext(
  input: JsonObject,
  options: {
    isDryRun?: boolean;
    checkpoints?: ReturnType<typeof createCheckpointStore>;
  } = {},
) {
  const logger = mockServices.logger.mock();
  const outputs: Record<string, JsonValue> = {};
  const base = createMockActionContext({ input, logger });
  const ctx = {
    ...base,
    output: jest.fn((name: string, value: JsonValue) => {
      outputs[name] = value;
    }),
    ...(options.checkpoints && {
      checkpoint: options.checkpoints.checkpoint,
    }),
    ...(options.isDryRun && { isDryRun: true }),
    // Any action's context: tests also hand actions input the task runner would refuse.
  } as ActionContext<any, any>;
  return { ctx, logger, outputs };
}

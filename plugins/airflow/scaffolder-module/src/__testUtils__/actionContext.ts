import { mockServices } from '@backstage/backend-test-utils';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject } from '@backstage/types';
import {
  testActionContext,
  TestActionContextOptions,
} from '@mlops-portal/plugin-mlops-node/testUtils';

/**
 * A mock action context (the kit's `testActionContext` on Backstage's mock) with a mock logger
 * to assert on and the outputs collected into an object.
 */
export function createTestContext(
  input: JsonObject,
  options: TestActionContextOptions & { each?: JsonObject } = {},
) {
  const logger = mockServices.logger.mock();
  const { ctx, outputs } = testActionContext(
    {
      ...createMockActionContext({ input, logger }),
      ...(options.each && { each: options.each }),
    },
    options,
  );
  // Any action's context: tests also hand actions input the task runner would refuse.
  return { ctx: ctx as ActionContext<any, any>, logger, outputs };
}

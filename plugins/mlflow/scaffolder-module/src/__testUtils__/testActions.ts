import { mockServices } from '@backstage/backend-test-utils';
import { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import {
  FakeMlflow,
  mockMlflowClients,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { mockWritePipeline } from '@mlops-portal/plugin-mlops-node/testUtils';
import { createMlflowExperimentCreateAction } from '../actions/mlflowExperimentCreate';
import { createMlflowModelRegisterAction } from '../actions/mlflowModelRegister';

/** Options of {@link createTestActions}. */
export type TestActionsOptions = {
  /** The model tag that carries the owner (the action's default when omitted). */
  ownerTag?: string;
  /** Permissions the task's initiator does not hold. */
  deny?: string[];
};

/** Both actions on the given clients, with a permissions mock and the audit events recorded. */
export function createTestActions(
  clients: MlflowClients,
  options: TestActionsOptions = {},
) {
  const writes = mockWritePipeline({
    auth: mockServices.auth(),
    deny: options.deny,
  });
  const base = { clients, pipeline: writes.pipeline };
  return {
    ...writes,
    createExperiment: createMlflowExperimentCreateAction(base),
    registerModel: createMlflowModelRegisterAction({
      ...base,
      ownerTag: options.ownerTag,
    }),
  };
}

/**
 * {@link createTestActions} on in-memory MLflow instances (`FakeMlflow`), the first the
 * default; `fake` is the default instance's.
 */
export function createFakeActions(
  names: string[] = ['prod', 'research'],
  options: TestActionsOptions = {},
) {
  const fakes = new Map(
    names.map(name => [name, new FakeMlflow({ instance: { name } })]),
  );
  const actions = createTestActions(
    mockMlflowClients(...fakes.values()),
    options,
  );
  return { ...actions, fakes, fake: fakes.get(names[0])! };
}

import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject } from '@backstage/types';
import {
  KUBEFLOW_SYSTEM,
  SPEC_TYPE_KUBEFLOW_PIPELINE,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  KubeflowClients,
  KubeflowInstanceConfig,
  kubeflowPipelineLocator,
} from '@mlops-portal/plugin-kubeflow-node';
import { FakeKubeflow } from '@mlops-portal/plugin-kubeflow-node/testUtils';
import {
  TestActionContextOptions,
  ingestedEntity,
  mockInstanceClients,
  mockWritePipeline,
  testActionContext,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { createKubeflowPipelineUploadAction } from '../actions/kubeflowPipelineUpload';
import { createKubeflowRunCreateAction } from '../actions/kubeflowRunCreate';

/** The owner of every ingested pipeline entity the tests' catalog holds. */
export const PIPELINE_OWNER = 'group:default/fraud-detection';

/** The ingested `kubeflow-pipeline` Resource of every pipeline the fakes hold. */
export function ingestedPipelines(
  clients: KubeflowClients,
  fakes: FakeKubeflow[],
) {
  return fakes.flatMap(fake =>
    fake.pipelines.map(pipeline =>
      ingestedEntity(
        kubeflowPipelineLocator(
          clients.instances,
          fake.instance.name,
          pipeline,
        ),
        { type: SPEC_TYPE_KUBEFLOW_PIPELINE, owner: PIPELINE_OWNER },
      ),
    ),
  );
}

/**
 * Both actions on in-memory Kubeflow instances holding the story (`prod`, the default, and
 * `research`), with a permissions mock (`deny` the permissions the initiator lacks), the catalog
 * holding every story pipeline's ingested entity, and the audit events recorded.
 */
export function createFakeActions(
  options: { deny?: string[]; fakes?: FakeKubeflow[] } = {},
) {
  const fakes = options.fakes ?? [
    FakeKubeflow.story({ instance: { name: 'prod' } }),
    FakeKubeflow.story({
      instance: {
        name: 'research',
        uiUrl: 'https://research.example.com/pipeline',
      },
    }),
  ];
  const clients: KubeflowClients = mockInstanceClients<
    FakeKubeflow,
    KubeflowInstanceConfig
  >(KUBEFLOW_SYSTEM, fakes);
  const writes = mockWritePipeline({
    auth: mockServices.auth(),
    entities: ingestedPipelines(clients, fakes),
    deny: options.deny,
  });
  const base = { clients, pipeline: writes.pipeline };
  return {
    ...writes,
    clients,
    fakes,
    fake: fakes[0],
    upload: createKubeflowPipelineUploadAction(base),
    run: createKubeflowRunCreateAction(base),
  };
}

/**
 * A mock action context (the kit's `testActionContext` on Backstage's mock) whose workspace holds
 * `files`, with a mock logger and the outputs collected into an object.
 */
export function createTestContext(
  input: JsonObject,
  options: TestActionContextOptions & { files?: Record<string, string> } = {},
) {
  const workspace = createMockDirectory();
  workspace.setContent(options.files ?? {});
  const logger = mockServices.logger.mock();
  const { ctx, outputs } = testActionContext(
    createMockActionContext({
      input,
      logger,
      workspacePath: workspace.path,
    }),
    options,
  );
  // Any action's context: tests also hand actions input the task runner would refuse.
  return { ctx: ctx as ActionContext<any, any>, logger, outputs, workspace };
}

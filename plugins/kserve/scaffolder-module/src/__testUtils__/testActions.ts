import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject } from '@backstage/types';
import { SPEC_TYPE_MODEL_SERVER } from '@mlops-portal/plugin-kserve-common';
import {
  KserveClusterApi,
  KserveClusterConfig,
  KserveClusters,
  kserveInferenceServiceLocator,
} from '@mlops-portal/plugin-kserve-node';
import {
  FakeKserveCluster,
  buildInferenceServiceObject,
  fakeClusterConfig,
  fakeKserveClusters,
} from '@mlops-portal/plugin-kserve-node/testUtils';
import { NamespacedName } from '@mlops-portal/plugin-mlops-common';
import {
  TestActionContextOptions,
  ingestedEntity,
  mockWritePipeline,
  testActionContext,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { createKserveInferenceServiceApplyAction } from '../actions/applyInferenceService';

/** A catalog entity, as the kit's test helpers build them. */
type Entity = ReturnType<typeof ingestedEntity>;

/** The story's InferenceService every fake `prod` cluster holds. */
export const FRAUD_DETECTOR: NamespacedName = {
  namespace: 'fraud-detection',
  name: 'fraud-detector',
};

/** The owner of the ingested `model-server` Component of {@link FRAUD_DETECTOR}. */
export const SERVER_OWNER = 'group:default/fraud-detection';

/** `InstanceClients` over in-memory clusters, the first being the default, as in production. */
export const fakeClusterClients = (fakes: KserveClusterApi[]) =>
  fakeKserveClusters(fakes);

/** The `model-server` Component the KServe provider ingests for an InferenceService. */
export function ingestedModelServer(
  clients: KserveClusters,
  cluster: string,
  ref: NamespacedName,
  options: { owner?: string; location?: string } = {},
): Entity {
  return ingestedEntity(
    kserveInferenceServiceLocator(clients.instances, cluster, ref),
    {
      type: SPEC_TYPE_MODEL_SERVER,
      owner: options.owner ?? SERVER_OWNER,
      location: options.location,
    },
  );
}

/**
 * The apply action on two in-memory clusters, `prod` (the default, holding
 * {@link FRAUD_DETECTOR}) and `staging`, with a permissions mock (`deny` the permissions the
 * initiator lacks), a catalog holding the fraud detector's ingested Component (or `entities`),
 * and the audit events recorded.
 */
export function createFakeActions(
  options: {
    deny?: string[];
    entities?: (clients: KserveClusters) => Entity[];
    staging?: Partial<KserveClusterConfig>;
  } = {},
) {
  const prod = new FakeKserveCluster(fakeClusterConfig('prod'));
  const staging = new FakeKserveCluster(
    fakeClusterConfig('staging', options.staging),
  );
  prod.put(buildInferenceServiceObject({ ...FRAUD_DETECTOR, generation: 5 }));
  const fakes = [prod, staging];
  const clients = fakeClusterClients(fakes);
  const writes = mockWritePipeline({
    auth: mockServices.auth(),
    entities: options.entities?.(clients) ?? [
      ingestedModelServer(clients, 'prod', FRAUD_DETECTOR),
    ],
    deny: options.deny,
  });
  return {
    ...writes,
    clients,
    fakes,
    prod,
    staging,
    apply: createKserveInferenceServiceApplyAction({
      clients,
      pipeline: writes.pipeline,
    }),
  };
}

/** Every call the fakes got, in order, as `method` or `method(dryRun)`. */
export function callsOf(...fakes: FakeKserveCluster[]): string[] {
  return fakes.flatMap(fake =>
    fake.calls.map(({ method, arg }) =>
      method === 'applyInferenceService' && (arg as { dryRun?: boolean }).dryRun
        ? `${method}(dryRun)`
        : method,
    ),
  );
}

/**
 * Makes a fake's applies answer that the server pruned `fields`, as a cluster whose CRD does not
 * know them does.
 */
export function pruneOnApply(fake: FakeKserveCluster, fields: string[]) {
  const apply = fake.applyInferenceService.bind(fake);
  return jest
    .spyOn(fake, 'applyInferenceService')
    .mockImplementation(async (manifest, applyOptions) => ({
      ...(await apply(manifest, applyOptions)),
      prunedFields: fields,
    }));
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

/** A manifest of a new InferenceService (`risk-models/credit-scorer`), `metadata` and `spec` merged in. */
export function newManifest(
  metadata: object = {},
  spec: Record<string, unknown> = {},
): JsonObject {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name: 'credit-scorer',
      namespace: 'risk-models',
      ...metadata,
    } as JsonObject,
    spec: {
      predictor: {
        model: {
          modelFormat: { name: 'sklearn' },
          protocolVersion: 'v2',
          storageUri: 'models:/credit-scorer@champion',
        },
      },
      ...spec,
    } as JsonObject,
  };
}

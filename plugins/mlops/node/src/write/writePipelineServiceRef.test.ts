import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { WriteOperation, WritePipeline } from './WritePipeline';
import { writePipelineServiceRef } from './writePipelineServiceRef';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

const trigger = createPermission({
  name: 'airflow.dag.trigger',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});
const ingested = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'train_model',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': 'mlops:airflow/prod',
      'backstage.io/managed-by-origin-location': 'mlops:airflow/prod',
      'airflow.apache.org/dag-id': 'train_model',
    },
  },
  spec: { owner: 'group:default/ml-platform', type: 'airflow-dag' },
};
const operation: WriteOperation<string> = {
  eventId: 'airflow-dag-trigger',
  instance: 'prod',
  authority: {
    kind: 'ingested-entity',
    permission: trigger,
    locator: {
      entityRef: 'resource:default/train_model',
      managedByLocation: 'mlops:airflow/prod',
      annotations: { 'airflow.apache.org/dag-id': 'train_model' },
      provider: 'the Airflow catalog provider',
      description: "Airflow DAG 'train_model' on instance 'prod'",
    },
  },
  credentials: mockCredentials.user('user:default/jane'),
  meta: { dagId: 'train_model' },
  change: async () => ({ before: null, after: 'manual__1' }),
  reload: async () => 'manual__1',
};

/** The pipeline a plugin gets from the service, in a backend with the given features. */
async function pipelineOf(
  features: Parameters<typeof startTestBackend>[0]['features'] = [],
) {
  let pipeline: WritePipeline | undefined;
  await startTestBackend({
    features: [
      createBackendPlugin({
        pluginId: 'test',
        register(env) {
          env.registerInit({
            deps: { writes: writePipelineServiceRef },
            async init({ writes }) {
              pipeline = writes;
            },
          });
        },
      }),
      catalogServiceMock.factory({ entities: [ingested] }),
      ...(features ?? []),
    ],
  });
  return pipeline!;
}

describe('writePipelineServiceRef', () => {
  it("authorizes against the plugin's catalog and permissions and audits with the plugin's auditor", async () => {
    const auditor = mockServices.auditor.mock();
    const success = jest.fn();
    auditor.createEvent.mockResolvedValue({ success, fail: jest.fn() });
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    });

    const pipeline = await pipelineOf([auditor.factory, permissions.factory]);
    await expect(pipeline.run(operation)).resolves.toBe('manual__1');

    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: trigger, resourceRef: 'resource:default/train_model' }],
      { credentials: mockCredentials.user('user:default/jane') },
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'airflow-dag-trigger' }),
    );
    expect(success).toHaveBeenCalledWith({
      meta: {
        authority: 'resource:default/train_model',
        before: null,
        after: 'manual__1',
      },
    });
  });

  it('refuses what the permissions service denies', async () => {
    const pipeline = await pipelineOf([
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);

    await expect(
      pipeline.authorize(operation.authority, operation.credentials),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('reads mlops.authority, so a wrong value fails at startup', async () => {
    await expect(
      pipelineOf([
        mockServices.rootConfig.factory({
          data: { mlops: { authority: { restrictReads: 'sometimes' } } },
        }),
      ]),
    ).rejects.toThrow(/mlops\.authority\.restrictReads/);
  });
});

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { IngestedEntityAuthority } from '../authority/IngestedEntityAuthority';
import { mockReadCache } from '../testUtils/readCache';
import { mockUpstreamError } from '../testUtils/errors';
import { WriteOperation, WritePipeline } from './WritePipeline';

const promote = createPermission({
  name: 'mlflow.model.alias.set',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});
const locator = {
  entityRef: 'resource:default/fraud-detector',
  managedByLocation: 'mlops:mlflow/prod',
  annotations: { 'mlflow.org/registered-model': 'fraud-detector' },
  provider: 'the MLflow catalog provider',
  description: "MLflow registered model 'fraud-detector'",
};
const ingested = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'fraud-detector',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': 'mlops:mlflow/prod',
      'backstage.io/managed-by-origin-location': 'mlops:mlflow/prod',
      'mlflow.org/registered-model': 'fraud-detector',
    },
  },
  spec: { owner: 'group:default/fraud-detection' },
};

type Event = { status: string; meta?: object; error?: string };

function setup(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const events: Event[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ meta }) => {
      events.push({ status: 'initiated', meta });
      return {
        success: async options =>
          void events.push({ status: 'succeeded', ...options }),
        fail: async ({ error, meta: failMeta }) =>
          void events.push({
            status: 'failed',
            meta: failMeta,
            error: error.message,
          }),
      };
    },
  });
  const pipeline = new WritePipeline({
    authority: new IngestedEntityAuthority({
      catalog: catalogServiceMock({ entities: [ingested] }),
      auth: mockServices.auth(),
      permissions: mockServices.permissions.mock({
        authorize: async requests => requests.map(() => ({ result })) as never,
      }),
      readCache: mockReadCache(),
    }),
    auditor,
    logger: mockServices.logger.mock(),
  });
  const steps: string[] = [];
  const operation = (
    overrides: Partial<WriteOperation<string>> = {},
  ): WriteOperation<string> => ({
    eventId: 'model-alias-set',
    instance: 'prod',
    authority: { kind: 'ingested-entity', permission: promote, locator },
    credentials: mockCredentials.user('user:default/alice'),
    meta: { model: 'fraud-detector', alias: 'champion' },
    change: async () => {
      steps.push('change');
      return { before: '4', after: '5' };
    },
    reload: async () => {
      steps.push('reload');
      return 'the model afterwards';
    },
    ...overrides,
  });
  return { pipeline, events, steps, operation };
}

describe('WritePipeline', () => {
  it('audits who and what, authorizes, changes, reloads, and records before → after', async () => {
    const { pipeline, events, steps, operation } = setup();
    await expect(
      pipeline.run(operation({ outcome: () => ({ archived: ['3'] }) })),
    ).resolves.toBe('the model afterwards');
    expect(steps).toEqual(['change', 'reload']);
    expect(events).toEqual([
      {
        status: 'initiated',
        meta: {
          actor: { userEntityRef: 'user:default/alice' },
          model: 'fraud-detector',
          alias: 'champion',
        },
      },
      {
        status: 'succeeded',
        meta: {
          authority: 'resource:default/fraud-detector',
          before: '4',
          after: '5',
          archived: ['3'],
        },
      },
    ]);
  });

  it('changes nothing when refused, and records the refusal', async () => {
    const { pipeline, events, steps, operation } = setup(AuthorizeResult.DENY);
    await expect(pipeline.run(operation())).rejects.toThrow(NotAllowedError);
    expect(steps).toEqual([]);
    expect(events.map(e => e.status)).toEqual(['initiated', 'failed']);
  });

  it('reports an instance refusing the portal credentials as 503, not as the caller lacking permission', async () => {
    const { pipeline, events, operation } = setup();
    const refused = mockUpstreamError({
      system: 'mlflow',
      instance: 'prod',
      method: 'POST',
      status: 403,
    });
    const error = await pipeline
      .run(
        operation({
          change: async () => {
            throw refused;
          },
        }),
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(events[1]).toMatchObject({ status: 'failed' });
  });

  it('authorizes creates with their basic permission, naming the service actor', async () => {
    const { pipeline, events, operation } = setup();
    await pipeline.run(
      operation({
        credentials: mockCredentials.service('plugin:scaffolder'),
        authority: {
          kind: 'basic',
          permission: createPermission({
            name: 'mlflow.model.create',
            attributes: { action: 'create' },
          }),
          description: "create MLflow model 'x'",
        },
      }),
    );
    expect(events[0].meta).toMatchObject({
      actor: { service: 'plugin:scaffolder' },
    });
    expect(events[1].meta).toMatchObject({ authority: 'mlflow.model.create' });
  });
});

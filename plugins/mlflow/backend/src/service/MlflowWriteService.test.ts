import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import {
  FakeMlflow,
  fakeClients,
  fraudData,
  instanceConfig,
  upstreamError,
} from '../__testUtils__/fakeMlflow';
import { MlflowWriteService } from './MlflowWriteService';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detection-model',
    namespace: 'default',
    annotations,
  },
  spec: { owner: 'group:default/fraud-detection' },
});
const annotated = entity({ 'mlflow.org/registered-model': 'fraud-detector' });
const onV3 = entity({
  'mlflow.org/registered-model': 'fraud-detector',
  'mlflow.org/instance': 'v3',
});

function setup(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const v2 = new FakeMlflow(instanceConfig('v2', 2), fraudData());
  const v3 = new FakeMlflow(instanceConfig('v3', 3), fraudData());
  const success = jest.fn();
  const fail = jest.fn();
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => ({ success, fail })),
  });
  const permissions = mockServices.permissions.mock({
    authorize: jest.fn(async requests => requests.map(() => ({ result }))),
  });
  const service = new MlflowWriteService({
    clients: fakeClients(v2, v3),
    permissions,
    auditor,
    logger: mockServices.logger.mock(),
  });
  const credentials = mockCredentials.user('user:default/alice');
  const request = {} as Request;
  const ctx = (e: Entity = annotated) => ({ entity: e, credentials, request });
  return {
    v2,
    v3,
    auditor,
    success,
    fail,
    permissions,
    service,
    ctx,
    credentials,
    request,
  };
}

describe('MlflowWriteService', () => {
  it('moves an alias under permission, auditing before → after, and answers the model afterwards', async () => {
    const {
      service,
      ctx,
      v2,
      auditor,
      success,
      permissions,
      credentials,
      request,
    } = setup(AuthorizeResult.ALLOW);
    const { item } = await service.setAlias(ctx(), {
      alias: 'champion',
      version: '2',
    });

    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'mlflow.model.alias.set',
          }),
          resourceRef: 'component:default/fraud-detection-model',
        },
      ],
      { credentials },
    );
    expect(v2.calls.filter(c => c.method === 'setAlias')).toEqual([
      { method: 'setAlias', args: ['fraud-detector', 'champion', '2'] },
    ]);
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'model-alias-set',
      severityLevel: 'medium',
      request,
      meta: {
        entityRef: 'component:default/fraud-detection-model',
        instance: 'v2',
        model: 'fraud-detector',
        alias: 'champion',
        version: '2',
      },
    });
    expect(success).toHaveBeenCalledWith({ meta: { before: '1', after: '2' } });
    expect(item.aliases).toEqual({ champion: '2', challenger: '2' });
  });

  it('records a new alias as coming from nothing', async () => {
    const { service, ctx, success } = setup(AuthorizeResult.ALLOW);
    await service.setAlias(ctx(), { alias: 'shadow', version: '1' });
    expect(success).toHaveBeenCalledWith({
      meta: { before: null, after: '1' },
    });
  });

  it('refuses without permission: 403, no upstream write, the attempt audited as failed', async () => {
    const { service, ctx, v2, fail, success } = setup(AuthorizeResult.DENY);
    const attempt = service.setAlias(ctx(), {
      alias: 'champion',
      version: '2',
    });
    await expect(attempt).rejects.toBeInstanceOf(NotAllowedError);
    expect(v2.calls).toEqual([]);
    expect(success).not.toHaveBeenCalled();
    expect(fail).toHaveBeenCalledWith({ error: expect.any(NotAllowedError) });
  });

  it('refuses an alias for a version the model does not have, writing nothing', async () => {
    const { service, ctx, v2, fail } = setup(AuthorizeResult.ALLOW);
    await expect(
      service.setAlias(ctx(), { alias: 'champion', version: '9' }),
    ).rejects.toThrow(
      new NotFoundError(
        "MLflow registered model 'fraud-detector' has no version 9",
      ),
    );
    expect(v2.count('setAlias')).toBe(0);
    expect(fail).toHaveBeenCalled();
  });

  it('deletes an alias, auditing the version it pointed at', async () => {
    const { service, ctx, v2, auditor, success } = setup(AuthorizeResult.ALLOW);
    const { item } = await service.deleteAlias(ctx(), { alias: 'challenger' });
    expect(v2.count('deleteAlias')).toBe(1);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'model-alias-delete' }),
    );
    expect(success).toHaveBeenCalledWith({
      meta: { before: '2', after: null },
    });
    expect(item.aliases).toEqual({ champion: '1' });
  });

  it('says NotFoundError for deleting an alias that does not exist', async () => {
    const { service, ctx, v2 } = setup(AuthorizeResult.ALLOW);
    await expect(
      service.deleteAlias(ctx(), { alias: 'ghost' }),
    ).rejects.toThrow(
      new NotFoundError(
        "MLflow registered model 'fraud-detector' has no alias 'ghost'",
      ),
    );
    expect(v2.count('deleteAlias')).toBe(0);
  });

  it('transitions a stage on 2.x, auditing the stage change and what it archived', async () => {
    const { service, ctx, success } = setup(AuthorizeResult.ALLOW);
    const { item } = await service.transitionStage(ctx(), {
      version: '2',
      stage: 'Production',
      archiveExistingVersions: true,
    });
    expect(success).toHaveBeenCalledWith({
      meta: { before: 'Staging', after: 'Production', archivedVersions: ['1'] },
    });
    expect(item.versions.map(v => [v.version, v.stage])).toEqual([
      ['2', 'Production'],
      ['1', 'Archived'],
    ]);
  });

  it('refuses stage transitions on MLflow 3 with a 400 that points to aliases, recording nothing', async () => {
    const { service, ctx, v3, auditor } = setup(AuthorizeResult.ALLOW);
    await expect(
      service.transitionStage(ctx(onV3), {
        version: '2',
        stage: 'Production',
        archiveExistingVersions: false,
      }),
    ).rejects.toThrow(
      new InputError(
        "MLflow instance 'v3' runs MLflow 3, where model version stages are replaced by aliases; set an alias (e.g. champion) instead",
      ),
    );
    expect(v3.calls).toEqual([]);
    expect(auditor.createEvent).not.toHaveBeenCalled();
  });

  it('reports the instance refusing the portal credentials as 503, not as the caller lacking permission', async () => {
    const { service, ctx, v2, fail } = setup(AuthorizeResult.ALLOW);
    v2.failures.setAlias = upstreamError(NotAllowedError, {
      instance: 'v2',
      status: 403,
      method: 'POST',
    });
    const attempt = service.setAlias(ctx(), {
      alias: 'champion',
      version: '2',
    });
    await expect(attempt).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(attempt).rejects.toThrow("mlflow instance 'v2'");
    expect(fail).toHaveBeenCalledWith({
      error: expect.any(ServiceUnavailableError),
    });
  });

  it('needs the registered model annotation', async () => {
    const { service, ctx } = setup(AuthorizeResult.ALLOW);
    await expect(
      service.deleteAlias(ctx(entity({ 'mlflow.org/experiment': 'x' })), {
        alias: 'a',
      }),
    ).rejects.toThrow(/no 'mlflow\.org\/registered-model' annotation/);
  });
});

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mlflowModelEntityName } from '@mlops-portal/plugin-mlflow-node';
import {
  FakeMlflow,
  mlflowInstanceConfig,
  mockMlflowClients,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { WritePipeline } from '@mlops-portal/plugin-mlops-node';
import type { Request } from 'express';
import {
  authorizeWith,
  Decide,
  deny,
  mockAuthority,
  mockUpstreamError,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  annotatingComponent,
  ingestedModelEntity,
} from '../__fixtures__/entities';
import { fraudDetection } from '../__fixtures__/fraudDetection';
import { MlflowWriteService } from './MlflowWriteService';

const entity = (
  annotations: Record<string, string>,
  name = 'fraud-detection-model',
  owner?: string,
): Entity => annotatingComponent(name, annotations, owner);
const annotated = entity({ 'mlflow.org/registered-model': 'fraud-detector' });
const onV3 = entity({
  'mlflow.org/registered-model': 'fraud-detector',
  'mlflow.org/instance': 'v3',
});
/** The model's Resource as the MLflow provider ingested it from `v2`, the default instance. */
const INGESTED = ingestedModelEntity({
  model: 'fraud-detector',
  instance: 'v2',
  owner: 'group:default/fraud-detection',
});
const RESOURCE_REF = 'resource:default/fraud-detector';
const NO_ENTITY_REASON =
  "the catalog has no entity 'resource:default/fraud-detector' from the MLflow catalog provider";

function setup(options: { decide?: Decide; entities?: Entity[] } = {}) {
  const v2 = new FakeMlflow({
    instance: { name: 'v2', majorVersion: 2 },
    data: fraudDetection(),
  });
  const v3 = new FakeMlflow({
    instance: { name: 'v3', majorVersion: 3 },
    data: fraudDetection(),
  });
  const success = jest.fn();
  const fail = jest.fn();
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => ({ success, fail })),
  });
  const permissions = mockServices.permissions.mock({
    authorize: authorizeWith(options.decide),
  });
  const authority = mockAuthority({
    auth: mockServices.auth(),
    permissions,
    entities: options.entities ?? [INGESTED],
  });
  const clients = mockMlflowClients(v2, v3);
  const service = new MlflowWriteService({
    clients,
    pipeline: new WritePipeline({
      authority,
      auditor,
      logger: mockServices.logger.mock(),
    }),
  });
  const credentials = mockCredentials.user('user:default/alice');
  const request = {} as Request;
  const ctx = (e: Entity = annotated) => ({ entity: e, credentials, request });
  return {
    v2,
    v3,
    clients,
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

type WriteContext = ReturnType<ReturnType<typeof setup>['ctx']>;

/** The permission names (and resources) the writes asked about, in order. */
function authorizeRequests(
  permissions: ReturnType<typeof setup>['permissions'],
): string[][] {
  return permissions.authorize.mock.calls.flatMap(([requests]) =>
    requests.map(r =>
      'resourceRef' in r && r.resourceRef !== undefined
        ? [r.permission.name, r.resourceRef]
        : [r.permission.name],
    ),
  );
}

describe('MlflowWriteService', () => {
  it('moves an alias under permission on the ingested Resource, auditing who, on whose authority, before → after', async () => {
    const {
      service,
      ctx,
      v2,
      auditor,
      success,
      permissions,
      credentials,
      request,
    } = setup();
    const { item } = await service.setAlias(ctx(), {
      alias: 'champion',
      version: '2',
    });

    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'mlflow.model.alias.set',
            resourceType: 'catalog-entity',
          }),
          resourceRef: RESOURCE_REF,
        },
      ],
      { credentials },
    );
    expect(v2.writes).toEqual([
      { method: 'setAlias', args: ['fraud-detector', 'champion', '2'] },
    ]);
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'model-alias-set',
      severityLevel: 'medium',
      request,
      meta: {
        actor: { userEntityRef: 'user:default/alice' },
        entityRef: 'component:default/fraud-detection-model',
        instance: 'v2',
        model: 'fraud-detector',
        alias: 'champion',
        version: '2',
      },
    });
    expect(success).toHaveBeenCalledWith({
      meta: { authority: RESOURCE_REF, before: '1', after: '2' },
    });
    expect(item.aliases).toEqual({ champion: '2', challenger: '2' });
  });

  it('records a new alias as coming from nothing', async () => {
    const { service, ctx, success } = setup();
    await service.setAlias(ctx(), { alias: 'shadow', version: '1' });
    expect(success).toHaveBeenCalledWith({
      meta: { authority: RESOURCE_REF, before: null, after: '1' },
    });
  });

  it('refuses without permission: 403 naming the owner, no upstream write, the attempt audited as failed', async () => {
    const { service, ctx, v2, fail, success } = setup({
      decide: deny('mlflow.model.alias.set'),
    });
    const attempt = service.setAlias(ctx(), {
      alias: 'champion',
      version: '2',
    });
    await expect(attempt).rejects.toThrow(
      new NotAllowedError(
        "Not allowed to mlflow.model.alias.set on MLflow registered model 'fraud-detector' on instance 'v2': it is owned by 'group:default/fraud-detection', the owner of 'resource:default/fraud-detector', which the MLflow catalog provider ingested for it",
      ),
    );
    expect(v2.calls).toEqual([]);
    expect(success).not.toHaveBeenCalled();
    expect(fail).toHaveBeenCalledWith({ error: expect.any(NotAllowedError) });
  });

  it('refuses an alias for a version the model does not have, writing nothing', async () => {
    const { service, ctx, v2, fail } = setup();
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
    const { service, ctx, v2, auditor, success } = setup();
    const { item } = await service.deleteAlias(ctx(), { alias: 'challenger' });
    expect(v2.count('deleteAlias')).toBe(1);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'model-alias-delete' }),
    );
    expect(success).toHaveBeenCalledWith({
      meta: { authority: RESOURCE_REF, before: '2', after: null },
    });
    expect(item.aliases).toEqual({ champion: '1' });
  });

  it('says NotFoundError for deleting an alias that does not exist', async () => {
    const { service, ctx, v2 } = setup();
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
    const { service, ctx, success } = setup();
    const { item } = await service.transitionStage(ctx(), {
      version: '2',
      stage: 'Production',
      archiveExistingVersions: true,
    });
    expect(success).toHaveBeenCalledWith({
      meta: {
        authority: RESOURCE_REF,
        before: 'Staging',
        after: 'Production',
        archivedVersions: ['1'],
      },
    });
    expect(item.versions.map(v => [v.version, v.stage])).toEqual([
      ['2', 'Production'],
      ['1', 'Archived'],
    ]);
  });

  it('refuses stage transitions on MLflow 3 with a 400 that points to aliases, recording nothing', async () => {
    const { service, ctx, v3, auditor } = setup();
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
    const { service, ctx, v2, fail } = setup();
    v2.failures.setAlias = mockUpstreamError({
      system: 'mlflow',
      instance: 'v2',
      status: 403,
      method: 'POST',
      path: '/api/2.0/mlflow/registered-models/alias',
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
    const { service, ctx } = setup();
    await expect(
      service.deleteAlias(ctx(entity({ 'mlflow.org/experiment': 'x' })), {
        alias: 'a',
      }),
    ).rejects.toThrow(/no 'mlflow\.org\/registered-model' annotation/);
  });

  describe('authority from the ingested entity', () => {
    it.each([
      [
        'setAlias',
        'mlflow.model.alias.set',
        (s: MlflowWriteService, c: WriteContext) =>
          s.setAlias(c, { alias: 'champion', version: '2' }),
      ],
      [
        'deleteAlias',
        'mlflow.model.alias.delete',
        (s: MlflowWriteService, c: WriteContext) =>
          s.deleteAlias(c, { alias: 'challenger' }),
      ],
      [
        'transitionStage',
        'mlflow.model.stage.transition',
        (s: MlflowWriteService, c: WriteContext) =>
          s.transitionStage(c, {
            version: '2',
            stage: 'Production',
            archiveExistingVersions: false,
          }),
      ],
    ])(
      '%s asks for %s on the ingested Resource, never on the annotating entity',
      async (_, permission, write) => {
        const { service, ctx, permissions } = setup();
        await write(service, ctx());
        expect(authorizeRequests(permissions)).toEqual([
          [permission, RESOURCE_REF],
        ]);
      },
    );

    it('gives the owner of an annotating entity no say: a policy allowing it on that entity does not let the write through', async () => {
      const takeover = entity(
        { 'mlflow.org/registered-model': 'fraud-detector' },
        'mallorys-model',
        'group:default/mallory',
      );
      const { service, ctx, v2, permissions, fail } = setup({
        decide: ({ resourceRef }) =>
          resourceRef === 'component:default/mallorys-model'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      });
      await expect(
        service.setAlias(ctx(takeover), { alias: 'champion', version: '2' }),
      ).rejects.toThrow(
        "it is owned by 'group:default/fraud-detection', the owner of 'resource:default/fraud-detector'",
      );
      expect(authorizeRequests(permissions)).toEqual([
        ['mlflow.model.alias.set', RESOURCE_REF],
      ]);
      expect(v2.writes).toEqual([]);
      expect(fail).toHaveBeenCalledWith({ error: expect.any(NotAllowedError) });
    });

    it('authorizes a model of another instance against that instance’s prefixed Resource', async () => {
      const v3Name = mlflowModelEntityName(
        [
          mlflowInstanceConfig({ name: 'v2' }),
          mlflowInstanceConfig({ name: 'v3' }),
        ],
        'v3',
        'fraud-detector',
      );
      expect(v3Name).toMatch(/^v3-fraud-detector-/);
      const { service, ctx, permissions, success } = setup({
        entities: [
          INGESTED,
          ingestedModelEntity({
            model: 'fraud-detector',
            instance: 'v3',
            name: v3Name,
            owner: 'group:default/fraud-detection',
          }),
        ],
      });
      await service.setAlias(ctx(onV3), { alias: 'champion', version: '2' });
      expect(authorizeRequests(permissions)).toEqual([
        ['mlflow.model.alias.set', `resource:default/${v3Name}`],
      ]);
      expect(success).toHaveBeenCalledWith({
        meta: expect.objectContaining({
          authority: `resource:default/${v3Name}`,
        }),
      });
    });

    it('lets only admins write a model without an ingested entity: mlops.unmanaged-object.write, saying why', async () => {
      const { service, ctx, v2, permissions, success, fail } = setup({
        entities: [],
        decide: deny('mlops.unmanaged-object.write'),
      });
      const attempt = service.setAlias(ctx(), {
        alias: 'champion',
        version: '2',
      });
      await expect(attempt).rejects.toBeInstanceOf(NotAllowedError);
      await expect(attempt).rejects.toThrow(
        `Not allowed to mlflow.model.alias.set on MLflow registered model 'fraud-detector' on instance 'v2': only admins may change it, because ${NO_ENTITY_REASON}`,
      );
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'mlops.unmanaged-object.write',
            }),
          },
        ],
        expect.anything(),
      );
      expect(authorizeRequests(permissions)).toEqual([
        ['mlops.unmanaged-object.write'],
      ]);
      expect(v2.calls).toEqual([]);
      expect(success).not.toHaveBeenCalled();
      expect(fail).toHaveBeenCalledWith({ error: expect.any(NotAllowedError) });
    });

    it('lets an admin write a model without an ingested entity, recording it as admins’ authority', async () => {
      const { service, ctx, v2, permissions, success } = setup({
        entities: [],
      });
      await service.deleteAlias(ctx(), { alias: 'challenger' });
      expect(authorizeRequests(permissions)).toEqual([
        ['mlops.unmanaged-object.write'],
      ]);
      expect(v2.count('deleteAlias')).toBe(1);
      expect(success).toHaveBeenCalledWith({
        meta: {
          authority: 'admins (no ingested entity)',
          before: '2',
          after: null,
        },
      });
    });

    it.each([
      [
        'another managed-by-location (someone registered it)',
        ingestedModelEntity({
          model: 'fraud-detector',
          instance: 'v2',
          owner: 'group:default/mallory',
          location:
            'url:https://github.com/mallory/catalog/blob/main/catalog-info.yaml',
        }),
        `its 'backstage.io/managed-by-location' is "url:https://github.com/mallory/catalog/blob/main/catalog-info.yaml", not 'mlops:mlflow/v2'`,
      ],
      [
        'the provider’s location but another model',
        ingestedModelEntity({
          model: 'churn-predictor',
          name: 'fraud-detector',
          instance: 'v2',
          owner: 'group:default/mallory',
        }),
        `its 'mlflow.org/registered-model' is "churn-predictor", not "fraud-detector"`,
      ],
    ])(
      'treats an entity of the right name with %s as no ingested entity',
      async (_, impostor, mismatch) => {
        const { service, ctx, v2, permissions, fail } = setup({
          entities: [impostor],
          decide: deny('mlops.unmanaged-object.write'),
        });
        await expect(
          service.setAlias(ctx(), { alias: 'champion', version: '2' }),
        ).rejects.toThrow(
          new NotAllowedError(
            `Not allowed to mlflow.model.alias.set on MLflow registered model 'fraud-detector' on instance 'v2': only admins may change it, because 'resource:default/fraud-detector' was not ingested by the MLflow catalog provider for MLflow registered model 'fraud-detector' on instance 'v2' (${mismatch})`,
          ),
        );
        expect(authorizeRequests(permissions)).toEqual([
          ['mlops.unmanaged-object.write'],
        ]);
        expect(v2.writes).toEqual([]);
        expect(fail).toHaveBeenCalledWith({
          error: expect.any(NotAllowedError),
        });
      },
    );
  });

  describe('aliases named like Object members', () => {
    it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
      'sets %s like any other alias, from nothing, and shows it',
      async alias => {
        const { service, ctx, v2, success } = setup();
        const { item } = await service.setAlias(ctx(), {
          alias,
          version: '2',
        });
        expect(v2.writes).toEqual([
          { method: 'setAlias', args: ['fraud-detector', alias, '2'] },
        ]);
        expect(success).toHaveBeenCalledWith({
          meta: { authority: RESOURCE_REF, before: null, after: '2' },
        });
        expect(Object.getOwnPropertyDescriptor(item.aliases, alias)).toEqual(
          expect.objectContaining({ value: '2', enumerable: true }),
        );
        expect(item.versions.find(v => v.version === '2')?.aliases).toEqual(
          [alias, 'challenger'].sort(),
        );
      },
    );

    it.each(['constructor', '__proto__'])(
      'says NotFoundError for deleting %s when the model has no such alias',
      async alias => {
        const { service, ctx, v2 } = setup();
        await expect(service.deleteAlias(ctx(), { alias })).rejects.toThrow(
          new NotFoundError(
            `MLflow registered model 'fraud-detector' has no alias '${alias}'`,
          ),
        );
        expect(v2.count('deleteAlias')).toBe(0);
      },
    );

    it('deletes a set __proto__ alias, auditing the version it pointed at', async () => {
      const { service, ctx, v2, success } = setup();
      v2.data.models[0].aliases!.push({ alias: '__proto__', version: '1' });
      const { item } = await service.deleteAlias(ctx(), { alias: '__proto__' });
      expect(success).toHaveBeenCalledWith({
        meta: { authority: RESOURCE_REF, before: '1', after: null },
      });
      expect(Object.keys(item.aliases)).toEqual(['champion', 'challenger']);
    });
  });
});

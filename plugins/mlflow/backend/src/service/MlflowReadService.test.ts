import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  FakeMlflow,
  mockMlflowClients,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
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
import { MlflowReadService } from './MlflowReadService';

const entity = (annotations: Record<string, string>): Entity =>
  annotatingComponent('fraud-detection-model', annotations);
const annotated = entity({
  'mlflow.org/experiment': 'fraud-detection',
  'mlflow.org/registered-model': 'fraud-detector',
});
/** The model's Resource as the MLflow provider ingested it from `prod`, the default instance. */
const INGESTED = ingestedModelEntity({
  model: 'fraud-detector',
  instance: 'prod',
  owner: 'group:default/fraud-detection',
});
const alice = mockCredentials.user('user:default/alice');

type SetupOptions = Omit<
  Parameters<typeof mockAuthority>[0],
  'auth' | 'permissions'
> & { decide?: Decide };

function setup({ decide, ...options }: SetupOptions = {}) {
  const prod = new FakeMlflow({
    instance: { name: 'prod', majorVersion: 2 },
    data: fraudDetection(),
  });
  const staging = new FakeMlflow({
    instance: { name: 'staging' },
    data: fraudDetection(),
  });
  const logger = mockServices.logger.mock();
  const permissions = mockServices.permissions.mock({
    authorize: authorizeWith(decide),
  });
  const authority = mockAuthority({
    auth: mockServices.auth(),
    permissions,
    entities: [INGESTED],
    ...options,
  });
  const service = new MlflowReadService({
    clients: mockMlflowClients(prod, staging),
    authority,
    logger,
  });
  const ctx = (e: Entity = annotated, credentials = alice) => ({
    entity: e,
    credentials,
  });
  return { prod, staging, service, logger, permissions, ctx };
}

describe('MlflowReadService', () => {
  describe('instances', () => {
    it('lists the instances in config order with the first as default, without API URL or credentials', () => {
      const { service, prod, staging } = setup();
      expect(service.listInstances()).toEqual({
        instances: [
          { name: 'prod', uiUrl: prod.instance.uiUrl, default: true },
          { name: 'staging', uiUrl: staging.instance.uiUrl, default: false },
        ],
      });
    });
  });

  describe('runs', () => {
    it('pages the runs of the annotated experiment on the default instance', async () => {
      const { service, prod, ctx } = setup();
      const first = await service.getRuns(ctx(), { maxResults: 2 });
      expect(first).toMatchObject({
        target: {
          instance: 'prod',
          majorVersion: 2,
          uiUrl: 'https://prod.upstream.example.com/ui',
          experiment: 'fraud-detection',
          registeredModel: 'fraud-detector',
        },
        experiment: {
          id: '1',
          name: 'fraud-detection',
          url: 'https://prod.upstream.example.com/ui/#/experiments/1',
        },
        nextPageToken: '2',
        errors: [],
      });
      expect(first.items.map(r => r.runId)).toEqual(['r1', 'r2']);
      const second = await service.getRuns(ctx(), {
        maxResults: 2,
        pageToken: first.nextPageToken,
      });
      expect(second.items.map(r => r.runId)).toEqual(['r3']);
      expect(second.nextPageToken).toBeUndefined();
      expect(prod.calls.find(c => c.method === 'searchRuns')?.args[0]).toEqual({
        experimentIds: ['1'],
        maxResults: 2,
        filter: undefined,
        orderBy: undefined,
        pageToken: undefined,
      });
    });

    it('passes filter and order on, with 25 runs per page by default', async () => {
      const { service, prod, ctx } = setup();
      await service.getRuns(ctx(), {
        filter: 'metrics.auc > 0.9',
        orderBy: ['metrics.auc DESC'],
      });
      expect(prod.calls.find(c => c.method === 'searchRuns')?.args[0]).toEqual(
        expect.objectContaining({
          filter: 'metrics.auc > 0.9',
          orderBy: ['metrics.auc DESC'],
          maxResults: 25,
        }),
      );
    });

    it('uses the instance the entity names', async () => {
      const { service, prod, staging, ctx } = setup();
      const result = await service.getRuns(
        ctx(
          entity({
            'mlflow.org/experiment': 'fraud-detection',
            'mlflow.org/instance': 'staging',
          }),
        ),
        {},
      );
      expect(result.target?.instance).toBe('staging');
      expect(staging.count('searchRuns')).toBe(1);
      expect(prod.count('searchRuns')).toBe(0);
    });

    it('reads a numeric annotation as an experiment id when no experiment has that name', async () => {
      const { service, ctx } = setup();
      const byId = await service.getRuns(
        ctx(entity({ 'mlflow.org/experiment': '2' })),
        {},
      );
      expect(byId.experiment?.name).toBe('churn-prediction');
      // An experiment named "12" wins over experiment id 12.
      const byName = await service.getRuns(
        ctx(entity({ 'mlflow.org/experiment': '12' })),
        {},
      );
      expect(byName.experiment?.id).toBe('7');
    });

    it('says NotFoundError for an experiment that does not exist', async () => {
      const { service, ctx } = setup();
      await expect(
        service.getRuns(ctx(entity({ 'mlflow.org/experiment': '99' })), {}),
      ).rejects.toThrow(
        new NotFoundError(
          "MLflow experiment '99' (annotated on 'component:default/fraud-detection-model') was not found on instance 'prod'",
        ),
      );
    });

    it('answers with the failing instance as data', async () => {
      const { service, prod, logger, ctx } = setup();
      prod.failures.searchRuns = mockUpstreamError({
        system: 'mlflow',
        instance: 'prod',
        method: 'POST',
        path: '/api/2.0/mlflow/runs/search',
        status: 503,
      });
      const result = await service.getRuns(ctx(), {});
      expect(result).toEqual({
        target: expect.objectContaining({ instance: 'prod' }),
        items: [],
        errors: [
          {
            instance: 'prod',
            status: 503,
            message: prod.failures.searchRuns.message,
          },
        ],
      });
      expect(logger.warn).toHaveBeenCalledWith(
        'MLflow instance failed; answering with the error',
        expect.objectContaining({ instance: 'prod', status: 503 }),
      );
    });

    it('lets a bad filter through as InputError', async () => {
      const { service, prod, ctx } = setup();
      prod.failures.searchRuns = mockUpstreamError({
        system: 'mlflow',
        instance: 'prod',
        method: 'POST',
        status: 400,
        code: 'INVALID_PARAMETER_VALUE',
      });
      await expect(
        service.getRuns(ctx(), { filter: 'x ~ 1' }),
      ).rejects.toBeInstanceOf(InputError);
    });

    it('needs the experiment annotation, saying so', async () => {
      const { service, ctx } = setup();
      await expect(
        service.getRuns(
          ctx(entity({ 'mlflow.org/registered-model': 'fraud-detector' })),
          {},
        ),
      ).rejects.toThrow(
        new InputError(
          "Entity 'component:default/fraud-detection-model' has no 'mlflow.org/experiment' annotation, which is needed to show runs",
        ),
      );
    });

    it('rejects malformed annotations and unknown instances with InputError', async () => {
      const { service, prod, ctx } = setup();
      await expect(
        service.getRuns(ctx(entity({ 'mlflow.org/experiment': '  ' })), {}),
      ).rejects.toThrow(/mlflow\.org\/experiment/);
      await expect(
        service.getRuns(
          ctx(
            entity({
              'mlflow.org/experiment': 'x',
              'mlflow.org/instance': 'dev',
            }),
          ),
          {},
        ),
      ).rejects.toThrow(
        new InputError(
          "Unknown mlflow instance 'dev'; configured instances are 'prod', 'staging'",
        ),
      );
      expect(prod.calls).toEqual([]);
    });
  });

  describe('one run and comparisons', () => {
    it('returns a run with every metric history, ordered by step', async () => {
      const { service, ctx } = setup();
      const { item, errors } = await service.getRun(ctx(), 'r1');
      expect(errors).toEqual([]);
      expect(item).toMatchObject({
        runId: 'r1',
        params: { max_depth: '6' },
        metrics: { auc: 0.91, f1: 0.7 },
      });
      expect(item?.metricHistories.auc.map(p => p.step)).toEqual([0, 1, 2]);
      expect(Object.keys(item?.metricHistories ?? {})).toEqual(['auc', 'f1']);
    });

    it('hides runs of other experiments behind the same NotFoundError as missing ones', async () => {
      const { service, ctx } = setup();
      const other = service.getRun(ctx(), 'c1');
      await expect(other).rejects.toBeInstanceOf(NotFoundError);
      const missing = service.getRun(ctx(), 'zzz');
      await expect(missing).rejects.toBeInstanceOf(NotFoundError);
      const message = (id: string) =>
        `MLflow run '${id}' was not found in experiment 'fraud-detection' on instance 'prod'`;
      await expect(service.getRun(ctx(), 'c1')).rejects.toThrow(message('c1'));
      await expect(service.getRun(ctx(), 'zzz')).rejects.toThrow(
        message('zzz'),
      );
    });

    it('compares runs, restricted to the metrics asked for', async () => {
      const { service, prod, ctx } = setup();
      const result = await service.compareRuns(ctx(), {
        runIds: ['r1', 'r2'],
        metrics: ['auc'],
      });
      expect(result.items.map(r => r.runId)).toEqual(['r1', 'r2']);
      expect(result.items.map(r => Object.keys(r.metricHistories))).toEqual([
        ['auc'],
        ['auc'],
      ]);
      expect(prod.count('getFullMetricHistory')).toBe(2);
    });

    it('refuses a comparison including another experiment’s run', async () => {
      const { service, ctx } = setup();
      await expect(
        service.compareRuns(ctx(), { runIds: ['r1', 'c1'] }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('answers with the failing instance as data when a history read does not get through', async () => {
      const { service, prod, ctx } = setup();
      prod.failures.getFullMetricHistory = mockUpstreamError({
        system: 'mlflow',
        instance: 'prod',
        path: '/api/2.0/mlflow/metrics/get-history',
        message: 'socket hang up',
      });
      const result = await service.compareRuns(ctx(), { runIds: ['r1'] });
      expect(result.items).toEqual([]);
      expect(result.errors).toEqual([
        {
          instance: 'prod',
          message: expect.stringContaining("instance 'prod'"),
        },
      ]);
    });
  });

  describe('model', () => {
    it('returns the model with its versions, aliases, stages and source-run links', async () => {
      const { service, ctx } = setup();
      const { item } = await service.getModel(ctx());
      expect(item).toMatchObject({
        name: 'fraud-detector',
        aliases: { champion: '1', challenger: '2' },
        stagesSupported: true,
        url: 'https://prod.upstream.example.com/ui/#/models/fraud-detector',
      });
      expect(item?.versions).toEqual([
        expect.objectContaining({
          version: '2',
          stage: 'Staging',
          aliases: ['challenger'],
          runUrl:
            'https://prod.upstream.example.com/ui/#/experiments/1/runs/r2',
        }),
        expect.objectContaining({
          version: '1',
          stage: 'Production',
          aliases: ['champion'],
        }),
      ]);
    });

    it('says NotFoundError for an unknown model, naming it', async () => {
      const { service, ctx } = setup();
      await expect(
        service.getModel(
          ctx(entity({ 'mlflow.org/registered-model': 'nope' })),
        ),
      ).rejects.toThrow(
        new NotFoundError(
          "MLflow registered model 'nope' (annotated on 'component:default/fraud-detection-model') was not found on instance 'prod'",
        ),
      );
    });

    it('answers with the instance refusing the portal credentials as data', async () => {
      const { service, prod, ctx } = setup();
      prod.failures.getRegisteredModel = mockUpstreamError({
        system: 'mlflow',
        instance: 'prod',
        status: 401,
      });
      const result = await service.getModel(ctx());
      expect(result.item).toBeUndefined();
      expect(result.errors).toEqual([
        expect.objectContaining({ instance: 'prod', status: 401 }),
      ]);
    });

    it('needs the model annotation, saying so', async () => {
      const { service, ctx } = setup();
      await expect(
        service.getModel(
          ctx(entity({ 'mlflow.org/experiment': 'fraud-detection' })),
        ),
      ).rejects.toThrow(/no 'mlflow\.org\/registered-model' annotation/);
    });

    it('shows an alias named like an Object member as any other alias', async () => {
      const { service, prod, ctx } = setup();
      prod.data.models[0].aliases = [
        { alias: 'constructor', version: '1' },
        { alias: '__proto__', version: '2' },
        { alias: 'toString', version: '2' },
      ];
      const { item } = await service.getModel(ctx());
      expect(Object.keys(item!.aliases).sort()).toEqual([
        '__proto__',
        'constructor',
        'toString',
      ]);
      expect(
        Object.getOwnPropertyDescriptor(item!.aliases, '__proto__'),
      ).toEqual(expect.objectContaining({ value: '2' }));
      expect(item!.aliases.constructor).toBe('1');
      expect(item!.versions.map(v => [v.version, v.aliases])).toEqual([
        ['2', ['__proto__', 'toString']],
        ['1', ['constructor']],
      ]);
    });
  });

  describe('authority', () => {
    it('says whose owners may change the model: its ingested Resource', async () => {
      const { service, ctx } = setup();
      const result = await service.getModel(ctx());
      expect(result.authority).toEqual({
        entityRef: 'resource:default/fraud-detector',
      });
    });

    it('says why only admins may change a model the provider did not ingest', async () => {
      const { service, ctx } = setup({ entities: [] });
      const result = await service.getModel(ctx());
      expect(result.item?.name).toBe('fraud-detector');
      expect(result.authority).toEqual({
        reason: expect.stringContaining(
          "the catalog has no entity 'resource:default/fraud-detector' from the MLflow catalog provider",
        ),
      });
    });

    it('gives an entity of the right name that someone else registered no authority', async () => {
      const { service, ctx } = setup({
        entities: [
          ingestedModelEntity({
            model: 'fraud-detector',
            instance: 'prod',
            owner: 'group:default/mallory',
            location:
              'url:https://github.com/mallory/catalog/catalog-info.yaml',
          }),
        ],
      });
      const result = await service.getModel(ctx());
      expect(result.authority).toEqual({
        reason: expect.stringContaining(
          "'resource:default/fraud-detector' was not ingested by the MLflow catalog provider",
        ),
      });
      expect(result.authority?.entityRef).toBeUndefined();
    });

    it('leaves reads open unless they are restricted', async () => {
      const { service, permissions, ctx } = setup({
        decide: deny('mlops.unmanaged-object.read'),
        readable: () => false,
      });
      await expect(service.getRuns(ctx(), {})).resolves.toMatchObject({
        errors: [],
      });
      await expect(service.getModel(ctx())).resolves.toMatchObject({
        item: expect.objectContaining({ name: 'fraud-detector' }),
      });
      expect(permissions.authorize).not.toHaveBeenCalled();
    });

    describe('with restricted reads', () => {
      const bob = mockCredentials.user('user:default/bob');
      const restricted = (options: SetupOptions = {}) =>
        setup({
          restrictReads: true,
          // Only alice may read the ingested Resource.
          readable: (ref, credentials) =>
            ref !== 'resource:default/fraud-detector' ||
            (credentials.principal as { userEntityRef?: string })
              .userEntityRef === 'user:default/alice',
          ...options,
        });

      it('shows the model to those who may read its ingested Resource, and only to them', async () => {
        const { service, prod, ctx } = restricted();
        await expect(service.getModel(ctx())).resolves.toMatchObject({
          item: expect.objectContaining({ name: 'fraud-detector' }),
        });
        const calls = prod.calls.length;
        await expect(service.getModel(ctx(annotated, bob))).rejects.toThrow(
          new NotAllowedError(
            "Reads are restricted to the readers of the ingested entity, and you may not read 'resource:default/fraud-detector' (MLflow registered model 'fraud-detector' on instance 'prod')",
          ),
        );
        expect(prod.calls.length).toBe(calls);
      });

      it('shows a model without an ingested entity only to holders of mlops.unmanaged-object.read', async () => {
        const denied = restricted({
          entities: [],
          decide: deny('mlops.unmanaged-object.read'),
        });
        await expect(denied.service.getModel(denied.ctx())).rejects.toThrow(
          /^Reads are restricted, and only admins may read MLflow registered model 'fraud-detector' on instance 'prod', because the catalog has no entity/,
        );
        expect(denied.prod.calls).toEqual([]);
        expect(denied.permissions.authorize).toHaveBeenCalledWith(
          [
            {
              permission: expect.objectContaining({
                name: 'mlops.unmanaged-object.read',
              }),
            },
          ],
          { credentials: alice },
        );

        const admin = restricted({ entities: [] });
        await expect(
          admin.service.getModel(admin.ctx()),
        ).resolves.toMatchObject({
          item: expect.objectContaining({ name: 'fraud-detector' }),
        });
      });

      it('shows runs (experiments have no ingested entity) only to holders of mlops.unmanaged-object.read', async () => {
        const denied = restricted({
          decide: deny('mlops.unmanaged-object.read'),
        });
        const refusal = new NotAllowedError(
          "Reads are restricted, and only admins may read the runs of MLflow experiment 'fraud-detection' on instance 'prod': no provider of the suite ingests such objects, so there is no owner to ask",
        );
        await expect(denied.service.getRuns(denied.ctx(), {})).rejects.toThrow(
          refusal,
        );
        await expect(denied.service.getRun(denied.ctx(), 'r1')).rejects.toThrow(
          refusal,
        );
        await expect(
          denied.service.compareRuns(denied.ctx(), { runIds: ['r1'] }),
        ).rejects.toThrow(refusal);
        expect(denied.prod.calls).toEqual([]);

        const admin = restricted();
        await expect(
          admin.service.getRuns(admin.ctx(annotated, bob), {}),
        ).resolves.toMatchObject({ errors: [] });
        expect(admin.permissions.authorize).toHaveBeenCalledWith(
          [
            {
              permission: expect.objectContaining({
                name: 'mlops.unmanaged-object.read',
              }),
            },
          ],
          { credentials: bob },
        );
      });
    });
  });
});

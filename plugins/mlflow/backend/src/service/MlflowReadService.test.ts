import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  FakeMlflow,
  fakeClients,
  fraudData,
  instanceConfig,
  upstreamError,
} from '../__testUtils__/fakeMlflow';
import { MlflowReadService } from './MlflowReadService';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fraud-detection-model',
    namespace: 'default',
    annotations,
  },
  spec: {},
});
const annotated = entity({
  'mlflow.org/experiment': 'fraud-detection',
  'mlflow.org/registered-model': 'fraud-detector',
});

function setup() {
  const prod = new FakeMlflow(instanceConfig('prod', 2), fraudData());
  const staging = new FakeMlflow(instanceConfig('staging'), fraudData());
  const logger = mockServices.logger.mock();
  const service = new MlflowReadService({
    clients: fakeClients(prod, staging),
    logger,
  });
  return { prod, staging, service, logger };
}

describe('MlflowReadService', () => {
  describe('runs', () => {
    it('pages the runs of the annotated experiment on the default instance', async () => {
      const { service, prod } = setup();
      const first = await service.getRuns(annotated, { maxResults: 2 });
      expect(first).toMatchObject({
        target: {
          instance: 'prod',
          majorVersion: 2,
          uiUrl: 'https://prod.mlflow.example.com/ui',
          experiment: 'fraud-detection',
          registeredModel: 'fraud-detector',
        },
        experiment: {
          id: '1',
          name: 'fraud-detection',
          url: 'https://prod.mlflow.example.com/ui/#/experiments/1',
        },
        nextPageToken: '2',
        errors: [],
      });
      expect(first.items.map(r => r.runId)).toEqual(['r1', 'r2']);
      const second = await service.getRuns(annotated, {
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
      const { service, prod } = setup();
      await service.getRuns(annotated, {
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
      const { service, prod, staging } = setup();
      const result = await service.getRuns(
        entity({
          'mlflow.org/experiment': 'fraud-detection',
          'mlflow.org/instance': 'staging',
        }),
        {},
      );
      expect(result.target?.instance).toBe('staging');
      expect(staging.count('searchRuns')).toBe(1);
      expect(prod.count('searchRuns')).toBe(0);
    });

    it('reads a numeric annotation as an experiment id when no experiment has that name', async () => {
      const { service } = setup();
      const byId = await service.getRuns(
        entity({ 'mlflow.org/experiment': '2' }),
        {},
      );
      expect(byId.experiment?.name).toBe('churn-prediction');
      // An experiment named "12" wins over experiment id 12.
      const byName = await service.getRuns(
        entity({ 'mlflow.org/experiment': '12' }),
        {},
      );
      expect(byName.experiment?.id).toBe('7');
    });

    it('says NotFoundError for an experiment that does not exist', async () => {
      const { service } = setup();
      await expect(
        service.getRuns(entity({ 'mlflow.org/experiment': '99' }), {}),
      ).rejects.toThrow(
        new NotFoundError(
          "MLflow experiment '99' (annotated on 'component:default/fraud-detection-model') was not found on instance 'prod'",
        ),
      );
    });

    it('answers with the failing instance as data', async () => {
      const { service, prod, logger } = setup();
      prod.failures.searchRuns = upstreamError(ServiceUnavailableError, {
        instance: 'prod',
        status: 503,
      });
      const result = await service.getRuns(annotated, {});
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
      const { service, prod } = setup();
      prod.failures.searchRuns = upstreamError(InputError, {
        instance: 'prod',
        status: 400,
      });
      await expect(
        service.getRuns(annotated, { filter: 'x ~ 1' }),
      ).rejects.toBeInstanceOf(InputError);
    });

    it('needs the experiment annotation, saying so', async () => {
      const { service } = setup();
      await expect(
        service.getRuns(
          entity({ 'mlflow.org/registered-model': 'fraud-detector' }),
          {},
        ),
      ).rejects.toThrow(
        new InputError(
          "Entity 'component:default/fraud-detection-model' has no 'mlflow.org/experiment' annotation, which is needed to show runs",
        ),
      );
    });

    it('rejects malformed annotations and unknown instances with InputError', async () => {
      const { service, prod } = setup();
      await expect(
        service.getRuns(entity({ 'mlflow.org/experiment': '  ' }), {}),
      ).rejects.toThrow(/mlflow\.org\/experiment/);
      await expect(
        service.getRuns(
          entity({
            'mlflow.org/experiment': 'x',
            'mlflow.org/instance': 'dev',
          }),
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
      const { service } = setup();
      const { item, errors } = await service.getRun(annotated, 'r1');
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
      const { service } = setup();
      const other = service.getRun(annotated, 'c1');
      await expect(other).rejects.toBeInstanceOf(NotFoundError);
      const missing = service.getRun(annotated, 'zzz');
      await expect(missing).rejects.toBeInstanceOf(NotFoundError);
      const message = (id: string) =>
        `MLflow run '${id}' was not found in experiment 'fraud-detection' on instance 'prod'`;
      await expect(service.getRun(annotated, 'c1')).rejects.toThrow(
        message('c1'),
      );
      await expect(service.getRun(annotated, 'zzz')).rejects.toThrow(
        message('zzz'),
      );
    });

    it('compares runs, restricted to the metrics asked for', async () => {
      const { service, prod } = setup();
      const result = await service.compareRuns(annotated, {
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
      const { service } = setup();
      await expect(
        service.compareRuns(annotated, { runIds: ['r1', 'c1'] }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('answers with the failing instance as data when a history read times out', async () => {
      const { service, prod } = setup();
      prod.failures.getFullMetricHistory = upstreamError(
        ServiceUnavailableError,
        {
          instance: 'prod',
          kind: 'timeout',
        },
      );
      const result = await service.compareRuns(annotated, { runIds: ['r1'] });
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
      const { service } = setup();
      const { item } = await service.getModel(annotated);
      expect(item).toMatchObject({
        name: 'fraud-detector',
        aliases: { champion: '1', challenger: '2' },
        stagesSupported: true,
        url: 'https://prod.mlflow.example.com/ui/#/models/fraud-detector',
      });
      expect(item?.versions).toEqual([
        expect.objectContaining({
          version: '2',
          stage: 'Staging',
          aliases: ['challenger'],
          runUrl: 'https://prod.mlflow.example.com/ui/#/experiments/1/runs/r2',
        }),
        expect.objectContaining({
          version: '1',
          stage: 'Production',
          aliases: ['champion'],
        }),
      ]);
    });

    it('says NotFoundError for an unknown model, naming it', async () => {
      const { service } = setup();
      await expect(
        service.getModel(entity({ 'mlflow.org/registered-model': 'nope' })),
      ).rejects.toThrow(
        new NotFoundError(
          "MLflow registered model 'nope' (annotated on 'component:default/fraud-detection-model') was not found on instance 'prod'",
        ),
      );
    });

    it('answers with the instance refusing the portal credentials as data', async () => {
      const { service, prod } = setup();
      prod.failures.getRegisteredModel = upstreamError(Error, {
        instance: 'prod',
        status: 401,
      });
      const result = await service.getModel(annotated);
      expect(result.item).toBeUndefined();
      expect(result.errors).toEqual([
        expect.objectContaining({ instance: 'prod', status: 401 }),
      ]);
    });

    it('needs the model annotation, saying so', async () => {
      const { service } = setup();
      await expect(
        service.getModel(
          entity({ 'mlflow.org/experiment': 'fraud-detection' }),
        ),
      ).rejects.toThrow(/no 'mlflow\.org\/registered-model' annotation/);
    });
  });
});

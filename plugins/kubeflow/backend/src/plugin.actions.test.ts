import { deny } from '@mlops-portal/plugin-mlops-node/testUtils';
import request from 'supertest';
import {
  actionsList,
  api,
  invoke,
  pipelineEntityRef,
  STORY,
  useKubeflowBackend,
} from './__testUtils__/backend';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

const FRAUD_MODEL = 'component:default/fraud-detection-model';
const DEMAND_MODEL = 'component:default/demand-forecast-model';
const { fraudPipeline: FRAUD, demandPipeline: DEMAND } = STORY;
const readOnly = { readOnly: true, destructive: false, idempotent: true };

describe('kubeflow backend plugin: actions', () => {
  const { start } = useKubeflowBackend();

  it('lists every read and write with truthful attributes and the route’s fields', async () => {
    const { server } = await start({ actions: true });
    const res = await request(server).get(actionsList).expect(200);
    const actions: Array<{
      id: string;
      attributes: Record<string, boolean>;
      schema: {
        input: { properties: Record<string, unknown>; required?: string[] };
      };
    }> = res.body.actions;
    expect(
      Object.fromEntries(
        actions.map(a => [
          a.id,
          {
            attributes: a.attributes,
            fields: Object.keys(a.schema.input.properties).sort(),
          },
        ]),
      ),
    ).toEqual({
      'kubeflow:list-instances': { attributes: readOnly, fields: [] },
      'kubeflow:get-pipeline': { attributes: readOnly, fields: ['entityRef'] },
      'kubeflow:list-runs': {
        attributes: readOnly,
        fields: ['entityRef', 'pageSize', 'pageToken', 'state'],
      },
      'kubeflow:get-run': {
        attributes: readOnly,
        fields: ['entityRef', 'runId'],
      },
      'kubeflow:list-recurring-runs': {
        attributes: readOnly,
        fields: ['entityRef'],
      },
      'kubeflow:list-experiments': {
        attributes: readOnly,
        fields: ['entityRef'],
      },
      'kubeflow:create-run': {
        attributes: { readOnly: false, destructive: false, idempotent: false },
        fields: [
          'entityRef',
          'experimentId',
          'name',
          'parameters',
          'pipelineVersionId',
        ],
      },
      'kubeflow:set-recurring-run-enabled': {
        attributes: { readOnly: false, destructive: true, idempotent: true },
        fields: ['enabled', 'entityRef', 'recurringRunId'],
      },
    });
    for (const action of actions.filter(
      a => a.id !== 'kubeflow:list-instances',
    )) {
      expect(action.schema.input.required).toContain('entityRef');
    }
  });

  it('answers every read as its route does, and writes through the same pipeline', async () => {
    const { server, audit, permissions } = await start({ actions: true });
    const call = async (action: string, input: object) => {
      const res = await request(server).post(invoke(action)).send(input);
      if (res.status !== 200) {
        throw new Error(
          `${action} answered ${res.status}: ${JSON.stringify(res.body)}`,
        );
      }
      return res.body.output;
    };
    const sameAsRoute = async (action: string, path: string) => {
      const output = await call(action, { entityRef: DEMAND_MODEL });
      const route = await request(server).get(
        api('demand-forecast-model', path),
      );
      expect({ action, output }).toEqual({ action, output: route.body });
      return output;
    };

    await sameAsRoute('get-pipeline', '/pipeline');
    await sameAsRoute('list-recurring-runs', '/recurring-runs');
    await sameAsRoute('list-experiments', '/experiments');
    const runs = await sameAsRoute('list-runs', '/runs');
    expect(runs.items[0].runId).toBe(DEMAND.failedRunId);
    const failed = await call('list-runs', {
      entityRef: DEMAND_MODEL,
      state: 'FAILED',
      pageSize: 5,
    });
    expect(failed.items).toHaveLength(1);
    const graph = await call('get-run', {
      entityRef: DEMAND_MODEL,
      runId: DEMAND.failedRunId,
    });
    expect(
      graph.tasks.find((t: { id: string }) => t.id === 'train-lightgbm'),
    ).toMatchObject({ state: 'FAILED' });

    const started = await call('create-run', {
      entityRef: FRAUD_MODEL,
      parameters: { registered_model: 'fraud-detector' },
    });
    expect(started).toMatchObject({
      pipelineId: FRAUD.id,
      pipelineVersionId: FRAUD.versions.v3.id,
    });
    const toggled = await call('set-recurring-run-enabled', {
      entityRef: FRAUD_MODEL,
      recurringRunId: FRAUD.recurringRun.id,
      enabled: false,
    });
    expect(toggled.enabled).toBe(false);

    expect(
      audit.filter(a => a.status === 'succeeded').map(a => a.eventId),
    ).toEqual(['kubeflow-run-create', 'kubeflow-recurring-run-toggle']);
    // Both authorized on the pipeline's ingested entity, as the routes are.
    expect(
      permissions.authorize.mock.calls.flatMap(([requests]) =>
        requests.map(r => [
          r.permission.name,
          (r as { resourceRef?: string }).resourceRef,
        ]),
      ),
    ).toEqual([
      ['kubeflow.run.create', pipelineEntityRef(FRAUD)],
      ['kubeflow.recurringRun.toggle', pipelineEntityRef(FRAUD)],
    ]);
  });

  it('refuses a write action like its route: 403, nothing written, the attempt audited', async () => {
    const { server, audit, kubeflow } = await start({
      actions: true,
      decide: deny('kubeflow.run.create'),
    });
    const res = await request(server)
      .post(invoke('create-run'))
      .send({
        entityRef: FRAUD_MODEL,
        parameters: { registered_model: 'fraud-detector' },
      });
    expect(res.status).toBe(403);
    expect(kubeflow.writes()).toEqual([]);
    expect(audit.map(a => a.status)).toEqual(['initiated', 'failed']);
  });

  it('refuses bad action input with a 400 before anything runs', async () => {
    const { server, audit, kubeflow } = await start({ actions: true });
    for (const input of [
      { entityRef: FRAUD_MODEL, parameters: [1] },
      { entityRef: FRAUD_MODEL, pipelineVersionId: 'newest' },
      { entityRef: FRAUD_MODEL, parameters: {} },
      { parameters: { registered_model: 'x' } },
    ]) {
      const res = await request(server).post(invoke('create-run')).send(input);
      expect({ input, status: res.status }).toEqual({ input, status: 400 });
    }
    expect(kubeflow.writes()).toEqual([]);
    expect(audit).toEqual([]);
  });
});

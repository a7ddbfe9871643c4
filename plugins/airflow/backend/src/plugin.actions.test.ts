import { AIRFLOW_DAGS } from '@mlops-portal/sandbox';
import { deny } from '@mlops-portal/plugin-mlops-node/testUtils';
import request from 'supertest';
import {
  actionsList,
  api,
  invoke,
  useAirflowBackend,
} from './__testUtils__/backend';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

const FRAUD = 'component:default/fraud-detection-model';
const CHURN = 'component:default/churn-prediction-model';
const readOnly = { readOnly: true, destructive: false, idempotent: true };

describe('airflow backend plugin: actions', () => {
  const { start, airflow } = useAirflowBackend();

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
      'airflow:list-instances': { attributes: readOnly, fields: [] },
      'airflow:get-dags': { attributes: readOnly, fields: ['entityRef'] },
      'airflow:get-dag-runs': {
        attributes: readOnly,
        fields: [
          'dagId',
          'entityRef',
          'limit',
          'offset',
          'since',
          'state',
          'until',
        ],
      },
      'airflow:get-task-instances': {
        attributes: readOnly,
        fields: ['dagId', 'entityRef', 'runId'],
      },
      'airflow:get-task-log': {
        attributes: readOnly,
        fields: [
          'dagId',
          'entityRef',
          'mapIndex',
          'runId',
          'taskId',
          'tryNumber',
        ],
      },
      'airflow:trigger-dag-run': {
        attributes: { readOnly: false, destructive: false, idempotent: false },
        fields: ['conf', 'dagId', 'entityRef', 'logicalDate', 'note'],
      },
      'airflow:set-dag-paused': {
        attributes: { readOnly: false, destructive: true, idempotent: true },
        fields: ['dagId', 'entityRef', 'isPaused'],
      },
      'airflow:clear-dag-run': {
        attributes: { readOnly: false, destructive: true, idempotent: false },
        fields: ['dagId', 'entityRef', 'onlyFailed', 'runId'],
      },
    });
    for (const action of actions.filter(
      a => a.id !== 'airflow:list-instances',
    )) {
      expect(action.schema.input.required).toContain('entityRef');
    }
  });

  it('answers every read as its route does, and writes through the same pipeline', async () => {
    const { server, audit } = await start({ actions: true });
    const call = async (action: string, input: object) => {
      const res = await request(server).post(invoke(action)).send(input);
      if (res.status !== 200) {
        throw new Error(
          `${action} answered ${res.status}: ${JSON.stringify(res.body)}`,
        );
      }
      return res.body.output;
    };
    const dagId = AIRFLOW_DAGS.churnRetrain;

    const dags = await call('get-dags', { entityRef: CHURN });
    const route = await request(server).get(
      api('churn-prediction-model', '/dags'),
    );
    expect(dags).toEqual(route.body);

    const runs = await call('get-dag-runs', {
      entityRef: CHURN,
      dagId,
      state: ['failed'],
      limit: 5,
    });
    expect(runs.items).toHaveLength(1);
    const { runId } = runs.items[0];
    const tasks = await call('get-task-instances', {
      entityRef: CHURN,
      dagId,
      runId,
    });
    expect(tasks.run.runId).toBe(runId);
    const log = await call('get-task-log', {
      entityRef: CHURN,
      dagId,
      runId,
      taskId: 'train_model',
      tryNumber: 1,
    });
    expect(log.errors).toEqual([]);
    expect(typeof log.content).toBe('string');

    const triggered = await call('trigger-dag-run', {
      entityRef: CHURN,
      dagId,
      conf: { lookback_weeks: 4 },
    });
    expect(triggered.item.note).toBe(
      'Triggered from Backstage by user:default/mock',
    );
    expect(airflow().requireRun(dagId, triggered.item.runId).conf).toEqual({
      lookback_weeks: 4,
    });
    const paused = await call('set-dag-paused', {
      entityRef: CHURN,
      dagId,
      isPaused: true,
    });
    expect(paused.item.isPaused).toBe(true);
    const cleared = await call('clear-dag-run', {
      entityRef: CHURN,
      dagId,
      runId,
    });
    expect(cleared.item.runId).toBe(runId);
    expect(
      audit.filter(a => a.status === 'succeeded').map(a => a.eventId),
    ).toEqual(['dag-run-trigger', 'dag-pause', 'dag-run-clear']);
  });

  it('refuses a write action like its route: 403, nothing written, the attempt audited', async () => {
    const { server, audit } = await start({
      actions: true,
      decide: deny('airflow.dag.trigger'),
    });
    const dagId = AIRFLOW_DAGS.fraudTraining;
    const before = airflow().runsOf(dagId).length;
    const res = await request(server)
      .post(invoke('trigger-dag-run'))
      .send({ entityRef: FRAUD, dagId });
    expect(res.status).toBe(403);
    expect(airflow().runsOf(dagId)).toHaveLength(before);
    expect(audit.map(a => a.status)).toEqual(['initiated', 'failed']);
  });

  it('refuses bad action input with a 400 before anything runs', async () => {
    const { server, audit } = await start({ actions: true });
    for (const input of [
      { entityRef: FRAUD, dagId: AIRFLOW_DAGS.fraudTraining, conf: [1] },
      { entityRef: FRAUD, dagId: 'bad id' },
      { dagId: AIRFLOW_DAGS.fraudTraining },
    ]) {
      const res = await request(server)
        .post(invoke('trigger-dag-run'))
        .send(input);
      expect({ input, status: res.status }).toEqual({ input, status: 400 });
    }
    expect(audit).toEqual([]);
  });
});

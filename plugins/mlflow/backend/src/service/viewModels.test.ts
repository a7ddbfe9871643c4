import { mlflowRun } from '@mlops-portal/plugin-mlflow-node/testUtils';
import {
  toMetricPoints,
  toModelView,
  toRunSummaries,
  toRunSummary,
  toStage,
} from './viewModels';

const v2 = { uiUrl: 'https://mlflow.example.com/', majorVersion: 2 as const };
const v3 = { ...v2, majorVersion: 3 as const };

describe('view models', () => {
  it('maps a frozen (cached) page of runs once per page and instance, any other page every time', () => {
    const page = Object.freeze([mlflowRun('a', '1', { auc: 0.9 })]);
    const rows = toRunSummaries(page, v3);
    expect(rows).toEqual([toRunSummary(page[0], v3)]);
    expect(toRunSummaries(page, v3)).toBe(rows);
    expect(Object.isFrozen(rows[0].metrics)).toBe(true);
    // Another instance's links, or another major version, are other rows.
    const other = {
      uiUrl: 'https://other.example.com/',
      majorVersion: 3 as const,
    };
    expect(toRunSummaries(page, other)[0].url).toMatch(/^https:\/\/other/);
    expect(toRunSummaries(page, v2)).not.toBe(rows);
    const mutable = [mlflowRun('b', '1', {})];
    expect(toRunSummaries(mutable, v3)).not.toBe(toRunSummaries(mutable, v3));
  });

  it('maps a run to a runs-table row with latest metrics, user, duration and a UI link', () => {
    expect(toRunSummary(mlflowRun('abc', '1', { auc: 0.9 }), v3)).toEqual({
      runId: 'abc',
      runName: 'name-abc',
      experimentId: '1',
      status: 'FINISHED',
      startTime: 1000,
      endTime: 4000,
      durationMs: 3000,
      user: 'alice',
      metrics: { auc: 0.9 },
      params: { max_depth: '6' },
      tags: { 'mlflow.user': 'alice', 'mlflow.runName': 'name-abc' },
      url: 'https://mlflow.example.com/#/experiments/1/runs/abc',
    });
  });

  it('copes with what MLflow leaves out: no end, no data, run_uuid only, NaN as a string', () => {
    const summary = toRunSummary(
      {
        info: {
          run_id: '',
          run_uuid: 'old',
          experiment_id: '3',
          start_time: 5,
          user_id: 'bob',
        },
        data: {
          metrics: [
            { key: 'loss', value: 'NaN' as unknown as number, timestamp: 1 },
          ],
        },
      },
      v3,
    );
    expect(summary).toMatchObject({
      runId: 'old',
      status: 'RUNNING',
      startTime: 5,
      endTime: undefined,
      durationMs: undefined,
      user: 'bob',
      params: {},
    });
    expect(summary.metrics.loss).toBeNaN();
  });

  it('orders metric points by step, then time', () => {
    expect(
      toMetricPoints([
        { key: 'a', value: 3, timestamp: 9, step: 2 },
        { key: 'a', value: 2, timestamp: 8, step: 1 },
        { key: 'a', value: 1, timestamp: 7 },
        { key: 'a', value: 1.5, timestamp: 5, step: 1 },
      ]).map(p => p.value),
    ).toEqual([1, 1.5, 2, 3]);
  });

  it('builds the model card: newest version first, aliases per version, stages only on 2.x', () => {
    const model = {
      name: 'fraud detector',
      description: '',
      tags: [{ key: 'owner', value: 'fraud' }],
      aliases: [
        { alias: 'champion', version: '2' },
        { alias: 'backup', version: '2' },
      ],
    };
    const versions = [
      {
        name: 'fraud detector',
        version: '2',
        current_stage: 'production',
        run_id: 'r2',
        aliases: ['champion', 'stale'],
      },
      {
        name: 'fraud detector',
        version: '10',
        run_link: 'https://x.example.com/r',
      },
      { name: 'fraud detector', version: '9', run_id: 'gone' },
    ];
    const view = toModelView(model, versions, {
      ...v2,
      runExperiments: new Map([['r2', '1']]),
    });
    expect(view).toMatchObject({
      name: 'fraud detector',
      description: undefined,
      tags: { owner: 'fraud' },
      aliases: { champion: '2', backup: '2' },
      url: 'https://mlflow.example.com/#/models/fraud%20detector',
      stagesSupported: true,
    });
    expect(view.versions.map(v => v.version)).toEqual(['10', '9', '2']);
    expect(view.versions[2]).toMatchObject({
      stage: 'Production',
      aliases: ['backup', 'champion', 'stale'],
      runId: 'r2',
      runUrl: 'https://mlflow.example.com/#/experiments/1/runs/r2',
      status: 'READY',
    });
    expect(view.versions[0].runUrl).toBe('https://x.example.com/r');
    expect(view.versions[1].runUrl).toBeUndefined();

    const onV3 = toModelView(model, versions, v3);
    expect(onV3.stagesSupported).toBe(false);
    expect(onV3.versions.every(v => v.stage === undefined)).toBe(true);
  });

  it('keeps aliases named like Object members as plain aliases, from the model and from its versions', () => {
    const view = toModelView(
      {
        name: 'm',
        aliases: [
          { alias: '__proto__', version: '1' },
          { alias: 'toString', version: '1' },
        ],
      },
      [
        // Aliases only the version still lists (the model's list is newer, or absent).
        { name: 'm', version: '1', aliases: ['constructor', 'hasOwnProperty'] },
      ],
      v3,
    );
    expect(Object.keys(view.aliases)).toEqual(['__proto__', 'toString']);
    expect(Object.getOwnPropertyDescriptor(view.aliases, '__proto__')).toEqual(
      expect.objectContaining({ value: '1' }),
    );
    expect(view.versions[0].aliases).toEqual([
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'toString',
    ]);
  });

  it('normalises stage names and rejects unknown ones', () => {
    expect(toStage('STAGING')).toBe('Staging');
    expect(toStage('none')).toBe('None');
    expect(toStage('Shipping')).toBeUndefined();
    expect(toStage(undefined)).toBeUndefined();
  });
});

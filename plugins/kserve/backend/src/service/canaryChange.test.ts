import { ConflictError, InputError } from '@backstage/errors';
import {
  CanaryChange,
  describeInferenceService,
} from '@mlops-portal/plugin-kserve-common';
import {
  buildInferenceServiceObject,
  InferenceServiceFixture,
} from '@mlops-portal/plugin-kserve-node/testUtils';
import {
  canaryPercentFor,
  requireResourceVersion,
  trafficRecord,
} from './canaryChange';

const summaryOf = (fixture: Partial<InferenceServiceFixture>) =>
  describeInferenceService(
    buildInferenceServiceObject({
      namespace: 'models',
      name: 'fraud-detector',
      ...fixture,
    }),
    'prod',
  );

const PROMOTE: CanaryChange = { kind: 'promote' };
const ROLLBACK: CanaryChange = { kind: 'rollback' };

describe('canaryPercentFor', () => {
  it('promotes to 100, rolls back to 0 and sets what it is given, on a canary', () => {
    const canary = summaryOf({ state: 'canary', canaryPercent: 30 });
    expect(canaryPercentFor(PROMOTE, canary)).toBe(100);
    expect(canaryPercentFor(ROLLBACK, canary)).toBe(0);
    expect(canaryPercentFor({ kind: 'set', percent: 45 }, canary)).toBe(45);
  });

  it('rolls back and promotes a canary already at 0 % (its revision is still in the split)', () => {
    const object = buildInferenceServiceObject({
      namespace: 'models',
      name: 'fraud-detector',
      state: 'canary',
      canaryPercent: 0,
    });
    const summary = describeInferenceService(object, 'prod');
    expect(summary.traffic?.latestPercent).toBe(0);
    expect(canaryPercentFor(ROLLBACK, summary)).toBe(0);
    expect(canaryPercentFor(PROMOTE, summary)).toBe(100);
  });

  it.each([
    ['RawDeployment', /KServe has no canary rollout in RawDeployment mode/],
    ['Standard', /KServe has no canary rollout in Standard mode/],
  ] as const)('refuses every change in %s mode', (mode, reason) => {
    const summary = summaryOf({ deploymentMode: mode });
    for (const change of [
      PROMOTE,
      ROLLBACK,
      { kind: 'set', percent: 5 } as const,
    ]) {
      expect(() => canaryPercentFor(change, summary)).toThrow(InputError);
      expect(() => canaryPercentFor(change, summary)).toThrow(reason);
    }
  });

  it('refuses to promote or roll back what is not a canary, saying why', () => {
    const ready = summaryOf({ state: 'ready' });
    expect(() => canaryPercentFor(PROMOTE, ready)).toThrow(
      "InferenceService models/fraud-detector on cluster 'prod' has no canary to promote: fraud-detector-predictor-00003 gets 100 % and no previous revision is in the split",
    );
    expect(() => canaryPercentFor(ROLLBACK, ready)).toThrow(
      /has no canary to roll back/,
    );
    expect(canaryPercentFor({ kind: 'set', percent: 10 }, ready)).toBe(10);

    const unreconciled = summaryOf({ state: 'no-status' });
    expect(() => canaryPercentFor(PROMOTE, unreconciled)).toThrow(
      /its status shows no traffic split yet/,
    );
    const degraded = summaryOf({ state: 'degraded' });
    expect(() => canaryPercentFor(ROLLBACK, degraded)).toThrow(
      /its latest revision fraud-detector-predictor-00003 is not ready, so no canary serves \(fraud-detector-predictor-00002 gets 100 %\)/,
    );
  });
});

describe('requireResourceVersion', () => {
  it('passes the version read, refuses any other with both versions', () => {
    const summary = summaryOf({ resourceVersion: '812' });
    expect(requireResourceVersion(summary, '812')).toBe('812');
    expect(() => requireResourceVersion(summary, '811')).toThrow(ConflictError);
    expect(() => requireResourceVersion(summary, '811')).toThrow(
      'InferenceService models/fraud-detector changed since you loaded it (resourceVersion 811, now 812); reload and try again',
    );
  });
});

describe('trafficRecord', () => {
  it('records the spec’s canary percent and the status’s split, JSON only', () => {
    const record = trafficRecord(
      summaryOf({ state: 'canary', canaryPercent: 20, resourceVersion: '9' }),
    );
    expect(record).toEqual({
      resourceVersion: '9',
      canaryTrafficPercent: 20,
      latestPercent: 20,
      stablePercent: 80,
      split: [
        {
          revisionName: 'fraud-detector-predictor-00003',
          percent: 20,
          latestRevision: true,
          tag: 'latest',
        },
        {
          revisionName: 'fraud-detector-predictor-00002',
          percent: 80,
          latestRevision: false,
          tag: 'prev',
        },
      ],
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    expect(trafficRecord(summaryOf({ state: 'no-status' }))).toEqual({
      resourceVersion: '1',
      canaryTrafficPercent: null,
      latestPercent: null,
      stablePercent: null,
      split: [],
    });
  });
});

import { describeInferenceService } from './describe';

type Condition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
};

const ok = (...types: string[]): Condition[] =>
  types.map(type => ({ type, status: 'True' }));

function isvc(
  status?: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name: 'fraud-detector',
      namespace: 'fraud',
      generation: 5,
      ...extra,
    },
    spec: {
      predictor: {
        model: {
          modelFormat: { name: 'xgboost' },
          storageUri: 'models:/fraud-detector/5',
        },
      },
    },
    ...(status && {
      status: {
        url: 'http://fraud-detector.fraud.example.com',
        observedGeneration: 5,
        ...status,
      },
    }),
  };
}

const verdictOf = (
  status?: Record<string, unknown>,
  extra?: Record<string, unknown>,
) => describeInferenceService(isvc(status, extra), 'prod').verdict;

const canaryTraffic = (latest: number) => ({
  predictor: {
    latestCreatedRevision: 'r5',
    latestReadyRevision: 'r5',
    latestRolledoutRevision: 'r4',
    previousRolledoutRevision: 'r4',
    traffic: [
      {
        latestRevision: true,
        percent: latest,
        revisionName: 'r5',
        tag: 'latest',
      },
      {
        latestRevision: false,
        percent: 100 - latest,
        revisionName: 'r4',
        tag: 'prev',
      },
    ],
  },
});

describe('servingVerdict', () => {
  it('is Ready when every condition is True and one revision takes all traffic', () => {
    expect(
      verdictOf({ conditions: ok('IngressReady', 'PredictorReady', 'Ready') }),
    ).toMatchObject({ kind: 'Ready' });
  });

  it('is Canary with the latest revision share while a rollout splits traffic', () => {
    const verdict = verdictOf({
      conditions: ok('IngressReady', 'PredictorReady', 'Ready'),
      components: canaryTraffic(20),
    });
    expect(verdict).toMatchObject({ kind: 'Canary', canaryPercent: 20 });
    expect(verdict.summary).toContain('r5 gets 20 %');
    expect(verdict.summary).toContain('80 % stays on r4');
  });

  it('is Ready, not Canary, once the canary takes 100 %', () => {
    expect(
      verdictOf({
        conditions: ok('IngressReady', 'PredictorReady', 'Ready'),
        components: canaryTraffic(100),
      }).kind,
    ).toBe('Ready');
  });

  it('is Degraded when the latest revision failed and an older one still serves', () => {
    const verdict = verdictOf({
      conditions: [
        { type: 'IngressReady', status: 'True' },
        {
          type: 'PredictorReady',
          status: 'False',
          reason: 'RevisionFailed',
          message: 'CrashLoopBackOff',
        },
        {
          type: 'Ready',
          status: 'False',
          reason: 'RevisionFailed',
          message: 'CrashLoopBackOff',
        },
      ],
      components: {
        predictor: {
          latestCreatedRevision: 'r5',
          latestReadyRevision: 'r4',
          traffic: [
            { latestRevision: false, percent: 100, revisionName: 'r4' },
          ],
        },
      },
    });
    expect(verdict).toMatchObject({
      kind: 'Degraded',
      cause: 'Ready: RevisionFailed',
    });
    expect(verdict.summary).toContain('r4 still serves');
    expect(verdict.summary).toContain('CrashLoopBackOff');
  });

  it('is Degraded, never Ready, when Ready is True but another condition is False', () => {
    expect(
      verdictOf({
        conditions: [
          ...ok('PredictorReady', 'Ready'),
          {
            type: 'IngressReady',
            status: 'False',
            reason: 'IngressNotConfigured',
            severity: 'Warning',
          },
        ],
      }),
    ).toMatchObject({
      kind: 'Degraded',
      cause: 'IngressReady: IngressNotConfigured',
    });
  });

  it('is Failed when nothing serves and the model failed to load', () => {
    const verdict = verdictOf({
      conditions: [
        { type: 'Ready', status: 'False', reason: 'ModelLoadFailed' },
      ],
      modelStatus: {
        transitionStatus: 'BlockedByFailedLoad',
        states: { activeModelState: 'FailedToLoad' },
        lastFailureInfo: {
          reason: 'ModelLoadFailed',
          message: 'no such object',
        },
      },
    });
    expect(verdict).toMatchObject({
      kind: 'Failed',
      cause: 'Ready: ModelLoadFailed',
    });
  });

  it('is Failed on a failed model load even when no condition is False yet', () => {
    expect(
      verdictOf({
        conditions: ok('Ready'),
        modelStatus: {
          transitionStatus: 'InvalidSpec',
          states: { activeModelState: '' },
        },
      }).kind,
    ).toBe('Failed');
  });

  it('is Progressing while the model is still loading', () => {
    expect(
      verdictOf({
        conditions: [{ type: 'Ready', status: 'False', reason: 'Loading' }],
        modelStatus: {
          transitionStatus: 'InProgress',
          states: { activeModelState: 'Loading' },
        },
      }).kind,
    ).toBe('Progressing');
  });

  it('is Progressing while Ready is Unknown or absent, or before any status', () => {
    expect(
      verdictOf({
        conditions: [{ type: 'Ready', status: 'Unknown', reason: 'Deploying' }],
      }),
    ).toMatchObject({
      kind: 'Progressing',
      cause: 'Ready: Deploying',
    });
    expect(verdictOf({ conditions: ok('PredictorReady') }).kind).toBe(
      'Progressing',
    );
    expect(verdictOf(undefined).summary).toContain('not reported a status');
  });

  it('is Progressing while the controller has not seen the latest spec', () => {
    expect(
      verdictOf({ conditions: ok('Ready'), observedGeneration: 4 }).summary,
    ).toContain('generation 5');
  });

  it('is Stopped when the Stopped condition is True or the stop annotation is set', () => {
    expect(
      verdictOf({
        conditions: [
          { type: 'Stopped', status: 'True' },
          { type: 'Ready', status: 'False' },
        ],
      }).kind,
    ).toBe('Stopped');
    expect(
      verdictOf(
        { conditions: ok('Ready') },
        { annotations: { 'serving.kserve.io/stop': 'true' } },
      ).kind,
    ).toBe('Stopped');
  });

  it('does not count Stopped=False (running) as a failing condition', () => {
    expect(
      verdictOf({
        conditions: [
          ...ok('Ready', 'PredictorReady'),
          { type: 'Stopped', status: 'False' },
        ],
      }).kind,
    ).toBe('Ready');
  });
});

import { describeInferenceService } from '@mlops-portal/plugin-kserve-common';
import {
  canaryObject,
  cluster,
  degradedObject,
  rawDeploymentObject,
  readyObject,
  revision,
  servingOf,
} from '../../__fixtures__/data';
import {
  canaryActionStates,
  canaryRevisions,
  changedMessage,
  describeChange,
  percentProblem,
  targetPercent,
} from './canaryChange';

const canary = describeInferenceService(canaryObject, cluster);
const ready = describeInferenceService(readyObject, cluster);

describe('canaryRevisions', () => {
  it('reads the canary share and both revisions from the traffic split', () => {
    expect(canaryRevisions(canary)).toEqual({
      canaryPercent: 20,
      canaryRevision: revision(5),
      stableRevision: revision(4),
    });
  });

  it('takes the previous rolled-out revision as stable when the latest has all traffic', () => {
    expect(canaryRevisions(ready)).toEqual({
      canaryPercent: 100,
      canaryRevision: revision(5),
      stableRevision: revision(4),
    });
  });

  it('falls back to the spec share while the status has no traffic, and names no revisions it does not know', () => {
    expect(
      canaryRevisions({
        ...canary,
        traffic: undefined,
        predictor: { ...canary.predictor, canaryTrafficPercent: 35 },
      }),
    ).toEqual({ canaryPercent: 35, canaryRevision: undefined });
    expect(
      canaryRevisions({
        ...canary,
        traffic: undefined,
        predictor: { ...canary.predictor, canaryTrafficPercent: undefined },
      }).canaryPercent,
    ).toBe(100);
  });
});

describe('describeChange', () => {
  it.each([
    [
      { kind: 'promote' as const },
      'Canary traffic: 20 % → 100 %',
      [
        `${revision(5)} (canary): 20 % → 100 %`,
        `${revision(4)} (stable): 80 % → 0 %`,
      ],
    ],
    [
      { kind: 'rollback' as const },
      'Canary traffic: 20 % → 0 %',
      [
        `${revision(5)} (canary): 20 % → 0 %`,
        `${revision(4)} (stable): 80 % → 100 %`,
      ],
    ],
    [
      { kind: 'set' as const, percent: 35 },
      'Canary traffic: 20 % → 35 %',
      [
        `${revision(5)} (canary): 20 % → 35 %`,
        `${revision(4)} (stable): 80 % → 65 %`,
      ],
    ],
  ])(
    'says what %p changes, revision by revision',
    (change, headline, lines) => {
      expect(describeChange(change, canary)).toEqual({
        headline,
        revisions: lines,
        unchanged: false,
      });
    },
  );

  it('notices a change to the share there is now', () => {
    expect(describeChange({ kind: 'set', percent: 20 }, canary).unchanged).toBe(
      true,
    );
    expect(describeChange({ kind: 'promote' }, ready).unchanged).toBe(true);
  });
});

describe('targetPercent and changedMessage', () => {
  it('maps each change to its share and a message naming the revisions', () => {
    expect(targetPercent({ kind: 'promote' })).toBe(100);
    expect(targetPercent({ kind: 'rollback' })).toBe(0);
    expect(targetPercent({ kind: 'set', percent: 7 })).toBe(7);
    expect(changedMessage({ kind: 'promote' }, canary)).toBe(
      `Promoted: ${revision(5)} gets 100 % of traffic.`,
    );
    expect(changedMessage({ kind: 'rollback' }, canary)).toBe(
      `Rolled back: ${revision(4)} gets all traffic again, ${revision(
        5,
      )} none.`,
    );
    expect(changedMessage({ kind: 'set', percent: 35 }, canary)).toBe(
      `Canary set to 35 %: ${revision(5)} gets 35 %, ${revision(4)} 65 %.`,
    );
  });
});

describe('percentProblem', () => {
  it.each(['0', '35', '100', ' 42 '])('accepts %p', text => {
    expect(percentProblem(text)).toBeUndefined();
  });

  it.each([
    ['', 'Required: a whole number from 0 to 100'],
    ['  ', 'Required: a whole number from 0 to 100'],
    ['12.5', 'Must be a whole number from 0 to 100, not "12.5"'],
    ['twenty', 'Must be a whole number from 0 to 100, not "twenty"'],
    ['1e2', 'Must be a whole number from 0 to 100, not "1e2"'],
    ['101', 'Must be from 0 to 100, not 101'],
    ['-1', 'Must be from 0 to 100, not -1'],
  ])('refuses %p', (text, problem) => {
    expect(percentProblem(text)).toBe(problem);
  });
});

describe('canaryActionStates', () => {
  it('offers what the backend allows, all usable during a canary', () => {
    expect(canaryActionStates(servingOf(canaryObject))).toEqual({
      promote: { offered: true, disabledReason: undefined },
      rollback: { offered: true, disabledReason: undefined },
      set: { offered: true, disabledReason: undefined },
    });
    expect(
      canaryActionStates(
        servingOf(canaryObject, { allowed: { update: false, rollback: true } }),
      ),
    ).toMatchObject({
      promote: { offered: false },
      rollback: { offered: true },
      set: { offered: false },
    });
  });

  it('disables a promotion of what already has all traffic, and a rollback of what has none', () => {
    const states = canaryActionStates(servingOf(readyObject));
    expect(states.promote.disabledReason).toBe(
      'The latest revision already gets 100 % of traffic',
    );
    expect(states.rollback.disabledReason).toBeUndefined();
    const rolledBack = servingOf(canaryObject);
    rolledBack.inferenceService.traffic!.latestPercent = 0;
    expect(canaryActionStates(rolledBack).rollback.disabledReason).toBe(
      'The canary already gets no traffic',
    );
  });

  it('disables every change with KServe’s reason where the mode has no canary', () => {
    const serving = servingOf(rawDeploymentObject);
    const reason = serving.inferenceService.canaryUnsupportedReason;
    expect(reason).toMatch(/RawDeployment/);
    const states = canaryActionStates(serving);
    expect(
      [states.promote, states.rollback, states.set].map(s => s.disabledReason),
    ).toEqual([reason, reason, reason]);
  });

  it('disables rollback and set when no revision could take the traffic back', () => {
    const serving = servingOf(degradedObject);
    const is = serving.inferenceService;
    is.traffic = {
      ...is.traffic!,
      previousRolledoutRevision: undefined,
      latestRolledoutRevision: undefined,
    };
    const states = canaryActionStates(serving);
    expect(states.rollback.disabledReason).toBe(
      'There is no previous revision to send traffic to',
    );
    expect(states.set.disabledReason).toBe(
      'There is no previous revision to send traffic to',
    );
  });

  it('disables every change of an object without a resourceVersion to change it on', () => {
    const serving = servingOf(canaryObject);
    serving.inferenceService.resourceVersion = undefined;
    expect(canaryActionStates(serving).set.disabledReason).toBe(
      'The InferenceService has no resourceVersion to change it on',
    );
  });
});

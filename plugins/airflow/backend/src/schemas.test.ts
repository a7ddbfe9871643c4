import {
  describeConfProblem,
  describeDateTimeProblem,
} from '@mlops-portal/plugin-airflow-common';
import {
  actionInputSchemas,
  runsQuerySchema,
  triggerBodySchema,
} from './schemas';

const issues = (result: { success: boolean; error?: { issues: unknown[] } }) =>
  result.success ? [] : result.error!.issues;

// The routes and actions check conf and dates by the rules of @mlops-portal/plugin-airflow-common,
// and say what it says.
describe('the trigger body', () => {
  it('takes no conf, a JSON object, a date-time with an offset, or no logical date', () => {
    for (const body of [
      {},
      { conf: { epochs: 3, __proto__: { x: 1 } } },
      { logicalDate: '2026-11-01T02:00:00+01:00' },
      { logicalDate: null },
    ]) {
      expect(triggerBodySchema.safeParse(body).success).toBe(true);
    }
  });

  it.each([null, [1, 2], '{"a":1}', 3])(
    'refuses conf %j with the common message',
    conf => {
      expect(issues(triggerBodySchema.safeParse({ conf }))).toEqual([
        expect.objectContaining({
          path: ['conf'],
          message: describeConfProblem(conf),
        }),
      ]);
    },
  );

  it.each(['2026-02-30T00:00:00Z', '2026-11-01', '2026-11-01T02:00:00'])(
    'refuses the logical date %s with the common message',
    logicalDate => {
      expect(issues(triggerBodySchema.safeParse({ logicalDate }))).toEqual([
        expect.objectContaining({
          path: ['logicalDate'],
          message: describeDateTimeProblem('logicalDate', logicalDate),
        }),
      ]);
    },
  );

  it('is the trigger action’s input too', () => {
    const input = { entityRef: 'component:default/x', dagId: 'train' };
    expect(
      actionInputSchemas.trigger.safeParse({ ...input, conf: null }).success,
    ).toBe(false);
    expect(
      actionInputSchemas.trigger.safeParse({
        ...input,
        logicalDate: '2026-11-01T02:00:00Z',
      }).success,
    ).toBe(true);
  });
});

describe('the runs query', () => {
  it('takes since and until as date-times with an offset', () => {
    expect(
      runsQuerySchema.safeParse({
        since: '2026-11-01T00:00:00Z',
        until: '2026-11-30T23:59:59.999999-05:00',
      }).success,
    ).toBe(true);
  });

  it.each(['yesterday', '2026-11-01', '2026-11-31T00:00:00Z'])(
    'refuses since and until %s with the common message',
    date => {
      expect(
        issues(runsQuerySchema.safeParse({ since: date, until: date })),
      ).toEqual([
        expect.objectContaining({
          path: ['since'],
          message: describeDateTimeProblem('since', date),
        }),
        expect.objectContaining({
          path: ['until'],
          message: describeDateTimeProblem('until', date),
        }),
      ]);
    },
  );
});

import {
  describeConfProblem,
  describeDateTimeProblem,
  isAirflowDateTime,
  isDagRunConf,
} from './runInput';

describe('isDagRunConf and describeConfProblem', () => {
  it('take any JSON object, and absent as no conf', () => {
    for (const conf of [{}, { a: [1, { b: null }] }, { __proto__: 1 }]) {
      expect(isDagRunConf(conf)).toBe(true);
      expect(describeConfProblem(conf)).toBeUndefined();
    }
    expect(isDagRunConf(undefined)).toBe(false);
    expect(describeConfProblem(undefined)).toBeUndefined();
  });

  it.each([
    [null, 'null'],
    [[1, 2], 'an array'],
    ['{"a": 1}', 'a string (give the object itself, not its JSON text)'],
    [3, 'a number'],
    [true, 'a boolean'],
  ])('refuse %j, saying what it is', (value, what) => {
    expect(isDagRunConf(value)).toBe(false);
    expect(describeConfProblem(value)).toBe(
      `conf must be a JSON object of the run's parameters, e.g. {"epochs": 10}; got ${what}`,
    );
  });
});

describe('isAirflowDateTime', () => {
  it.each([
    '2026-11-01T02:00:00Z',
    '2026-11-01T02:00:00.5Z',
    '2026-11-01T02:00:00.123456+05:30',
    '2026-11-01T02:00:00-00:00',
    '2028-02-29T00:00:00-01:00',
    '2026-12-31T23:59:59+23:59',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
  ])('takes %s', value => {
    expect(isAirflowDateTime(value)).toBe(true);
    expect(describeDateTimeProblem('logicalDate', value)).toBeUndefined();
  });

  it.each([
    ['a date without a time', '2026-11-01'],
    ['no offset', '2026-11-01T02:00:00'],
    ['no seconds', '2026-11-01T02:00Z'],
    ['a space for T', '2026-11-01 02:00:00Z'],
    ['lower case', '2026-11-01t02:00:00z'],
    ['an offset without a colon', '2026-11-01T02:00:00+0100'],
    ['an hour-only offset', '2026-11-01T02:00:00+01'],
    ['more than microseconds', '2026-11-01T02:00:00.1234567Z'],
    ['29 February of a common year', '2027-02-29T00:00:00Z'],
    ['31 April', '2026-04-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['month 0', '2026-00-01T00:00:00Z'],
    ['hour 24', '2026-11-01T24:00:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['an offset of 24 hours', '2026-11-01T02:00:00+24:00'],
    ['year 0', '0000-06-01T00:00:00Z'],
    ['year 0 in UTC', '0001-01-01T00:30:00+01:00'],
    ['year 10000 in UTC', '9999-12-31T23:30:00-01:00'],
    ['a word', 'now'],
    ['blank', ''],
    ['a date-time with more around it', ' 2026-11-01T02:00:00Z'],
  ])('refuses %s', (_, value) => {
    expect(isAirflowDateTime(value)).toBe(false);
    expect(describeDateTimeProblem('logicalDate', value)).toBe(
      `logicalDate must be an RFC 3339 date-time with seconds and an offset, e.g. 2026-11-01T02:00:00Z; got ${JSON.stringify(
        value,
      )}`,
    );
  });

  it.each([
    [1793498400000, 'a number'],
    [null, 'null'],
    [new Date(0), 'an object'],
    [undefined, 'nothing'],
  ])('refuses %p, which is no string', (value, what) => {
    expect(isAirflowDateTime(value)).toBe(false);
    expect(describeDateTimeProblem('since', value)).toMatch(
      new RegExp(`^since must be an RFC 3339 date-time .*; got ${what}$`),
    );
  });
});

import { parseRetryAfter } from './retry';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');

  it.each([
    ['0', 0],
    ['2', 2000],
    [' 120 ', 120_000],
    ['Wed, 01 Jan 2025 12:00:30 GMT', 30_000],
    // a date in the past means "now"
    ['Wed, 01 Jan 2025 11:00:00 GMT', 0],
  ])('%j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([[null], [''], ['soon'], ['-1'], ['1.5']])('ignores %j', value => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

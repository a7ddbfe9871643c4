import { formatDuration, formatTimestamp, UNKNOWN_VALUE } from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [1_000, '1.0 s'],
    [12_400, '12 s'],
    [9_990, '9.9 s'],
    [185_000, '3 min 05 s'],
    [3_600_000 + 2 * 60_000 + 59_000, '1 h 02 min'],
    [2 * 86_400_000 + 3 * 3_600_000 + 1, '2 d 3 h'],
  ])('formats %p ms as %p', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('shows unknown, negative and non-finite durations as unknown', () => {
    for (const value of [undefined, null, -1, NaN, Infinity]) {
      expect(formatDuration(value)).toBe(UNKNOWN_VALUE);
    }
  });
});

describe('formatTimestamp', () => {
  it('formats in local time, zero-padded', () => {
    expect(formatTimestamp(new Date(2024, 0, 2, 3, 4, 59).getTime())).toBe(
      '2024-01-02 03:04',
    );
    expect(formatTimestamp(new Date(2025, 11, 31, 23, 5).getTime())).toBe(
      '2025-12-31 23:05',
    );
  });

  it('shows an unknown timestamp as unknown', () => {
    expect(formatTimestamp(undefined)).toBe(UNKNOWN_VALUE);
    expect(formatTimestamp(NaN)).toBe(UNKNOWN_VALUE);
  });
});

import { formatMetricValue } from './formatMetricValue';

describe('formatMetricValue', () => {
  it.each([
    [42, '42'],
    [0.934567, '0.9346'],
    [0.000012345, '0.00001234'],
    [1234.56789, '1234.5679'],
    [-0.5, '-0.5'],
    [NaN, 'NaN'],
    [undefined, '–'],
  ])('formats %p as %p', (value, expected) => {
    expect(formatMetricValue(value)).toBe(expected);
  });
});

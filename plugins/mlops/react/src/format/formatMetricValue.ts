/**
 * Formats a metric value for a table cell: integers as they are, values ≥ 1 with at most four
 * decimals, smaller values with four significant digits (`0.9346`, `0.00001234`).
 *
 * @public
 */
export function formatMetricValue(value: number | undefined | null): string {
  if (value === undefined || value === null) {
    return '–';
  }
  if (!Number.isFinite(value) || Number.isInteger(value)) {
    return String(value);
  }
  if (Math.abs(value) >= 1) {
    return String(Number(value.toFixed(4)));
  }
  return String(Number(value.toPrecision(4)));
}

import { detail, runs } from '../../__fixtures__/data';
import { chartRows, defaultMetric, metricKeys } from './chartData';

describe('chart data', () => {
  const a = detail(runs[0], 3);
  const b = {
    ...detail(runs[1], 2),
    metricHistories: {
      val_auc: [
        { step: 0, value: 0.4, timestamp: 0 },
        { step: 5, value: 0.7, timestamp: 1 },
        { step: 5, value: 0.75, timestamp: 2 },
      ],
      empty: [],
    },
  };

  it('lists the metrics with a history and prefers the longest one', () => {
    expect(metricKeys([a, b])).toEqual(['auc', 'train_loss', 'val_auc']);
    expect(defaultMetric([a, b])).toBe('train_loss');
    expect(defaultMetric([])).toBeUndefined();
  });

  it('merges the runs by step, one key per run, last value of a step winning', () => {
    expect(chartRows([a, b], 'val_auc')).toEqual([
      { step: 0, run1: 0.5, run2: 0.4 },
      { step: 1, run1: 0.55 },
      { step: 2, run1: 0.6 },
      { step: 5, run2: 0.75 },
    ]);
    expect(chartRows([a, b], 'missing')).toEqual([]);
  });
});

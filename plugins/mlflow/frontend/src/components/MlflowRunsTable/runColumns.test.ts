import { runs } from '../../__fixtures__/data';
import {
  DEFAULT_RUNS_SORT,
  keysByFrequency,
  nextSort,
  orderByClause,
} from './runColumns';

describe('runs table columns', () => {
  it('builds MLflow order_by clauses, quoting keys that need it', () => {
    expect(orderByClause(DEFAULT_RUNS_SORT)).toBe('attributes.start_time DESC');
    expect(
      orderByClause({
        field: { type: 'metric', key: 'auc' },
        direction: 'DESC',
      }),
    ).toBe('metrics.auc DESC');
    expect(
      orderByClause({
        field: { type: 'metric', key: 'train/loss' },
        direction: 'ASC',
      }),
    ).toBe('metrics.`train/loss` ASC');
    expect(
      orderByClause({
        field: { type: 'param', key: 'max depth' },
        direction: 'ASC',
      }),
    ).toBe('params.`max depth` ASC');
  });

  it('flips the direction on the same column and starts metrics best-first', () => {
    const byAuc = nextSort(DEFAULT_RUNS_SORT, { type: 'metric', key: 'auc' });
    expect(byAuc.direction).toBe('DESC');
    expect(nextSort(byAuc, { type: 'metric', key: 'auc' }).direction).toBe(
      'ASC',
    );
    expect(nextSort(byAuc, { type: 'param', key: 'max_depth' }).direction).toBe(
      'ASC',
    );
    expect(
      nextSort(DEFAULT_RUNS_SORT, { type: 'attribute', key: 'start_time' })
        .direction,
    ).toBe('ASC');
  });

  it('orders keys by how many runs have them, then by name', () => {
    const page = [
      runs[0],
      { ...runs[1], metrics: { zeta: 1, auc: 0.9 } },
      { ...runs[2], metrics: { zeta: 2 } },
    ];
    expect(keysByFrequency(page, r => r.metrics).slice(0, 3)).toEqual([
      'auc',
      'zeta',
      'f1',
    ]);
  });
});

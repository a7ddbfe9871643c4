import { FilterError, matches, parseFilter, parseOrderBy } from './filter';

describe('MLflow filter parser', () => {
  it('parses AND-ed comparisons over metrics, params, tags and attributes', () => {
    expect(
      parseFilter(
        `metrics.auc >= 0.9 and params.max_depth = '6' AND tags."kfp.run_id" != 'x' and attributes.status IN ('FINISHED', 'FAILED')`,
      ),
    ).toEqual([
      { entity: 'metric', key: 'auc', op: '>=', value: 0.9 },
      { entity: 'param', key: 'max_depth', op: '=', value: '6' },
      { entity: 'tag', key: 'kfp.run_id', op: '!=', value: 'x' },
      {
        entity: 'attribute',
        key: 'status',
        op: 'IN',
        value: ['FINISHED', 'FAILED'],
      },
    ]);
  });

  it('reads unprefixed keys as attributes and keeps unicode values', () => {
    expect(parseFilter("name = 'Produkt Empfehlung – β'")).toEqual([
      {
        entity: 'attribute',
        key: 'name',
        op: '=',
        value: 'Produkt Empfehlung – β',
      },
    ]);
  });

  it('rejects OR, dangling operators and unknown entities', () => {
    expect(() => parseFilter("name = 'a' or name = 'b'")).toThrow(FilterError);
    expect(() => parseFilter('metrics.auc >')).toThrow(FilterError);
    expect(() => parseFilter("colour.x = 'y'")).toThrow(FilterError);
  });

  it('parses order_by clauses with direction', () => {
    expect(parseOrderBy('metrics.auc DESC')).toEqual({
      entity: 'metric',
      key: 'auc',
      ascending: false,
    });
    expect(parseOrderBy('attributes.start_time')).toEqual({
      entity: 'attribute',
      key: 'start_time',
      ascending: true,
    });
    expect(() => parseOrderBy('name sideways')).toThrow(FilterError);
  });

  it('matches LIKE and ILIKE with % and _ wildcards', () => {
    const like = parseFilter("name LIKE 'fraud-%'")[0];
    const ilike = parseFilter("name ILIKE '%DETECT_R'")[0];
    expect(matches(like, 'fraud-detector')).toBe(true);
    expect(matches(like, 'Fraud-detector')).toBe(false);
    expect(matches(ilike, 'fraud-detector')).toBe(true);
    expect(matches(ilike, 'fraud-detectors')).toBe(false);
  });

  it('never matches a missing value (as with SQL joins)', () => {
    expect(matches(parseFilter("tags.owner != 'x'")[0], undefined)).toBe(false);
  });
});

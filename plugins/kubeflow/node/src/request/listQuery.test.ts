import { InputError } from '@backstage/errors';
import { KubeflowPredicate } from '../KubeflowApi';
import { listQuery, toPredicateJson } from './listQuery';

describe('listQuery', () => {
  it('sends the instance’s page size unless asked for less, and nothing unset', () => {
    expect(listQuery({}, 100)).toEqual({
      page_size: 100,
      page_token: undefined,
      sort_by: undefined,
      filter: undefined,
    });
    expect(
      listQuery(
        { pageSize: 10, pageToken: 'abc', sortBy: ' created_at   desc ' },
        100,
      ),
    ).toMatchObject({
      page_size: 10,
      page_token: 'abc',
      sort_by: 'created_at desc',
    });
  });

  it('writes the filter as KFP’s JSON, the caller’s predicates and the client’s', () => {
    const query = listQuery(
      {
        filter: [
          { key: 'display_name', operation: 'IS_SUBSTRING', value: 'fraud' },
        ],
      },
      100,
      [{ key: 'pipeline_version_id', operation: 'EQUALS', value: 'v-1' }],
    );
    expect(JSON.parse(query.filter as string)).toEqual({
      predicates: [
        {
          key: 'display_name',
          operation: 'IS_SUBSTRING',
          string_value: 'fraud',
        },
        {
          key: 'pipeline_version_id',
          operation: 'EQUALS',
          string_value: 'v-1',
        },
      ],
    });
  });

  it.each<[KubeflowPredicate, object]>([
    [
      { key: 'state', operation: 'IN', value: ['FAILED', 'RUNNING'] },
      { string_values: { values: ['FAILED', 'RUNNING'] } },
    ],
    [{ key: 'count', operation: 'GREATER_THAN', value: 3 }, { int_value: 3 }],
    [
      { key: 'count', operation: 'LESS_THAN', value: 2 ** 40 },
      { long_value: String(2 ** 40) },
    ],
    [
      {
        key: 'created_at',
        operation: 'GREATER_THAN_EQUALS',
        value: { timestamp: '2026-11-01T00:00:00+01:00' },
      },
      { timestamp_value: '2026-10-31T23:00:00.000Z' },
    ],
  ])('writes %j with its typed value', (predicate, value) => {
    expect(toPredicateJson(predicate)).toEqual({
      key: predicate.key,
      operation: predicate.operation,
      ...value,
    });
  });

  it.each<[object, string]>([
    [{ pageSize: 0 }, 'pageSize must be an integer from 1 to 100'],
    [{ pageSize: 101 }, "the instance's page size), got 101"],
    [{ sortBy: 'created_at; drop' }, 'sortBy must be a field name'],
    [{ filter: 'state=FAILED' }, 'filter must be a list of predicates'],
    [
      { filter: [{ key: 'state', operation: 'LIKE', value: 'x' }] },
      "filter operation on 'state' must be one of EQUALS",
    ],
    [
      { filter: [{ key: 'state', operation: 'IN', value: 'FAILED' }] },
      "filter value of 'state' IN must be a list of strings",
    ],
    [
      { filter: [{ key: 'state', operation: 'EQUALS', value: ['a'] }] },
      'is a list, which only IN takes',
    ],
    [
      { filter: [{ key: 'rate', operation: 'EQUALS', value: 0.5 }] },
      'must be an integer (KFP filters have no fractions), got 0.5',
    ],
    [
      { filter: [{ key: 'n', operation: 'IS_SUBSTRING', value: 1 }] },
      'IS_SUBSTRING must be a string',
    ],
    [
      {
        filter: [
          {
            key: 'created_at',
            operation: 'EQUALS',
            value: { timestamp: 'soon' },
          },
        ],
      },
      '{ timestamp } with an ISO 8601 date-time',
    ],
    [
      { filter: [{ key: '', operation: 'EQUALS', value: 'x' }] },
      'filter key must be a field name, got ""',
    ],
  ])('refuses %j before anything is sent', (options, message) => {
    expect(() => listQuery(options as any, 100)).toThrow(InputError);
    expect(() => listQuery(options as any, 100)).toThrow(message);
  });
});

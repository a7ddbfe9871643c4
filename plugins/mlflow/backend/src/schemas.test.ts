import { InputError } from '@backstage/errors';
import { parseRequest } from '@mlops-portal/plugin-mlops-node';
import {
  actionInputSchemas,
  compareQuerySchema,
  runsQuerySchema,
  setAliasBodySchema,
  transitionStageBodySchema,
} from './schemas';

const entityRef = 'component:default/fraud-detection-model';

describe('request schemas', () => {
  it('reads the runs query: numbers, repeated orderBy, blank filter', () => {
    expect(
      parseRequest(
        runsQuerySchema,
        {
          maxResults: '50',
          orderBy: ['metrics.auc DESC', ' attributes.start_time '],
          filter: '  ',
          pageToken: 'abc',
        },
        'query',
      ),
    ).toEqual({
      maxResults: 50,
      orderBy: ['metrics.auc DESC', 'attributes.start_time'],
      filter: undefined,
      pageToken: 'abc',
    });
    expect(
      parseRequest(runsQuerySchema, { orderBy: 'metrics.f1 ASC' }, 'query'),
    ).toEqual({ orderBy: ['metrics.f1 ASC'] });
    expect(parseRequest(runsQuerySchema, undefined, 'query')).toEqual({});
  });

  it.each([
    [{ maxResults: '0' }, 'maxResults: maxResults must be at least 1'],
    [{ maxResults: '1001' }, 'maxResults: maxResults must be at most 1000'],
    [{ maxResults: '2.5' }, 'maxResults: maxResults must be a whole number'],
    [{ maxResults: 'ten' }, 'maxResults:'],
    [{ maxResult: '10' }, 'maxResult'],
    [{ orderBy: { a: 'b' } }, 'orderBy'],
  ])('rejects the runs query %j with InputError', (query, message) => {
    const parse = () => parseRequest(runsQuerySchema, query, 'query');
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(message);
  });

  it('reads run ids as a comma list or repeated, without duplicates, at most 10', () => {
    expect(
      parseRequest(
        compareQuerySchema,
        { runIds: 'a,b, a', metrics: 'auc' },
        'query',
      ),
    ).toEqual({ runIds: ['a', 'b'], metrics: ['auc'] });
    expect(
      parseRequest(compareQuerySchema, { runIds: ['a', 'b,c'] }, 'query'),
    ).toEqual({ runIds: ['a', 'b', 'c'] });
    const eleven = Array.from({ length: 11 }, (_, i) => `r${i}`).join(',');
    expect(() =>
      parseRequest(compareQuerySchema, { runIds: eleven }, 'query'),
    ).toThrow('at most 10 runs can be compared at once');
    expect(() =>
      parseRequest(compareQuerySchema, { runIds: ',' }, 'query'),
    ).toThrow('name at least one run');
    expect(() =>
      parseRequest(compareQuerySchema, { runIds: '../x' }, 'query'),
    ).toThrow('not a run id');
    expect(() => parseRequest(compareQuerySchema, {}, 'query')).toThrow(
      'Invalid request query: runIds:',
    );
  });

  it('reads alias bodies, accepting a numeric version', () => {
    expect(
      parseRequest(
        setAliasBodySchema,
        { alias: 'champion', version: 4 },
        'body',
      ),
    ).toEqual({ alias: 'champion', version: '4' });
    expect(() =>
      parseRequest(setAliasBodySchema, { alias: '', version: '4' }, 'body'),
    ).toThrow('alias: alias must not be empty');
    expect(() =>
      parseRequest(
        setAliasBodySchema,
        { alias: 'a', version: 'latest' },
        'body',
      ),
    ).toThrow('version: version must be a version number');
    expect(() => parseRequest(setAliasBodySchema, undefined, 'body')).toThrow(
      /^Invalid request body: alias: .*; version: /,
    );
  });

  it('reads stage bodies in any case, archiving nothing by default', () => {
    expect(
      parseRequest(transitionStageBodySchema, { stage: 'production' }, 'body'),
    ).toEqual({ stage: 'Production', archiveExistingVersions: false });
    expect(() =>
      parseRequest(transitionStageBodySchema, { stage: 'Shipped' }, 'body'),
    ).toThrow(
      "stage: Invalid enum value. Expected 'None' | 'Staging' | 'Production' | 'Archived', received 'Shipped'",
    );
    expect(() =>
      parseRequest(
        transitionStageBodySchema,
        { stage: 'Staging', archiveExistingVersions: 'yes' },
        'body',
      ),
    ).toThrow('archiveExistingVersions');
  });

  it('reads action inputs as the route’s fields plus the entityRef', () => {
    expect(
      parseRequest(
        actionInputSchemas.runs,
        { entityRef, maxResults: 5, orderBy: 'metrics.auc DESC' },
        'input',
      ),
    ).toEqual({ entityRef, maxResults: 5, orderBy: ['metrics.auc DESC'] });
    expect(
      parseRequest(
        actionInputSchemas.compare,
        { entityRef, runIds: ['a', 'b,a'] },
        'input',
      ),
    ).toEqual({ entityRef, runIds: ['a', 'b'] });
    expect(
      parseRequest(
        actionInputSchemas.transitionStage,
        { entityRef, version: 3, stage: 'staging' },
        'input',
      ),
    ).toEqual({
      entityRef,
      version: '3',
      stage: 'Staging',
      archiveExistingVersions: false,
    });
    expect(() => parseRequest(actionInputSchemas.model, {}, 'input')).toThrow(
      'Invalid request input: entityRef: Required',
    );
    expect(() =>
      parseRequest(
        actionInputSchemas.run,
        { entityRef, runId: 'r1', extra: 1 },
        'input',
      ),
    ).toThrow("Unrecognized key(s) in object: 'extra'");
    expect(() =>
      parseRequest(
        actionInputSchemas.deleteAlias,
        { entityRef, alias: '' },
        'input',
      ),
    ).toThrow('alias:');
  });
});

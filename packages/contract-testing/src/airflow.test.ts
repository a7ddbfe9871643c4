import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import {
  describeWithContracts,
  expectValid,
  findContractsDir,
  loadHttpContract,
  expectViolation,
} from './index';

/** Asserts the result is invalid and that one violation is at `where` with a message matching `message`. */

describeWithContracts('Airflow stable REST API v1 (airflow-v1)', () => {
  const v1 = () => loadHttpContract('airflow-v1');

  const dag = {
    dag_id: 'train_churn_model',
    dag_display_name: 'train_churn_model',
    description: null,
    file_token: 'Ii9maWxlcy9kYWdzL3RyYWluLnB5Ig.abc',
    fileloc: '/opt/airflow/dags/train.py',
    is_active: true,
    is_paused: false,
    is_subdag: false,
    owners: ['ml-platform'],
    root_dag_id: null,
    schedule_interval: { __type: 'CronExpression', value: '0 3 * * *' },
    tags: [{ name: 'ml' }],
    next_dagrun: '2026-11-27T03:00:00+00:00',
    has_import_errors: false,
  };

  describe('path matching', () => {
    it('accepts the full /api/v1 path for the spec template /dags', () => {
      expect(v1().findOperation('GET', '/api/v1/dags')).toEqual({
        operationId: 'get_dags',
        pathTemplate: '/dags',
      });
      expect(v1().findOperation('get', '/api/v1/dags/foo/dagRuns')).toEqual({
        operationId: 'get_dag_runs',
        pathTemplate: '/dags/{dag_id}/dagRuns',
      });
    });

    it('ignores the query string when matching', () => {
      expect(
        v1().findOperation('GET', '/api/v1/dags?limit=5&offset=10')
          ?.operationId,
      ).toBe('get_dags');
    });

    it('requires the server prefix and says so', () => {
      expect(v1().findOperation('GET', '/dags')).toBeUndefined();
      expectViolation(
        v1().validateRequest({ method: 'GET', path: '/dags' }),
        'operation',
        /under \/api\/v1/,
      );
    });

    it('prefers literal segments over parameters', () => {
      const base = '/api/v1/dags/d/dagRuns/r/taskInstances/t';
      expect(v1().findOperation('GET', `${base}/listMapped`)?.operationId).toBe(
        'get_mapped_task_instances',
      );
      expect(v1().findOperation('GET', `${base}/3`)?.operationId).toBe(
        'get_mapped_task_instance',
      );
      expect(
        v1().findOperation('POST', '/api/v1/dags/~/dagRuns/list')?.operationId,
      ).toBe('get_dag_runs_batch');
    });

    it('reports an unknown operation and a method the path does not have', () => {
      const unknown = v1().validateRequest({
        method: 'GET',
        path: '/api/v1/nope',
      });
      expect(unknown).toEqual({
        valid: false,
        errors: [
          {
            where: 'operation',
            message: expect.stringContaining(
              'no operation of airflow-v1 matches GET /api/v1/nope',
            ),
          },
        ],
      });
      expectViolation(
        v1().validateRequest({ method: 'PUT', path: '/api/v1/dags' }),
        'operation',
        /PUT is not an operation .* \(has GET, PATCH\)/,
      );
    });
  });

  describe('requests', () => {
    it('accepts typed, repeated and $ref query parameters', () => {
      const result = v1().validateRequest({
        method: 'GET',
        path: '/api/v1/dags?limit=10&offset=0&only_active=true',
        query: { tags: ['ml', 'churn'], order_by: '-dag_id' },
      });
      expectValid(result);
      expect(result.operation).toBe('get_dags');
    });

    it('splits an explode: false array parameter (update_mask) on commas', () => {
      const patch = (query: string) =>
        v1().validateRequest({
          method: 'PATCH',
          path: `/api/v1/dags/train?${query}`,
          body: { is_paused: true },
        });
      expectValid(patch('update_mask=is_paused,description'));
      expectViolation(
        patch('update_mask=a&update_mask=b'),
        'query param update_mask',
        /given 2 times, but the contract wants one ','-separated value/,
      );
    });

    it('accepts the spec example body for PATCH /dags/{dag_id}', () => {
      const doc = yaml.load(
        fs.readFileSync(
          path.join(findContractsDir()!, 'airflow/v1.yaml'),
          'utf8',
        ),
      ) as any;
      const example =
        doc.paths['/dags/{dag_id}'].patch.requestBody.content[
          'application/json'
        ].example;
      expect(example).toEqual({ is_paused: true });
      expectValid(
        v1().validateRequest({
          method: 'PATCH',
          path: '/api/v1/dags/train',
          body: example,
        }),
      );
    });

    it('rejects a query value of the wrong type, an undeclared parameter and a missing required one', () => {
      const bad = v1().validateRequest({
        method: 'GET',
        path: '/api/v1/dags?limit=ten&only_active=yes&limt=3',
      });
      expectViolation(
        bad,
        'query param limit',
        /must be integer; got string "ten"/,
      );
      expectViolation(bad, 'query param only_active', /must be boolean/);
      expectViolation(bad, 'query param limt', /not declared by get_dags/);
      expectViolation(
        v1().validateRequest({
          method: 'PATCH',
          path: '/api/v1/dags',
          body: { is_paused: true },
        }),
        'query param dag_id_pattern',
        /required query parameter is missing/,
      );
    });

    it('rejects a repeated value for a scalar parameter', () => {
      expectViolation(
        v1().validateRequest({
          method: 'GET',
          path: '/api/v1/dags?limit=1&limit=2',
        }),
        'query param limit',
        /given 2 times/,
      );
    });

    it('rejects a missing required body and a wrongly typed body field', () => {
      expectViolation(
        v1().validateRequest({
          method: 'POST',
          path: '/api/v1/dags/train/dagRuns',
        }),
        'request body',
        /required request body is missing/,
      );
      expectViolation(
        v1().validateRequest({
          method: 'POST',
          path: '/api/v1/dags/train/dagRuns',
          body: { conf: 'notanobject' },
        }),
        'request body /conf',
        /must be object/,
      );
      expectValid(
        v1().validateRequest({
          method: 'POST',
          path: '/api/v1/dags/train/dagRuns',
          body: { conf: {}, dag_run_id: null },
        }),
      );
    });

    it('rejects a body on an operation that takes none', () => {
      expectViolation(
        v1().validateRequest({
          method: 'GET',
          path: '/api/v1/dags',
          body: { limit: 1 },
        }),
        'request body',
        /takes no request body/,
      );
    });
  });

  describe('responses', () => {
    it('accepts a DAG collection with nullable fields and a schedule_interval object', () => {
      expectValid(
        v1().validateResponse({
          method: 'GET',
          path: '/api/v1/dags',
          status: 200,
          body: { dags: [dag], total_entries: 1 },
        }),
      );
    });

    it("accepts the spec's own JSON and text/plain examples for GET /config, by content type", () => {
      const doc = yaml.load(
        fs.readFileSync(
          path.join(findContractsDir()!, 'airflow/v1.yaml'),
          'utf8',
        ),
      ) as any;
      const content = doc.paths['/config'].get.responses['200'].content;
      const res = { method: 'GET', path: '/api/v1/config', status: 200 };
      expectValid(
        v1().validateResponse({
          ...res,
          body: content['application/json'].example,
        }),
      );
      expectValid(
        v1().validateResponse({
          ...res,
          body: content['text/plain'].example,
          contentType: 'text/plain; charset=utf-8',
        }),
      );
      expectViolation(
        v1().validateResponse({
          ...res,
          body: { sections: [] },
          contentType: 'text/plain',
        }),
        'response body',
        /a text body; got object/,
      );
      expectViolation(
        v1().validateResponse({
          ...res,
          body: '<html/>',
          contentType: 'text/html',
        }),
        'response content-type',
        /text\/html is not declared for get_config 200 \(declared: application\/json, text\/plain\)/,
      );
      expectViolation(
        v1().validateResponse({ ...res, body: { sections: 'core' } }),
        'response body /sections',
        /must be array/,
      );
    });

    it('rejects wrong types with a precise where', () => {
      const body = {
        dags: [{ ...dag, owners: 'ml-platform' }],
        total_entries: '1',
      };
      const result = v1().validateResponse({
        method: 'GET',
        path: '/api/v1/dags',
        status: 200,
        body,
      });
      expectViolation(
        result,
        'response body /dags/0/owners',
        /must be array; got string "ml-platform"/,
      );
      expectViolation(
        result,
        'response body /total_entries',
        /must be integer/,
      );
      expect(result.operation).toBe('get_dags');
    });

    it('rejects null where the field is not nullable, accepts it where it is', () => {
      expectViolation(
        v1().validateResponse({
          method: 'GET',
          path: '/api/v1/dags/x',
          status: 200,
          body: { ...dag, dag_id: null },
        }),
        'response body /dag_id',
        /must be string/,
      );
      expectValid(
        v1().validateResponse({
          method: 'GET',
          path: '/api/v1/dags/x',
          status: 200,
          body: { ...dag, is_paused: null },
        }),
      );
    });

    it('rejects a bad enum value', () => {
      const run = { dag_id: 'x', dag_run_id: 'r', state: 'exploded', conf: {} };
      expectViolation(
        v1().validateResponse({
          method: 'GET',
          path: '/api/v1/dags/x/dagRuns/r',
          status: 200,
          body: run,
        }),
        'response body /state',
        /must be one of "queued", "running", "success", "failed"; got string "exploded"/,
      );
    });

    it('validates declared error responses (RFC 7807 Error) and requires their fields', () => {
      const notFound = {
        type: 'about:blank',
        title: 'DAG not found',
        status: 404,
        detail: 'no DAG x',
      };
      expectValid(
        v1().validateResponse({
          method: 'GET',
          path: '/api/v1/dags/x',
          status: 404,
          body: notFound,
        }),
      );
      expectViolation(
        v1().validateResponse({
          method: 'GET',
          path: '/api/v1/dags/x',
          status: 404,
          body: { detail: 'no DAG x' },
        }),
        'response body /title',
        /required property 'title' is missing/,
      );
    });

    it('rejects an undeclared status', () => {
      expectViolation(
        v1().validateResponse({
          method: 'GET',
          path: '/api/v1/dags',
          status: 500,
          body: {},
        }),
        'status',
        /500 is not declared for get_dags \(declared: 200, 401\)/,
      );
    });

    it('rejects a body on a 204', () => {
      expectValid(
        v1().validateResponse({
          method: 'DELETE',
          path: '/api/v1/dags/x',
          status: 204,
          body: undefined,
        }),
      );
      expectViolation(
        v1().validateResponse({
          method: 'DELETE',
          path: '/api/v1/dags/x',
          status: 204,
          body: { ok: true },
        }),
        'response body',
        /declares no body/,
      );
    });
  });
});

function dagV2(overrides: Record<string, unknown> = {}) {
  return {
    dag_id: 'train_churn_model',
    dag_display_name: 'Train churn model',
    is_paused: false,
    is_stale: false,
    fileloc: '/opt/airflow/dags/train.py',
    relative_fileloc: 'train.py',
    tags: [
      {
        name: 'ml',
        dag_id: 'train_churn_model',
        dag_display_name: 'Train churn model',
      },
    ],
    max_active_tasks: 16,
    max_active_runs: 1,
    max_consecutive_failed_dag_runs: 0,
    has_task_concurrency_limits: false,
    has_import_errors: false,
    owners: ['ml-platform'],
    file_token: 'abc',
    description: null,
    timetable_summary: '0 3 * * *',
    next_dagrun_logical_date: '2026-11-27T03:00:00Z',
    last_parsed_time: null,
    bundle_name: 'dags-folder',
    bundle_version: null,
    ...overrides,
  };
}

describeWithContracts(
  'Airflow 3 public REST API (airflow-v2, airflow-v2-3.0)',
  () => {
    const v2 = () => loadHttpContract('airflow-v2');
    const v230 = () => loadHttpContract('airflow-v2-3.0');

    it('matches /api/v2 paths as written, preferring literals (assets/aliases over assets/{asset_id})', () => {
      expect(v2().findOperation('GET', '/api/v2/dags?limit=1')).toEqual({
        operationId: 'get_dags',
        pathTemplate: '/api/v2/dags',
      });
      expect(
        v2().findOperation('GET', '/api/v2/assets/aliases')?.operationId,
      ).toBe('get_asset_aliases');
      expect(v2().findOperation('GET', '/api/v2/assets/42')?.operationId).toBe(
        'get_asset',
      );
      expect(v2().findOperation('GET', '/api/v1/dags')).toBeUndefined();
    });

    it('accepts a valid list request, rejects bad nullable enums and wrong types in the query', () => {
      expectValid(
        v2().validateRequest({
          method: 'GET',
          path: '/api/v2/dags',
          query: {
            limit: '5',
            paused: 'true',
            tags: ['a', 'b'],
            last_dag_run_state: 'success',
          },
        }),
      );
      const bad = v2().validateRequest({
        method: 'GET',
        path: '/api/v2/dags?limit=-1&last_dag_run_state=exploded&paused=maybe',
      });
      expectViolation(bad, 'query param limit', /must be >= 0/);
      expectViolation(
        bad,
        'query param last_dag_run_state',
        /must be one of "queued", "running", "success", "failed"/,
      );
      expectViolation(bad, 'query param paused', /must be boolean or null/);
    });

    it('validates a JSON body with anyOf-null items and additionalProperties: false', () => {
      const list = '/api/v2/dags/~/dagRuns/list';
      expectValid(
        v2().validateRequest({
          method: 'POST',
          path: list,
          body: { dag_ids: ['a'], states: ['success', null], page_limit: 10 },
        }),
      );
      const bad = v2().validateRequest({
        method: 'POST',
        path: list,
        body: { states: ['exploded'], page_limt: 10 },
      });
      expectViolation(bad, 'request body /states/0', /must be one of/);
      expectViolation(bad, 'request body /page_limt', /not in the contract/);
    });

    it('accepts a DAG collection response and names each missing required field', () => {
      expectValid(
        v2().validateResponse({
          method: 'GET',
          path: '/api/v2/dags',
          status: 200,
          body: {
            dags: [dagV2({ timetable_partitioned: false })],
            total_entries: 1,
          },
        }),
      );
      const { owners, ...noOwners } = dagV2({ timetable_partitioned: false });
      expect(owners).toBeDefined();
      expectViolation(
        v2().validateResponse({
          method: 'GET',
          path: '/api/v2/dags',
          status: 200,
          body: { dags: [noOwners], total_entries: 1 },
        }),
        'response body /dags/0/owners',
        /required property 'owners' is missing/,
      );
    });

    it('tells 3.0 and 3.2 apart: timetable_partitioned is required only in the newer contract', () => {
      const body = { dags: [dagV2()], total_entries: 1 };
      expectValid(
        v230().validateResponse({
          method: 'GET',
          path: '/api/v2/dags',
          status: 200,
          body,
        }),
      );
      expectViolation(
        v2().validateResponse({
          method: 'GET',
          path: '/api/v2/dags',
          status: 200,
          body,
        }),
        'response body /dags/0/timetable_partitioned',
        /required/,
      );
    });

    it('validates error responses: HTTPExceptionResponse and the 422 HTTPValidationError', () => {
      expectValid(
        v2().validateResponse({
          method: 'GET',
          path: '/api/v2/dags/x',
          status: 404,
          body: { detail: 'DAG x not found' },
        }),
      );
      expectValid(
        v2().validateResponse({
          method: 'GET',
          path: '/api/v2/dags',
          status: 422,
          body: {
            detail: [
              {
                loc: ['query', 'limit'],
                msg: 'Input should be a valid integer',
                type: 'int_parsing',
              },
            ],
          },
        }),
      );
      expectViolation(
        v2().validateResponse({
          method: 'GET',
          path: '/api/v2/dags/x',
          status: 404,
          body: { detail: 42 },
        }),
        'response body /detail',
        /must be string or object; got number 42/,
      );
      expectViolation(
        v2().validateResponse({
          method: 'GET',
          path: '/api/v2/dags',
          status: 500,
          body: {},
        }),
        'status',
        /not declared/,
      );
    });
  },
);

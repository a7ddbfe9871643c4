import {
  describeWithContracts,
  expectValid,
  loadHttpContract,
  expectViolation,
} from './index';

const run = {
  info: {
    run_id: 'a1b2c3',
    run_uuid: 'a1b2c3',
    run_name: 'bold-fox-42',
    experiment_id: '1',
    user_id: 'alice',
    status: 'FINISHED',
    start_time: 1764151200000,
    end_time: 1764151800000,
    artifact_uri: 's3://mlflow/1/a1b2c3/artifacts',
    lifecycle_stage: 'active',
  },
  data: {
    metrics: [
      { key: 'auc', value: 0.91, timestamp: 1764151800000, step: 3 },
      { key: 'loss', value: 'NaN', timestamp: 1764151800000, step: 3 },
    ],
    params: [{ key: 'lr', value: '0.1' }],
    tags: [{ key: 'mlflow.user', value: 'alice' }],
  },
};

const modelVersion = {
  name: 'churn',
  version: '3',
  creation_timestamp: 1764151800000,
  last_updated_timestamp: 1764151800000,
  current_stage: 'None',
  source: 'models:/m-123',
  run_id: 'a1b2c3',
  status: 'READY',
  tags: [{ key: 'team', value: 'ml' }],
  aliases: ['champion'],
};

describeWithContracts('MLflow 2.x REST (mlflow-2, derived contract)', () => {
  const ml = () => loadHttpContract('mlflow-2');

  describe('path matching', () => {
    it('finds rpcs by method and full path, ignoring the query string', () => {
      expect(ml().findOperation('POST', '/api/2.0/mlflow/runs/search')).toEqual(
        {
          operationId: 'searchRuns',
          pathTemplate: '/api/2.0/mlflow/runs/search',
        },
      );
      expect(
        ml().findOperation('GET', '/api/2.0/mlflow/runs/get?run_id=x')
          ?.operationId,
      ).toBe('getRun');
      expect(
        ml().findOperation('GET', '/ajax-api/2.0/mlflow/runs/get')?.operationId,
      ).toBe('getRun');
      expect(
        ml().findOperation('GET', '/api/2.0/mlflow/traces/tr-1/info'),
      ).toEqual({
        operationId: 'getTraceInfo',
        pathTemplate: '/api/2.0/mlflow/traces/{request_id}/info',
      });
    });

    it('has no 3.x-only endpoints', () => {
      expect(
        ml().findOperation('POST', '/api/2.0/mlflow/logged-models/search'),
      ).toBeUndefined();
      expectViolation(
        ml().validateRequest({ method: 'GET', path: '/api/2.0/mlflow/nope' }),
        'operation',
        /no rpc of mlflow-2 matches GET/,
      );
      expectViolation(
        ml().validateRequest({
          method: 'GET',
          path: '/api/2.0/mlflow/runs/search',
        }),
        'operation',
        /has POST/,
      );
    });
  });

  describe('requests', () => {
    it('reads GET fields from the query string: required, typed, repeated', () => {
      expectValid(
        ml().validateRequest({
          method: 'GET',
          path: '/api/2.0/mlflow/experiments/get-by-name?experiment_name=churn',
        }),
      );
      expectValid(
        ml().validateRequest({
          method: 'GET',
          path: '/api/2.0/mlflow/registered-models/search',
          query: {
            max_results: '100',
            order_by: ['name ASC', 'last_updated_timestamp DESC'],
            filter: "name LIKE 'c%'",
          },
        }),
      );
      expectViolation(
        ml().validateRequest({
          method: 'GET',
          path: '/api/2.0/mlflow/experiments/get-by-name',
        }),
        'query param experiment_name',
        /required property 'experiment_name' is missing/,
      );
      const bad = ml().validateRequest({
        method: 'GET',
        path: '/api/2.0/mlflow/registered-models/search?max_results=lots&filter=a&filter=b&pageToken=x',
      });
      expectViolation(
        bad,
        'query param max_results',
        /must be integer; got string "lots"/,
      );
      expectViolation(bad, 'query param filter', /not a repeated field/);
      expectViolation(bad, 'query param pageToken', /not in the contract/);
    });

    it('reads POST fields from the JSON body and catches misspelled fields', () => {
      expectValid(
        ml().validateRequest({
          method: 'POST',
          path: '/api/2.0/mlflow/runs/search',
          body: {
            experiment_ids: ['1'],
            filter: 'metrics.auc > 0.9',
            run_view_type: 'ACTIVE_ONLY',
            max_results: 100,
            order_by: ['start_time DESC'],
          },
        }),
      );
      const bad = ml().validateRequest({
        method: 'POST',
        path: '/api/2.0/mlflow/runs/search',
        body: {
          experiment_ids: '1',
          max_results: '100',
          run_view_type: 'ACTIVE',
          filtr: 'x',
        },
      });
      expectViolation(bad, 'request body /experiment_ids', /must be array/);
      expectViolation(
        bad,
        'request body /max_results',
        /must be integer; got string "100"/,
      );
      expectViolation(
        bad,
        'request body /run_view_type',
        /must be one of "ACTIVE_ONLY", "DELETED_ONLY", "ALL"/,
      );
      expectViolation(
        bad,
        'request body /filtr',
        /property 'filtr' is not in the contract/,
      );
    });

    it('requires (validate_required) fields in bodies, including nested messages', () => {
      expectViolation(
        ml().validateRequest({
          method: 'POST',
          path: '/api/2.0/mlflow/experiments/create',
          body: { artifact_location: 's3://x' },
        }),
        'request body /name',
        /required property 'name' is missing/,
      );
      expectViolation(
        ml().validateRequest({
          method: 'POST',
          path: '/api/2.0/mlflow/traces/tr-1/assessments',
          body: {
            assessment: {
              feedback: { value: true },
              source: { source_type: 'HUMAN' },
            },
          },
        }),
        'request body /assessment/assessment_name',
        /required/,
      );
    });

    it('fills path parameters into the message (nested assessment.trace_id too) and enforces proto oneofs', () => {
      const assessment = {
        assessment_name: 'relevance',
        source: { source_type: 'HUMAN', source_id: 'alice' },
        feedback: { value: 0.8 },
      };
      expectValid(
        ml().validateRequest({
          method: 'POST',
          path: '/api/2.0/mlflow/traces/tr-1/assessments',
          body: { assessment },
        }),
      );
      expectViolation(
        ml().validateRequest({
          method: 'POST',
          path: '/api/2.0/mlflow/traces/tr-1/assessments',
          body: { assessment: { ...assessment, expectation: { value: 1 } } },
        }),
        'request body /assessment',
        /at most one of feedback, expectation may be set/,
      );
      expectValid(
        ml().validateRequest({
          method: 'GET',
          path: '/api/2.0/mlflow/traces/tr-1/info',
        }),
      );
    });

    it('flags a query string on a POST (MLflow ignores it)', () => {
      expectViolation(
        ml().validateRequest({
          method: 'POST',
          path: '/api/2.0/mlflow/runs/search?max_results=5',
          body: {},
        }),
        'query param max_results',
        /ignored/,
      );
    });
  });

  describe('responses', () => {
    it('accepts a run search response (int64 as numbers, enums as names, NaN metric)', () => {
      const result = ml().validateResponse({
        method: 'POST',
        path: '/api/2.0/mlflow/runs/search',
        status: 200,
        body: { runs: [run], next_page_token: 'tok' },
      });
      expectValid(result);
      expect(result.operation).toBe('searchRuns');
      expectValid(
        ml().validateResponse({
          method: 'POST',
          path: '/api/2.0/mlflow/runs/search',
          status: 200,
          body: {},
        }),
      );
    });

    it('rejects int64 as strings, unknown enum names and unknown fields', () => {
      const body = {
        runs: [
          {
            ...run,
            info: {
              ...run.info,
              start_time: '1764151200000',
              status: 'DONE',
              runId: 'a1b2c3',
            },
          },
        ],
      };
      const result = ml().validateResponse({
        method: 'POST',
        path: '/api/2.0/mlflow/runs/search',
        status: 200,
        body,
      });
      expectViolation(
        result,
        'response body /runs/0/info/start_time',
        /must be integer; got string/,
      );
      expectViolation(
        result,
        'response body /runs/0/info/status',
        /must be one of "RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"/,
      );
      expectViolation(
        result,
        'response body /runs/0/info/runId',
        /not in the contract/,
      );
    });

    it('validates error bodies for 4xx/5xx and rejects other statuses', () => {
      const path = '/api/2.0/mlflow/registered-models/get?name=x';
      expectValid(
        ml().validateResponse({
          method: 'GET',
          path,
          status: 404,
          body: {
            error_code: 'RESOURCE_DOES_NOT_EXIST',
            message: 'Registered Model with name=x not found',
          },
        }),
      );
      const bad = ml().validateResponse({
        method: 'GET',
        path,
        status: 404,
        body: { error: 'not found' },
      });
      expectViolation(bad, 'response body /error_code', /required/);
      expectViolation(bad, 'response body /message', /required/);
      expectViolation(
        ml().validateResponse({
          method: 'GET',
          path,
          status: 204,
          body: undefined,
        }),
        'status',
        /204 is not an MLflow status/,
      );
    });

    it('knows that ModelVersion.model_id does not exist in 2.x', () => {
      expectValid(
        ml().validateResponse({
          method: 'GET',
          path: '/api/2.0/mlflow/model-versions/get',
          status: 200,
          body: { model_version: modelVersion },
        }),
      );
      expectViolation(
        ml().validateResponse({
          method: 'GET',
          path: '/api/2.0/mlflow/model-versions/get',
          status: 200,
          body: { model_version: { ...modelVersion, model_id: 'm-123' } },
        }),
        'response body /model_version/model_id',
        /not in the contract/,
      );
    });
  });
});

describeWithContracts('MLflow 3.x REST (mlflow-3, derived contract)', () => {
  const ml = () => loadHttpContract('mlflow-3');

  it('serves /api/3.0 rpcs and prefers literal segments (traces/batchGet over traces/{trace_id})', () => {
    expect(
      ml().findOperation('GET', '/api/3.0/mlflow/traces/batchGet?trace_ids=a'),
    ).toEqual({
      operationId: 'batchGetTraces',
      pathTemplate: '/api/3.0/mlflow/traces/batchGet',
    });
    expect(
      ml().findOperation('GET', '/api/3.0/mlflow/traces/tr-1')?.operationId,
    ).toBe('getTraceInfoV3');
    expect(
      ml().findOperation('GET', '/api/3.0/mlflow/datasets/search')
        ?.pathTemplate,
    ).toBe('/api/3.0/mlflow/datasets/search');
    expect(
      ml().findOperation('GET', '/api/3.0/mlflow/datasets/d-1')?.operationId,
    ).toBe('getDataset');
  });

  it('takes a required field from the path (getDataset.dataset_id)', () => {
    const result = ml().validateRequest({
      method: 'GET',
      path: '/api/3.0/mlflow/datasets/d-1?page_token=t',
    });
    expectValid(result);
    expectViolation(
      ml().validateRequest({
        method: 'GET',
        path: '/api/3.0/mlflow/datasets/d-1?page=2',
      }),
      'query param page',
    );
  });

  it('accepts ModelVersion.model_id and logged-model endpoints', () => {
    expectValid(
      ml().validateResponse({
        method: 'GET',
        path: '/api/2.0/mlflow/model-versions/get',
        status: 200,
        body: { model_version: { ...modelVersion, model_id: 'm-123' } },
      }),
    );
    expect(
      ml().findOperation('POST', '/api/2.0/mlflow/logged-models/search'),
    ).toBeDefined();
    expectViolation(
      ml().validateRequest({
        method: 'POST',
        path: '/api/2.0/mlflow/logged-models/search',
        body: { max_results: 'ten' },
      }),
      'request body /max_results',
      /must be integer/,
    );
  });
});

import {
  describeWithContracts,
  expectValid,
  loadHttpContract,
  expectViolation,
} from './index';

describeWithContracts(
  'Kubeflow Pipelines v2beta1 (kfp-v2beta1, Swagger 2.0)',
  () => {
    const kfp = () => loadHttpContract('kfp-v2beta1');

    const run = {
      run_id: '8c6e4a0e-1f7a-4c55-9b7e-0d1f5a2e9c11',
      display_name: 'churn-training-2026-11-26',
      experiment_id: 'e-1',
      storage_state: 'AVAILABLE',
      pipeline_version_reference: {
        pipeline_id: 'p-1',
        pipeline_version_id: 'v-1',
      },
      runtime_config: { parameters: { learning_rate: 0.1 } },
      service_account: 'pipeline-runner',
      created_at: '2026-11-26T10:00:00Z',
      scheduled_at: '1970-01-01T00:00:00Z',
      finished_at: '2026-11-26T10:12:00Z',
      state: 'SUCCEEDED',
      state_history: [
        { update_time: '2026-11-26T10:12:00Z', state: 'SUCCEEDED' },
      ],
    };

    it('is loaded once per process', () => {
      expect(loadHttpContract('kfp-v2beta1')).toBe(kfp());
    });

    describe('path matching', () => {
      it('matches templates and ignores query strings', () => {
        expect(
          kfp().findOperation('GET', '/apis/v2beta1/runs?page_size=10'),
        ).toEqual({
          operationId: 'RunService_ListRuns',
          pathTemplate: '/apis/v2beta1/runs',
        });
        expect(
          kfp().findOperation('GET', '/apis/v2beta1/pipelines/p-1/versions')
            ?.operationId,
        ).toBe('PipelineService_ListPipelineVersions');
      });

      it('prefers literal segments: pipelines/names/{name} over pipelines/{pipeline_id}/versions', () => {
        expect(
          kfp().findOperation('GET', '/apis/v2beta1/pipelines/names/versions'),
        ).toEqual({
          operationId: 'PipelineService_GetPipelineByName',
          pathTemplate: '/apis/v2beta1/pipelines/names/{name}',
        });
      });

      it('keeps custom verbs apart (:archive, :unarchive) and from the bare resource', () => {
        expect(
          kfp().findOperation('POST', '/apis/v2beta1/runs/r-1:archive')
            ?.operationId,
        ).toBe('RunService_ArchiveRun');
        expect(
          kfp().findOperation('POST', '/apis/v2beta1/runs/r-1:unarchive')
            ?.operationId,
        ).toBe('RunService_UnarchiveRun');
        expect(
          kfp().findOperation('GET', '/apis/v2beta1/runs/r-1')?.operationId,
        ).toBe('RunService_GetRun');
        expect(
          kfp().findOperation('POST', '/apis/v2beta1/runs/r-1'),
        ).toBeUndefined();
      });

      it('matches dotted path parameters (pipeline.pipeline_id)', () => {
        expect(
          kfp().findOperation('PATCH', '/apis/v2beta1/pipelines/p-1')
            ?.operationId,
        ).toBe('PipelineService_UpdatePipeline');
      });
    });

    describe('requests', () => {
      it('accepts a list request with typed query parameters', () => {
        expectValid(
          kfp().validateRequest({
            method: 'GET',
            path: '/apis/v2beta1/runs',
            query: {
              experiment_id: 'e-1',
              page_size: '50',
              sort_by: 'created_at desc',
            },
          }),
        );
        expectValid(
          kfp().validateRequest({
            method: 'DELETE',
            path: '/apis/v2beta1/pipelines/p-1?cascade=true',
          }),
        );
      });

      it('rejects wrongly typed and undeclared query parameters', () => {
        const bad = kfp().validateRequest({
          method: 'GET',
          path: '/apis/v2beta1/runs?page_size=fifty&pageSize=50',
        });
        expectViolation(
          bad,
          'query param page_size',
          /must be integer; got string "fifty"/,
        );
        expectViolation(
          bad,
          'query param pageSize',
          /not declared by RunService_ListRuns/,
        );
      });

      it('validates the body parameter, including a missing required body', () => {
        expectValid(
          kfp().validateRequest({
            method: 'POST',
            path: '/apis/v2beta1/runs',
            body: {
              display_name: 'r',
              pipeline_version_reference: { pipeline_id: 'p-1' },
              runtime_config: { parameters: {} },
            },
          }),
        );
        expectViolation(
          kfp().validateRequest({
            method: 'POST',
            path: '/apis/v2beta1/runs',
            body: { display_name: 5 },
          }),
          'request body /display_name',
          /must be string/,
        );
        expectViolation(
          kfp().validateRequest({ method: 'POST', path: '/apis/v2beta1/runs' }),
          'request body',
          /required request body is missing/,
        );
      });

      it('holds int64 fields to grpc-gateway strings', () => {
        const create = (interval: unknown) =>
          kfp().validateRequest({
            method: 'POST',
            path: '/apis/v2beta1/recurringruns',
            body: {
              display_name: 'nightly',
              mode: 'ENABLE',
              max_concurrency: '1',
              trigger: { periodic_schedule: { interval_second: interval } },
            },
          });
        expectValid(create('86400'));
        expectViolation(
          create(86400),
          'request body /trigger/periodic_schedule/interval_second',
          /must be string; got number 86400/,
        );
      });

      it('does not check multipart uploads beyond their query parameters', () => {
        expectValid(
          kfp().validateRequest({
            method: 'POST',
            path: '/apis/v2beta1/pipelines/upload?name=churn',
          }),
        );
        expectViolation(
          kfp().validateRequest({
            method: 'POST',
            path: '/apis/v2beta1/pipelines/upload?nam=churn',
          }),
          'query param nam',
        );
      });
    });

    describe('responses', () => {
      it('accepts a run list', () => {
        const result = kfp().validateResponse({
          method: 'GET',
          path: '/apis/v2beta1/runs',
          status: 200,
          body: { runs: [run], total_size: 1, next_page_token: '' },
        });
        expectValid(result);
        expect(result.operation).toBe('RunService_ListRuns');
      });

      it('rejects enum names it does not know and wrong types', () => {
        const result = kfp().validateResponse({
          method: 'GET',
          path: '/apis/v2beta1/runs/r-1',
          status: 200,
          body: {
            ...run,
            state: 'DONE',
            created_at: 'yesterday',
            storage_state: 1,
          },
        });
        expectViolation(
          result,
          'response body /state',
          /must be one of "RUNTIME_STATE_UNSPECIFIED", .*"PAUSED"; got string "DONE"/,
        );
        expectViolation(
          result,
          'response body /created_at',
          /must match format "date-time"/,
        );
        expectViolation(
          result,
          'response body /storage_state',
          /must be string/,
        );
      });

      it("validates errors against 'default' (googleRpcStatus)", () => {
        const status = {
          code: 5,
          message: 'run r-1 not found',
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo' }],
        };
        expectValid(
          kfp().validateResponse({
            method: 'GET',
            path: '/apis/v2beta1/runs/r-1',
            status: 404,
            body: status,
          }),
        );
        expectViolation(
          kfp().validateResponse({
            method: 'GET',
            path: '/apis/v2beta1/runs/r-1',
            status: 500,
            body: { code: 'NOT_FOUND', message: 'x' },
          }),
          'response body /code',
          /must be integer/,
        );
      });

      it('rejects an unknown operation', () => {
        expectViolation(
          kfp().validateResponse({
            method: 'GET',
            path: '/apis/v1beta1/runs',
            status: 200,
            body: {},
          }),
          'operation',
          /no operation of kfp-v2beta1/,
        );
      });
    });
  },
);

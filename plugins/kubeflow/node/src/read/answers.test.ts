import { ServiceUnavailableError } from '@backstage/errors';
import {
  createAnswerDecoders,
  readPipeline,
  readPipelineVersion,
  readRecurringRun,
  readRun,
} from './answers';
import { readKfpErrorBody } from './errorBody';

const decoders = createAnswerDecoders('prod');

const spec = {
  pipelineInfo: { name: 'churn' },
  root: {
    dag: {
      tasks: {
        train: { taskInfo: { name: 'Train model' } },
        evaluate: { dependentTasks: ['train'] },
      },
    },
    inputDefinitions: {
      parameters: {
        learning_rate: { parameterType: 'NUMBER_DOUBLE', defaultValue: 0.1 },
        registered_model: {
          parameterType: 'STRING',
          description: 'Where the model goes.',
        },
        dry_run: { parameterType: 'BOOLEAN', isOptional: true },
      },
    },
  },
};

const version = (pipelineSpec: unknown) => ({
  pipeline_id: 'p-1',
  pipeline_version_id: 'v-1',
  display_name: 'v1',
  pipeline_spec: pipelineSpec,
});

describe('KFP answer readers', () => {
  it('reads a version’s declared parameters and task graph', () => {
    expect(readPipelineVersion(version(spec))).toEqual({
      pipelineId: 'p-1',
      pipelineVersionId: 'v-1',
      displayName: 'v1',
      parameters: [
        {
          name: 'learning_rate',
          type: 'NUMBER_DOUBLE',
          optional: true,
          defaultValue: 0.1,
        },
        {
          name: 'registered_model',
          type: 'STRING',
          optional: false,
          description: 'Where the model goes.',
        },
        { name: 'dry_run', type: 'BOOLEAN', optional: true },
      ],
      tasks: [
        { name: 'train', displayName: 'Train model', dependsOn: [] },
        { name: 'evaluate', displayName: 'evaluate', dependsOn: ['train'] },
      ],
    });
  });

  it('reads the spec beside its platform spec, a pre-2.0 spec and a v1 Argo workflow', () => {
    const wrapped = readPipelineVersion(
      version({ pipeline_spec: spec, platform_spec: { platforms: {} } }),
    );
    expect(wrapped.parameters.map(p => p.name)).toEqual([
      'learning_rate',
      'registered_model',
      'dry_run',
    ]);
    const legacy = readPipelineVersion(
      version({
        root: {
          inputDefinitions: {
            parameters: { epochs: { type: 'INT' }, rate: { type: 'DOUBLE' } },
          },
        },
      }),
    );
    expect(legacy.parameters.map(p => [p.name, p.type])).toEqual([
      ['epochs', 'NUMBER_INTEGER'],
      ['rate', 'NUMBER_DOUBLE'],
    ]);
    const argo = readPipelineVersion(
      version({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        spec: {
          arguments: {
            parameters: [{ name: 'date' }, { name: 'region', value: 'eu' }],
          },
        },
      }),
    );
    expect(argo.parameters).toEqual([
      { name: 'date', type: 'STRING', optional: false },
      { name: 'region', type: 'STRING', optional: true, defaultValue: 'eu' },
    ]);
    expect(readPipelineVersion(version(undefined))).toMatchObject({
      parameters: [],
      tasks: [],
    });
  });

  it('treats KFP’s zero time and unknown states as absent, and reads the deprecated version id', () => {
    const run = readRun({
      run_id: 'r-1',
      display_name: 'nightly',
      state: 'RUNTIME_STATE_UNSPECIFIED',
      created_at: '2026-11-01T23:00:00Z',
      finished_at: '1970-01-01T00:00:00Z',
      pipeline_version_id: 'v-1',
      runtime_config: { parameters: { a: 1 } },
      error: { code: 2, message: 'task train failed' },
      run_details: {
        task_details: [
          {
            task_id: 't-1',
            display_name: 'train',
            state: 'RUNNING',
            start_time: '2026-11-01T23:00:05Z',
            end_time: '1970-01-01T00:00:00Z',
          },
        ],
      },
    });
    expect(run).toEqual({
      runId: 'r-1',
      displayName: 'nightly',
      pipelineVersionId: 'v-1',
      createdAt: '2026-11-01T23:00:00Z',
      parameters: { a: 1 },
      error: 'task train failed',
      tasks: [
        {
          taskId: 't-1',
          displayName: 'train',
          state: 'RUNNING',
          startTime: '2026-11-01T23:00:05Z',
        },
      ],
    });
    expect(
      readRun({ run_id: 'r', display_name: 'r', state: 'EXPLODED' }).state,
    ).toBeUndefined();
  });

  it('reads v1 recurring runs (mode, no pipeline reference) beside v2 ones (status wins)', () => {
    expect(
      readRecurringRun({
        recurring_run_id: 'job-1',
        display_name: 'legacy hourly',
        mode: 'ENABLE',
        pipeline_spec: { workflow_manifest: '{}' },
        max_concurrency: '10',
        trigger: {
          periodic_schedule: {
            interval_second: '3600',
            start_time: '2026-01-01T00:00:00Z',
          },
        },
      }),
    ).toEqual({
      recurringRunId: 'job-1',
      displayName: 'legacy hourly',
      enabled: true,
      intervalSeconds: 3600,
      startTime: '2026-01-01T00:00:00Z',
      maxConcurrency: 10,
    });
    expect(
      readRecurringRun({
        recurring_run_id: 'rr-2',
        display_name: 'nightly',
        status: 'DISABLED',
        mode: 'ENABLE',
        trigger: { cron_schedule: { cron: '0 0 23 * * *' } },
        pipeline_version_reference: {
          pipeline_id: 'p-1',
          pipeline_version_id: 'v-3',
        },
      }),
    ).toMatchObject({
      enabled: false,
      cron: '0 0 23 * * *',
      pipelineId: 'p-1',
      pipelineVersionId: 'v-3',
    });
  });

  it('names a pipeline by its name when it has no display name', () => {
    expect(readPipeline({ pipeline_id: 'p', name: 'churn' })).toEqual({
      pipelineId: 'p',
      displayName: 'churn',
      name: 'churn',
    });
  });

  it.each([
    [
      decoders.runs,
      {
        runs: [
          { run_id: 'r-1', display_name: 'a' },
          {
            run_id: 'r-2',
            display_name: 'b',
            run_details: { task_details: [{ display_name: 'train' }] },
          },
        ],
      },
      "kubeflow instance 'prod': GET /runs returned an unexpected body: " +
        'answer.runs[1].run_details.task_details[0].task_id is missing',
    ],
    [
      decoders.version,
      version({
        root: {
          inputDefinitions: {
            parameters: { lr: { parameterType: 'FLOAT' } },
          },
        },
      }),
      'GET /pipelines/{pipeline_id}/versions/{pipeline_version_id} returned an unexpected body: ' +
        'answer.pipeline_spec.root.inputDefinitions.parameters.lr.parameterType is "FLOAT", ' +
        'not one of STRING, NUMBER_INTEGER, NUMBER_DOUBLE, BOOLEAN, LIST, STRUCT',
    ],
    [
      decoders.pipelines,
      { pipelines: [{ pipeline_id: 'p', display_name: 'x' }], total_size: '1' },
      'answer.total_size is a string, not an integer',
    ],
    [
      decoders.recurringRun,
      {
        recurring_run_id: 'rr',
        display_name: 'n',
        trigger: { periodic_schedule: { interval_second: 'hourly' } },
      },
      'answer.trigger.periodic_schedule.interval_second is "hourly", not an integer (int64 as a string)',
    ],
    [
      decoders.experiment,
      { experiment_id: 'e', display_name: 'x', created_at: 'yesterday' },
      'answer.created_at is "yesterday", not an RFC 3339 date-time',
    ],
    [decoders.health, undefined, 'answer is an empty body, not a JSON object'],
    [decoders.pipeline, [], 'answer is a list, not an object'],
  ])(
    'refuses a malformed answer naming the call and the field (%#)',
    (decode, body, message) => {
      expect(() => decode(body)).toThrow(ServiceUnavailableError);
      expect(() => decode(body)).toThrow(message);
    },
  );

  it('reads list pages: an empty list left out, an empty token the last page', () => {
    expect(decoders.experiments({ next_page_token: '' })).toEqual({
      items: [],
    });
    expect(
      decoders.recurringRuns({
        recurringRuns: [{ recurring_run_id: 'a', display_name: 'a' }],
        next_page_token: 'next',
        total_size: 3,
      }),
    ).toEqual({
      items: [{ recurringRunId: 'a', displayName: 'a', enabled: false }],
      nextPageToken: 'next',
      totalSize: 3,
    });
  });
});

describe('readKfpErrorBody', () => {
  it('names grpc-gateway’s numeric code and reads the upload endpoints’ own body', () => {
    expect(
      readKfpErrorBody(
        JSON.stringify({ code: 5, message: 'Run r not found', details: [] }),
      ),
    ).toEqual({ code: 'NOT_FOUND', message: 'Run r not found' });
    expect(
      readKfpErrorBody(
        JSON.stringify({
          error_message: 'The name x already exist',
          error_details: 'The name x already exist',
        }),
      ),
    ).toEqual({ message: 'The name x already exist' });
    expect(readKfpErrorBody('upstream connect error')).toEqual({
      message: 'upstream connect error',
    });
  });
});

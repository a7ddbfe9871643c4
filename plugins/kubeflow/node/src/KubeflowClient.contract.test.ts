import {
  describeWithContracts,
  expectValid,
  loadHttpContract,
} from '@mlops-portal/contract-testing';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  recordingFetch,
  RecordedExchange,
  silentLogger,
  useTestSandbox,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { kfpIds, KFP_PORTAL_USER } from '@mlops-portal/sandbox';
import { KubeflowInstanceConfig } from './KubeflowApi';
import { KubeflowClient } from './KubeflowClient';
import { CHURN_PIPELINE_YAML } from './__testUtils__/pipelineFiles';
import { kubeflowInstanceConfig } from './testUtils';

const FRAUD = kfpIds.pipeline('fraud-detection-training');
const FRAUD_V3 = kfpIds.version('fraud-detection-training', 'v3');
const FRAUD_EXPERIMENT = kfpIds.experiment('fraud-detection');
const NIGHTLY = kfpIds.recurringRun('fraud-detection-nightly');

describeWithContracts('KubeflowClient against the KFP v2beta1 contract', () => {
  const sandbox = useTestSandbox();

  it('sends only requests the contract allows and parses only answers it allows', async () => {
    const contract = loadHttpContract('kfp-v2beta1');
    const exchanges: RecordedExchange[] = [];
    const baseUrl = sandbox().baseUrl('kubeflow');
    const client = (overrides: Partial<KubeflowInstanceConfig> = {}) =>
      new KubeflowClient({
        instance: kubeflowInstanceConfig({
          baseUrl,
          auth: {
            type: 'bearer',
            token: sandbox().sandbox.options.kubeflow.token,
          },
          pageSize: 2,
          ...overrides,
        }),
        logger: silentLogger,
        fetch: recordingFetch(new URL(baseUrl).pathname, exchanges),
      });
    const api = client();

    await api.health();
    for await (const page of api.listPipelinePages({ sortBy: 'name' })) {
      expect(page.length).toBeGreaterThan(0);
    }
    await api.listPipelines({
      filter: [
        { key: 'name', operation: 'EQUALS', value: 'fraud-detection-training' },
        {
          key: 'created_at',
          operation: 'GREATER_THAN',
          value: { timestamp: '2026-01-01T00:00:00Z' },
        },
      ],
    });
    await api.getPipeline(FRAUD);
    await api.getPipelineByName('fraud-detection-training');
    await expect(api.getPipelineByName('nope')).rejects.toThrow(NotFoundError);
    await api.listPipelineVersions(FRAUD, { sortBy: 'created_at desc' });
    await api.getPipelineVersion(FRAUD, FRAUD_V3);
    const runs = await api.listRuns({
      experimentId: FRAUD_EXPERIMENT,
      sortBy: 'created_at desc',
    });
    await api.listRuns({
      pageToken: runs.nextPageToken,
      experimentId: FRAUD_EXPERIMENT,
      sortBy: 'created_at desc',
    });
    await api.listRuns({
      pipelineVersionId: FRAUD_V3,
      filter: [
        { key: 'state', operation: 'IN', value: ['SUCCEEDED', 'RUNNING'] },
      ],
    });
    await api.getRun(runs.items[0].runId);
    await api.createRun({
      pipelineId: FRAUD,
      pipelineVersionId: FRAUD_V3,
      displayName: 'contract run',
      experimentId: FRAUD_EXPERIMENT,
      parameters: { registered_model: 'fraud-detector' },
    });
    await api.listRecurringRuns({ experimentId: FRAUD_EXPERIMENT });
    await api.getRecurringRun(NIGHTLY);
    await api.setRecurringRunEnabled(NIGHTLY, false);
    await api.setRecurringRunEnabled(NIGHTLY, true);
    await api.listExperiments({ sortBy: 'display_name desc' });
    await api.getExperiment(FRAUD_EXPERIMENT);
    const uploaded = await api.uploadPipeline({
      displayName: 'churn-training',
      description: 'contract upload',
      content: CHURN_PIPELINE_YAML,
      fileName: 'pipeline.yaml',
    });
    await api.uploadPipelineVersion({
      pipelineId: uploaded.pipelineId,
      displayName: 'v2',
      content: CHURN_PIPELINE_YAML,
      fileName: 'pipeline.yaml',
    });
    await expect(
      api.uploadPipeline({
        displayName: 'churn-training',
        content: CHURN_PIPELINE_YAML,
        fileName: 'pipeline.yaml',
      }),
    ).rejects.toThrow(ConflictError);
    const multiUser = client({
      multiUser: {
        userIdHeader: 'kubeflow-userid',
        userId: KFP_PORTAL_USER,
        namespace: 'kubeflow',
      },
      defaultExperiment: 'fraud-detection',
    });
    await multiUser.listPipelines();
    await multiUser.listRuns();
    await multiUser.listRecurringRuns();
    await multiUser.getPipelineByName('fraud-detection-training');
    await multiUser.createRun({
      pipelineId: FRAUD,
      pipelineVersionId: FRAUD_V3,
      displayName: 'multi-user run',
      parameters: { registered_model: 'fraud-detector' },
    });

    const operations = new Set(
      exchanges.map(e => contract.findOperation(e.method, e.path)?.operationId),
    );
    expect([...operations].sort()).toEqual([
      'ExperimentService_GetExperiment',
      'ExperimentService_ListExperiments',
      'HealthzService_GetHealthz',
      'PipelineService_GetPipeline',
      'PipelineService_GetPipelineByName',
      'PipelineService_GetPipelineVersion',
      'PipelineService_ListPipelineVersions',
      'PipelineService_ListPipelines',
      'RecurringRunService_DisableRecurringRun',
      'RecurringRunService_EnableRecurringRun',
      'RecurringRunService_GetRecurringRun',
      'RecurringRunService_ListRecurringRuns',
      'RunService_CreateRun',
      'RunService_GetRun',
      'RunService_ListRuns',
      'UploadPipeline',
      'UploadPipelineVersion',
    ]);
    for (const exchange of exchanges) {
      expectValid(contract.validateRequest(exchange));
      expectValid(
        contract.validateResponse({
          method: exchange.method,
          path: exchange.path,
          status: exchange.status,
          body: exchange.responseBody,
        }),
      );
    }
    expect(exchanges.filter(e => e.status >= 400).map(e => e.status)).toEqual([
      404, 409,
    ]);
  });
});

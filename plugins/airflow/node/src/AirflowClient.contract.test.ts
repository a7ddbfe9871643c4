import {
  describeWithContracts,
  expectValid,
  HttpContractName,
  loadHttpContract,
} from '@mlops-portal/contract-testing';
import {
  recordingFetch,
  RecordedExchange,
  silentLogger,
  useTestSandbox,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { NotFoundError } from '@backstage/errors';
import { AirflowApiVersion } from './AirflowApi';
import { AirflowClient } from './AirflowClient';
import { airflowInstanceConfig } from './testUtils';

const cases: Array<
  [HttpContractName, 'airflow' | 'airflow2', AirflowApiVersion]
> = [
  ['airflow-v2', 'airflow', 'v2'],
  ['airflow-v2-3.0', 'airflow', 'v2'],
  ['airflow-v1', 'airflow2', 'v1'],
];

describeWithContracts('AirflowClient against the Airflow contracts', () => {
  const sandbox = useTestSandbox();

  it.each(cases)(
    '%s: every request sent and every answer parsed validates',
    async (contractName, mount, version) => {
      const contract = loadHttpContract(contractName);
      const exchanges: RecordedExchange[] = [];
      const baseUrl = sandbox().baseUrl(mount);
      const api = new AirflowClient({
        instance: airflowInstanceConfig({
          baseUrl,
          auth: { type: 'basic', username: 'admin', password: 'admin' },
          apiVersion: 'auto',
          pageSize: 3,
        }),
        logger: silentLogger,
        fetch: recordingFetch(new URL(baseUrl).pathname, exchanges),
      });

      expect(await api.apiVersion()).toBe(version);
      expect((await api.listDags()).length).toBeGreaterThan(3);
      await api.getDag('fraud_detection_training');
      await expect(api.getDag('no_such_dag')).rejects.toThrow(NotFoundError);
      await api.listDagRuns('fraud_detection_training', {
        state: ['success', 'failed'],
        orderBy: '-logical_date',
        limit: 2,
        offset: 1,
      });
      await api.listDagRuns('fraud_detection_training');
      const { items: failed } = await api.listDagRuns(
        'fraud_detection_training',
        {
          state: ['failed'],
          since: '2026-10-01T00:00:00Z',
          until: '2026-12-01T00:00:00+01:00',
        },
      );
      const runId = failed[0].runId;
      await api.getDagRun('fraud_detection_training', runId);
      await api.listTaskInstances('fraud_detection_training', runId);
      await api.getTaskLog('fraud_detection_training', runId, 'train_model', 2);
      await api
        .getTaskLog('fraud_detection_training', runId, 'train_model', 1, {
          mapIndex: 0,
        })
        .catch(() => undefined);
      await api.clearDagRun('fraud_detection_training', runId, {
        dryRun: true,
      });
      await api.clearDagRun('fraud_detection_training', runId, {
        onlyFailed: false,
      });
      await api.triggerDagRun('fraud_detection_training', {
        conf: { lookback_days: 30 },
        note: 'from the contract test',
      });
      await api.triggerDagRun('fraud_detection_training', {
        logicalDate: '2026-11-30T12:00:00Z',
        runId: `contract_${contractName}`,
      });
      await api.setPaused('fraud_feature_refresh', true);
      await api.setPaused('fraud_feature_refresh', false);

      const checked = exchanges.filter(
        // The token endpoint is outside the contract's paths (only its securityScheme names it),
        // and the v2 version probe of an Airflow 2 server is answered by no operation.
        e =>
          e.path !== '/auth/token' &&
          !(version === 'v1' && e.path.startsWith('/api/v2/')),
      );
      expect(checked.length).toBeGreaterThanOrEqual(18);
      const operations = new Set(checked.map(e => e.method));
      expect([...operations].sort()).toEqual(['GET', 'PATCH', 'POST']);
      for (const exchange of checked) {
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
      // One token request on v2 (credentials in its body only), none on v1.
      expect(
        exchanges
          .filter(e => e.path === '/auth/token')
          .map(e => [e.method, e.status, Object.keys(e.body as object).sort()]),
      ).toEqual(
        version === 'v2' ? [['POST', 201, ['password', 'username']]] : [],
      );
    },
  );
});

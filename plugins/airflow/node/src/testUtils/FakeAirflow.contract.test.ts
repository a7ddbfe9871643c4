import {
  describeWithContracts,
  expectValid,
  type HttpContractName,
  loadHttpContract,
} from '@mlops-portal/contract-testing';
import type { AirflowApiVersion } from '@mlops-portal/plugin-airflow-node';
import { FakeAirflow } from './FakeAirflow';

const cases: Array<[HttpContractName, AirflowApiVersion]> = [
  ['airflow-v2', 'v2'],
  ['airflow-v2-3.0', 'v2'],
  ['airflow-v1', 'v1'],
];

describeWithContracts('FakeAirflow against the Airflow contracts', () => {
  it.each(cases)(
    '%s: every answer it gives validates, errors included',
    async (contractName, apiVersion) => {
      const fake = new FakeAirflow({
        instance: { apiVersion, pageSize: 2 },
        dags: [
          {
            dagId: 'fraud_detection_training',
            displayName: 'Fraud detection training',
            description: 'Trains the fraud model',
            owners: ['fraud-detection', 'airflow'],
            tags: ['fraud', 'training'],
            schedule: '0 2 * * *',
            scheduleDescription: 'At 02:00',
          },
          { dagId: 'cleanup', isPaused: true, owners: [] },
          { dagId: 'churn_model_retrain' },
        ],
      });
      fake.addRun('cleanup', 'scheduled__1', 'running', 'success');
      const client = fake.client();

      await client.listDags();
      await client.getDag('fraud_detection_training');
      await client.getDag('no_such_dag').catch(() => undefined);
      await client.setPaused('cleanup', false);
      await client.setPaused('no_such_dag', true).catch(() => undefined);
      const run = await client.triggerDagRun('fraud_detection_training', {
        conf: { lookback_days: 30 },
        note: 'from the contract test',
        logicalDate: '2026-11-01T02:00:00Z',
      });
      await client.triggerDagRun('churn_model_retrain');
      for (let read = 0; read < 3; read++) {
        await client.getDagRun('fraud_detection_training', run.runId);
        await client.getDagRun('cleanup', 'scheduled__1');
      }
      await client.getDagRun('cleanup', 'no_such_run').catch(() => undefined);
      await client
        .triggerDagRun('fraud_detection_training', { runId: run.runId })
        .catch(() => undefined);
      fake.raceNextTrigger = true;
      await client
        .triggerDagRun('cleanup', { runId: 'raced' })
        .catch(() => undefined);
      await client
        .triggerDagRun('no_such_dag', { runId: 'x' })
        .catch(() => undefined);
      // What the client never sends: a PATCH without a boolean is_paused. Only v2's contract
      // declares the refusal (422); Airflow 2 answers 400, which v1.yaml leaves out.
      if (apiVersion === 'v2') {
        await fake.fetch(`${fake.instance.baseUrl}/api/v2/dags/cleanup`, {
          method: 'PATCH',
          body: JSON.stringify({ is_paused: 'yes' }),
        });
      }

      const statuses = new Set(fake.requests.map(r => r.status));
      expect([...statuses].sort()).toEqual(
        apiVersion === 'v2' ? [200, 404, 409, 422] : [200, 404, 409],
      );
      // Failures a test injects with failRequest are left out: the contracts declare no 500.
      const contract = loadHttpContract(contractName);
      for (const exchange of fake.requests) {
        expectValid(
          contract.validateResponse({
            method: exchange.method,
            path: exchange.path,
            status: exchange.status,
            body: exchange.responseBody,
          }),
        );
      }
    },
  );
});

import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { isError } from '@backstage/errors';
import {
  describeWithContracts,
  responseSchema,
  type HttpContractName,
} from '@mlops-portal/contract-testing';
import {
  arbitraryFromSchema,
  assertHandlesAll,
  malformedBodies,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { AirflowApiVersion, AirflowDag } from './AirflowApi';
import { AirflowClient } from './AirflowClient';
import { airflowInstanceConfig } from './testUtils';

const BASE = 'http://airflow.property.test';

const server = setupServer();
registerMswTestHooks(server);

function isInstanceFailure(error: unknown): boolean {
  return (
    isError(error) &&
    error.name === 'ServiceUnavailableError' &&
    error.message.startsWith("airflow instance 'prod'")
  );
}

function checkDag(dag: AirflowDag) {
  if (typeof dag.dagId !== 'string' || dag.dagId === '') {
    throw new Error(`dagId is ${JSON.stringify(dag.dagId)}`);
  }
  if (typeof dag.displayName !== 'string' || dag.displayName === '') {
    throw new Error('displayName');
  }
  if (typeof dag.isPaused !== 'boolean') throw new Error('isPaused');
  if (!dag.owners.every(o => typeof o === 'string')) throw new Error('owners');
  if (!dag.tags.every(t => typeof t === 'string')) throw new Error('tags');
  for (const field of ['description', 'fileloc', 'schedule'] as const) {
    if (dag[field] !== undefined && typeof dag[field] !== 'string') {
      throw new Error(field);
    }
  }
}

const cases: Array<[HttpContractName, AirflowApiVersion]> = [
  ['airflow-v2', 'v2'],
  ['airflow-v1', 'v1'],
];

describeWithContracts(
  'AirflowClient on every answer the contract allows',
  () => {
    describe.each(cases)('%s', (contract, apiVersion) => {
      const path = `/api/${apiVersion}/dags`;
      const client = new AirflowClient({
        instance: airflowInstanceConfig({ baseUrl: BASE, apiVersion }),
        logger: mockServices.logger.mock(),
      });

      it(`GET ${path} (listDags): hands out what its types promise, or a 503 naming the instance`, async () => {
        const schema = responseSchema(contract, 'GET', path);
        const valid = arbitraryFromSchema(schema);
        await assertHandlesAll(
          fc.oneof(
            { weight: 3, arbitrary: valid },
            { weight: 1, arbitrary: malformedBodies(valid, { schema }) },
          ),
          async body => {
            server.resetHandlers(
              http.get(`${BASE}${path}`, ({ request }) => {
                // The first page is the drawn answer; the list ends after it.
                if (
                  Number(new URL(request.url).searchParams.get('offset')) > 0
                ) {
                  return HttpResponse.json({ dags: [], total_entries: 0 });
                }
                return body === undefined
                  ? new HttpResponse(null, { status: 200 })
                  : HttpResponse.json(body as never);
              }),
            );
            return client.listDags();
          },
          {
            acceptError: isInstanceFailure,
            checkResult: dags => dags.forEach(checkDag),
            numRuns: 80,
            parameters: { seed: 20261202 },
          },
        );
      });
    });
  },
);

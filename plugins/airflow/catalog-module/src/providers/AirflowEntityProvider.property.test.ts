import { stringifyEntityRef } from '@backstage/catalog-model';
import { describeWithContracts } from '@mlops-portal/contract-testing';
import {
  AirflowClients,
  airflowDagLocator,
} from '@mlops-portal/plugin-airflow-node';
import {
  FakeAirflow,
  fakeAirflowClients,
} from '@mlops-portal/plugin-airflow-node/testUtils';
import {
  appliedEntities,
  expectValidEntity,
  type LogRecord,
  type RecordingConnection,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import {
  arbitraryDagBodies,
  DAG_LIST_CONTRACTS,
} from '../__testUtils__/arbitraries';
import { connectedProviders } from '../__testUtils__/provider';

// The instance pages its DAGs consistently, as Airflow does (total_entries is the list's length);
// the client's own property test holds it to any total_entries the contract allows.

/** Values a field of a DAG body may never have: what a broken server or proxy could send. */
const brokenFields: Array<[string, unknown]> = [
  ['dag_id', null],
  ['dag_id', 42],
  ['owners', 'jane'],
  ['owners', [7]],
  ['tags', [{ label: 'x' }]],
  ['is_paused', 'false'],
  ['description', { text: 'x' }],
];

/** A refused refresh: nothing applied, one error, the client's 503 naming the instance. */
function expectRefused(records: LogRecord[], connection: RecordingConnection) {
  expect(connection.applyMutation).not.toHaveBeenCalled();
  const errors = records.filter(r => r.level === 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0].message).toBe(
    'airflow-provider:prod refresh failed; no entities were changed',
  );
  expect(errors[0].error).toMatchObject({
    name: 'ServiceUnavailableError',
    message: expect.stringMatching(
      /^airflow instance 'prod': GET \/dags returned an unexpected body: answer\.dags\[\d+\]/,
    ),
  });
}

/** An applied refresh: every page read, one valid entity per DAG id where the authority looks. */
async function expectIngested(
  fake: FakeAirflow,
  dags: Array<Record<string, unknown>>,
  clients: AirflowClients,
  connection: RecordingConnection,
) {
  const { pageSize } = fake.instance;
  expect(fake.dagPages()).toHaveLength(
    Math.max(1, Math.ceil(dags.length / pageSize)),
  );
  const entities = appliedEntities(connection);
  // A DAG id listed twice is one entity; the second is reported as a name clash.
  expect(
    entities
      .map(e => e.metadata.annotations?.['airflow.apache.org/dag-id'])
      .sort(),
  ).toEqual([...new Set(dags.map(d => String(d.dag_id)))].sort());
  for (const entity of entities) {
    await expectValidEntity(entity);
    const dagId = entity.metadata.annotations!['airflow.apache.org/dag-id'];
    expect(stringifyEntityRef(entity)).toBe(
      airflowDagLocator(clients.instances, 'prod', dagId).entityRef,
    );
  }
}

describeWithContracts(
  'AirflowEntityProvider over every DAG list the contracts allow',
  () => {
    describe.each(DAG_LIST_CONTRACTS)(
      '$contract',
      ({ contract, apiVersion }) => {
        const arbitraryInstance = () =>
          fc.record({
            pageSize: fc.integer({ min: 1, max: 7 }),
            dags: arbitraryDagBodies(contract, apiVersion),
          });

        it('applies one valid entity per DAG id where the authority looks for it, or nothing and says why', async () => {
          const runs = 60;
          let applied = 0;
          await fc.assert(
            fc.asyncProperty(
              arbitraryInstance(),
              async ({ pageSize, dags }) => {
                const fake = new FakeAirflow({
                  instance: { apiVersion, pageSize },
                  dagBodies: dags,
                });
                const clients = fakeAirflowClients([fake]);
                const { connections, runner, records } =
                  await connectedProviders(clients);
                await runner.runAll();

                // Every page once, up to the first that cannot be read.
                expect(fake.dagPages().length).toBeLessThanOrEqual(
                  Math.max(1, Math.ceil(dags.length / pageSize)),
                );
                if (records.some(r => r.level === 'error')) {
                  expectRefused(records, connections[0]);
                } else {
                  applied++;
                  await expectIngested(fake, dags, clients, connections[0]);
                }
              },
            ),
            { numRuns: runs },
          );
          // Many lists the contracts allow are ingested, not refused: the property says something.
          expect(applied).toBeGreaterThanOrEqual(runs / 5);
        });

        it('applies nothing when any one DAG of any page is malformed', async () => {
          await fc.assert(
            fc.asyncProperty(
              arbitraryInstance().filter(i => i.dags.length > 0),
              fc.nat(),
              fc.constantFrom(...brokenFields),
              async ({ pageSize, dags }, index, [field, value]) => {
                const broken = [...dags];
                const at = index % broken.length;
                broken[at] = { ...broken[at], [field]: value };
                const fake = new FakeAirflow({
                  instance: { apiVersion, pageSize },
                  dagBodies: broken,
                });
                const { connections, runner, records } =
                  await connectedProviders(fakeAirflowClients([fake]));
                await runner.runAll();

                expectRefused(records, connections[0]);
              },
            ),
            { numRuns: 60 },
          );
        });
      },
    );
  },
);

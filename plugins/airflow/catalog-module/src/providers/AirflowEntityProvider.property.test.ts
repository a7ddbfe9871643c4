import { stringifyEntityRef } from '@backstage/catalog-model';
import { airflowDagLocator } from '@mlops-portal/plugin-airflow-node';
import {
  appliedEntities,
  expectValidEntity,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import { FakeAirflow, fakeAirflowClients } from '../__testUtils__/FakeAirflow';
import {
  arbitraryDagBody,
  arbitraryDagIds,
} from '../__testUtils__/arbitraries';
import { connectedProviders } from '../__testUtils__/provider';

/** An instance's API version, page size and DAG list, drawn as the contracts allow. */
const arbitraryInstance = fc
  .record({
    apiVersion: fc.constantFrom('v1' as const, 'v2' as const),
    pageSize: fc.integer({ min: 1, max: 7 }),
    dagIds: arbitraryDagIds(25),
  })
  .chain(({ apiVersion, pageSize, dagIds }) =>
    fc.record({
      apiVersion: fc.constant(apiVersion),
      pageSize: fc.constant(pageSize),
      dags: fc.tuple(...dagIds.map(id => arbitraryDagBody(apiVersion, id))),
    }),
  );

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

describe('AirflowEntityProvider over every answer the contracts allow', () => {
  it('applies one valid entity per DAG, where the authority looks for it, one request per page', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryInstance,
        async ({ apiVersion, pageSize, dags }) => {
          const fake = new FakeAirflow({
            instance: { apiVersion, pageSize },
            dags,
          });
          const clients = fakeAirflowClients(fake);
          const { connections, runner, records } = await connectedProviders(
            clients,
          );
          await runner.runAll();

          expect(records.filter(r => r.level === 'error')).toEqual([]);
          const entities = appliedEntities(connections[0]);
          expect(
            entities
              .map(e => e.metadata.annotations?.['airflow.apache.org/dag-id'])
              .sort(),
          ).toEqual(dags.map(d => String(d.dag_id)).sort());
          for (const entity of entities) {
            await expectValidEntity(entity);
            const dagId =
              entity.metadata.annotations!['airflow.apache.org/dag-id'];
            expect(stringifyEntityRef(entity)).toBe(
              airflowDagLocator(clients.instances, 'prod', dagId).entityRef,
            );
          }
          // Pages until one comes back short of total_entries; an empty list is one page.
          expect(fake.dagPages()).toHaveLength(
            Math.max(1, Math.ceil(dags.length / pageSize)),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('applies nothing when any one DAG of any page is malformed', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryInstance.filter(i => i.dags.length > 0),
        fc.nat(),
        fc.constantFrom(...brokenFields),
        async ({ apiVersion, pageSize, dags }, index, [field, value]) => {
          const broken = [...dags];
          const at = index % broken.length;
          broken[at] = { ...broken[at], [field]: value };
          const fake = new FakeAirflow({
            instance: { apiVersion, pageSize },
            dags: broken,
          });
          const { connections, runner, records } = await connectedProviders(
            fakeAirflowClients(fake),
          );
          await runner.runAll();

          expect(connections[0].applyMutation).not.toHaveBeenCalled();
          expect(records.filter(r => r.level === 'error')).toHaveLength(1);
        },
      ),
      { numRuns: 60 },
    );
  });
});

import { makeValidator, stringifyEntityRef } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import { describeWithContracts } from '@mlops-portal/contract-testing';
import {
  AirflowApiVersion,
  AirflowDag,
  airflowDagLocator,
} from '@mlops-portal/plugin-airflow-node';
import {
  airflowInstanceConfig,
  FakeAirflow,
} from '@mlops-portal/plugin-airflow-node/testUtils';
import { toEntityTag } from '@mlops-portal/plugin-mlops-common';
import { CatalogOwnerDirectory } from '@mlops-portal/plugin-mlops-node';
import { expectValidEntity } from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import {
  arbitraryDagListAnswer,
  DAG_LIST_CONTRACTS,
} from '../__testUtils__/arbitraries';
import { testOrganisation } from '../__testUtils__/catalog';
import { dagToEntity } from './dagToEntity';

const { isValidTag } = makeValidator();
const instances = [
  airflowInstanceConfig({ name: 'prod' }),
  airflowInstanceConfig({ name: 'staging' }),
];
const owners = new CatalogOwnerDirectory(testOrganisation);
const organisationRefs = testOrganisation.map(e =>
  stringifyEntityRef({ ...e, kind: e.kind.toLowerCase() }),
);
const defaultOwner = 'group:default/ml-platform';

/** How the client refuses an answer it cannot use: a 503 that names the instance. */
function isInstanceFailure(error: unknown, instance: string): boolean {
  return (
    isError(error) &&
    error.name === 'ServiceUnavailableError' &&
    error.message.startsWith(`airflow instance '${instance}': GET /dags`)
  );
}

/**
 * The DAGs the real client reads from a `GET /dags` answer (its DAGs served as one page), or
 * undefined when it refuses the answer, naming the instance.
 */
async function readDags(
  apiVersion: AirflowApiVersion,
  instance: string,
  answer: Record<string, unknown>,
): Promise<AirflowDag[] | undefined> {
  const bodies = (Array.isArray(answer.dags) ? answer.dags : []) as Array<
    Record<string, unknown>
  >;
  const fake = new FakeAirflow({
    instance: { name: instance, apiVersion, pageSize: bodies.length + 1 },
    dagBodies: bodies,
  });
  try {
    return await fake.client().listDags();
  } catch (error) {
    if (isInstanceFailure(error, instance)) {
      return undefined;
    }
    throw error;
  }
}

describeWithContracts('dagToEntity over every DAG the contracts allow', () => {
  describe.each(DAG_LIST_CONTRACTS)('$contract', ({ contract, apiVersion }) => {
    it('gives entities the catalog accepts, found where the authority looks for them', async () => {
      const runs = 100;
      let mapped = 0;
      await fc.assert(
        fc.asyncProperty(
          arbitraryDagListAnswer(contract, apiVersion),
          fc.constantFrom(...instances),
          async (answer, instance) => {
            const dags = await readDags(apiVersion, instance.name, answer);
            for (const dag of dags ?? []) {
              mapped++;
              const { entity } = dagToEntity(dag, {
                instances,
                instance,
                apiVersion,
                owners,
                defaultOwner,
              });
              await expectValidEntity(entity);
              const locator = airflowDagLocator(
                instances,
                instance.name,
                dag.dagId,
              );
              expect(stringifyEntityRef(entity)).toBe(locator.entityRef);
              expect(entity.metadata.annotations).toEqual({
                'backstage.io/managed-by-location': locator.managedByLocation,
                'backstage.io/managed-by-origin-location':
                  locator.managedByLocation,
                ...locator.annotations,
              });
              // What the catalog stores and serves is JSON: nothing undefined, nothing lost.
              expect(JSON.parse(JSON.stringify(entity))).toStrictEqual(entity);
            }
          },
        ),
        { numRuns: runs },
      );
      // Many answers the contracts allow are read, not refused: the property says something.
      expect(mapped).toBeGreaterThanOrEqual(runs / 4);
    });

    it('keeps what Airflow says, and only that', async () => {
      await fc.assert(
        fc.asyncProperty(
          arbitraryDagListAnswer(contract, apiVersion),
          async answer => {
            const dags = await readDags(apiVersion, 'prod', answer);
            for (const dag of dags ?? []) {
              const { entity, unmatchedOwners } = dagToEntity(dag, {
                instances,
                instance: instances[0],
                apiVersion,
                owners,
                defaultOwner,
              });
              const { airflow } = entity.spec;
              expect(airflow.dagId).toBe(dag.dagId);
              expect(airflow.owners).toEqual(dag.owners);
              expect(airflow.isPaused).toBe(dag.isPaused);
              expect(airflow.schedule).toBe(dag.schedule || undefined);
              expect(airflow.scheduleDescription).toBe(
                dag.scheduleDescription || undefined,
              );
              expect(airflow.fileloc).toBe(dag.fileloc || undefined);
              expect(entity.metadata.title).toBe(dag.displayName);
              expect(entity.metadata.description).toBe(
                dag.description?.trim() || undefined,
              );

              const tags = entity.metadata.tags ?? [];
              expect(tags.every(isValidTag)).toBe(true);
              expect([...tags].sort()).toEqual(tags);
              expect(new Set(tags).size).toBe(tags.length);
              expect(new Set(tags)).toEqual(
                new Set(dag.tags.map(toEntityTag).filter(t => t !== undefined)),
              );

              // An owner from the catalog, or the default owner, and then the reason why.
              const { owner } = entity.spec;
              expect([...organisationRefs, defaultOwner]).toContain(owner);
              expect(owner).not.toBe('group:default/airflow');
              // Owners are reported as unmatched only when the default owner stands in for them.
              expect(
                unmatchedOwners === undefined ||
                  (owner === defaultOwner && unmatchedOwners.length > 0),
              ).toBe(true);
            }
          },
        ),
        { numRuns: 150 },
      );
    });
  });
});

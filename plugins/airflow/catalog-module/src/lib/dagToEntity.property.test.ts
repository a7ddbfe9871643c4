import { makeValidator, stringifyEntityRef } from '@backstage/catalog-model';
import { airflowDagLocator } from '@mlops-portal/plugin-airflow-node';
import { airflowInstanceConfig } from '@mlops-portal/plugin-airflow-node/testUtils';
import { toEntityTag } from '@mlops-portal/plugin-mlops-common';
import { CatalogOwnerDirectory } from '@mlops-portal/plugin-mlops-node';
import { expectValidEntity } from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import { arbitraryDag } from '../__testUtils__/arbitraries';
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

describe('dagToEntity over every DAG the contracts allow', () => {
  it('gives an entity the catalog accepts, found where the authority looks for it', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryDag,
        fc.constantFrom(...instances),
        async (dag, instance) => {
          const { entity } = dagToEntity(dag, {
            instances,
            instance,
            apiVersion: 'v2',
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
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps what Airflow says, and only that', () => {
    fc.assert(
      fc.property(arbitraryDag, dag => {
        const { entity, unmatchedOwners } = dagToEntity(dag, {
          instances,
          instance: instances[0],
          apiVersion: 'v1',
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
      }),
      { numRuns: 500 },
    );
  });
});

import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  isKubeflowId,
  readKubeflowAnnotations,
} from '@mlops-portal/plugin-kubeflow-common';
import { kubeflowPipelineLocator } from '@mlops-portal/plugin-kubeflow-node';
import { kubeflowInstanceConfig } from '@mlops-portal/plugin-kubeflow-node/testUtils';
import { expectValidEntity } from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import {
  arbitraryPipeline,
  arbitraryVersions,
} from '../__testUtils__/arbitraries';
import { pipelineToEntity } from './pipelineToEntity';

const instances = [
  kubeflowInstanceConfig({ name: 'prod' }),
  kubeflowInstanceConfig({ name: 'staging' }),
];
const namespaceOwners = new Map([
  ['fraud-detection', 'group:default/fraud-detection'],
  ['supply-chain', 'group:default/supply-chain'],
]);
const defaultOwner = 'group:default/ml-platform';

describe('pipelineToEntity over every pipeline the contract allows', () => {
  it('gives an entity the catalog accepts, found where the authority looks for it', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryPipeline,
        arbitraryVersions,
        fc.constantFrom(...instances),
        async (pipeline, versions, instance) => {
          const entity = pipelineToEntity(pipeline, versions, {
            instances,
            instance,
            defaultOwner,
            namespaceOwners,
          });
          await expectValidEntity(entity);
          const locator = kubeflowPipelineLocator(
            instances,
            instance.name,
            pipeline,
          );
          expect(stringifyEntityRef(entity)).toBe(locator.entityRef);
          expect(entity.metadata.annotations).toMatchObject({
            'backstage.io/managed-by-location': locator.managedByLocation,
            'backstage.io/managed-by-origin-location':
              locator.managedByLocation,
            ...locator.annotations,
          });
          expect(entity.metadata.title).toBe(pipeline.displayName);
          expect(entity.spec.owner).toBe(
            namespaceOwners.get(pipeline.namespace ?? '') ?? defaultOwner,
          );
          expect(entity.spec.kubeflow.versionCount).toBe(versions.count);
          expect(entity.spec.kubeflow.latestVersion?.id).toBe(
            versions.latest?.pipelineVersionId,
          );
          // The entity's own page reads the annotation back: the pipeline's name or its id
          // (KFP's are UUIDs; only an id nothing can read back leaves it out).
          const { pipeline: annotated } = readKubeflowAnnotations(entity);
          const readable = isKubeflowId(pipeline.pipelineId)
            ? [pipeline.name, pipeline.pipelineId]
            : [pipeline.name, pipeline.pipelineId, undefined];
          expect(readable).toContain(annotated);
          // A name is never one the page would take for an id.
          expect(
            annotated === pipeline.pipelineId ||
              annotated === undefined ||
              !isKubeflowId(annotated),
          ).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

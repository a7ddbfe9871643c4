import { stringifyEntityRef } from '@backstage/catalog-model';
import { readKubeflowAnnotations } from '@mlops-portal/plugin-kubeflow-common';
import {
  KubeflowPipeline,
  KubeflowPipelineVersion,
  kubeflowPipelineLocator,
} from '@mlops-portal/plugin-kubeflow-node';
import {
  KUBEFLOW_STORY,
  kubeflowInstanceConfig,
} from '@mlops-portal/plugin-kubeflow-node/testUtils';
import { expectValidEntity } from '@mlops-portal/plugin-mlops-node/testUtils';
import { PipelineEntityContext, pipelineToEntity } from './pipelineToEntity';

const prod = kubeflowInstanceConfig({
  uiUrl: 'https://kubeflow.example.com/pipeline/',
});
const staging = kubeflowInstanceConfig({
  name: 'staging',
  uiUrl: 'https://kubeflow-staging.example.com',
});
const { fraudPipeline } = KUBEFLOW_STORY;

/** A pipeline of `prod`, the default instance, unless overridden. */
const context = (
  overrides: Partial<PipelineEntityContext> = {},
): PipelineEntityContext => ({
  instances: [prod, staging],
  instance: prod,
  defaultOwner: 'group:default/ml-platform',
  namespaceOwners: new Map([
    ['fraud-detection', 'group:default/fraud-detection'],
  ]),
  ...overrides,
});

const fraudTraining: KubeflowPipeline = {
  pipelineId: fraudPipeline.id,
  displayName: 'fraud-detection-training',
  name: 'fraud-detection-training',
  description: ' Trains the fraud-detector XGBoost model. ',
  createdAt: '2026-10-01T09:12:00Z',
  namespace: 'fraud-detection',
};

const v3: KubeflowPipelineVersion = {
  pipelineId: fraudPipeline.id,
  pipelineVersionId: fraudPipeline.versions.v3.id,
  displayName: 'v3',
  name: 'v3',
  createdAt: '2026-10-25T10:41:00Z',
  parameters: [],
  tasks: [],
};

/** A pipeline as the client hands it out, with only what KFP must send. */
const barePipeline = (
  displayName: string,
  overrides: Partial<KubeflowPipeline> = {},
): KubeflowPipeline => ({
  pipelineId: '3f2c5a4e-1b0d-4c6e-9a8f-7d6e5c4b3a21',
  displayName,
  ...overrides,
});

describe('pipelineToEntity', () => {
  it('maps a pipeline and its newest version to a kubeflow-pipeline Resource', async () => {
    const entity = pipelineToEntity(
      fraudTraining,
      { latest: v3, count: 3 },
      context(),
    );
    expect(entity).toStrictEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'fraud-detection-training',
        title: 'fraud-detection-training',
        description: 'Trains the fraud-detector XGBoost model.',
        annotations: {
          'backstage.io/managed-by-location': 'mlops:kubeflow/prod',
          'backstage.io/managed-by-origin-location': 'mlops:kubeflow/prod',
          'kubeflow.org/pipeline-id': fraudPipeline.id,
          'kubeflow.org/instance': 'prod',
          'kubeflow.org/pipeline': 'fraud-detection-training',
        },
        links: [
          {
            url: `https://kubeflow.example.com/pipeline/#/pipelines/details/${fraudPipeline.id}`,
            title: 'Kubeflow pipeline',
            icon: 'dashboard',
          },
        ],
      },
      spec: {
        type: 'kubeflow-pipeline',
        owner: 'group:default/fraud-detection',
        kubeflow: {
          instance: 'prod',
          pipelineId: fraudPipeline.id,
          namespace: 'fraud-detection',
          versionCount: 3,
          latestVersion: {
            id: fraudPipeline.versions.v3.id,
            name: 'v3',
            createdAt: '2026-10-25T10:41:00Z',
          },
        },
      },
    });
    await expectValidEntity(entity);
  });

  it('leaves out what KFP does not say', async () => {
    const entity = pipelineToEntity(
      barePipeline('cleanup', { description: '  ' }),
      { count: undefined },
      context(),
    );
    expect(entity.metadata.description).toBeUndefined();
    expect(entity.spec.kubeflow).toStrictEqual({
      instance: 'prod',
      pipelineId: '3f2c5a4e-1b0d-4c6e-9a8f-7d6e5c4b3a21',
    });
    const { createdAt, ...undated } = v3;
    expect(
      pipelineToEntity(
        barePipeline('cleanup'),
        { latest: undated, count: 0 },
        context(),
      ).spec.kubeflow,
    ).toMatchObject({
      versionCount: 0,
      latestVersion: { id: v3.pipelineVersionId, name: 'v3' },
    });
    await expectValidEntity(entity);
  });

  describe('owners', () => {
    const ownerOf = (namespace?: string) =>
      pipelineToEntity(barePipeline('p', { namespace }), {}, context()).spec
        .owner;

    it('are the configured owner of the namespace', () => {
      expect(ownerOf('fraud-detection')).toBe('group:default/fraud-detection');
    });

    it('are the default owner for other namespaces and shared pipelines', () => {
      expect(ownerOf('supply-chain')).toBe('group:default/ml-platform');
      expect(ownerOf(undefined)).toBe('group:default/ml-platform');
      expect(ownerOf('')).toBe('group:default/ml-platform');
    });
  });

  describe('names', () => {
    it('are those of the locator the backend authorizes writes against', async () => {
      for (const [pipeline, from] of [
        [fraudTraining, prod],
        [barePipeline('Fraud Detection – Training'), prod],
        [fraudTraining, staging],
      ] as const) {
        const entity = pipelineToEntity(
          pipeline,
          {},
          context({ instance: from }),
        );
        const locator = kubeflowPipelineLocator(
          [prod, staging],
          from.name,
          pipeline,
        );
        expect(stringifyEntityRef(entity)).toBe(locator.entityRef);
        expect(entity.metadata.annotations).toMatchObject({
          'backstage.io/managed-by-location': locator.managedByLocation,
          'backstage.io/managed-by-origin-location': locator.managedByLocation,
          ...locator.annotations,
        });
        await expectValidEntity(entity);
      }
    });

    it('carry the instance prefix and its UI on a non-default instance', () => {
      const entity = pipelineToEntity(
        fraudTraining,
        {},
        context({ instance: staging }),
      );
      expect(entity.metadata.name).toMatch(
        /^staging-fraud-detection-training-[0-9a-f]{8}$/,
      );
      expect(entity.metadata.links?.[0].url).toBe(
        `https://kubeflow-staging.example.com/#/pipelines/details/${fraudPipeline.id}`,
      );
    });

    it('keep a display name that is no entity name in the title, the entity name valid', async () => {
      const entity = pipelineToEntity(
        barePipeline('Fraud Detection – Training (XGBoost)'),
        {},
        context(),
      );
      expect(entity.metadata.title).toBe(
        'Fraud Detection – Training (XGBoost)',
      );
      expect(entity.metadata.name).toMatch(/^[a-z0-9-]+-[0-9a-f]{8}$/);
      await expectValidEntity(entity);
    });
  });

  describe('the pipeline annotation', () => {
    const annotated = (pipeline: KubeflowPipeline) =>
      readKubeflowAnnotations(pipelineToEntity(pipeline, {}, context()))
        .pipeline;

    it('is the name, where looking the name up finds this pipeline', () => {
      expect(annotated(fraudTraining)).toBe('fraud-detection-training');
    });

    it('is the id where the name would find another pipeline, or none', () => {
      const id = '3f2c5a4e-1b0d-4c6e-9a8f-7d6e5c4b3a21';
      // KFP's unique name differs from the display name: a lookup by name finds `name`.
      expect(
        annotated(barePipeline('Fraud training', { name: 'fraud-training' })),
      ).toBe(id);
      // No `name` (an older server): a lookup by name finds nothing.
      expect(annotated(barePipeline('fraud-training'))).toBe(id);
      // Names the annotation reader trims, refuses, or reads as an id.
      for (const displayName of [
        ' padded ',
        'x'.repeat(129),
        'tab\tname',
        '0b1e6a52-6f3e-4a0e-8d52-2a1f8d1f9c11',
      ]) {
        expect(
          annotated(barePipeline(displayName, { name: displayName })),
        ).toBe(id);
      }
    });
  });
});

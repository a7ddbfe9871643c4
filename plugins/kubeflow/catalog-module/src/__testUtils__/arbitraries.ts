import type {
  KubeflowPipeline,
  KubeflowPipelineVersion,
} from '@mlops-portal/plugin-kubeflow-node';
import fc from 'fast-check';
import type { PipelineVersionsSummary } from '../lib/pipelineToEntity';

/** Display names as people write them: entity names already, names with spaces and accents, anything. */
export const arbitraryDisplayName = fc.oneof(
  fc.constantFrom(
    'fraud-detection-training',
    'Fraud Detection – Training (XGBoost)',
    'demand_forecast.v2',
    'Produkt Empfehlung – β',
    ' padded ',
    '0b1e6a52-6f3e-4a0e-8d52-2a1f8d1f9c11',
  ),
  fc.string({ minLength: 1, unit: 'grapheme' }),
  fc.string({ minLength: 1, maxLength: 300 }),
);

/** A pipeline as the client hands it out for any answer the contract allows. */
export const arbitraryPipeline: fc.Arbitrary<KubeflowPipeline> =
  arbitraryDisplayName.chain(displayName =>
    fc.record(
      {
        pipelineId: fc.oneof(fc.uuid(), fc.string({ minLength: 1 })),
        displayName: fc.constant(displayName),
        name: fc.oneof(fc.constant(displayName), arbitraryDisplayName),
        description: fc.string({ unit: 'grapheme' }),
        createdAt: fc.date({ noInvalidDate: true }).map(d => d.toISOString()),
        namespace: fc.oneof(
          fc.constantFrom('fraud-detection', 'supply-chain', 'kubeflow'),
          fc.string({ minLength: 1 }),
        ),
      },
      { requiredKeys: ['pipelineId', 'displayName'] },
    ),
  );

/** What the one versions request of a pipeline may say. */
export const arbitraryVersions: fc.Arbitrary<PipelineVersionsSummary> =
  fc.record(
    {
      latest: fc.record(
        {
          pipelineId: fc.uuid(),
          pipelineVersionId: fc.oneof(fc.uuid(), fc.string({ minLength: 1 })),
          displayName: arbitraryDisplayName,
          createdAt: fc.date({ noInvalidDate: true }).map(d => d.toISOString()),
          parameters: fc.constant([]),
          tasks: fc.constant([]),
        },
        {
          requiredKeys: [
            'pipelineId',
            'pipelineVersionId',
            'displayName',
            'parameters',
            'tasks',
          ],
        },
      ) as fc.Arbitrary<KubeflowPipelineVersion>,
      count: fc.nat({ max: 100_000 }),
    },
    { requiredKeys: [] },
  );

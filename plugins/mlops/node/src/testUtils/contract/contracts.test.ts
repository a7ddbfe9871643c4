import {
  describeWithContracts,
  responseSchema,
  schemaValidator,
  type HttpContractName,
  type SelfContainedSchema,
} from '@mlops-portal/contract-testing';
import fc from 'fast-check';
import { arbitraryFromSchema, malformedBodies } from './index';

const SEED = 20261202;

interface Case {
  contract: HttpContractName;
  method: string;
  path: string;
  /** Where in a body the main object sits ('*' for array items), and its definition. */
  item: [pointer: string, definition: string];
}

const CASES: Case[] = [
  {
    contract: 'mlflow-3',
    method: 'GET',
    path: '/api/2.0/mlflow/registered-models/search',
    item: ['/registered_models/*', 'RegisteredModel'],
  },
  {
    contract: 'mlflow-3',
    method: 'POST',
    path: '/api/2.0/mlflow/runs/search',
    item: ['/runs/*', 'Run'],
  },
  {
    contract: 'mlflow-3',
    method: 'GET',
    path: '/api/2.0/mlflow/model-versions/search',
    item: ['/model_versions/*', 'ModelVersion'],
  },
  {
    contract: 'mlflow-3',
    method: 'GET',
    path: '/api/2.0/mlflow/registered-models/get',
    item: ['/registered_model', 'RegisteredModel'],
  },
  {
    contract: 'mlflow-3',
    method: 'GET',
    path: '/api/2.0/mlflow/runs/get',
    item: ['/run', 'Run'],
  },
  {
    contract: 'mlflow-3',
    method: 'GET',
    path: '/api/2.0/mlflow/metrics/get-history',
    item: ['/metrics/*', 'Metric'],
  },
  {
    contract: 'mlflow-3',
    method: 'GET',
    path: '/api/2.0/mlflow/experiments/get-by-name',
    item: ['/experiment', 'Experiment'],
  },
  {
    contract: 'airflow-v2',
    method: 'GET',
    path: '/api/v2/dags',
    item: ['/dags/*', 'DAGResponse'],
  },
  {
    contract: 'kfp-v2beta1',
    method: 'GET',
    path: '/apis/v2beta1/runs',
    item: ['/runs/*', 'v2beta1Run'],
  },
];

type Json = Record<string, unknown>;

/** The objects found at a pointer (with '*' for every array item) in a body. */
function objectsAt(value: unknown, segments: string[]): Json[] {
  if (segments.length === 0) {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? [value as Json]
      : [];
  }
  const [head, ...rest] = segments;
  if (head === '*')
    return Array.isArray(value) ? value.flatMap(v => objectsAt(v, rest)) : [];
  if (
    typeof value !== 'object' ||
    value === null ||
    !Object.prototype.hasOwnProperty.call(value, head)
  )
    return [];
  return objectsAt((value as Json)[head], rest);
}

/** For each declared property of an object schema: in how many of the objects it was present. */
function presence(
  objects: Json[],
  schema: Json,
): Array<[string, boolean, number]> {
  const required = (schema.required as string[] | undefined) ?? [];
  return Object.keys((schema.properties as Json | undefined) ?? {}).map(
    name => [
      name,
      required.includes(name),
      objects.filter(o => Object.prototype.hasOwnProperty.call(o, name)).length,
    ],
  );
}

/** Required properties missing from some objects, and optional ones never or always present. */
function presenceProblems(objects: Json[], schema: Json): string[] {
  return presence(objects, schema)
    .filter(([, required, present]) =>
      required
        ? present !== objects.length
        : present === 0 || present === objects.length,
    )
    .map(
      ([name, required, present]) =>
        `${required ? 'required' : 'optional'} ${name}: in ${present} of ${
          objects.length
        }`,
    );
}

describeWithContracts(
  'arbitraryFromSchema against real upstream responses',
  () => {
    describe.each(CASES)(
      '$contract $method $path',
      ({ contract, method, path, item: [pointer, definition] }) => {
        let schema: SelfContainedSchema;
        let validate: ReturnType<typeof schemaValidator>;
        beforeAll(() => {
          schema = responseSchema(contract, method, path);
          validate = schemaValidator(schema);
        });

        it('draws only bodies the contract allows', () => {
          fc.assert(
            fc.property(arbitraryFromSchema(schema), body => {
              expect(validate(body).errors).toEqual([]);
            }),
            { numRuns: 100 },
          );
        });

        it('leaves each optional field out of some bodies and puts it in others', () => {
          const bodies = fc.sample(arbitraryFromSchema(schema), {
            numRuns: 200,
            seed: SEED,
          });
          const items = bodies.flatMap(b =>
            objectsAt(b, pointer.split('/').slice(1)),
          );
          expect(items.length).toBeGreaterThan(20);
          expect(presenceProblems(bodies as Json[], schema)).toEqual([]);
          const definitions = schema.definitions as Record<string, Json>;
          expect(presenceProblems(items, definitions[definition])).toEqual([]);
        });

        it('draws malformed bodies the contract refuses', () => {
          fc.assert(
            fc.property(
              malformedBodies(arbitraryFromSchema(schema), { schema }),
              body => {
                expect(validate(body).valid).toBe(false);
              },
            ),
            { numRuns: 100 },
          );
        });
      },
    );

    it('can end a paging loop: next_page_token never drawn, bodies still valid', () => {
      const schema = responseSchema(
        'mlflow-3',
        'POST',
        '/api/2.0/mlflow/runs/search',
      );
      const validate = schemaValidator(schema);
      const bodies = fc.sample(
        arbitraryFromSchema(schema, {
          overrides: { '/next_page_token': 'absent', '/runs': 'present' },
        }),
        {
          numRuns: 100,
          seed: SEED,
        },
      ) as Json[];
      expect(
        bodies.filter(b => 'next_page_token' in b || !Array.isArray(b.runs)),
      ).toEqual([]);
      expect(bodies.filter(b => !validate(b).valid)).toEqual([]);
    });
  },
);

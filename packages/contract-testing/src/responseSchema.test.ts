import {
  describeWithContracts,
  loadHttpContract,
  responseSchema,
  schemaValidator,
  type HttpContractName,
  type SelfContainedSchema,
} from './index';
import { selfContainedSchema } from './responseSchema';

type Json = { [key: string]: any };

/** Every subschema of a schema, with its JSON pointer (the schema's own values are not walked). */
function* walk(schema: unknown, pointer = ''): Generator<[string, Json]> {
  if (typeof schema !== 'object' || schema === null) return;
  const node = schema as Json;
  yield [pointer, node];
  for (const key of ['properties', 'definitions']) {
    for (const [name, sub] of Object.entries<unknown>(node[key] ?? {})) {
      yield* walk(sub, `${pointer}/${key}/${name}`);
    }
  }
  for (const key of [
    'items',
    'additionalProperties',
    'additionalItems',
    'not',
  ]) {
    if (Array.isArray(node[key])) {
      for (const [i, sub] of node[key].entries())
        yield* walk(sub, `${pointer}/${key}/${i}`);
    } else yield* walk(node[key], `${pointer}/${key}`);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    for (const [i, sub] of (node[key] ?? []).entries()) {
      yield* walk(sub, `${pointer}/${key}/${i}`);
    }
  }
}

function expectSelfContained(schema: SelfContainedSchema): void {
  const refs = [...walk(schema)]
    .map(([, node]) => node.$ref)
    .filter((ref): ref is string => ref !== undefined);
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) {
    expect(ref).toMatch(/^#\/definitions\//);
    expect(schema.definitions).toHaveProperty([
      decodeURIComponent(ref.slice('#/definitions/'.length)),
    ]);
  }
  expect(JSON.stringify(schema)).not.toMatch(/contract:\/\/|"\$id"/);
}

const MLFLOW_SEARCH = '/api/2.0/mlflow/registered-models/search';

describeWithContracts('responseSchema', () => {
  describe('MLflow (mlflow-3)', () => {
    const search = () => responseSchema('mlflow-3', 'GET', MLFLOW_SEARCH);

    it('gives the response message with local refs to the messages it uses', () => {
      const schema = search();
      expect(schema.properties).toEqual({
        registered_models: {
          type: 'array',
          items: { $ref: '#/definitions/RegisteredModel' },
        },
        next_page_token: { type: 'string' },
      });
      expect(schema.additionalProperties).toBe(false);
      expect(Object.keys(schema.definitions ?? {})).toEqual(
        expect.arrayContaining([
          'RegisteredModel',
          'ModelVersion',
          'RegisteredModelTag',
        ]),
      );
      // Only what the rpc reaches, not all of MLflow's messages.
      expect(schema.definitions).not.toHaveProperty('Run');
      expectSelfContained(schema);
    });

    it('is in response mode: nothing required anywhere, unknown fields refused', () => {
      const schema = responseSchema(
        'mlflow-3',
        'POST',
        '/api/3.0/mlflow/traces/search',
      );
      const objects = [...walk(schema)].filter(([, n]) => n.type === 'object');
      expect(objects.length).toBeGreaterThan(5);
      expect(objects.filter(([, n]) => n.required)).toEqual([]);
      const defs = schema.definitions as Json;
      expect(defs.TraceInfoV3.additionalProperties).toBe(false);
      expect(defs.TraceInfoV3.properties.tags).toEqual({
        type: 'object',
        additionalProperties: { type: 'string' },
      });
      expect(defs.TraceInfoV3.properties.state.enum).toContain('OK');
      expect(defs.TraceLocation.allOf).toContainEqual(
        expect.objectContaining({
          not: { required: ['mlflow_experiment', 'inference_table'] },
        }),
      );
    });

    it('spells int64 as integer and doubles as number or the non-finite strings', () => {
      const metric = (
        responseSchema('mlflow-3', 'POST', '/api/2.0/mlflow/runs/search')
          .definitions as Json
      ).Metric.properties;
      expect(metric.timestamp).toEqual({ type: 'integer' });
      expect(metric.value).toEqual({
        type: ['number', 'string'],
        pattern: '^(NaN|-?Infinity)$',
      });
    });

    it('judges bodies as validateResponse does', () => {
      const validate = schemaValidator(search());
      const contract = loadHttpContract('mlflow-3');
      const bodies = [
        {},
        { registered_models: [{ name: 'm', creation_timestamp: 1 }] },
        {
          registered_models: [
            { name: 'm', latest_versions: [{ status: 'READY' }] },
          ],
        },
        {
          registered_models: [
            { name: 'm', latest_versions: [{ status: 'NOPE' }] },
          ],
        },
        { registered_models: [{ name: 1 }] },
        { registered_models: {}, next_page_token: 'x' },
        { unknown: true },
        null,
      ];
      for (const body of bodies) {
        const expected = contract.validateResponse({
          method: 'GET',
          path: MLFLOW_SEARCH,
          status: 200,
          body,
        });
        expect([body, validate(body).valid]).toEqual([body, expected.valid]);
      }
    });

    it('refuses rpcs without a JSON body and paths without an rpc', () => {
      expect(() =>
        responseSchema(
          'mlflow-3',
          'GET',
          '/api/2.0/mlflow-artifacts/artifacts/a/b.txt',
        ),
      ).toThrow(/raw bytes/);
      expect(() =>
        responseSchema('mlflow-3', 'GET', '/api/2.0/mlflow/nope'),
      ).toThrow(/no rpc of mlflow-3 matches GET \/api\/2.0\/mlflow\/nope/);
    });
  });

  describe('OpenAPI and Swagger', () => {
    const cases: Array<[HttpContractName, string, string, string]> = [
      ['airflow-v1', 'GET', '/api/v1/dags', '/api/v1/dags'],
      ['airflow-v2', 'GET', '/api/v2/dags', '/api/v2/dags'],
      ['airflow-v2', 'GET', '/api/v2/config', '/api/v2/config'],
      ['kfp-v2beta1', 'GET', '/apis/v2beta1/runs', '/apis/v2beta1/runs'],
      [
        'kfp-v2beta1',
        'GET',
        '/apis/v2beta1/runs/r-1',
        '/apis/v2beta1/runs/{run_id}',
      ],
    ];

    it.each(cases)(
      '%s %s %s is self-contained and judges bodies as validateResponse does',
      (name, method, path) => {
        const schema = responseSchema(name, method, path);
        expectSelfContained(schema);
        const validate = schemaValidator(schema);
        for (const body of [{}, { total_entries: 'many' }, [], null]) {
          const expected = loadHttpContract(name).validateResponse({
            method,
            path,
            status: 200,
            body,
          });
          expect([body, validate(body).valid]).toEqual([body, expected.valid]);
        }
      },
    );

    it('inlines a bare $ref root and keeps required and nullable (Airflow v1, OpenAPI 3.0)', () => {
      const schema = responseSchema('airflow-v1', 'GET', '/api/v1/dags');
      expect(schema.allOf).toBeDefined();
      const dag = (schema.definitions as Json).DAG.properties;
      expect(dag.description.type).toEqual(['string', 'null']);
      // "datetime", Airflow v1's spelling, becomes the standard name.
      expect(JSON.stringify(schema)).not.toMatch(/"format":"datetime"/);
    });

    it('turns 2020-12 prefixItems into draft-07 tuple items (Airflow v2 config values)', () => {
      const schema = responseSchema('airflow-v2', 'GET', '/api/v2/config');
      const tuples = [...walk(schema)].filter(([, n]) =>
        Array.isArray(n.items),
      );
      expect(tuples.length).toBeGreaterThan(0);
      expect(JSON.stringify(schema)).not.toMatch(/prefixItems/);
      const validate = schemaValidator(schema);
      const option = (value: unknown) => ({
        sections: [{ name: 'core', options: [{ key: 'k', value }] }],
      });
      expect(validate(option(['v', 'env'])).valid).toBe(true);
      expect(validate(option([1, 'env'])).valid).toBe(false);
    });

    it('keeps grpc-gateway int64 strings as strings (KFP)', () => {
      const schema = responseSchema('kfp-v2beta1', 'GET', '/apis/v2beta1/runs');
      expect((schema.properties as Json).total_size).toEqual(
        expect.objectContaining({ type: 'integer', format: 'int32' }),
      );
      const int64 = [...walk(schema)].filter(([, n]) => n.format === 'int64');
      expect(int64.every(([, n]) => n.type === 'string')).toBe(true);
    });

    it('refuses operations without a JSON success body', () => {
      expect(() =>
        responseSchema('airflow-v2', 'DELETE', '/api/v2/pools/p'),
      ).toThrow(/delete_pool .* declares no JSON body for 204/);
    });
  });
});

describe('selfContainedSchema', () => {
  const lookup = (definitions: Json) => (name: string) => definitions[name];

  it('copies only reachable definitions, following refs transitively', () => {
    const schema = selfContainedSchema(
      { $ref: '#/definitions/A' },
      lookup({
        A: { type: 'object', properties: { b: { $ref: '#/definitions/B' } } },
        B: { type: 'array', items: { $ref: '#/definitions/A' } },
        Unused: { type: 'string' },
      }),
      'test',
    );
    expect(schema.properties).toEqual({ b: { $ref: '#/definitions/B' } });
    expect(Object.keys(schema.definitions ?? {}).sort()).toEqual(['A', 'B']);
  });

  it.each([
    [
      { type: 'object', patternProperties: { '^x': {} } },
      /'patternProperties' at \/patternProperties/,
    ],
    [{ properties: { a: { if: {} } } }, /'if' at \/properties\/a\/if/],
    [{ not: { type: 'string' } }, /'not' at \/not is supported only as/],
    [
      { $ref: 'https://example.com/s.json' },
      /not a local #\/definitions\/ ref/,
    ],
    [{ $ref: '#/definitions/Missing' }, /points at no definition/],
  ])('names what it cannot support: %j', (root, message) => {
    expect(() => selfContainedSchema(root, lookup({}), 'test')).toThrow(
      message,
    );
  });
});

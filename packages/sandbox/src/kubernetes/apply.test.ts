import request from 'supertest';
import { K8S_AUTH, testSandbox } from '../__testUtils__/sandbox';
import { Sandbox } from '../index';

const G = '/kubernetes/apis/serving.kserve.io/v1beta1';
const NS = `${G}/namespaces/fraud-detection/inferenceservices`;
const APPLY = { ...K8S_AUTH, 'Content-Type': 'application/apply-patch+yaml' };

const config = (name: string, spec: object, metadata: object = {}) => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name, ...metadata },
  spec,
});

describe('Kubernetes server-side apply', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = testSandbox();
  });

  const apply = (
    name: string,
    body: object | string,
    query: Record<string, string> = { fieldManager: 'm1' },
  ) =>
    request(sandbox.app)
      .patch(`${NS}/${name}`)
      .query(query)
      .set(APPLY)
      .send(typeof body === 'string' ? body : JSON.stringify(body));

  it('requires fieldManager, and refuses force on other patch types', async () => {
    const res = await apply('a1', config('a1', {}), {});
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      reason: 'Invalid',
      details: {
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value: is required for apply patch',
            field: 'fieldManager',
          },
        ],
      },
      code: 422,
    });
    const forced = await request(sandbox.app)
      .patch(`${NS}/fraud-detector`)
      .query({ force: 'true' })
      .set({ ...K8S_AUTH, 'Content-Type': 'application/merge-patch+json' })
      .send({});
    expect(forced.status).toBe(422);
    expect(forced.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
  });

  it('creates from YAML or JSON (201) and records the manager in managedFields', async () => {
    const yaml = [
      'apiVersion: serving.kserve.io/v1beta1',
      'kind: InferenceService',
      'metadata:',
      '  name: a1',
      '  labels:',
      '    x: "y"',
      'spec:',
      '  predictor:',
      '    minReplicas: 2',
      '    model: {modelFormat: {name: sklearn}, storageUri: "s3://m"}',
    ].join('\n');
    const created = await apply('a1', yaml).expect(201);
    expect(created.body.metadata).toMatchObject({
      name: 'a1',
      namespace: 'fraud-detection',
      generation: 1,
      labels: { x: 'y' },
      managedFields: [
        {
          manager: 'm1',
          operation: 'Apply',
          apiVersion: 'serving.kserve.io/v1beta1',
          time: created.body.metadata.creationTimestamp,
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } },
            'f:spec': {
              '.': {},
              'f:predictor': {
                '.': {},
                'f:minReplicas': {},
                'f:model': {
                  '.': {},
                  'f:modelFormat': { '.': {}, 'f:name': {} },
                  'f:storageUri': {},
                },
              },
            },
          },
        },
      ],
    });
    await request(sandbox.app).get(`${NS}/a1`).set(K8S_AUTH).expect(200);

    const dry = await apply('a2', config('a2', { predictor: {} }), {
      fieldManager: 'm1',
      dryRun: 'All',
    }).expect(201);
    expect(dry.body.metadata.name).toBe('a2');
    await request(sandbox.app).get(`${NS}/a2`).set(K8S_AUTH).expect(404);
  });

  it('merges into an existing object: conflicts, force, shared and released fields', async () => {
    await apply(
      'c1',
      config(
        'c1',
        { predictor: { minReplicas: 1, maxReplicas: 3 } },
        { labels: { a: '1', b: '2' } },
      ),
    ).expect(201);
    const conflict = await apply(
      'c1',
      config('c1', { predictor: { minReplicas: 2, maxReplicas: 5 } }),
      { fieldManager: 'm2' },
    ).expect(409);
    expect(conflict.body).toMatchObject({
      reason: 'Conflict',
      message:
        'Apply failed with 2 conflicts: conflicts with "m1":\n- .spec.predictor.maxReplicas\n- .spec.predictor.minReplicas',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "m1"',
            field: '.spec.predictor.maxReplicas',
          },
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "m1"',
            field: '.spec.predictor.minReplicas',
          },
        ],
      },
    });
    // The same value is no conflict: both own it.
    await apply('c1', config('c1', { predictor: { minReplicas: 1 } }), {
      fieldManager: 'm2',
    }).expect(200);
    // m1 lets go of labels.b and maxReplicas (gone) and minReplicas (m2 keeps it).
    const released = await apply(
      'c1',
      config(
        'c1',
        { predictor: { canaryTrafficPercent: 10 } },
        { labels: { a: '1' } },
      ),
    ).expect(200);
    expect(released.body.metadata.labels).toEqual({ a: '1' });
    expect(released.body.spec).toEqual({
      predictor: { canaryTrafficPercent: 10, minReplicas: 1 },
    });
    const forced = await apply(
      'c1',
      config('c1', { predictor: { minReplicas: 1, canaryTrafficPercent: 50 } }),
      { fieldManager: 'm2', force: 'true' },
    ).expect(200);
    expect(forced.body.spec.predictor.canaryTrafficPercent).toBe(50);
    expect(
      forced.body.metadata.managedFields.map((e: any) => [
        e.manager,
        e.fieldsV1,
      ]),
    ).toEqual([
      [
        'm1',
        {
          'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } },
          'f:spec': { '.': {}, 'f:predictor': {} },
        },
      ],
      [
        'm2',
        {
          'f:spec': {
            '.': {},
            'f:predictor': {
              '.': {},
              'f:canaryTrafficPercent': {},
              'f:minReplicas': {},
            },
          },
        },
      ],
    ]);
    expect(forced.body.metadata.generation).toBe(
      released.body.metadata.generation + 1,
    );
    // Applying the same configuration again changes nothing.
    const again = await apply(
      'c1',
      config('c1', { predictor: { minReplicas: 1, canaryTrafficPercent: 50 } }),
      { fieldManager: 'm2' },
    ).expect(200);
    expect(again.body.metadata.resourceVersion).toBe(
      forced.body.metadata.resourceVersion,
    );
  });

  it('keeps status and server metadata, honours a resourceVersion precondition and dryRun', async () => {
    const before = (
      await request(sandbox.app).get(`${NS}/fraud-detector`).set(K8S_AUTH)
    ).body;
    const res = await apply(
      'fraud-detector',
      {
        ...config('fraud-detector', { predictor: { minReplicas: 2 } }),
        status: { url: 'http://evil' },
      },
      { fieldManager: 'backstage' },
    ).expect(200);
    expect(res.body.status).toEqual(before.status);
    expect(res.body.metadata).toMatchObject({
      uid: before.metadata.uid,
      creationTimestamp: before.metadata.creationTimestamp,
      generation: before.metadata.generation + 1,
      labels: before.metadata.labels,
    });
    expect(res.body.spec.predictor.model).toEqual(before.spec.predictor.model);
    const stale = await apply(
      'fraud-detector',
      config(
        'fraud-detector',
        { predictor: { minReplicas: 3 } },
        { resourceVersion: before.metadata.resourceVersion },
      ),
    ).expect(409);
    expect(stale.body.message).toMatch(/the object has been modified/);
    const dry = await apply(
      'fraud-detector',
      config('fraud-detector', { predictor: { minReplicas: 4 } }),
      { fieldManager: 'backstage', dryRun: 'All' },
    ).expect(200);
    expect(dry.body.spec.predictor.minReplicas).toBe(4);
    const stored = (
      await request(sandbox.app).get(`${NS}/fraud-detector`).set(K8S_AUTH)
    ).body;
    expect(stored.spec.predictor.minReplicas).toBe(2);
    expect(stored.metadata.resourceVersion).toBe(
      res.body.metadata.resourceVersion,
    );
  });

  it.each<[string, string, object | string, number, string]>([
    [
      'a2',
      'name mismatch',
      config('other', {}),
      400,
      'the name of the object (other) does not match the name on the URL (a2)',
    ],
    [
      'a2',
      'namespace mismatch',
      config('a2', {}, { namespace: 'x' }),
      400,
      'the namespace of the object (x) does not match the namespace on the request (fraud-detection)',
    ],
    [
      'a2',
      'no name',
      { ...config('a2', {}), metadata: {} },
      400,
      'the name of the object (a2 based on URL) was undeterminable: name must be provided',
    ],
    [
      'a2',
      'wrong kind',
      { ...config('a2', {}), kind: 'Foo' },
      422,
      'Foo.serving.kserve.io "a2" is invalid: kind: Invalid value: "Foo": must be InferenceService',
    ],
    [
      'a2',
      'no apiVersion',
      { kind: 'InferenceService', metadata: { name: 'a2' } },
      400,
      'Incorrect version specified in apply patch. Specified patch version: , expected: serving.kserve.io/v1beta1',
    ],
    [
      'a2',
      'a list',
      '[1]',
      400,
      'error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    ],
    [
      'a2',
      'bad YAML',
      'a: [\n',
      400,
      'error decoding YAML: error converting YAML to JSON: ',
    ],
    [
      'a2',
      'no predictor',
      config('a2', {}),
      422,
      'InferenceService.serving.kserve.io "a2" is invalid: spec.predictor: Required value',
    ],
    [
      'A_B',
      'a bad name',
      config('A_B', { predictor: {} }),
      422,
      `InferenceService.serving.kserve.io "A_B" is invalid: metadata.name: Invalid value: "A_B": a lowercase RFC 1123 subdomain`,
    ],
  ])(
    'refuses %s (%s) as the API server does',
    async (name, _what, body, status, message) => {
      const res = await apply(name, body);
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(status);
      expect(res.body.message.startsWith(message)).toBe(true);
    },
  );

  it('needs the namespace to exist and lists apply among the accepted patch types', async () => {
    const res = await request(sandbox.app)
      .patch(`${G}/namespaces/ghost/inferenceservices/x`)
      .query({ fieldManager: 'm1' })
      .set(APPLY)
      .send(JSON.stringify(config('x', { predictor: {} })));
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('namespaces "ghost" not found');
    const unknown = await request(sandbox.app)
      .patch(`${NS}/fraud-detector`)
      .set({ ...K8S_AUTH, 'Content-Type': 'text/plain' })
      .send('{}');
    expect(unknown.status).toBe(415);
    expect(unknown.body.message).toContain('application/apply-patch+yaml');
    const unauthenticated = await request(sandbox.app)
      .patch(`${NS}/a1`)
      .query({ fieldManager: 'm1' })
      .set('Content-Type', 'application/apply-patch+yaml')
      .send('a: [\n');
    expect(unauthenticated.status).toBe(401);
  });
});

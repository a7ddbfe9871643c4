import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { ANNOTATION_KSERVE_UID } from '@mlops-portal/plugin-kserve-common';
import { kserveInferenceServiceLocator } from '@mlops-portal/plugin-kserve-node';
import {
  InferenceServiceFixtureState,
  buildInferenceServiceObject,
  fakeClusterConfig,
} from '@mlops-portal/plugin-kserve-node/testUtils';
import { expectValidEntity } from '@mlops-portal/plugin-mlops-node/testUtils';
import { apiDefinition } from './apiDefinitions';
import {
  InferenceServiceEntityContext,
  inferenceServiceEntityRefs,
  mapInferenceService,
  setModelResources,
} from './inferenceServiceEntities';

const prod = fakeClusterConfig('prod', {
  baseUrl: 'https://api.prod.example.com:6443',
  uiUrl: 'https://console.prod.example.com',
});
const staging = fakeClusterConfig('staging');
const clusters = [prod, staging];

const context = (
  overrides: Partial<InferenceServiceEntityContext> = {},
): InferenceServiceEntityContext => ({
  clusters,
  cluster: prod,
  config: {
    defaultOwner: 'group:default/ml-platform',
    ownerAnnotation: 'backstage.io/owner',
    ownerLabel: 'owner',
  },
  ...overrides,
});

function entitiesOf(object: unknown, ctx = context()): [Entity, Entity] {
  const mapping = mapInferenceService(object, ctx);
  if (!mapping.ok) {
    throw new Error(mapping.problem);
  }
  return [mapping.component, mapping.api];
}

const fraudDetector = (
  overrides: Partial<Parameters<typeof buildInferenceServiceObject>[0]> = {},
) =>
  buildInferenceServiceObject({
    namespace: 'fraud-detection',
    name: 'fraud-detector',
    state: 'canary',
    storageUri: 'models:/fraud-detector/5',
    labels: { owner: 'fraud-detection' },
    ...overrides,
  });

describe('mapInferenceService', () => {
  it('makes a model-server Component and the OpenAPI API it provides', async () => {
    const [component, api] = entitiesOf(fraudDetector());
    const location = 'mlops:kserve/prod';
    const identity = {
      'backstage.io/managed-by-location': location,
      'backstage.io/managed-by-origin-location': location,
      'kserve.io/inference-service': 'fraud-detection/fraud-detector',
      'kserve.io/cluster': 'prod',
    };
    const endpoint = {
      url: 'http://fraud-detector.fraud-detection.example.com',
      title: 'Inference endpoint',
      icon: 'web',
    };
    expect(component).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'fraud-detector',
        namespace: 'fraud-detection',
        title: 'fraud-detector',
        description:
          'sklearn model served by KServe, V2 (Open Inference Protocol) protocol, Serverless deployment.',
        annotations: {
          ...identity,
          'kserve.io/uid': 'uid-fraud-detection-fraud-detector',
          'backstage.io/kubernetes-namespace': 'fraud-detection',
          'backstage.io/kubernetes-label-selector':
            'serving.kserve.io/inferenceservice=fraud-detector',
        },
        tags: ['kserve', 'sklearn', 'serverless'],
        links: [
          endpoint,
          {
            url: 'https://console.prod.example.com',
            title: 'Cluster prod',
            icon: 'dashboard',
          },
        ],
      },
      spec: {
        type: 'model-server',
        lifecycle: 'production',
        owner: 'group:default/fraud-detection',
        providesApis: ['api:fraud-detection/fraud-detector'],
        kserve: {
          cluster: 'prod',
          namespace: 'fraud-detection',
          name: 'fraud-detector',
          deploymentMode: 'Serverless',
          protocolVersion: 'v2',
          modelFormat: 'sklearn',
          storageUri: 'models:/fraud-detector/5',
        },
      },
    });
    expect(api).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: 'fraud-detector',
        namespace: 'fraud-detection',
        title: 'fraud-detector inference API',
        description:
          'The V2 (Open Inference Protocol) REST API of KServe InferenceService fraud-detection/fraud-detector ' +
          "on cluster prod; the model is called 'fraud-detector' in its paths.",
        annotations: identity,
        tags: ['kserve', 'v2'],
        links: [endpoint],
      },
      spec: {
        type: 'openapi',
        lifecycle: 'production',
        owner: 'group:default/fraud-detection',
        definition: apiDefinition('v2', endpoint.url),
      },
    });
    await expectValidEntity(component);
    await expectValidEntity(api);
  });

  it('writes exactly what the authority rule looks for', () => {
    for (const cluster of clusters) {
      const [component, api] = entitiesOf(
        fraudDetector(),
        context({ cluster }),
      );
      const locator = kserveInferenceServiceLocator(clusters, cluster.name, {
        namespace: 'fraud-detection',
        name: 'fraud-detector',
      });
      expect(
        `component:${component.metadata.namespace}/${component.metadata.name}`,
      ).toBe(locator.entityRef);
      expect(component.metadata.annotations).toMatchObject({
        ...locator.annotations,
        'backstage.io/managed-by-location': locator.managedByLocation,
        'backstage.io/managed-by-origin-location': locator.managedByLocation,
      });
      // The mapping writes the keys as literals: these are the constants' values.
      expect(api.metadata.annotations).toEqual({
        ...locator.annotations,
        [ANNOTATION_LOCATION]: locator.managedByLocation,
        [ANNOTATION_ORIGIN_LOCATION]: locator.managedByLocation,
      });
      expect(component.metadata.annotations).toHaveProperty(
        [ANNOTATION_KSERVE_UID],
        'uid-fraud-detection-fraud-detector',
      );
    }
  });

  it('prefixes the names on every cluster but the first', async () => {
    const [component, api] = entitiesOf(
      fraudDetector(),
      context({ cluster: staging }),
    );
    expect(component.metadata.name).toMatch(
      /^staging-fraud-detector-[0-9a-f]{8}$/,
    );
    expect(component.spec?.providesApis).toEqual([
      `api:fraud-detection/${api.metadata.name}`,
    ]);
    expect(component.metadata.title).toBe('fraud-detector');
    // staging's uiUrl is its API server: no dashboard link.
    expect(component.metadata.links?.map(l => l.title)).toEqual([
      'Inference endpoint',
    ]);
    expect(
      inferenceServiceEntityRefs(context({ cluster: staging }), {
        namespace: 'fraud-detection',
        name: 'fraud-detector',
      }),
    ).toEqual([
      `component:fraud-detection/${component.metadata.name}`,
      `api:fraud-detection/${api.metadata.name}`,
    ]);
    await expectValidEntity(component);
  });

  it('puts nothing of the status on the entities, so a status change rewrites nothing', () => {
    const states: InferenceServiceFixtureState[] = [
      'ready',
      'canary',
      'degraded',
      'failed',
      'progressing',
      'stopped',
    ];
    const [ready, ...others] = states.map(state =>
      entitiesOf(fraudDetector({ state })),
    );
    for (const entities of others) {
      expect(entities).toEqual(ready);
    }
  });

  it('has no endpoint link and no server before the controller wrote a URL', () => {
    const [component, api] = entitiesOf(fraudDetector({ state: 'no-status' }));
    expect(component.metadata.links?.map(l => l.title)).toEqual([
      'Cluster prod',
    ]);
    expect(api.spec?.definition).toBe(apiDefinition('v2', undefined));
  });

  it('describes a V1 predictor with the V1 document; grpc-v2 speaks V2 over REST too', async () => {
    const [component, v1] = entitiesOf(
      fraudDetector({ protocolVersion: 'v1', modelFormat: 'xgboost' }),
    );
    expect(v1.spec?.definition).toBe(
      apiDefinition('v1', 'http://fraud-detector.fraud-detection.example.com'),
    );
    expect(v1.metadata.tags).toEqual(['kserve', 'v1']);
    expect(component.metadata.description).toBe(
      'xgboost model served by KServe, KServe V1 protocol, Serverless deployment.',
    );
    await expectValidEntity(v1);
    const [, grpc] = entitiesOf(fraudDetector({ protocolVersion: 'grpc-v2' }));
    expect(grpc.spec?.definition).toBe(
      apiDefinition('v2', 'http://fraud-detector.fraud-detection.example.com'),
    );
  });

  it('tags the deployment mode and the runtime named in the spec', () => {
    const object = fraudDetector({
      deploymentMode: 'RawDeployment',
      modelFormat: 'Custom Format v2',
    });
    (object.spec as any).predictor.model.runtime = 'kserve-sklearnserver';
    const [component] = entitiesOf(object);
    expect(component.metadata.tags).toEqual([
      'kserve',
      'custom-format-v2',
      'rawdeployment',
    ]);
    expect(component.metadata.description).toBe(
      'Custom Format v2 model served by KServe, runtime kserve-sklearnserver, ' +
        'V2 (Open Inference Protocol) protocol, RawDeployment deployment.',
    );
    expect(component.spec?.kserve).toMatchObject({
      runtime: 'kserve-sklearnserver',
      deploymentMode: 'RawDeployment',
    });
  });

  describe('owner', () => {
    const ownerOf = (
      labels: Record<string, string>,
      annotations: Record<string, string> = {},
      ctx = context(),
    ) => {
      const mapping = mapInferenceService(
        fraudDetector({ labels, annotations }),
        ctx,
      );
      if (!mapping.ok) throw new Error(mapping.problem);
      return {
        component: mapping.component.spec?.owner,
        api: mapping.api.spec?.owner,
        invalid: mapping.invalidOwner,
      };
    };

    it('is the annotation, a full ref or a bare group name', () => {
      expect(
        ownerOf(
          { owner: 'x' },
          { 'backstage.io/owner': 'user:default/jane.doe' },
        ),
      ).toEqual({
        component: 'user:default/jane.doe',
        api: 'user:default/jane.doe',
        invalid: undefined,
      });
      expect(ownerOf({}, { 'backstage.io/owner': 'risk' }).component).toBe(
        'group:default/risk',
      );
    });

    it('is else the label, a group', () => {
      expect(ownerOf({ owner: 'fraud-detection' }).component).toBe(
        'group:default/fraud-detection',
      );
    });

    it('is else the default owner', () => {
      expect(ownerOf({}).component).toBe('group:default/ml-platform');
      expect(ownerOf({ owner: ' ' }).component).toBe(
        'group:default/ml-platform',
      );
    });

    it('skips an annotation that is no owner ref, and says so', () => {
      expect(
        ownerOf(
          { owner: 'fraud-detection' },
          { 'backstage.io/owner': 'api:default/x' },
        ),
      ).toEqual({
        component: 'group:default/fraud-detection',
        api: 'group:default/fraud-detection',
        invalid: 'annotation backstage.io/owner: "api:default/x"',
      });
      expect(ownerOf({}, { 'backstage.io/owner': 'not a ref!' })).toMatchObject(
        { component: 'group:default/ml-platform' },
      );
    });

    it('reads the configured annotation and label', () => {
      const ctx = context({
        config: {
          defaultOwner: 'group:default/ml-platform',
          ownerAnnotation: 'example.com/owner',
          ownerLabel: 'team',
        },
      });
      expect(
        ownerOf({ owner: 'ignored' }, { 'backstage.io/owner': 'ignored' }, ctx)
          .component,
      ).toBe('group:default/ml-platform');
      expect(ownerOf({ team: 'supply-chain' }, {}, ctx).component).toBe(
        'group:default/supply-chain',
      );
      expect(
        ownerOf({ team: 'x' }, { 'example.com/owner': 'user:jane.doe' }, ctx)
          .component,
      ).toBe('user:default/jane.doe');
    });
  });

  it('reads the lifecycle from app.kubernetes.io/lifecycle, else production', () => {
    const [component, api] = entitiesOf(
      fraudDetector({
        labels: { 'app.kubernetes.io/lifecycle': 'experimental' },
      }),
    );
    expect(component.spec?.lifecycle).toBe('experimental');
    expect(api.spec?.lifecycle).toBe('experimental');
  });

  it('keeps credentials in a storageUri off the catalog', () => {
    const [component] = entitiesOf(
      fraudDetector({
        storageUri: 'https://user:secret@models.example.com/m.joblib',
      }),
    );
    expect(component.spec?.kserve).toMatchObject({
      storageUri: 'https://models.example.com/m.joblib',
    });
    expect(JSON.stringify(component)).not.toContain('secret');
  });

  it('hands the registered model reference on, and depends on what it resolves to', () => {
    const mapping = mapInferenceService(fraudDetector(), context());
    expect(mapping).toMatchObject({
      ok: true,
      model: { model: 'fraud-detector' },
    });
    const { component } = mapping as { component: Entity };
    setModelResources(component, ['resource:default/fraud-detector']);
    expect(component.spec?.dependsOn).toEqual([
      'resource:default/fraud-detector',
    ]);
    setModelResources(component, []);
    expect(component.spec).not.toHaveProperty('dependsOn');
  });

  it('leaves out an object that is not what the CRD says, naming the field', () => {
    const object = fraudDetector();
    delete (object.spec as any).predictor;
    expect(mapInferenceService(object, context())).toEqual({
      ok: false,
      key: 'fraud-detection/fraud-detector',
      problem:
        'InferenceService fraud-detection/fraud-detector: spec.predictor is missing',
    });
    const badMode = fraudDetector();
    (badMode.status as any).deploymentMode = { mode: 'Serverless' };
    expect(mapInferenceService(badMode, context())).toMatchObject({
      ok: false,
      problem: expect.stringContaining('status.deploymentMode is object'),
    });
    // Conditions, traffic and model status are not on the entities, so not read here: the
    // Serving tab reads and reports them.
    const badConditions = fraudDetector();
    (badConditions.status as any).conditions = 'Ready';
    expect(mapInferenceService(badConditions, context())).toMatchObject({
      ok: true,
    });
    expect(
      mapInferenceService({ kind: 'InferenceService' }, context()),
    ).toEqual({
      ok: false,
      key: undefined,
      problem: 'metadata is missing',
    });
  });

  it('leaves out names the API server would not store', () => {
    expect(
      mapInferenceService(
        fraudDetector({ namespace: 'Fraud_Detection' }),
        context(),
      ),
    ).toMatchObject({
      ok: false,
      problem: "metadata.namespace 'Fraud_Detection' is not a DNS-1123 label",
    });
  });
});

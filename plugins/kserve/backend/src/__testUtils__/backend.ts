import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ANNOTATION_KSERVE_CLUSTER,
  ANNOTATION_KSERVE_INFERENCE_SERVICE,
} from '@mlops-portal/plugin-kserve-common';
import {
  kserveClustersServiceRef,
  kserveInferenceServiceLocator,
} from '@mlops-portal/plugin-kserve-node';
import {
  buildInferenceServiceObject,
  FakeKserveCluster,
  fakeKserveClusters,
} from '@mlops-portal/plugin-kserve-node/testUtils';
import type { NamespacedName } from '@mlops-portal/plugin-mlops-common';
import {
  annotatingComponent,
  AuditRecord,
  authorizeWith,
  Decide,
  ingestedEntity,
  mockInstanceClientsFactory,
  recordingAuditor,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import type { Server } from 'node:http';
import { kservePlugin } from '../plugin';

/** The clusters of the tests, in config order: the default, a second one, one nothing answers. */
export const CLUSTERS = ['prod', 'staging', 'down'];
const clusterConfigs = CLUSTERS.map(name => ({ name }));

/** The InferenceServices of the story, by role. */
export const ISVC = {
  /** Serverless, a 20 % canary on its latest revision. */
  fraud: { namespace: 'models', name: 'fraud-detector' },
  /** Serverless, the latest revision failing while the previous one serves. */
  churn: { namespace: 'models', name: 'churn-predictor' },
  /** Serverless, Ready, in another namespace. */
  iris: { namespace: 'kserve-test', name: 'sklearn-iris' },
  /** RawDeployment: no canary. */
  raw: { namespace: 'models', name: 'raw-scorer' },
  /** Standard (newer KServe's RawDeployment). */
  standard: { namespace: 'models', name: 'standard-scorer' },
} satisfies Record<string, NamespacedName>;

const ownerOf = (ref: NamespacedName) =>
  ref === ISVC.iris
    ? 'group:default/ml-platform'
    : 'group:default/fraud-detection';

/** The story's objects on the default cluster (resourceVersions are the fake's). */
export function prodCluster(): FakeKserveCluster {
  const cluster = new FakeKserveCluster('prod');
  cluster.put(
    buildInferenceServiceObject({
      ...ISVC.fraud,
      state: 'canary',
      canaryPercent: 20,
    }),
  );
  cluster.put(
    buildInferenceServiceObject({ ...ISVC.churn, state: 'degraded' }),
  );
  cluster.put(buildInferenceServiceObject({ ...ISVC.iris, state: 'ready' }));
  cluster.put(
    buildInferenceServiceObject({
      ...ISVC.raw,
      deploymentMode: 'RawDeployment',
    }),
  );
  cluster.put(
    buildInferenceServiceObject({
      ...ISVC.standard,
      deploymentMode: 'Standard',
    }),
  );
  cluster.setEvents(ISVC.fraud, [
    {
      type: 'Normal',
      reason: 'InferenceServiceReady',
      message: 'InferenceService [fraud-detector] is Ready',
      count: 1,
      lastSeen: '2026-10-31T08:21:00Z',
      source: 'v1beta1Controllers',
    },
  ]);
  return cluster;
}

/** The second cluster: the fraud detector, Ready (the staging copy). */
export function stagingCluster(): FakeKserveCluster {
  const cluster = new FakeKserveCluster('staging');
  cluster.put(buildInferenceServiceObject({ ...ISVC.fraud, state: 'ready' }));
  return cluster;
}

/** A cluster nothing answers. */
export function deadCluster(): FakeKserveCluster {
  const cluster = new FakeKserveCluster('down');
  cluster.down = true;
  return cluster;
}

/** The entity ref of the `model-server` Component the provider ingests for an InferenceService. */
export const componentRef = (ref: NamespacedName, cluster = 'prod') =>
  kserveInferenceServiceLocator(clusterConfigs, cluster, ref).entityRef;

/** That Component, owned by `owner`; `location` makes a look-alike someone registered by hand. */
export const ingestedComponent = (
  ref: NamespacedName,
  owner: string,
  options: { cluster?: string; location?: string } = {},
) =>
  ingestedEntity(
    kserveInferenceServiceLocator(
      clusterConfigs,
      options.cluster ?? 'prod',
      ref,
    ),
    { type: 'model-server', owner, location: options.location },
  );

const naming = (ref: NamespacedName, cluster?: string) => ({
  [ANNOTATION_KSERVE_INFERENCE_SERVICE]: `${ref.namespace}/${ref.name}`,
  ...(cluster && { [ANNOTATION_KSERVE_CLUSTER]: cluster }),
});

/** The catalog of the tests: components naming InferenceServices, and what the provider ingested. */
export const ENTITIES: Entity[] = [
  annotatingComponent('fraud-detection-model', naming(ISVC.fraud)),
  annotatingComponent('churn-model', naming(ISVC.churn)),
  annotatingComponent(
    'iris-model',
    naming(ISVC.iris),
    'group:default/ml-platform',
  ),
  annotatingComponent('raw-model', naming(ISVC.raw)),
  annotatingComponent('standard-model', naming(ISVC.standard)),
  annotatingComponent('fraud-on-staging', naming(ISVC.fraud, 'staging')),
  annotatingComponent('fraud-on-a-dead-cluster', naming(ISVC.fraud, 'down')),
  annotatingComponent(
    'missing-isvc',
    naming({ namespace: 'models', name: 'no-such-model' }),
  ),
  annotatingComponent('malformed', {
    [ANNOTATION_KSERVE_INFERENCE_SERVICE]: 'fraud-detector',
  }),
  annotatingComponent('unknown-cluster', naming(ISVC.fraud, 'nowhere')),
  annotatingComponent('no-kserve', {}),
  ...[ISVC.fraud, ISVC.churn, ISVC.iris, ISVC.raw, ISVC.standard].map(ref =>
    ingestedComponent(ref, ownerOf(ref)),
  ),
  ingestedComponent(ISVC.fraud, 'group:default/fraud-detection', {
    cluster: 'staging',
  }),
];

/** KServe routes of an entity (a Component of the default namespace). */
export const api = (entity: string, rest = '/serving') =>
  `/api/kserve/entity/default/component/${entity}${rest}`;
/** The traffic route of an entity. */
export const traffic = (entity = 'fraud-detection-model') =>
  api(entity, '/serving/traffic');
const ACTIONS = '/api/kserve/.backstage/actions/v1/actions';
/** The actions list. */
export const actionsList = ACTIONS;
/** Where an action is invoked. */
export const invoke = (action: string) => `${ACTIONS}/kserve:${action}/invoke`;

/** The patches a cluster was sent. */
export const patches = (cluster: FakeKserveCluster) =>
  cluster.calls
    .filter(c => c.method === 'patchCanaryTrafficPercent')
    .map(c => c.arg);

/** The clusters service the plugin is given in tests: these fakes, in this order. */
export const fakeClusters = (clusters: FakeKserveCluster[]) =>
  fakeKserveClusters(clusters);

/**
 * A starter of the KServe backend plugin on the story's clusters (fresh for every start), with a
 * recording auditor and a permission policy answering `decide`.
 */
export function useKserveBackend() {
  async function start(
    options: {
      decide?: Decide;
      entities?: Entity[];
      actions?: boolean;
      restrictReads?: boolean;
      prod?: FakeKserveCluster;
    } = {},
  ): Promise<{
    server: Server;
    audit: AuditRecord[];
    prod: FakeKserveCluster;
    staging: FakeKserveCluster;
    permissions: {
      authorize: jest.MockedFunction<PermissionsService['authorize']>;
    };
  }> {
    const prod = options.prod ?? prodCluster();
    const staging = stagingCluster();
    const { auditor, audit } = recordingAuditor();
    const permissions = mockServices.permissions.mock({
      authorize: authorizeWith(options.decide),
    });
    const { server } = await startTestBackend({
      features: [
        kservePlugin,
        mockInstanceClientsFactory(
          kserveClustersServiceRef,
          fakeClusters([prod, staging, deadCluster()]),
        ),
        catalogServiceMock.factory({ entities: options.entities ?? ENTITIES }),
        auditor.factory,
        permissions.factory,
        ...(options.actions ? [actionsRegistryServiceFactory] : []),
        mockServices.rootConfig.factory({
          data: {
            ...(options.restrictReads && {
              mlops: { authority: { restrictReads: true } },
            }),
          },
        }),
      ],
    });
    return { server, audit, prod, staging, permissions };
  }
  return { start };
}

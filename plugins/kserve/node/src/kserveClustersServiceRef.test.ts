import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  createInstanceClients,
  InstanceClients,
} from '@mlops-portal/plugin-mlops-node';
import {
  mockInstanceClientsFactory,
  recordingLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { KSERVE_SYSTEM } from '@mlops-portal/plugin-kserve-common';
import type { KserveClusterApi, KserveClusterConfig } from './KserveApi';
import { KserveClient } from './KserveClient';
import { kserveClustersServiceRef } from './kserveClustersServiceRef';
import { FakeKserveCluster } from './testUtils';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

type Clusters = InstanceClients<KserveClusterApi, KserveClusterConfig>;

/** A plugin that only hands over the clients it was injected with. */
function capturingPlugin(capture: (clients: Clusters) => void) {
  return createBackendPlugin({
    pluginId: 'kserve-consumer',
    register(env) {
      env.registerInit({
        deps: { clusters: kserveClustersServiceRef },
        async init({ clusters }) {
          capture(clusters);
        },
      });
    },
  });
}

const kubernetes = {
  serviceLocatorMethod: { type: 'multiTenant' },
  clusterLocatorMethods: [
    {
      type: 'config',
      clusters: [
        { name: 'eks', url: 'https://eks.example.com', authProvider: 'aws' },
        {
          name: 'sandbox',
          url: 'http://127.0.0.1:7100/kubernetes',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'token',
          skipTLSVerify: true,
        },
      ],
    },
  ],
};

describe('kserveClustersServiceRef', () => {
  it('builds a KserveClient per usable cluster and warns about the others', async () => {
    const { logger, records } = recordingLogger();
    let clusters: Clusters | undefined;
    await startTestBackend({
      features: [
        capturingPlugin(c => (clusters = c)),
        mockServices.rootConfig.factory({
          data: { kubernetes, kserve: { namespaces: ['fraud'] } },
        }),
        createServiceFactory({
          service: coreServices.logger,
          deps: {},
          factory: () => logger,
        }),
      ],
    });
    expect(clusters?.system).toBe(KSERVE_SYSTEM);
    expect(clusters?.instances.map(c => [c.name, c.namespaces])).toEqual([
      ['sandbox', ['fraud']],
    ]);
    expect(clusters?.forInstance()).toBeInstanceOf(KserveClient);
    expect(clusters?.forInstance().cluster.baseUrl).toBe(
      'http://127.0.0.1:7100/kubernetes',
    );
    expect(records.filter(r => r.level === 'warn').map(r => r.message)).toEqual(
      [
        expect.stringMatching(
          /^KServe leaves Kubernetes cluster 'eks' alone: its authProvider 'aws'/,
        ),
      ],
    );
  });

  it('can be replaced, e.g. by a fake cluster in tests', async () => {
    const cluster = new FakeKserveCluster('sandbox');
    const fake = createInstanceClients<KserveClusterApi, KserveClusterConfig>({
      system: KSERVE_SYSTEM,
      instances: [cluster.cluster],
      createClient: () => cluster,
    });
    let clusters: Clusters | undefined;
    await startTestBackend({
      features: [
        capturingPlugin(c => (clusters = c)),
        mockInstanceClientsFactory(kserveClustersServiceRef, fake),
      ],
    });
    expect(clusters).toBe(fake);
  });

  it('fails the backend start on invalid KServe config', async () => {
    await expect(
      startTestBackend({
        features: [
          capturingPlugin(() => {}),
          mockServices.rootConfig.factory({
            data: { kubernetes, kserve: { clusters: [{ name: 'prod' }] } },
          }),
        ],
      }),
    ).rejects.toThrow(
      "kserve.clusters[0].name 'prod' is not a cluster of kubernetes.clusterLocatorMethods",
    );
  });
});

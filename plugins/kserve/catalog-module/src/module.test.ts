import {
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  EntityProvider,
  EntityProviderConnection,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import {
  KserveClusters,
  kserveClustersServiceRef,
} from '@mlops-portal/plugin-kserve-node';
import {
  FakeKserveCluster,
  buildInferenceServiceObject,
} from '@mlops-portal/plugin-kserve-node/testUtils';
import {
  mockInstanceClientsFactory,
  recordingConnection,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { testClusters } from './__testUtils__/provider';
import { catalogModuleKserveEntityProvider } from './module';

const catalogConfig = {
  defaultOwner: 'ml-platform',
  schedule: {
    frequency: { minutes: 10 },
    timeout: { minutes: 3 },
    initialDelay: { seconds: 5 },
  },
};

async function startWith(options: { data: object; clusters: KserveClusters }) {
  const addedProviders: EntityProvider[] = [];
  const usedSchedules: SchedulerServiceTaskScheduleDefinition[] = [];
  const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  const scheduler = mockServices.scheduler.mock({
    createScheduledTaskRunner(schedule) {
      usedSchedules.push(schedule);
      return { run: async task => void tasks.push(task) };
    },
  });
  const backend = await startTestBackend({
    extensionPoints: [
      [
        catalogProcessingExtensionPoint,
        {
          addEntityProvider: (
            ...providers: Array<EntityProvider | EntityProvider[]>
          ) => {
            addedProviders.push(...providers.flat());
          },
        },
      ],
    ],
    features: [
      catalogModuleKserveEntityProvider,
      mockServices.rootConfig.factory({ data: options.data }),
      scheduler.factory,
      mockInstanceClientsFactory(kserveClustersServiceRef, options.clusters),
    ],
  });
  return { backend, addedProviders, usedSchedules, tasks };
}

describe('catalogModuleKserveEntityProvider', () => {
  it('adds one provider per cluster of kserveClustersServiceRef, scheduled as configured in global scope', async () => {
    const { backend, addedProviders, usedSchedules, tasks } = await startWith({
      data: { kserve: { catalog: catalogConfig } },
      clusters: testClusters(
        new FakeKserveCluster('prod'),
        new FakeKserveCluster('staging'),
      ),
    });
    expect(addedProviders.map(p => p.getProviderName())).toEqual([
      'kserve-provider:prod',
      'kserve-provider:staging',
    ]);
    const schedule = { ...catalogConfig.schedule, scope: 'global' };
    expect(usedSchedules).toEqual([schedule, schedule]);
    // Scheduling happens when the catalog connects the providers, not at startup.
    expect(tasks).toEqual([]);
    await backend.stop();
  });

  it('adds no provider without a cluster, and then needs no default owner', async () => {
    const { backend, addedProviders } = await startWith({
      data: {},
      clusters: testClusters(),
    });
    expect(addedProviders).toEqual([]);
    await backend.stop();
  });

  it('refuses to start without a default owner, or with an owner label Kubernetes would not accept', async () => {
    const clusters = testClusters(new FakeKserveCluster('prod'));
    await expect(startWith({ data: {}, clusters })).rejects.toThrow(
      /kserve\.catalog\.defaultOwner is required/,
    );
    await expect(
      startWith({
        data: {
          kserve: { catalog: { ...catalogConfig, ownerLabel: 'not a label' } },
        },
        clusters,
      }),
    ).rejects.toThrow(
      /kserve\.catalog\.ownerLabel 'not a label' is not a label key/,
    );
  });

  it('stops the watches when the backend shuts down', async () => {
    const fake = new FakeKserveCluster('prod');
    fake.put(
      buildInferenceServiceObject({ namespace: 'fraud-detection', name: 'a' }),
    );
    const { backend, addedProviders, tasks } = await startWith({
      data: { kserve: { catalog: catalogConfig } },
      clusters: testClusters(fake),
    });
    const connection: EntityProviderConnection = recordingConnection();
    await addedProviders[0].connect(connection);
    await tasks[0].fn(new AbortController().signal);
    expect(fake.openWatches).toBe(1);

    await backend.stop();
    expect(fake.openWatches).toBe(0);
  });
});

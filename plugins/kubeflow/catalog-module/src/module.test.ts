import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  EntityProvider,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  KubeflowClients,
  kubeflowClientsServiceRef,
} from '@mlops-portal/plugin-kubeflow-node';
import {
  FakeKubeflow,
  fakeKubeflowClients,
} from '@mlops-portal/plugin-kubeflow-node/testUtils';
import { mockInstanceClientsFactory } from '@mlops-portal/plugin-mlops-node/testUtils';
import { catalogModuleKubeflowEntityProvider } from './module';

const config = {
  kubeflow: {
    instances: [
      { name: 'prod', baseUrl: 'https://kubeflow.example.com/pipeline' },
      { name: 'staging', baseUrl: 'https://kubeflow-staging.example.com' },
    ],
    catalog: {
      defaultOwner: 'ml-platform',
      namespaceOwners: { 'fraud-detection': 'fraud-detection' },
      schedule: {
        frequency: { minutes: 10 },
        timeout: { minutes: 3 },
        initialDelay: { seconds: 5 },
      },
    },
  },
};

async function startWith(options: { data: object; clients?: KubeflowClients }) {
  const { clients } = options;
  const addedProviders: EntityProvider[] = [];
  const usedSchedules: SchedulerServiceTaskScheduleDefinition[] = [];
  const runner = jest.fn();
  const scheduler = mockServices.scheduler.mock({
    createScheduledTaskRunner(schedule) {
      usedSchedules.push(schedule);
      return { run: runner };
    },
  });
  const extensionPoint = {
    addEntityProvider: (
      ...providers: Array<EntityProvider | EntityProvider[]>
    ) => {
      addedProviders.push(...providers.flat());
    },
  };
  await startTestBackend({
    extensionPoints: [[catalogProcessingExtensionPoint, extensionPoint]],
    features: [
      catalogModuleKubeflowEntityProvider,
      mockServices.rootConfig.factory({ data: options.data }),
      scheduler.factory,
      catalogServiceMock.factory(),
      ...(clients
        ? [mockInstanceClientsFactory(kubeflowClientsServiceRef, clients)]
        : []),
    ],
  });
  return { addedProviders, usedSchedules, runner };
}

describe('catalogModuleKubeflowEntityProvider', () => {
  it('adds one provider per configured instance, scheduled as configured', async () => {
    const { addedProviders, usedSchedules, runner } = await startWith({
      data: config,
    });

    expect(addedProviders.map(p => p.getProviderName())).toEqual([
      'kubeflow-provider:prod',
      'kubeflow-provider:staging',
    ]);
    const schedule = {
      frequency: { minutes: 10 },
      timeout: { minutes: 3 },
      initialDelay: { seconds: 5 },
      scope: 'global',
    };
    expect(usedSchedules).toEqual([schedule, schedule]);
    // Scheduling happens when the catalog connects the providers, not at startup.
    expect(runner).not.toHaveBeenCalled();
  });

  it('takes the Kubeflow clients from kubeflowClientsServiceRef', async () => {
    const { addedProviders } = await startWith({
      data: config,
      clients: fakeKubeflowClients(
        new FakeKubeflow({ instance: { name: 'other' } }),
      ),
    });
    expect(addedProviders.map(p => p.getProviderName())).toEqual([
      'kubeflow-provider:other',
    ]);
  });

  it('adds no provider without kubeflow.instances, and then needs no default owner', async () => {
    const { addedProviders } = await startWith({ data: {} });
    expect(addedProviders).toEqual([]);
  });

  it('refuses to start without a default owner, or with an invalid namespace owner', async () => {
    const { instances, catalog } = config.kubeflow;
    await expect(
      startWith({
        data: {
          kubeflow: { instances, catalog: { schedule: catalog.schedule } },
        },
      }),
    ).rejects.toThrow(/kubeflow\.catalog\.defaultOwner is required/);
    await expect(
      startWith({
        data: {
          kubeflow: {
            instances,
            catalog: { ...catalog, namespaceOwners: { team: 'api:x' } },
          },
        },
      }),
    ).rejects.toThrow(/kubeflow\.catalog\.namespaceOwners\.team /);
  });
});

import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  EntityProvider,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import {
  MlflowClients,
  mlflowClientsServiceRef,
} from '@mlops-portal/plugin-mlflow-node';
import {
  FakeMlflow,
  mockMlflowClients,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { mockInstanceClientsFactory } from '@mlops-portal/plugin-mlops-node/testUtils';
import { catalogModuleMlflowEntityProvider } from './module';

const config = {
  mlflow: {
    instances: [
      { name: 'prod', baseUrl: 'https://mlflow.example.com' },
      { name: 'staging', baseUrl: 'https://mlflow-staging.example.com' },
    ],
    catalog: {
      defaultOwner: 'ml-platform',
      schedule: {
        frequency: { minutes: 10 },
        timeout: { minutes: 3 },
        initialDelay: { seconds: 5 },
      },
    },
  },
};

async function startWith(options: { data: object; clients?: MlflowClients }) {
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
      catalogModuleMlflowEntityProvider,
      mockServices.rootConfig.factory({ data: options.data }),
      scheduler.factory,
      ...(clients
        ? [mockInstanceClientsFactory(mlflowClientsServiceRef, clients)]
        : []),
    ],
  });
  return { addedProviders, usedSchedules, runner };
}

describe('catalogModuleMlflowEntityProvider', () => {
  it('adds one provider per configured instance, scheduled as configured', async () => {
    const { addedProviders, usedSchedules, runner } = await startWith({
      data: config,
    });

    expect(addedProviders.map(p => p.getProviderName())).toEqual([
      'mlflow-provider:prod',
      'mlflow-provider:staging',
    ]);
    expect(usedSchedules).toEqual([
      {
        frequency: { minutes: 10 },
        timeout: { minutes: 3 },
        initialDelay: { seconds: 5 },
        scope: 'global',
      },
      {
        frequency: { minutes: 10 },
        timeout: { minutes: 3 },
        initialDelay: { seconds: 5 },
        scope: 'global',
      },
    ]);
    // Scheduling happens when the catalog connects the providers, not at startup.
    expect(runner).not.toHaveBeenCalled();
  });

  it('takes the MLflow clients from mlflowClientsServiceRef', async () => {
    const { addedProviders } = await startWith({
      data: config,
      clients: mockMlflowClients(
        new FakeMlflow({ instance: { name: 'other' } }),
      ),
    });
    expect(addedProviders.map(p => p.getProviderName())).toEqual([
      'mlflow-provider:other',
    ]);
  });

  it('refuses to start without a default owner', async () => {
    await expect(
      startWith({
        data: {
          mlflow: {
            instances: config.mlflow.instances,
            catalog: { schedule: config.mlflow.catalog.schedule },
          },
        },
      }),
    ).rejects.toThrow(/mlflow\.catalog\.defaultOwner is required/);
  });
});

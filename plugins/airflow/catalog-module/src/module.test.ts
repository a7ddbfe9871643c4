import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  EntityProvider,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AirflowClients,
  airflowClientsServiceRef,
} from '@mlops-portal/plugin-airflow-node';
import { mockInstanceClientsFactory } from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  FakeAirflow,
  fakeAirflowClients,
} from '@mlops-portal/plugin-airflow-node/testUtils';
import { catalogModuleAirflowEntityProvider } from './module';

const config = {
  airflow: {
    instances: [
      { name: 'prod', baseUrl: 'https://airflow.example.com' },
      { name: 'staging', baseUrl: 'https://airflow-staging.example.com' },
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

async function startWith(options: { data: object; clients?: AirflowClients }) {
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
      catalogModuleAirflowEntityProvider,
      mockServices.rootConfig.factory({ data: options.data }),
      scheduler.factory,
      catalogServiceMock.factory(),
      ...(clients
        ? [mockInstanceClientsFactory(airflowClientsServiceRef, clients)]
        : []),
    ],
  });
  return { addedProviders, usedSchedules, runner };
}

describe('catalogModuleAirflowEntityProvider', () => {
  it('adds one provider per configured instance, scheduled as configured', async () => {
    const { addedProviders, usedSchedules, runner } = await startWith({
      data: config,
    });

    expect(addedProviders.map(p => p.getProviderName())).toEqual([
      'airflow-provider:prod',
      'airflow-provider:staging',
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

  it('takes the Airflow clients from airflowClientsServiceRef', async () => {
    const { addedProviders } = await startWith({
      data: config,
      clients: fakeAirflowClients([
        new FakeAirflow({ instance: { name: 'other' } }),
      ]),
    });
    expect(addedProviders.map(p => p.getProviderName())).toEqual([
      'airflow-provider:other',
    ]);
  });

  it('adds no provider without airflow.instances, and then needs no default owner', async () => {
    const { addedProviders } = await startWith({ data: {} });
    expect(addedProviders).toEqual([]);
  });

  it('refuses to start without a default owner', async () => {
    await expect(
      startWith({
        data: {
          airflow: {
            instances: config.airflow.instances,
            catalog: { schedule: config.airflow.catalog.schedule },
          },
        },
      }),
    ).rejects.toThrow(/airflow\.catalog\.defaultOwner is required/);
  });
});

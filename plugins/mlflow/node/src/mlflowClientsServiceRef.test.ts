import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { mockInstanceClientsFactory } from '@mlops-portal/plugin-mlops-node/testUtils';
import { MlflowClients } from './MlflowApi';
import { mlflowClientsServiceRef } from './mlflowClientsServiceRef';
import { FakeMlflow, mockMlflowClients } from './testUtils';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

/** A plugin that only hands over the clients it was injected with. */
function capturingPlugin(capture: (clients: MlflowClients) => void) {
  return createBackendPlugin({
    pluginId: 'mlflow-consumer',
    register(env) {
      env.registerInit({
        deps: { mlflow: mlflowClientsServiceRef },
        async init({ mlflow }) {
          capture(mlflow);
        },
      });
    },
  });
}

describe('mlflowClientsServiceRef', () => {
  it('builds clients from config by default', async () => {
    let clients: MlflowClients | undefined;
    await startTestBackend({
      features: [
        capturingPlugin(c => (clients = c)),
        mockServices.rootConfig.factory({
          data: {
            mlflow: {
              instances: [
                {
                  name: 'prod',
                  baseUrl: 'https://mlflow.example.com',
                  majorVersion: 2,
                },
              ],
            },
          },
        }),
      ],
    });
    expect(clients?.instances.map(i => i.name)).toEqual(['prod']);
    expect(clients?.forInstance().instance.majorVersion).toBe(2);
  });

  it('can be replaced, e.g. by a fake in tests', async () => {
    const fake = mockMlflowClients(new FakeMlflow());
    let clients: MlflowClients | undefined;
    await startTestBackend({
      features: [
        capturingPlugin(c => (clients = c)),
        mockInstanceClientsFactory(mlflowClientsServiceRef, fake),
      ],
    });
    expect(clients).toBe(fake);
  });

  it('fails the backend start on invalid MLflow config', async () => {
    await expect(
      startTestBackend({
        features: [
          capturingPlugin(() => {}),
          mockServices.rootConfig.factory({
            data: { mlflow: { instances: [{ name: 'prod' }] } },
          }),
        ],
      }),
    ).rejects.toThrow('mlflow.instances[0].baseUrl is required');
  });
});

import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { silentLogger } from '@mlops-portal/plugin-mlops-node/testUtils';
import { KubeflowClient } from './KubeflowClient';
import { createKubeflowClients } from './createKubeflowClients';
import { kubeflowClientsServiceRef } from './kubeflowClientsServiceRef';

const kubeflow = {
  instances: [
    { name: 'prod', baseUrl: 'https://kfp.example.com' },
    {
      name: 'team',
      baseUrl: 'https://kubeflow.example.com',
      auth: { type: 'serviceAccountToken', tokenPath: '/var/run/token' },
      multiUser: { userId: 'portal@example.com', namespace: 'team' },
    },
  ],
};

describe('createKubeflowClients', () => {
  it('creates one client per instance, the first the default', () => {
    const clients = createKubeflowClients({
      config: new ConfigReader({ kubeflow }),
      logger: silentLogger,
    });
    expect(clients.instances.map(i => i.name)).toEqual(['prod', 'team']);
    expect(clients.forInstance()).toBeInstanceOf(KubeflowClient);
    expect(clients.forInstance().instance.name).toBe('prod');
    expect(clients.forInstance('team').instance).toMatchObject({
      serviceAccountToken: { tokenPath: '/var/run/token' },
      multiUser: { namespace: 'team' },
    });
    expect(() => clients.forInstance('nope')).toThrow(InputError);
  });

  it('is no error without Kubeflow, until a client is asked for', () => {
    const clients = createKubeflowClients({
      config: new ConfigReader({}),
      logger: silentLogger,
    });
    expect(clients.instances).toEqual([]);
    expect(() => clients.forInstance()).toThrow(NotFoundError);
  });
});

describe('kubeflowClientsServiceRef', () => {
  it('gives a plugin the clients of the configured instances', async () => {
    const seen: string[] = [];
    const probe = createBackendPlugin({
      pluginId: 'probe',
      register(env) {
        env.registerInit({
          deps: { kubeflow: kubeflowClientsServiceRef },
          async init({ kubeflow: clients }) {
            seen.push(...clients.instances.map(i => i.name));
            seen.push(clients.forInstance('team').instance.multiUser!.userId);
          },
        });
      },
    });
    await startTestBackend({
      features: [
        probe,
        mockServices.rootConfig.factory({ data: { kubeflow } }),
      ],
    });
    expect(seen).toEqual(['prod', 'team', 'portal@example.com']);
  });
});

import { ConfigReader } from '@backstage/config';
import { readKubeflowInstanceNames } from './kubeflow';

describe('readKubeflowInstanceNames', () => {
  it('reads the names of kubeflow.instances, in order', () => {
    expect(
      readKubeflowInstanceNames(
        new ConfigReader({
          kubeflow: {
            instances: [
              { name: 'prod', baseUrl: 'https://kfp.example.com' },
              { name: ' research ', baseUrl: 'https://research.example.com' },
              { baseUrl: 'https://nameless.example.com' },
            ],
          },
        }),
      ),
    ).toEqual(['prod', 'research']);
  });

  it('is empty without Kubeflow configuration', () => {
    expect(readKubeflowInstanceNames(new ConfigReader({}))).toEqual([]);
    expect(
      readKubeflowInstanceNames(new ConfigReader({ kubeflow: {} })),
    ).toEqual([]);
  });
});

import { KubeflowPipeline } from '@mlops-portal/plugin-kubeflow-node';
import {
  FakeKubeflow,
  kubeflowInstanceConfig,
} from '@mlops-portal/plugin-kubeflow-node/testUtils';
import { CatalogOwnerDirectory } from '@mlops-portal/plugin-mlops-node';
import { testOrganisation } from '../__testUtils__/catalog';
import {
  PipelineReadOptions,
  readPipelineEntities,
} from './readPipelineEntities';

const instance = kubeflowInstanceConfig();
const options = (
  overrides: Partial<PipelineReadOptions> = {},
): PipelineReadOptions => ({
  filters: { include: [], exclude: [] },
  readOwners: async () => new CatalogOwnerDirectory(testOrganisation),
  context: {
    instances: [instance],
    instance,
    defaultOwner: 'group:default/ml-platform',
    namespaceOwners: new Map(),
  },
  ...overrides,
});

/** The versions requests of a fake, and pages that list what the test says. */
function pagesOf(...pages: KubeflowPipeline[][]) {
  const fake = new FakeKubeflow();
  return {
    fake,
    client: {
      listPipelineVersions: fake.listPipelineVersions.bind(fake),
      async *listPipelinePages() {
        yield* pages;
      },
    },
  };
}

describe('readPipelineEntities', () => {
  it('ingests a pipeline listed twice once, under its first name', async () => {
    const { fake, client } = pagesOf(
      [{ pipelineId: 'p-1', displayName: 'training' }],
      [{ pipelineId: 'p-1', displayName: 'training-renamed' }],
    );
    fake.addPipeline({ pipelineId: 'p-1', displayName: 'training' });
    const read = await readPipelineEntities(client, options());
    expect(read.entities.map(e => e.metadata.name)).toEqual(['training']);
    expect(read).toMatchObject({
      pipelinesSeen: 2,
      versionRequests: 1,
      nameClashes: [],
    });
  });

  it('stops at the next page once the catalog read has failed', async () => {
    let pagesRead = 0;
    const failure = new Error('catalog unavailable');
    const client = {
      listPipelineVersions: jest.fn(),
      async *listPipelinePages() {
        for (;;) {
          pagesRead++;
          // Lets the failed catalog read be seen before the page is.
          await new Promise(resolve => setTimeout(resolve, 1));
          yield [];
        }
      },
    };
    await expect(
      readPipelineEntities(
        client,
        options({ readOwners: () => Promise.reject(failure) }),
      ),
    ).rejects.toBe(failure);
    expect(pagesRead).toBe(1);
    expect(client.listPipelineVersions).not.toHaveBeenCalled();
  });
});

import { ServiceUnavailableError } from '@backstage/errors';
import {
  fakeMlflowApi,
  modelVersion,
  registeredModel,
  testInstance,
} from '../__testUtils__/fakeMlflow';
import { readRegistryEntities } from './readRegistryEntities';

const context = {
  instance: testInstance(),
  ownerTag: 'owner',
  defaultOwner: 'group:default/ml-platform',
};
const noFilters = { include: [], exclude: [] };

function registry(modelCount: number, versionsPerModel: number) {
  const models = Array.from({ length: modelCount }, (_, i) =>
    registeredModel(`model-${String(i + 1).padStart(4, '0')}`, {
      tags: { owner: `team-${i % 3}` },
    }),
  );
  const versions = models.flatMap(m =>
    Array.from({ length: versionsPerModel }, (_, v) =>
      modelVersion(m.name, v + 1),
    ),
  );
  return { models, versions };
}

describe('readRegistryEntities', () => {
  it('reads all versions, then all models, page by page, into one entity per model', async () => {
    const client = fakeMlflowApi({
      ...registry(2500, 3),
      pageSize: { modelVersions: 3000 },
    });

    const read = await readRegistryEntities(client, {
      filters: noFilters,
      context,
    });

    expect(read.entities).toHaveLength(2500);
    expect(read.entities[1233].metadata.name).toBe('model-1234');
    expect(read.entities[1233].spec).toMatchObject({
      owner: 'group:default/team-0',
      mlflow: { versionCount: 3, latestVersions: [{ version: '3' }] },
    });
    expect(read).toMatchObject({
      modelsSeen: 2500,
      versionCount: 7500,
      pages: { registeredModels: 3, modelVersions: 3 },
    });
    expect(client.calls.map(c => [c.search, c.pageToken])).toEqual([
      ['modelVersions', undefined],
      ['modelVersions', '3000'],
      ['modelVersions', '6000'],
      ['registeredModels', undefined],
      ['registeredModels', '1000'],
      ['registeredModels', '2000'],
    ]);
  });

  it('applies the name filters', async () => {
    const read = await readRegistryEntities(fakeMlflowApi(registry(12, 2)), {
      filters: { include: [/^model-000\d$/], exclude: [/^model-0005$/] },
      context,
    });
    expect(read.entities.map(e => e.metadata.name)).toEqual([
      'model-0001',
      'model-0002',
      'model-0003',
      'model-0004',
      'model-0006',
      'model-0007',
      'model-0008',
      'model-0009',
    ]);
    expect(read.modelsSeen).toBe(12);
    expect(read.versionCount).toBe(16);
  });

  it.each(['registeredModels', 'modelVersions'] as const)(
    'returns nothing when page 2 of %s fails',
    async search => {
      const client = fakeMlflowApi({
        ...registry(2500, 3),
        pageSize: { modelVersions: 3000 },
        failPage: { search, page: 2 },
      });
      await expect(
        readRegistryEntities(client, { filters: noFilters, context }),
      ).rejects.toThrow(ServiceUnavailableError);
    },
  );
});

import {
  FakeMlflow,
  mlflowInstanceConfig,
  modelVersion,
  registeredModel,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { mockUpstreamError } from '@mlops-portal/plugin-mlops-node/testUtils';
import { failCall } from '../__testUtils__/provider';
import { readRegistryEntities } from './readRegistryEntities';

const prod = mlflowInstanceConfig();
const options = {
  filters: { include: [], exclude: [] },
  includePrompts: false,
  context: {
    instances: [prod],
    instance: prod,
    ownerTag: 'owner',
    defaultOwner: 'group:default/ml-platform',
  },
};

/** An MLflow with `modelCount` models of `versionsPerModel` versions, paging like MLflow. */
function registry(modelCount: number, versionsPerModel: number): FakeMlflow {
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
  const fake = new FakeMlflow({ instance: prod, data: { models, versions } });
  fake.pageSize.searchRegisteredModels = 1000;
  fake.pageSize.searchModelVersions = 3000;
  return fake;
}

const prompt = (name: string, value = 'true') =>
  registeredModel(name, { tags: { 'mlflow.prompt.is_prompt': value } });

describe('readRegistryEntities', () => {
  it('reads all models, then all versions, page by page, into one entity per model', async () => {
    const fake = registry(2500, 3);

    const read = await readRegistryEntities(fake, options);

    expect(read.entities).toHaveLength(2500);
    expect(read.entities[1233].metadata.name).toBe('model-1234');
    expect(read.entities[1233].spec).toMatchObject({
      owner: 'group:default/team-0',
      mlflow: { versionCount: 3, latestVersions: [{ version: '3' }] },
    });
    expect(read).toMatchObject({
      modelsSeen: 2500,
      versionCount: 7500,
      promptsLeftOut: 0,
      pages: { registeredModels: 3, modelVersions: 3 },
    });
    // Two searches, page by page; never a request per model.
    expect(
      fake.calls.map(c => [
        c.method,
        (c.args[0] as { pageToken?: string }).pageToken,
      ]),
    ).toEqual([
      ['searchRegisteredModels', undefined],
      ['searchRegisteredModels', '1000'],
      ['searchRegisteredModels', '2000'],
      ['searchModelVersions', undefined],
      ['searchModelVersions', '3000'],
      ['searchModelVersions', '6000'],
    ]);
  });

  it('applies the name filters', async () => {
    const read = await readRegistryEntities(registry(12, 2), {
      ...options,
      filters: { include: [/^model-000\d$/], exclude: [/^model-0005$/] },
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

  it('leaves MLflow 3 prompts out, counting those the filters let through', async () => {
    const fake = registry(3, 1);
    fake.data.models.push(
      prompt('summarise-ticket'),
      prompt('translate', 'True'),
      prompt('tmp-prompt'),
      // Only `true` marks a prompt.
      prompt('not-a-prompt', 'false'),
    );
    fake.data.versions.push(modelVersion('summarise-ticket', 1));

    const read = await readRegistryEntities(fake, {
      ...options,
      filters: { include: [], exclude: [/^tmp-.*$/] },
    });

    expect(read.entities.map(e => e.metadata.name)).toEqual([
      'model-0001',
      'model-0002',
      'model-0003',
      'not-a-prompt',
    ]);
    expect(read.promptsLeftOut).toBe(2);
    expect(read.versionCount).toBe(3);
  });

  it('ingests prompts like models when asked to', async () => {
    const fake = registry(1, 1);
    fake.data.models.push(prompt('summarise-ticket'));
    fake.data.versions.push(modelVersion('summarise-ticket', 1));

    const read = await readRegistryEntities(fake, {
      ...options,
      includePrompts: true,
    });

    expect(read.entities.map(e => e.metadata.name)).toEqual([
      'model-0001',
      'summarise-ticket',
    ]);
    expect(read.entities[1].spec.mlflow).toMatchObject({
      tags: [{ key: 'mlflow.prompt.is_prompt', value: 'true' }],
      versionCount: 1,
    });
    expect(read.promptsLeftOut).toBe(0);
  });

  it.each(['searchRegisteredModels', 'searchModelVersions'] as const)(
    'returns nothing when page 2 of %s fails',
    async method => {
      const fake = registry(2500, 3);
      const error = mockUpstreamError({
        system: 'mlflow',
        instance: 'prod',
        status: 503,
        code: 'TEMPORARILY_UNAVAILABLE',
      });
      failCall(fake, method, 2, error);
      await expect(readRegistryEntities(fake, options)).rejects.toBe(error);
    },
  );
});

import { ServiceUnavailableError } from '@backstage/errors';
import {
  MlflowModelVersion,
  MlflowRegisteredModel,
} from '@mlops-portal/plugin-mlflow-node';
import {
  FakeMlflow,
  mockMlflowClients,
  modelVersion,
  registeredModel,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { toEntityName } from '@mlops-portal/plugin-mlops-common';
import {
  appliedEntities,
  appliedMutation,
  expectValidEntity,
  mockUpstreamError,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { resolveAuthority } from '../__testUtils__/authority';
import { connectedProviders, failCall } from '../__testUtils__/provider';

const N = 2345;
// Owners cycle through: bare tag value, full user ref, invalid value, no tag.
const ownerTags = (i: number): Record<string, string> | undefined =>
  [
    { owner: `team-${i % 5}` },
    { owner: `user:default/user-${i}` },
    { owner: `Team ${i}!` },
    undefined,
  ][i % 4];
const expectedOwner = (i: number) =>
  [
    `group:default/team-${i % 5}`,
    `user:default/user-${i}`,
    'group:default/ml-platform',
    'group:default/ml-platform',
  ][i % 4];
// Every 100th name has spaces, a slash and non-ASCII letters.
const nameOf = (i: number) =>
  i % 100 === 0
    ? `Modell ${i} / Empfehlung – β`
    : `model-${String(i).padStart(5, '0')}`;
const versionsOf = (i: number) => (i % 3) + 1;

const models: MlflowRegisteredModel[] = Array.from({ length: N }, (_, i) =>
  registeredModel(nameOf(i), {
    tags: ownerTags(i),
    aliases: { champion: '1', latest: String(versionsOf(i)) },
  }),
);
const versions: MlflowModelVersion[] = models.flatMap((m, i) =>
  Array.from({ length: versionsOf(i) }, (_, v) =>
    modelVersion(m.name, versionsOf(i) - v),
  ),
);

/** An MLflow instance holding the N models, capping pages as MLflow does (versions lower, so they page too). */
function registry(name = 'prod'): FakeMlflow {
  const fake = new FakeMlflow({
    instance: { name },
    data: { models, versions },
  });
  fake.pageSize.searchRegisteredModels = 1000;
  fake.pageSize.searchModelVersions = 2000;
  return fake;
}

describe('MlflowEntityProvider ingesting a registry', () => {
  it('turns N models over several pages into exactly N entities, one request per page', async () => {
    const fake = registry();
    const { connections, runner } = await connectedProviders(
      mockMlflowClients(fake),
    );
    await runner.runAll();
    const entities = appliedEntities(connections[0]);

    expect(entities).toHaveLength(N);
    expect(new Set(entities.map(e => e.metadata.name)).size).toBe(N);
    entities.forEach((entity, i) => {
      expect(entity.metadata.title).toBe(nameOf(i));
      expect(entity.metadata.name).toBe(toEntityName(nameOf(i)));
      expect(entity.spec?.owner).toBe(expectedOwner(i));
      expect(entity.spec?.mlflow).toMatchObject({
        aliases: [
          { alias: 'champion', version: '1', runId: `run-${nameOf(i)}-1` },
          { alias: 'latest', version: String(versionsOf(i)) },
        ],
        latestVersions: [{ version: String(versionsOf(i)) }],
        versionCount: versionsOf(i),
      });
    });
    expect(entities[1].metadata.name).toBe('model-00001');
    expect(entities[100].metadata.name).toMatch(
      /^modell-100-empfehlung-[0-9a-f]{8}$/,
    );

    // ceil(2345 / 1000) model pages, then ceil(4690 / 2000) version pages, nothing else.
    expect(
      fake.calls.map(({ method, args: [request] }) => [method, request]),
    ).toEqual([
      ['searchRegisteredModels', { maxResults: 1000, cache: false }],
      [
        'searchRegisteredModels',
        { maxResults: 1000, pageToken: '1000', cache: false },
      ],
      [
        'searchRegisteredModels',
        { maxResults: 1000, pageToken: '2000', cache: false },
      ],
      ['searchModelVersions', { maxResults: 200_000, cache: false }],
      ['searchModelVersions', expect.objectContaining({ pageToken: '2000' })],
      ['searchModelVersions', expect.objectContaining({ pageToken: '4000' })],
    ]);
  });

  it('emits valid entities managed by the provider, which the backend authorizes writes against', async () => {
    const clients = mockMlflowClients(registry());
    const { connections, runner } = await connectedProviders(clients);
    await runner.runAll();
    const mutation = appliedMutation(connections[0]);

    expect(new Set(mutation.map(e => e.locationKey))).toEqual(
      new Set(['mlflow-provider:prod']),
    );
    for (const { entity } of mutation) {
      expect(entity.metadata.annotations).toMatchObject({
        'backstage.io/managed-by-location': 'mlops:mlflow/prod',
        'backstage.io/managed-by-origin-location': 'mlops:mlflow/prod',
        'mlflow.org/registered-model': entity.metadata.title,
        'mlflow.org/instance': 'prod',
      });
    }
    for (const { entity } of mutation.filter((_, i) => i % 50 === 0)) {
      await expectValidEntity(entity);
    }
    const entities = mutation.map(e => e.entity);
    for (const model of [nameOf(1), nameOf(100)]) {
      await expect(
        resolveAuthority(entities, clients, 'prod', model),
      ).resolves.toMatchObject({
        ingested: true,
        entity: { metadata: { title: model } },
      });
    }
  });

  it('gives the same entities on every run', async () => {
    const { connections, runner } = await connectedProviders(
      mockMlflowClients(registry()),
    );
    await runner.runAll();
    const first = appliedEntities(connections[0]);
    connections[0].applyMutation.mockClear();
    await runner.runAll();
    expect(appliedEntities(connections[0])).toEqual(first);
  });

  it('prefixes entity names of every non-default instance, where the backend finds them too', async () => {
    const clients = mockMlflowClients(registry('prod'), registry('staging'));
    const { connections, runner } = await connectedProviders(clients);
    await runner.runAll();
    const [prod, staging] = connections.map(appliedEntities);

    expect(prod[1].metadata.name).toBe('model-00001');
    expect(staging[1].metadata.name).toMatch(
      /^staging-model-00001-[0-9a-f]{8}$/,
    );
    expect(staging[1].metadata.annotations).toEqual({
      'backstage.io/managed-by-location': 'mlops:mlflow/staging',
      'backstage.io/managed-by-origin-location': 'mlops:mlflow/staging',
      'mlflow.org/registered-model': 'model-00001',
      'mlflow.org/instance': 'staging',
    });
    expect(new Set([...prod, ...staging].map(e => e.metadata.name)).size).toBe(
      2 * N,
    );
    const both = [...prod, ...staging];
    await expect(
      resolveAuthority(both, clients, 'staging', 'model-00001'),
    ).resolves.toMatchObject({ ingested: true, entity: staging[1] });
    await expect(
      resolveAuthority(both, clients, 'prod', 'model-00001'),
    ).resolves.toMatchObject({ ingested: true, entity: prod[1] });
  });

  it('ingests only the models the filters let through', async () => {
    const { connections, runner } = await connectedProviders(
      mockMlflowClients(registry()),
      {
        defaultOwner: 'ml-platform',
        filters: { include: ['model-0000\\d'], exclude: ['model-00003'] },
      },
    );
    await runner.runAll();
    expect(appliedEntities(connections[0]).map(e => e.metadata.name)).toEqual([
      'model-00001',
      'model-00002',
      'model-00004',
      'model-00005',
      'model-00006',
      'model-00007',
      'model-00008',
      'model-00009',
    ]);
  });
});

describe('MlflowEntityProvider when MLflow fails', () => {
  const unavailable = (search: string) =>
    mockUpstreamError({
      system: 'mlflow',
      instance: 'prod',
      path: `/api/2.0/mlflow/${search}`,
      status: 503,
      code: 'TEMPORARILY_UNAVAILABLE',
      message: 'The server is overloaded',
    });
  // What the client throws for an answer it cannot read field by field.
  const malformed = (search: string) =>
    new ServiceUnavailableError(
      `mlflow instance 'prod': ${search} returned an unexpected body: ` +
        'answer.registered_models[17].name is missing',
    );

  it.each([
    ['registered models', 'searchRegisteredModels', unavailable],
    ['model versions', 'searchModelVersions', unavailable],
    ['registered models', 'searchRegisteredModels', malformed],
    ['model versions', 'searchModelVersions', malformed],
  ] as const)(
    'applies nothing when page 2 of the %s fails (%#), and logs the error',
    async (_, method, error) => {
      const fake = registry();
      const thrown = error(method);
      failCall(fake, method, 2, thrown);
      const { connections, runner, records } = await connectedProviders(
        mockMlflowClients(fake),
      );
      await runner.runAll();

      expect(connections[0].applyMutation).not.toHaveBeenCalled();
      const errors = records.filter(r => r.level === 'error');
      expect(errors).toEqual([
        expect.objectContaining({
          message:
            'mlflow-provider:prod refresh failed; no entities were changed',
          error: thrown,
        }),
      ]);
      expect(errors[0].error?.message).toMatch(/prod/);
    },
  );

  it('keeps what the catalog had when a later run fails', async () => {
    const fake = registry();
    const { connections, runner } = await connectedProviders(
      mockMlflowClients(fake),
    );
    await runner.runAll();
    fake.failures.searchModelVersions = unavailable('model-versions/search');
    await runner.runAll();
    // Only the first, complete run reached the catalog.
    expect(appliedEntities(connections[0])).toHaveLength(N);
  });

  it('keeps a failing instance from holding up the others', async () => {
    const staging = registry('staging');
    staging.failures.searchRegisteredModels = unavailable(
      'registered-models/search',
    );
    const { connections, runner } = await connectedProviders(
      mockMlflowClients(registry('prod'), staging),
    );
    await runner.runAll();
    expect(appliedEntities(connections[0])).toHaveLength(N);
    expect(connections[1].applyMutation).not.toHaveBeenCalled();
  });
});

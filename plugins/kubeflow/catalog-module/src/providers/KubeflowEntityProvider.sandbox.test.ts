import {
  appliedEntities,
  expectValidEntity,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  KUBEFLOW_STORY,
  useSandboxKubeflow,
} from '@mlops-portal/plugin-kubeflow-node/testUtils';
import { connectedProviders } from '../__testUtils__/provider';

// Three pages of 50: the story's two pipelines and 148 synthetic ones, three versions each.
const SYNTHETIC_PIPELINES = 148;
const ALL_PIPELINES = SYNTHETIC_PIPELINES + 2;
const scale = { pipelines: SYNTHETIC_PIPELINES, versionsPerPipeline: 3 };
const PIPELINES = 'GET /apis/v2beta1/pipelines';
const VERSIONS = 'GET /apis/v2beta1/pipelines/{pipeline_id}/versions';

jest.setTimeout(60_000);

/** Whether the fetch below answers every pipeline page after the first with a 503. */
let failLaterPages = false;
const failingFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (
    failLaterPages &&
    url.pathname.endsWith('/apis/v2beta1/pipelines') &&
    url.searchParams.has('page_token')
  ) {
    return Response.json(
      { code: 14, message: 'upstream connect error' },
      { status: 503 },
    );
  }
  return fetch(input, init);
};

describe('KubeflowEntityProvider against the sandbox (real HTTP, real clients)', () => {
  const kubeflow = useSandboxKubeflow([{ name: 'prod', pageSize: 50 }], {
    fetch: failingFetch,
    sandbox: { scale },
  });

  beforeEach(() => {
    failLaterPages = false;
  });

  it('ingests every pipeline: one request per page and one versions request per pipeline', async () => {
    const { connections, runner, records } = await connectedProviders(
      kubeflow.createClients(),
    );
    await runner.runAll();

    const entities = appliedEntities(connections[0]);
    expect(entities).toHaveLength(ALL_PIPELINES);
    for (const entity of entities) {
      await expectValidEntity(entity);
    }
    const fraud = entities.find(
      e => e.metadata.name === 'fraud-detection-training',
    );
    expect(fraud?.spec).toEqual({
      type: 'kubeflow-pipeline',
      owner: 'group:default/ml-platform',
      kubeflow: {
        instance: 'prod',
        pipelineId: KUBEFLOW_STORY.fraudPipeline.id,
        namespace: 'kubeflow',
        versionCount: 3,
        latestVersion: {
          id: KUBEFLOW_STORY.fraudPipeline.versions.v3.id,
          name: 'v3',
          createdAt: '2026-10-25T10:41:00Z',
        },
      },
    });
    expect(
      entities.find(e => e.metadata.name === 'synthetic-pipeline-00001')?.spec
        ?.kubeflow,
    ).toMatchObject({ versionCount: 3, latestVersion: { name: 'v3' } });
    expect(kubeflow.sandbox().routeCounts('kubeflow')).toEqual({
      [PIPELINES]: 3,
      [VERSIONS]: ALL_PIPELINES,
    });
    expect(records.filter(r => r.level === 'error')).toEqual([]);
  });

  it('applies nothing when the second page fails, retries included', async () => {
    failLaterPages = true;
    const { connections, runner, records } = await connectedProviders(
      kubeflow.createClients(),
    );
    await runner.runAll();

    expect(connections[0].applyMutation).not.toHaveBeenCalled();
    expect(records.find(r => r.level === 'error')?.error?.message).toMatch(
      /^kubeflow instance 'prod': GET \/apis\/v2beta1\/pipelines failed with 503 .*after 3 attempts/,
    );
    // The first page's versions were read while the second was on its way; nothing after it.
    expect(kubeflow.sandbox().routeCounts('kubeflow')[VERSIONS]).toBe(50);
  });
});

describe('KubeflowEntityProvider against the sandbox’s multi-user Kubeflow', () => {
  const kubeflow = useSandboxKubeflow(
    [
      {
        name: 'prod',
        multiUser: { userId: 'portal@example.com', namespace: 'kubeflow' },
      },
    ],
    { sandbox: { kubeflow: { multiUser: true } } },
  );

  it('ingests the profile namespace’s pipelines, owned by the namespace’s owner', async () => {
    const { connections, runner } = await connectedProviders(
      kubeflow.createClients(),
      {
        catalog: {
          defaultOwner: 'ml-platform',
          namespaceOwners: { kubeflow: 'fraud-detection' },
        },
      },
    );
    await runner.runAll();

    const entities = appliedEntities(connections[0]);
    expect(entities.map(e => [e.metadata.name, e.spec?.owner])).toEqual([
      ['demand-forecast-training', 'group:default/fraud-detection'],
      ['fraud-detection-training', 'group:default/fraud-detection'],
    ]);
  });
});

import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { getUpstreamErrorDetails } from '@mlops-portal/plugin-mlops-node';
import {
  FakeKubeflow,
  KUBEFLOW_STORY,
  fakeKubeflowClients,
  fakeKubeflowIds,
  fakePipelineSpec,
} from './FakeKubeflow';

const { fraudPipeline, demandPipeline } = KUBEFLOW_STORY;

/** Five pipelines, a to e, created in that order. */
const fivePipelines = () =>
  new FakeKubeflow({
    instance: { pageSize: 2 },
    pipelines: ['a', 'b', 'c', 'd', 'e'].map(displayName => ({ displayName })),
  });

describe('FakeKubeflow lists', () => {
  it('pages at the instance’s page size, with opaque tokens and the total', async () => {
    const fake = fivePipelines();
    const first = await fake.listPipelines();
    expect(first.items.map(p => p.displayName)).toEqual(['a', 'b']);
    expect(first.totalSize).toBe(5);
    const second = await fake.listPipelines({ pageToken: first.nextPageToken });
    const third = await fake.listPipelines({ pageToken: second.nextPageToken });
    expect([...second.items, ...third.items].map(p => p.displayName)).toEqual([
      'c',
      'd',
      'e',
    ]);
    expect(third.nextPageToken).toBeUndefined();
    // Fewer when asked; more is what the real client refuses.
    expect((await fake.listPipelines({ pageSize: 1 })).items).toHaveLength(1);
  });

  it('refuses a page token or page size KFP would refuse', async () => {
    const fake = fivePipelines();
    await expect(fake.listPipelines({ pageToken: 'nope' })).rejects.toThrow(
      InputError,
    );
    await expect(fake.listPipelines({ pageSize: 0 })).rejects.toThrow(
      "pageSize must be an integer from 1 to 2 (the instance's page size), got 0",
    );
    await expect(fake.listPipelines({ pageSize: 3 })).rejects.toThrow(
      InputError,
    );
  });

  it('reads every page with listPipelinePages, recording each page it reads', async () => {
    const fake = fivePipelines();
    const pages: string[][] = [];
    for await (const page of fake.listPipelinePages({ cache: false })) {
      pages.push(page.map(p => p.displayName));
    }
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(fake.calls.map(c => c.method)).toEqual([
      'listPipelinePages',
      'listPipelines',
      'listPipelines',
      'listPipelines',
    ]);
    expect(fake.callsOf('listPipelines')[1].args).toEqual([
      { cache: false, pageToken: expect.any(String) },
    ]);
  });

  it('filters on display names and sorts as asked', async () => {
    const fake = fivePipelines();
    const list = async (
      options: Parameters<FakeKubeflow['listPipelines']>[0],
    ) => (await fake.listPipelines(options)).items.map(p => p.displayName);
    expect(
      await list({
        filter: [{ key: 'display_name', operation: 'EQUALS', value: 'c' }],
      }),
    ).toEqual(['c']);
    expect(
      await list({
        filter: [
          { key: 'display_name', operation: 'IN', value: ['e', 'a', 'x'] },
        ],
      }),
    ).toEqual(['a', 'e']);
    expect(await list({ sortBy: 'created_at desc' })).toEqual(['e', 'd']);
    expect(await list({ sortBy: 'display_name desc' })).toEqual(['e', 'd']);
    await expect(
      fake.listPipelines({
        filter: [{ key: 'owner', operation: 'EQUALS', value: 'x' }],
      }),
    ).rejects.toThrow('no support for filtering on unrecognized field "owner"');
    await expect(fake.listPipelines({ sortBy: 'size' })).rejects.toThrow(
      InputError,
    );
  });

  it('lists the runs of one pipeline version', async () => {
    const fake = FakeKubeflow.story();
    const { items, totalSize } = await fake.listRuns({
      pipelineVersionId: fraudPipeline.versions.v3.id,
      sortBy: 'created_at desc',
      pageSize: 2,
    });
    expect(totalSize).toBe(7);
    expect(items.map(r => r.runId)).toEqual([
      fraudPipeline.runningRunId,
      fraudPipeline.succeededRunId,
    ]);
  });

  it('filters runs by state and by time, and refuses the runs of an unknown experiment', async () => {
    const fake = FakeKubeflow.story();
    const failed = await fake.listRuns({
      filter: [{ key: 'state', operation: 'EQUALS', value: 'FAILED' }],
    });
    expect(failed.items.map(r => r.runId)).toEqual([
      demandPipeline.failedRunId,
    ]);
    const late = await fake.listRuns({
      filter: [
        {
          key: 'created_at',
          operation: 'GREATER_THAN',
          value: { timestamp: '2026-10-30T00:00:00Z' },
        },
      ],
    });
    expect(late.items.map(r => r.displayName)).toEqual([
      'fraud-detection-nightly-2026-10-30',
      'fraud-detection-nightly-2026-10-31',
    ]);
    await expect(fake.listRuns({ experimentId: 'nope' })).rejects.toThrow(
      NotFoundError,
    );
  });

  it('lists only its namespace on multi-user Kubeflow', async () => {
    const fake = new FakeKubeflow({
      instance: {
        multiUser: {
          userIdHeader: 'kubeflow-userid',
          userId: 'portal@example.com',
          namespace: 'team-a',
        },
      },
      pipelines: [
        { displayName: 'mine', namespace: 'team-a' },
        { displayName: 'theirs', namespace: 'team-b' },
        { displayName: 'shared' },
      ],
    });
    expect((await fake.listPipelines()).items.map(p => p.displayName)).toEqual([
      'mine',
    ]);
    expect(await fake.health()).toEqual({ multiUser: true });
    const uploaded = await fake.uploadPipeline({
      displayName: 'theirs',
      content: fakePipelineSpec('theirs'),
      fileName: 'pipeline.json',
    });
    expect(uploaded.namespace).toBe('team-a');
  });
});

describe('FakeKubeflow reads', () => {
  it('answers an unknown id with the NotFoundError the real client throws', async () => {
    const fake = FakeKubeflow.story();
    const error = await fake.getPipeline('nope').catch(e => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(
      "kubeflow instance 'prod': GET /apis/v2beta1/pipelines/nope failed with 404 Not Found: " +
        'ResourceNotFoundError: Pipeline nope not found',
    );
    expect(getUpstreamErrorDetails(error)).toMatchObject({
      system: 'kubeflow',
      instance: 'prod',
      status: 404,
    });
    await expect(
      fake.getPipelineVersion(fraudPipeline.id, 'nope'),
    ).rejects.toThrow(/PipelineVersion nope not found/);
    await expect(fake.listPipelineVersions('nope')).rejects.toThrow(
      NotFoundError,
    );
    await expect(fake.getRun('nope')).rejects.toThrow(NotFoundError);
    await expect(fake.getRecurringRun('nope')).rejects.toThrow(NotFoundError);
    await expect(fake.getExperiment('nope')).rejects.toThrow(NotFoundError);
    await expect(fake.getPipelineByName('nope')).rejects.toThrow(
      "kubeflow instance 'prod': GET /apis/v2beta1/pipelines/names/nope failed with 404",
    );
  });

  it('finds a pipeline by name and hands out copies', async () => {
    const fake = FakeKubeflow.story();
    const pipeline = await fake.getPipelineByName('fraud-detection-training');
    expect(pipeline.pipelineId).toBe(fraudPipeline.id);
    pipeline.displayName = 'changed';
    const version = await fake.getPipelineVersion(
      fraudPipeline.id,
      fraudPipeline.versions.v1.id,
    );
    version.parameters.length = 0;
    expect((await fake.getPipeline(fraudPipeline.id)).displayName).toBe(
      'fraud-detection-training',
    );
    expect(fake.versionsOf(fraudPipeline.id)[0].parameters).toHaveLength(3);
  });
});

describe('FakeKubeflow failures and records', () => {
  it('fails the n-th call with the error the real client throws for the status', async () => {
    const fake = fivePipelines().failCall(2, 503);
    await fake.listPipelines();
    const error = await fake.listPipelines().catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^kubeflow instance 'prod': GET \/apis\/v2beta1\/pipelines failed with 503/,
    );
    await expect(fake.listPipelines()).resolves.toBeDefined();
    expect(fake.calls.map(c => c.error)).toEqual([undefined, error, undefined]);
  });

  it('fails the n-th call of a method, every call of it, or a few', async () => {
    const fake = FakeKubeflow.story();
    fake.failMethod('listPipelineVersions', { nth: 2 });
    await fake.listPipelineVersions(fraudPipeline.id);
    await expect(fake.listPipelineVersions(fraudPipeline.id)).rejects.toThrow(
      /pipelines\/.*\/versions failed with 500/,
    );
    await fake.listPipelineVersions(fraudPipeline.id);

    const boom = new Error('boom');
    fake.failMethod('getRun', { failure: boom, times: 2 });
    await expect(fake.getRun(fraudPipeline.runningRunId)).rejects.toBe(boom);
    await expect(fake.getRun(fraudPipeline.runningRunId)).rejects.toBe(boom);
    await expect(
      fake.getRun(fraudPipeline.runningRunId),
    ).resolves.toBeDefined();

    fake.failMethod('health');
    await expect(fake.health()).rejects.toThrow(ServiceUnavailableError);
    await expect(fake.health()).rejects.toThrow(ServiceUnavailableError);
    fake.clearFailures();
    await expect(fake.health()).resolves.toEqual({ multiUser: false });
  });

  it('fails a later page of listPipelinePages, or all of it', async () => {
    const fake = fivePipelines().failMethod('listPipelines', { nth: 3 });
    const read = async () => {
      const seen: string[] = [];
      for await (const page of fake.listPipelinePages()) {
        seen.push(...page.map(p => p.pipelineId));
      }
      return seen;
    };
    await expect(read()).rejects.toThrow(/failed with 500/);
    fake.failMethod('listPipelinePages', { nth: 2 });
    await expect(read()).rejects.toThrow(/failed with 500/);
    expect(fake.callsOf('listPipelinePages')[1].error).toBeDefined();
  });

  it('counts the calls of a method in flight at once', async () => {
    const fake = new FakeKubeflow({
      latencyMs: 5,
      pipelines: [{ displayName: 'a' }],
    });
    const [pipeline] = fake.pipelines;
    await Promise.all(
      [1, 2, 3].map(() => fake.listPipelineVersions(pipeline.pipelineId)),
    );
    await fake.listPipelineVersions(pipeline.pipelineId);
    expect(fake.peakInFlight('listPipelineVersions')).toBe(3);
    expect(fake.peakInFlight('getRun')).toBe(0);
  });
});

describe('FakeKubeflow seeds', () => {
  it('derives ids, times and names, in seed order', () => {
    const fake = new FakeKubeflow({
      pipelines: [
        {
          displayName: 'p',
          versions: [{ displayName: 'v1' }, { displayName: 'v2' }],
        },
      ],
    });
    const [pipeline] = fake.pipelines;
    expect(pipeline).toEqual({
      pipelineId: fakeKubeflowIds.pipeline('p'),
      displayName: 'p',
      name: 'p',
      createdAt: '2026-01-01T00:00:01Z',
    });
    expect(fake.versionsOf(pipeline.pipelineId).map(v => v.createdAt)).toEqual([
      '2026-01-01T00:00:02Z',
      '2026-01-01T00:00:03Z',
    ]);
  });

  it('refuses two objects with one id, saying how to tell them apart', () => {
    expect(
      () =>
        new FakeKubeflow({
          pipelines: [{ displayName: 'p' }, { displayName: 'p' }],
        }),
    ).toThrow(/already has pipeline .* \('p'\); give the seed a pipelineId/);
  });

  it('changes a run as KFP would while it runs', async () => {
    const fake = FakeKubeflow.story();
    fake.updateRun(fraudPipeline.runningRunId, {
      state: 'SUCCEEDED',
      finishedAt: '2026-11-01T01:00:00Z',
    });
    expect(await fake.getRun(fraudPipeline.runningRunId)).toMatchObject({
      state: 'SUCCEEDED',
      finishedAt: '2026-11-01T01:00:00Z',
    });
    expect(() => fake.updateRun('nope', {})).toThrow('no run nope');
  });
});

describe('fakeKubeflowClients', () => {
  it('gives each fake as its instance’s client, the first the default', () => {
    const prod = FakeKubeflow.story();
    const staging = new FakeKubeflow({ instance: { name: 'staging' } });
    const clients = fakeKubeflowClients(prod, staging);
    expect(clients.instances.map(i => i.name)).toEqual(['prod', 'staging']);
    expect(clients.forInstance()).toBe(prod);
    expect(clients.forInstance('staging')).toBe(staging);
    expect(() => clients.forInstance('dev')).toThrow(InputError);
  });
});

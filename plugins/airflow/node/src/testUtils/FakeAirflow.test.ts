import { mockReadCache } from '@mlops-portal/plugin-mlops-node/testUtils';
import { FakeAirflow } from './FakeAirflow';

const dags = [
  { dagId: 'c_report', owners: ['bob'] },
  { dagId: 'a_train', tags: ['ml'], schedule: '0 2 * * *' },
  { dagId: 'b_refresh', isPaused: true },
];

describe.each(['v2', 'v1'] as const)('FakeAirflow (API %s)', apiVersion => {
  const root = `/api/${apiVersion}`;
  const create = (options: { pageSize?: number } = {}) =>
    new FakeAirflow({ instance: { apiVersion, ...options }, dags });

  it('serves the DAG list page by page in DAG id order, with the total', async () => {
    const fake = create({ pageSize: 2 });

    const pages: string[][] = [];
    for await (const page of fake.client().listDagPages()) {
      pages.push(page.map(dag => dag.dagId));
    }

    expect(pages).toEqual([['a_train', 'b_refresh'], ['c_report']]);
    expect(fake.dagPages()).toEqual([
      [2, 0],
      [2, 2],
    ]);
    expect(fake.requests.map(r => r.responseBody)).toMatchObject([
      { total_entries: 3 },
      { total_entries: 3 },
    ]);
  });

  it('serves a DAG, pauses and unpauses it, and 404s one it does not have', async () => {
    const fake = create();
    const client = fake.client();

    expect(await client.getDag('a_train')).toMatchObject({
      dagId: 'a_train',
      tags: ['ml'],
      schedule: '0 2 * * *',
      isPaused: false,
    });
    expect(await client.setPaused('a_train', true)).toMatchObject({
      isPaused: true,
    });
    expect(fake.dag('a_train')?.is_paused).toBe(true);
    await expect(client.getDag('nope')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    expect(fake.writes().map(r => [r.method, r.path, r.body])).toEqual([
      ['PATCH', `${root}/dags/a_train`, { is_paused: true }],
    ]);
  });

  it('moves a triggered run through runStates, one state per read, and keeps the last', async () => {
    const fake = create();
    fake.runStates = ['queued', 'running', 'failed'];
    const client = fake.client();

    const run = await client.triggerDagRun('a_train', {
      conf: { epochs: 3 },
      note: 'n',
    });
    const states = [];
    for (let read = 0; read < 4; read++) {
      states.push((await client.getDagRun('a_train', run.runId)).state);
    }

    expect(run).toMatchObject({
      runId: 'manual__1',
      state: 'queued',
      conf: { epochs: 3 },
      note: 'n',
    });
    expect(states).toEqual(['queued', 'running', 'failed', 'failed']);
    await expect(client.getDagRun('a_train', 'other')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('refuses a run id that exists with 409, also when a concurrent trigger took it', async () => {
    const fake = create();
    fake.addRun('a_train', 'nightly', 'success');
    const client = fake.client();

    await expect(
      client.triggerDagRun('a_train', { runId: 'nightly' }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    fake.raceNextTrigger = true;
    await expect(
      client.triggerDagRun('a_train', { runId: 'raced' }),
    ).rejects.toMatchObject({ name: 'ConflictError' });

    expect(fake.run('a_train', 'raced')?.state).toBe('running');
    expect(fake.requests.map(r => r.status)).toEqual([409, 409]);
  });

  it('fails the n-th request with the given status, and 404s what it does not serve', async () => {
    const fake = create();
    fake.failRequest(2, 503);
    const client = fake.client();

    await client.getDag('a_train');
    await expect(client.getDag('a_train')).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
    await expect(client.listDagRuns('a_train')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    expect(fake.requests.map(r => [r.method, r.path, r.status])).toEqual([
      ['GET', `${root}/dags/a_train`, 200],
      ['GET', `${root}/dags/a_train`, 503],
      ['GET', `${root}/dags/a_train/dagRuns`, 404],
    ]);
  });

  it('hands out clients with what the test gives them, e.g. a read cache', async () => {
    const fake = new FakeAirflow({
      instance: { apiVersion, cacheTtlMs: 60_000 },
      dags,
    });
    const client = fake.client({ readCache: mockReadCache() });

    await client.getDag('a_train');
    await client.getDag('a_train');

    expect(fake.requests).toHaveLength(1);
  });
});

it('refuses an instance whose API version it would have to detect', () => {
  expect(() => new FakeAirflow({ instance: { apiVersion: 'auto' } })).toThrow(
    expect.objectContaining({
      name: 'InputError',
      message: expect.stringMatching(/one API version/),
    }),
  );
});

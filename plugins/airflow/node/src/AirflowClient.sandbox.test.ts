import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  mockReadCache,
  silentLogger,
  useTestSandbox,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { AirflowApiVersion } from './AirflowApi';
import { AirflowClient } from './AirflowClient';
import { airflowInstanceConfig } from './testUtils';

const STORY_DAGS = [
  'churn_model_retrain',
  'demand_forecast_batch',
  'fraud_detection_training',
  'fraud_feature_refresh',
];

/** Requests per route the sandbox saw on a mount, without the public version routes. */
function counts(sandbox: ReturnType<typeof useTestSandbox>, mount: Mount) {
  return sandbox().routeCounts(mount);
}

type Mount = 'airflow' | 'airflow2';

describe.each<[string, Mount, AirflowApiVersion]>([
  ['Airflow 3 (API v2)', 'airflow', 'v2'],
  ['Airflow 2 (API v1)', 'airflow2', 'v1'],
])('AirflowClient against the sandbox: %s', (_title, mount, version) => {
  const sandbox = useTestSandbox();
  const client = (
    overrides: Parameters<typeof airflowInstanceConfig>[0] = {},
  ) =>
    new AirflowClient({
      instance: airflowInstanceConfig({
        name: 'sandbox',
        baseUrl: sandbox().baseUrl(mount),
        auth: { type: 'basic', username: 'admin', password: 'admin' },
        apiVersion: 'auto',
        ...overrides,
      }),
      logger: silentLogger,
    });

  it('detects the API version once', async () => {
    const api = client();
    await expect(
      Promise.all([api.apiVersion(), api.apiVersion()]),
    ).resolves.toEqual([version, version]);
    await api.apiVersion();
    expect(counts(sandbox, mount)[`GET /api/${version}/version`]).toBe(1);
  });

  it('lists every DAG across pages at the instance page size', async () => {
    const dags = await client({ pageSize: 3 }).listDags();
    expect(dags.map(d => d.dagId)).toEqual(STORY_DAGS);
    expect(counts(sandbox, mount)[`GET /api/${version}/dags`]).toBe(2);
    for (const dag of dags) {
      expect(dag.displayName).toBe(dag.dagId);
      expect(typeof dag.isPaused).toBe('boolean');
      expect(dag.owners.length).toBeGreaterThan(0);
    }
  });

  it('hands the DAG list out page by page, and keeps the pages out of the cache when told', async () => {
    const cached = new AirflowClient({
      instance: airflowInstanceConfig({
        name: 'sandbox',
        baseUrl: sandbox().baseUrl(mount),
        auth: { type: 'basic', username: 'admin', password: 'admin' },
        apiVersion: version,
        pageSize: 3,
        cacheTtlMs: 60_000,
      }),
      logger: silentLogger,
      readCache: mockReadCache(),
    });
    const pages: string[][] = [];
    for await (const page of cached.listDagPages({ cache: false })) {
      pages.push(page.map(d => d.dagId));
    }
    expect(pages).toEqual([STORY_DAGS.slice(0, 3), STORY_DAGS.slice(3)]);
    await cached.listDags({ cache: false });
    expect(counts(sandbox, mount)[`GET /api/${version}/dags`]).toBe(4);
    // Cached reads: the second list is answered from the cache.
    await cached.listDags();
    await cached.listDags();
    expect(counts(sandbox, mount)[`GET /api/${version}/dags`]).toBe(6);
  });

  it('gets a DAG with the fields the portal shows', async () => {
    const dag = await client().getDag('fraud_detection_training');
    expect(dag).toMatchObject({
      dagId: 'fraud_detection_training',
      isPaused: false,
      fileloc: expect.stringMatching(/\.py$/),
      schedule: expect.any(String),
    });
    expect(dag.tags.length).toBeGreaterThan(0);
    expect(dag.tags.every(tag => typeof tag === 'string')).toBe(true);
  });

  it('lists runs by state, newest first, one page at a time', async () => {
    const api = client();
    const all = await api.listDagRuns('fraud_detection_training', {
      orderBy: '-logical_date',
    });
    expect(all.items.length).toBeGreaterThan(1);
    expect(all.totalEntries).toBe(all.items.length);
    const dates = all.items.map(run => run.logicalDate!);
    expect([...dates].sort().reverse()).toEqual(dates);

    const states = new Set(all.items.map(run => run.state));
    for (const state of ['success', 'failed'] as const) {
      if (!states.has(state)) continue;
      const page = await api.listDagRuns('fraud_detection_training', {
        state: [state],
      });
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every(run => run.state === state)).toBe(true);
    }

    const second = await api.listDagRuns('fraud_detection_training', {
      orderBy: '-logical_date',
      limit: 1,
      offset: 1,
    });
    expect(second.items.map(run => run.runId)).toEqual([all.items[1].runId]);
  });

  it('lists runs by logical date', async () => {
    const api = client();
    const all = await api.listDagRuns('fraud_detection_training', {
      orderBy: 'logical_date',
    });
    const middle = all.items[Math.floor(all.items.length / 2)].logicalDate!;
    const since = await api.listDagRuns('fraud_detection_training', {
      since: middle,
    });
    const until = await api.listDagRuns('fraud_detection_training', {
      until: middle,
    });
    expect(since.items.length + until.items.length).toBe(all.items.length + 1);
    expect(
      since.items.every(
        run => Date.parse(run.logicalDate!) >= Date.parse(middle),
      ),
    ).toBe(true);
    await expect(
      api.listDagRuns('fraud_detection_training', { since: 'yesterday' }),
    ).rejects.toThrow(InputError);
  });

  it('reads the failed run: its task instances with tries and the failed try log', async () => {
    const api = client({ pageSize: 2 });
    const [failed] = (
      await api.listDagRuns('fraud_detection_training', { state: ['failed'] })
    ).items;
    expect(
      await api.getDagRun('fraud_detection_training', failed.runId),
    ).toEqual(failed);
    const tasks = await api.listTaskInstances(
      'fraud_detection_training',
      failed.runId,
    );
    expect(tasks.map(t => [t.taskId, t.state])).toEqual([
      ['extract_transactions', 'success'],
      ['build_features', 'success'],
      ['train_model', 'failed'],
      ['evaluate_model', 'upstream_failed'],
      ['register_model', 'upstream_failed'],
    ]);
    const train = tasks.find(t => t.taskId === 'train_model')!;
    expect(train).toMatchObject({ tryNumber: 2, mapIndex: -1 });
    expect(train.operator).toBe('KubernetesPodOperator');
    const log = await api.getTaskLog(
      'fraud_detection_training',
      failed.runId,
      'train_model',
      train.tryNumber,
    );
    expect(log.truncated).toBe(false);
    expect(log.content).toContain('OOMKilled');
    expect(log.content.split('\n').length).toBeGreaterThan(3);
    await expect(
      api.getTaskLog(
        'fraud_detection_training',
        failed.runId,
        'train_model',
        9,
      ),
    ).rejects.toThrow(NotFoundError);
    await expect(
      api.getTaskLog(
        'fraud_detection_training',
        failed.runId,
        'train_model',
        0,
      ),
    ).rejects.toThrow(InputError);
  });

  it('cuts a long log to its end', async () => {
    const api = new AirflowClient({
      instance: airflowInstanceConfig({
        name: 'sandbox',
        baseUrl: sandbox().baseUrl(mount),
        auth: { type: 'basic', username: 'admin', password: 'admin' },
        apiVersion: version,
      }),
      logger: silentLogger,
      maxLogChars: 300,
    });
    const [failed] = (
      await api.listDagRuns('fraud_detection_training', { state: ['failed'] })
    ).items;
    const log = await api.getTaskLog(
      'fraud_detection_training',
      failed.runId,
      'train_model',
      2,
    );
    const full = await client().getTaskLog(
      'fraud_detection_training',
      failed.runId,
      'train_model',
      2,
    );
    expect(full.content.length).toBeGreaterThan(300);
    expect(log.truncated).toBe(true);
    expect(log.content.length).toBeLessThanOrEqual(300);
    // The end of the log, from the start of a line.
    expect(full.content.endsWith(`\n${log.content}`)).toBe(true);
    expect(log.content).toContain('Marking task as FAILED');
  });

  it('triggers a run with conf, a note and no logical date, and sees it finish', async () => {
    const api = client();
    const run = await api.triggerDagRun('fraud_detection_training', {
      conf: { lookback_days: 30 },
      note: 'Triggered from the portal by user:default/alice',
    });
    expect(run).toMatchObject({
      dagId: 'fraud_detection_training',
      state: 'queued',
      runType: 'manual',
      conf: { lookback_days: 30 },
      note: 'Triggered from the portal by user:default/alice',
    });
    const states = [];
    for (let i = 0; i < 4; i++) {
      states.push(
        (await client().getDagRun('fraud_detection_training', run.runId)).state,
      );
    }
    expect(states).toContain('running');
    expect(states[states.length - 1]).toBe('success');
    await expect(
      api.triggerDagRun('fraud_detection_training', { runId: run.runId }),
    ).rejects.toThrow(ConflictError);
    await expect(
      api.triggerDagRun('fraud_detection_training', {
        conf: [1] as unknown as Record<string, unknown>,
      }),
    ).rejects.toThrow(/conf must be a JSON object/);
    await expect(api.triggerDagRun('no_such_dag')).rejects.toThrow(
      NotFoundError,
    );
  });

  it('pauses and unpauses a DAG', async () => {
    const api = client();
    expect((await api.setPaused('fraud_feature_refresh', true)).isPaused).toBe(
      true,
    );
    expect((await api.getDag('fraud_feature_refresh')).isPaused).toBe(true);
    expect((await api.setPaused('fraud_feature_refresh', false)).isPaused).toBe(
      false,
    );
  });

  it('clears the failed tasks of a run: a dry run first, then for real', async () => {
    const api = client();
    const [failed] = (
      await api.listDagRuns('fraud_detection_training', { state: ['failed'] })
    ).items;
    const wouldClear = await api.clearDagRun(
      'fraud_detection_training',
      failed.runId,
      { dryRun: true },
    );
    expect(wouldClear.map(t => t.taskId)).toEqual([
      'train_model',
      'evaluate_model',
      'register_model',
    ]);
    expect(
      (await api.getDagRun('fraud_detection_training', failed.runId)).state,
    ).toBe('failed');
    const cleared = await api.clearDagRun(
      'fraud_detection_training',
      failed.runId,
    );
    expect(cleared).toEqual(wouldClear);
    expect(
      (await client().getDagRun('fraud_detection_training', failed.runId))
        .state,
    ).toBe('queued');
  });

  it('answers an unknown DAG with NotFoundError naming the instance', async () => {
    const api = client();
    await expect(api.getDag('no_such_dag')).rejects.toThrow(NotFoundError);
    await expect(api.getDag('no_such_dag')).rejects.toThrow(/sandbox/);
  });

  it('refuses wrong credentials as NotAllowedError', async () => {
    const api = client({
      auth: { type: 'basic', username: 'admin', password: 'wrong' },
    });
    await expect(api.getDag('fraud_detection_training')).rejects.toThrow(
      NotAllowedError,
    );
  });
});

describe('AirflowClient JWT (Airflow 3)', () => {
  const sandbox = useTestSandbox();
  const TOKEN = 'POST /auth/token';
  const logged: string[] = [];
  const logger = {
    error: (...args: unknown[]) => logged.push(JSON.stringify(args)),
    warn: (...args: unknown[]) => logged.push(JSON.stringify(args)),
    info: (...args: unknown[]) => logged.push(JSON.stringify(args)),
    debug: (...args: unknown[]) => logged.push(JSON.stringify(args)),
    child: () => logger,
  };
  const client = (options: { fetch?: typeof fetch; now?: () => number } = {}) =>
    new AirflowClient({
      instance: airflowInstanceConfig({
        name: 'sandbox',
        baseUrl: sandbox().baseUrl('airflow'),
        auth: { type: 'basic', username: 'admin', password: 's3cret-pw' },
        apiVersion: 'v2',
      }),
      logger,
      ...options,
    });

  it('fetches one token for concurrent requests and never logs the password', async () => {
    const api = new AirflowClient({
      instance: airflowInstanceConfig({
        name: 'sandbox',
        baseUrl: sandbox().baseUrl('airflow'),
        auth: { type: 'basic', username: 'admin', password: 'admin' },
        apiVersion: 'v2',
      }),
      logger,
    });
    await Promise.all([
      api.getDag('fraud_detection_training'),
      api.getDag('churn_model_retrain'),
      api.listDagRuns('fraud_detection_training'),
      api.listDags(),
    ]);
    await api.getDag('demand_forecast_batch');
    expect(sandbox().routeCounts('airflow')[TOKEN]).toBe(1);

    // wrong credentials: a clear error, and the password appears nowhere
    await expect(client().getDag('fraud_detection_training')).rejects.toThrow(
      /refused the configured credentials of user 'admin'/,
    );
    expect(logged.join('\n')).not.toContain('s3cret-pw');
  });

  it('replaces the token a minute before it expires', async () => {
    let now = Date.now();
    const api = new AirflowClient({
      instance: airflowInstanceConfig({
        name: 'sandbox',
        baseUrl: sandbox().baseUrl('airflow'),
        auth: { type: 'basic', username: 'admin', password: 'admin' },
        apiVersion: 'v2',
      }),
      logger,
      now: () => now,
    });
    await api.getDag('fraud_detection_training');
    now += 3_600_000 - 120_000; // sandbox tokens live an hour
    await api.getDag('churn_model_retrain');
    expect(sandbox().routeCounts('airflow')[TOKEN]).toBe(1);
    now += 90_000;
    await api.getDag('demand_forecast_batch');
    expect(sandbox().routeCounts('airflow')[TOKEN]).toBe(2);
  });

  it('fetches a new token once when the server answers 401, and retries once', async () => {
    let refusals = 0;
    // The two concurrent requests' token is refused (as after a restart with a new secret).
    const revokingFetch: typeof fetch = async (input, init) => {
      const auth = new Headers(init?.headers).get('authorization') ?? '';
      if (auth.startsWith('Bearer ') && refusals < 2) {
        refusals++;
        return new Response(JSON.stringify({ detail: 'Invalid JWT token' }), {
          status: 401,
          headers: { 'content-type': 'application/json' },
        });
      }
      return fetch(input, init);
    };
    const api = new AirflowClient({
      instance: airflowInstanceConfig({
        name: 'sandbox',
        baseUrl: sandbox().baseUrl('airflow'),
        auth: { type: 'basic', username: 'admin', password: 'admin' },
        apiVersion: 'v2',
      }),
      logger,
      fetch: revokingFetch,
    });
    const dags = await Promise.all([
      api.getDag('fraud_detection_training'),
      api.getDag('churn_model_retrain'),
    ]);
    expect(dags.map(d => d.dagId)).toEqual([
      'fraud_detection_training',
      'churn_model_retrain',
    ]);
    expect(refusals).toBe(2);
    expect(sandbox().routeCounts('airflow')[TOKEN]).toBe(2);

    // A server that refuses every token: one retry, then the 401 as NotAllowedError.
    const alwaysRefusing: typeof fetch = async (input, init) =>
      new Headers(init?.headers).get('authorization')?.startsWith('Bearer ')
        ? new Response('{"detail":"Invalid JWT token"}', { status: 401 })
        : fetch(input, init);
    sandbox().reset();
    const stubborn = new AirflowClient({
      instance: airflowInstanceConfig({
        name: 'sandbox',
        baseUrl: sandbox().baseUrl('airflow'),
        auth: { type: 'basic', username: 'admin', password: 'admin' },
        apiVersion: 'v2',
      }),
      logger,
      fetch: alwaysRefusing,
    });
    await expect(stubborn.getDag('fraud_detection_training')).rejects.toThrow(
      NotAllowedError,
    );
    expect(sandbox().routeCounts('airflow')[TOKEN]).toBe(2);
  });
});

import { SignJWT } from 'jose';
import request from 'supertest';
import {
  AIRFLOW2_AUTH,
  airflowAuth,
  testSandbox,
} from '../__testUtils__/sandbox';
import { Sandbox } from '../index';

describe('Airflow emulation', () => {
  let sandbox: Sandbox;
  let auth: Record<string, string>;
  beforeEach(async () => {
    sandbox = testSandbox();
    auth = await airflowAuth(sandbox);
  });

  describe('API v2 JWT auth', () => {
    it('answers 401 without a token, with a bad password and with a forged token', async () => {
      const none = await request(sandbox.app).get('/airflow/api/v2/dags');
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ detail: 'Not authenticated' });

      const wrong = await request(sandbox.app)
        .post('/airflow/auth/token')
        .send({ username: 'admin', password: 'nope' });
      expect(wrong.status).toBe(401);

      const forged = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('admin')
        .setAudience('apache-airflow')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('some-other-secret'));
      const res = await request(sandbox.app)
        .get('/airflow/api/v2/dags')
        .set('Authorization', `Bearer ${forged}`);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: 'Invalid JWT token' });
    });

    it('accepts the token from POST /auth/token (JSON or form) and leaves version/health public', async () => {
      await request(sandbox.app)
        .get('/airflow/api/v2/dags')
        .set(auth)
        .expect(200);
      const form = await request(sandbox.app)
        .post('/airflow/auth/token')
        .type('form')
        .send('username=admin&password=admin');
      expect(form.status).toBe(201);
      await request(sandbox.app).get('/airflow/api/v2/version').expect(200);
      await request(sandbox.app)
        .get('/airflow/api/v2/monitor/health')
        .expect(200);
    });

    it('honours overridden credentials', async () => {
      const custom = testSandbox({
        airflow: { username: 'ops', password: 's3cret' },
      });
      await request(custom.app)
        .post('/airflow/auth/token')
        .send({ username: 'admin', password: 'admin' })
        .expect(401);
      await request(custom.app)
        .post('/airflow/auth/token')
        .send({ username: 'ops', password: 's3cret' })
        .expect(201);
      const dags = await request(custom.app)
        .get('/airflow2/api/v1/dags')
        .auth('ops', 's3cret');
      expect(dags.status).toBe(200);
    });
  });

  describe('API v1 basic auth', () => {
    it('answers 401 problem details without or with wrong credentials', async () => {
      const none = await request(sandbox.app).get('/airflow2/api/v1/dags');
      expect(none.status).toBe(401);
      expect(none.body).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(none.headers['www-authenticate']).toMatch(/^Basic/);
      await request(sandbox.app)
        .get('/airflow2/api/v1/dags')
        .auth('admin', 'wrong')
        .expect(401);
      await request(sandbox.app)
        .get('/airflow2/api/v1/dags')
        .set(AIRFLOW2_AUTH)
        .expect(200);
      await request(sandbox.app).get('/airflow2/api/v1/health').expect(200);
    });
  });

  it('tells the story: owners, tags, paused DAG and the failed latest churn run', async () => {
    const dags = (
      await request(sandbox.app).get('/airflow/api/v2/dags').set(auth)
    ).body.dags;
    expect(dags.map((d: any) => d.dag_id)).toEqual([
      'churn_model_retrain',
      'demand_forecast_batch',
      'fraud_detection_training',
      'fraud_feature_refresh',
    ]);
    const training = dags.find(
      (d: any) => d.dag_id === 'fraud_detection_training',
    );
    expect(training).toMatchObject({
      owners: ['fraud-detection'],
      timetable_summary: '0 2 * * *',
      is_paused: false,
    });
    expect(training.tags.map((t: any) => t.name)).toEqual([
      'fraud-detection',
      'training',
    ]);
    expect(
      dags.find((d: any) => d.dag_id === 'demand_forecast_batch').is_paused,
    ).toBe(true);

    const churn = await request(sandbox.app)
      .get('/airflow/api/v2/dags/churn_model_retrain/dagRuns')
      .query({ order_by: '-run_after', limit: 1 })
      .set(auth);
    expect(churn.body.dag_runs[0]).toMatchObject({
      state: 'failed',
      dag_run_id: 'scheduled__2026-10-26T03:00:00+00:00',
    });
    const fraud = await request(sandbox.app)
      .get('/airflow/api/v2/dags/fraud_detection_training/dagRuns')
      .set(auth);
    expect(fraud.body.total_entries).toBe(14);
    expect(
      fraud.body.dag_runs.filter((r: any) => r.state === 'failed'),
    ).toHaveLength(1);
  });

  it('walks all runs across DAGs with limit/offset without duplicates or gaps', async () => {
    const all: string[] = [];
    let total = 0;
    for (let offset = 0; ; offset += 10) {
      const res = await request(sandbox.app)
        .get('/airflow/api/v2/dags/~/dagRuns')
        .query({ limit: 10, offset })
        .set(auth)
        .expect(200);
      total = res.body.total_entries;
      if (res.body.dag_runs.length === 0) break;
      all.push(
        ...res.body.dag_runs.map((r: any) => `${r.dag_id}/${r.dag_run_id}`),
      );
    }
    expect(total).toBe(49);
    expect(all).toHaveLength(49);
    expect(new Set(all).size).toBe(49);
    const capped = await request(sandbox.app)
      .get('/airflow2/api/v1/dags/~/dagRuns')
      .query({ limit: 1000 })
      .set(AIRFLOW2_AUTH);
    expect(capped.body.dag_runs).toHaveLength(49);
  });

  it('caps limit at maximum_page_limit (100)', async () => {
    const scaled = testSandbox({ scale: { dags: 150, runsPerDag: 1 } });
    const token = await airflowAuth(scaled);
    const res = await request(scaled.app)
      .get('/airflow/api/v2/dags')
      .query({ limit: 500 })
      .set(token)
      .expect(200);
    expect(res.body.dags).toHaveLength(100);
    expect(res.body.total_entries).toBe(154);
  });

  it('shows a triggered run in the run list of both API versions', async () => {
    const created = await request(sandbox.app)
      .post('/airflow/api/v2/dags/fraud_detection_training/dagRuns')
      .set(auth)
      .send({ logical_date: null, conf: { lookback_days: 30 }, note: 'rerun' })
      .expect(200);
    expect(created.body).toMatchObject({
      state: 'queued',
      run_type: 'manual',
      triggered_by: 'rest_api',
      triggering_user_name: 'admin',
      conf: { lookback_days: 30 },
    });
    const id = created.body.dag_run_id;
    const v2 = await request(sandbox.app)
      .get('/airflow/api/v2/dags/fraud_detection_training/dagRuns')
      .query({ state: 'queued' })
      .set(auth);
    expect(v2.body.dag_runs.map((r: any) => r.dag_run_id)).toEqual([id]);
    const v1 = await request(sandbox.app)
      .get(
        `/airflow2/api/v1/dags/fraud_detection_training/dagRuns/${encodeURIComponent(
          id,
        )}`,
      )
      .set(AIRFLOW2_AUTH)
      .expect(200);
    // The second read: the sandbox's scheduler has started the run.
    expect(v1.body).toMatchObject({ external_trigger: true, state: 'running' });
    const tis = await request(sandbox.app)
      .get(
        `/airflow/api/v2/dags/fraud_detection_training/dagRuns/${encodeURIComponent(
          id,
        )}/taskInstances`,
      )
      .set(auth);
    expect(tis.body.task_instances.map((t: any) => t.state)).toEqual([
      'running',
      null,
      null,
      null,
      null,
    ]);
    const again = await request(sandbox.app)
      .post('/airflow/api/v2/dags/fraud_detection_training/dagRuns')
      .set(auth)
      .send({ dag_run_id: id });
    expect(again.status).toBe(409);
  });

  it('pauses through PATCH and validates like each version does', async () => {
    await request(sandbox.app)
      .patch('/airflow2/api/v1/dags/fraud_feature_refresh')
      .set(AIRFLOW2_AUTH)
      .send({ is_paused: true })
      .expect(200);
    const v2 = await request(sandbox.app)
      .get('/airflow/api/v2/dags/fraud_feature_refresh')
      .set(auth);
    expect(v2.body).toMatchObject({
      is_paused: true,
      next_dagrun_run_after: null,
    });
    const badLimit = await request(sandbox.app)
      .get('/airflow/api/v2/dags')
      .query({ limit: 'ten' })
      .set(auth);
    expect(badLimit.status).toBe(422);
    expect(badLimit.body.detail[0]).toMatchObject({
      loc: ['query', 'limit'],
      type: 'int_parsing',
    });
    expect(
      (
        await request(sandbox.app)
          .get('/airflow/api/v2/dags')
          .query({ order_by: 'colour' })
          .set(auth)
      ).status,
    ).toBe(400);
    expect(
      (
        await request(sandbox.app)
          .get('/airflow2/api/v1/dags')
          .query({ limit: 'ten' })
          .set(AIRFLOW2_AUTH)
      ).status,
    ).toBe(400);
    const extra = await request(sandbox.app)
      .patch('/airflow/api/v2/dags/fraud_feature_refresh')
      .set(auth)
      .send({ is_paused: false, owners: [] });
    expect(extra.status).toBe(422);
  });

  it('serves task logs as structured JSON (v2) and text (v1)', async () => {
    const run = encodeURIComponent('scheduled__2026-10-22T02:00:00+00:00');
    const path = `dags/fraud_detection_training/dagRuns/${run}/taskInstances/train_model/logs/2`;
    const v2 = await request(sandbox.app)
      .get(`/airflow/api/v2/${path}`)
      .set(auth)
      .expect(200);
    expect(
      v2.body.content.some((l: any) => /exited with code 1/.test(l.event)),
    ).toBe(true);
    const v1 = await request(sandbox.app)
      .get(`/airflow2/api/v1/${path}`)
      .set(AIRFLOW2_AUTH)
      .expect(200);
    expect(v1.headers['content-type']).toMatch(/^text\/plain/);
    expect(v1.text).toMatch(/Marking task as FAILED/);
    await request(sandbox.app)
      .get(`/airflow/api/v2/${path.replace(/2$/, '3')}`)
      .set(auth)
      .expect(404);
  });

  it('runs a triggered run to success as it is polled', async () => {
    const created = await request(sandbox.app)
      .post('/airflow/api/v2/dags/fraud_detection_training/dagRuns')
      .set(auth)
      .send({ logical_date: null })
      .expect(200);
    const path = `/airflow/api/v2/dags/fraud_detection_training/dagRuns/${encodeURIComponent(
      created.body.dag_run_id,
    )}`;
    const states: string[] = [];
    for (let i = 0; i < 5; i++) {
      states.push((await request(sandbox.app).get(path).set(auth)).body.state);
    }
    expect(states).toEqual([
      'queued',
      'running',
      'running',
      'success',
      'success',
    ]);
    const done = await request(sandbox.app).get(path).set(auth);
    expect(Date.parse(done.body.end_date)).toBeGreaterThan(
      Date.parse(done.body.start_date),
    );
  });

  it('clears the failed tasks of a run (dry run changes nothing) in both API versions', async () => {
    const failed = (
      await request(sandbox.app)
        .get('/airflow/api/v2/dags/fraud_detection_training/dagRuns')
        .query({ state: 'failed' })
        .set(auth)
    ).body.dag_runs[0];
    const runId = failed.dag_run_id;
    const tisPath = `/airflow/api/v2/dags/fraud_detection_training/dagRuns/${encodeURIComponent(
      runId,
    )}/taskInstances`;
    const before = (await request(sandbox.app).get(tisPath).set(auth)).body;

    const dry = await request(sandbox.app)
      .post('/airflow2/api/v1/dags/fraud_detection_training/clearTaskInstances')
      .set(AIRFLOW2_AUTH)
      .send({ dag_run_id: runId, only_failed: true })
      .expect(200);
    expect(dry.body.task_instances.map((t: any) => t.task_id)).toEqual([
      'train_model',
      'evaluate_model',
      'register_model',
    ]);
    expect((await request(sandbox.app).get(tisPath).set(auth)).body).toEqual(
      before,
    );

    const bad = await request(sandbox.app)
      .post('/airflow/api/v2/dags/fraud_detection_training/clearTaskInstances')
      .set(auth)
      .send({ dag_run_id: runId, dry_run: 'no' });
    expect(bad.status).toBe(422);

    const cleared = await request(sandbox.app)
      .post('/airflow/api/v2/dags/fraud_detection_training/clearTaskInstances')
      .set(auth)
      .send({ dag_run_id: runId, only_failed: true, dry_run: false })
      .expect(200);
    expect(cleared.body.total_entries).toBe(3);
    const runPath = `/airflow/api/v2/dags/fraud_detection_training/dagRuns/${encodeURIComponent(
      runId,
    )}`;
    const states: string[] = [];
    for (let i = 0; i < 4; i++) {
      states.push(
        (await request(sandbox.app).get(runPath).set(auth)).body.state,
      );
    }
    expect(states).toEqual(['queued', 'running', 'running', 'success']);
    const after = (await request(sandbox.app).get(tisPath).set(auth)).body
      .task_instances;
    const train = after.find((t: any) => t.task_id === 'train_model');
    const trainBefore = before.task_instances.find(
      (t: any) => t.task_id === 'train_model',
    );
    expect(train).toMatchObject({ state: 'success' });
    expect(train.try_number).toBe(trainBefore.try_number + 1);
    const oldTry = await request(sandbox.app)
      .get(`${tisPath}/train_model/logs/${trainBefore.try_number}`)
      .set(auth)
      .expect(200);
    expect(JSON.stringify(oldTry.body)).toContain('cleared');
  });
});

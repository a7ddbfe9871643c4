import request from 'supertest';
import { KFP_AUTH, testSandbox } from '../__testUtils__/sandbox';
import { KFP_OTHER_USER, KFP_PORTAL_USER, Sandbox, kfpIds } from '../index';
import { UPLOADED_SPEC, uploadRequest } from './__testUtils__/cases';

const K = '/kubeflow/apis/v2beta1';
const FRAUD = kfpIds.pipeline('fraud-detection-training');
const FRAUD_EXPERIMENT = kfpIds.experiment('fraud-detection');

describe('multi-user Kubeflow Pipelines', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = testSandbox();
  });

  const as = (user: string, path: string) =>
    request(sandbox.app)
      .get(`${K}${path}`)
      .set(KFP_AUTH)
      .set('kubeflow-userid', user);

  it('shows a namespace only to the users of its profile', async () => {
    const mine = await as(
      KFP_PORTAL_USER,
      '/pipelines?namespace=kubeflow',
    ).expect(200);
    expect(mine.body.total_size).toBe(2);
    const denied = await as(KFP_OTHER_USER, '/pipelines?namespace=kubeflow');
    expect(denied.status).toBe(403);
    expect(denied.body.message).toContain(`User '${KFP_OTHER_USER}'`);
    await as(KFP_OTHER_USER, `/pipelines/${FRAUD}`).expect(403);
    await as(KFP_OTHER_USER, `/experiments/${FRAUD_EXPERIMENT}`).expect(403);
    const empty = await as(
      KFP_OTHER_USER,
      '/experiments?namespace=team-sandbox',
    ).expect(200);
    expect(empty.body).toEqual({});
  });

  it('lists shared pipelines without a namespace, and needs one for experiments and runs', async () => {
    expect((await as(KFP_PORTAL_USER, '/pipelines').expect(200)).body).toEqual(
      {},
    );
    await as(KFP_PORTAL_USER, '/experiments').expect(400);
    await as(KFP_PORTAL_USER, '/runs').expect(400);
    await as(KFP_PORTAL_USER, '/recurringruns').expect(400);
    const runs = await as(
      KFP_PORTAL_USER,
      `/runs?experiment_id=${FRAUD_EXPERIMENT}&namespace=kubeflow`,
    ).expect(200);
    expect(runs.body.total_size).toBe(10);
    const mismatch = await as(
      KFP_PORTAL_USER,
      `/runs?experiment_id=${FRAUD_EXPERIMENT}&namespace=team-sandbox`,
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.message).toMatch(/Mismatched experiment ID/);
    await as(
      KFP_PORTAL_USER,
      '/pipelines/names/fraud-detection-training?namespace=kubeflow',
    ).expect(200);
    await as(
      KFP_PORTAL_USER,
      '/pipelines/names/fraud-detection-training',
    ).expect(404);
  });

  it('uploads into the namespace asked for, only where the user may', async () => {
    const { headers, body } = uploadRequest('p.yaml', UPLOADED_SPEC);
    const post = (user: string, query: string) =>
      request(sandbox.app)
        .post(`${K}/pipelines/upload?${query}`)
        .set(KFP_AUTH)
        .set('kubeflow-userid', user)
        .set(headers)
        .send(body);
    const created = await post(
      KFP_OTHER_USER,
      'name=mine&namespace=team-sandbox',
    ).expect(200);
    expect(created.body.namespace).toBe('team-sandbox');
    const refused = await post(KFP_OTHER_USER, 'name=x&namespace=kubeflow');
    expect(refused.status).toBe(400);
    expect(refused.body.error_message).toMatch(/authorization error/);
    const shared = await post(KFP_OTHER_USER, 'name=shared').expect(200);
    expect(shared.body.namespace).toBeUndefined();
  });

  it('refuses switching another profile’s recurring run', async () => {
    const id = kfpIds.recurringRun('fraud-detection-nightly');
    await request(sandbox.app)
      .post(`${K}/recurringruns/${id}:disable`)
      .set(KFP_AUTH)
      .set('kubeflow-userid', KFP_OTHER_USER)
      .expect(403);
    expect(sandbox.state.kubeflow.recurringRunById.get(id)!.status).toBe(
      'ENABLED',
    );
  });

  it('requires the header on a multi-user sandbox, and says it is one', async () => {
    const strict = testSandbox({
      kubeflow: { multiUser: true, userIdHeader: 'X-Goog-Authenticated-User' },
    });
    const health = await request(strict.app).get(`${K}/healthz`).expect(200);
    expect(health.body.multi_user).toBe(true);
    const anonymous = await request(strict.app)
      .get(`${K}/pipelines/${FRAUD}`)
      .set(KFP_AUTH);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.message).toMatch(/no user identity header/);
    await request(strict.app)
      .get(`${K}/pipelines/${FRAUD}`)
      .set(KFP_AUTH)
      .set('x-goog-authenticated-user', KFP_PORTAL_USER)
      .expect(200);
  });
});

import { NotAllowedError } from '@backstage/errors';
import { KFP_OTHER_USER, KFP_PORTAL_USER, kfpIds } from '@mlops-portal/sandbox';
import { CHURN_PIPELINE_YAML } from './__testUtils__/pipelineFiles';
import { useSandboxKubeflow } from './testUtils';

const FRAUD_EXPERIMENT = kfpIds.experiment('fraud-detection');

/** Every request the clients send: its path, its query and its user-id header. */
const sent: Array<{
  path: string;
  query: URLSearchParams;
  user: string | null;
}> = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  sent.push({
    path: url.pathname.replace(/^\/kubeflow\/apis\/v2beta1/, ''),
    query: url.searchParams,
    user: new Headers(init?.headers).get('kubeflow-userid'),
  });
  return fetch(input, init);
};

describe('KubeflowClient on multi-user Kubeflow (the sandbox)', () => {
  const kfp = useSandboxKubeflow(
    [
      {
        name: 'portal',
        multiUser: { userId: KFP_PORTAL_USER, namespace: 'kubeflow' },
      },
      {
        name: 'outsider',
        multiUser: { userId: KFP_OTHER_USER, namespace: 'kubeflow' },
      },
      {
        name: 'team',
        multiUser: { userId: KFP_OTHER_USER, namespace: 'team-sandbox' },
        defaultExperiment: 'Default',
      },
    ],
    { fetch: recordingFetch },
  );
  beforeEach(() => {
    sent.length = 0;
  });

  it('sends the user-id header everywhere and the namespace to every call that takes one', async () => {
    const api = kfp.createClients().forInstance('portal');
    expect((await api.listPipelines()).totalSize).toBe(2);
    expect((await api.listExperiments()).totalSize).toBe(3);
    expect((await api.listRuns()).totalSize).toBe(14);
    expect(
      (await api.listRuns({ experimentId: FRAUD_EXPERIMENT })).totalSize,
    ).toBe(10);
    expect((await api.listRecurringRuns()).items).toHaveLength(2);
    await api.getPipelineByName('fraud-detection-training');
    await api.getExperiment(FRAUD_EXPERIMENT);

    expect(sent.every(request => request.user === KFP_PORTAL_USER)).toBe(true);
    const namespaces = sent.map(r => [r.path, r.query.get('namespace')]);
    expect(namespaces).toEqual([
      ['/pipelines', 'kubeflow'],
      ['/experiments', 'kubeflow'],
      ['/runs', 'kubeflow'],
      ['/runs', 'kubeflow'],
      ['/recurringruns', 'kubeflow'],
      ['/pipelines/names/fraud-detection-training', 'kubeflow'],
      [`/experiments/${FRAUD_EXPERIMENT}`, null],
    ]);
  });

  it('is refused another profile’s namespace, as KFP refuses it', async () => {
    const api = kfp.createClients().forInstance('outsider');
    const refused = await api.listPipelines().catch(e => e);
    expect(refused).toBeInstanceOf(NotAllowedError);
    expect(refused.message).toMatch(
      /GET \/apis\/v2beta1\/pipelines failed with 403 Forbidden: PERMISSION_DENIED: .*User 'outsider@example.com' is not authorized/,
    );
    await expect(
      api.getPipeline(kfpIds.pipeline('fraud-detection-training')),
    ).rejects.toThrow(NotAllowedError);
  });

  it('works in its own profile: an empty one, where it uploads', async () => {
    const api = kfp.createClients().forInstance('team');
    await expect(api.listExperiments()).resolves.toEqual({ items: [] });
    await expect(api.listRuns()).resolves.toEqual({ items: [] });
    const pipeline = await api.uploadPipeline({
      displayName: 'team-churn',
      content: CHURN_PIPELINE_YAML,
      fileName: 'churn.yaml',
    });
    expect(pipeline.namespace).toBe('team-sandbox');
    expect((await api.listPipelines()).items.map(p => p.displayName)).toEqual([
      'team-churn',
    ]);
    const upload = sent.find(r => r.path === '/pipelines/upload')!;
    expect(upload.query.get('namespace')).toBe('team-sandbox');
    expect(upload.user).toBe(KFP_OTHER_USER);
  });
});

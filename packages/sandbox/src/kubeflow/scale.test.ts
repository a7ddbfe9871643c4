import request from 'supertest';
import { KFP_AUTH } from '../__testUtils__/sandbox';
import { createSandbox, kfpIds, resolveOptions } from '../index';

const K = '/kubeflow/apis/v2beta1';

describe('synthetic Kubeflow Pipelines', () => {
  it('serves 2,000 pipelines with 10,000 versions, deterministically', async () => {
    const scale = { pipelines: 2000, versionsPerPipeline: 5, runs: 100 };
    const sandbox = createSandbox({ scale });
    const versionCount = [...sandbox.state.kubeflow.versionsByPipeline.values()]
      .map(versions => versions.length)
      .reduce((sum, n) => sum + n, 0);
    expect(versionCount).toBe(10_000 + 5); // plus the story's five
    const pipeline = kfpIds.pipeline('synthetic-pipeline-01999');
    const page = await request(sandbox.app)
      .get(`${K}/pipelines/${pipeline}/versions`)
      .query({ sort_by: 'created_at desc' })
      .set(KFP_AUTH)
      .expect(200);
    expect(page.body.total_size).toBe(5);
    expect(
      page.body.pipeline_versions.map((v: any) => v.pipeline_version_id),
    ).toEqual(
      ['v5', 'v4', 'v3', 'v2', 'v1'].map(v =>
        kfpIds.version('synthetic-pipeline-01999', v),
      ),
    );
    const again = createSandbox({ scale });
    const body = async (s: typeof sandbox) =>
      (
        await request(s.app)
          .get(`${K}/pipelines`)
          .query({
            page_size: 200,
            page_token: Buffer.from('{"offset":1800}').toString('base64'),
          })
          .set(KFP_AUTH)
      ).text;
    expect(await body(again)).toBe(await body(sandbox));
    // Runs are of their pipeline's latest version.
    const run = sandbox.state.kubeflow.runs.at(-1)!;
    expect(run.pipeline_version_reference).toEqual({
      pipeline_id: kfpIds.pipeline('synthetic-pipeline-00100'),
      pipeline_version_id: kfpIds.version('synthetic-pipeline-00100', 'v5'),
    });
  });

  it('has one version per pipeline unless told, and refuses none', () => {
    expect(resolveOptions({ scale: { pipelines: 3 } }).scale).toMatchObject({
      pipelines: 3,
      versionsPerPipeline: 1,
    });
    expect(() =>
      resolveOptions({ scale: { pipelines: 3, versionsPerPipeline: 0 } }),
    ).toThrow('a pipeline has at least one version');
  });
});

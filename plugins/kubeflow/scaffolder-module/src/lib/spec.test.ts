import { checkPipelineSpec } from './spec';

const compiled = `# PIPELINE DEFINITION
# Name: churn-model-training
components:
  comp-train:
    executorLabel: exec-train
pipelineInfo:
  name: churn-model-training
root:
  dag:
    tasks:
      train:
        componentRef:
          name: comp-train
        taskInfo:
          name: train
schemaVersion: 2.1.0
sdkVersion: kfp-2.13.0
---
platforms:
  kubernetes: {}
`;

describe('checkPipelineSpec', () => {
  it('takes what the KFP compiler writes, platform spec and all, and names its version by content', () => {
    const spec = checkPipelineSpec(compiled, 'pipeline.yaml');
    expect(spec.pipelineName).toBe('churn-model-training');
    expect(spec.content).toBe(compiled);
    expect(spec.contentVersionName).toMatch(/^sha256-[0-9a-f]{12}$/);
    expect(checkPipelineSpec(compiled, 'x').contentVersionName).toBe(
      spec.contentVersionName,
    );
    expect(
      checkPipelineSpec(`${compiled}\n# changed\n`, 'x').contentVersionName,
    ).not.toBe(spec.contentVersionName);
  });

  it('takes the JSON form too', () => {
    expect(
      checkPipelineSpec(
        JSON.stringify({ pipelineInfo: { name: 'p' }, root: { dag: {} } }),
        'p.json',
      ).pipelineName,
    ).toBe('p');
  });

  it.each([
    ['not YAML', 'a: [1, 2', /is not YAML or JSON/],
    ['a list', '- 1\n- 2', /has no pipelineInfo\.name/],
    [
      'a v1 Argo workflow',
      'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n',
      /has no pipelineInfo\.name/,
    ],
    ['a spec without its graph', 'pipelineInfo:\n  name: p\n', /has no root/],
    ['an empty file', '', /has no pipelineInfo\.name/],
  ])('refuses %s with an InputError naming the file', (_, content, why) => {
    expect(() =>
      checkPipelineSpec(content, "specPath 'pipeline.yaml'"),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(why),
      }),
    );
    expect(() =>
      checkPipelineSpec(content, "specPath 'pipeline.yaml'"),
    ).toThrow(/specPath 'pipeline\.yaml'/);
  });
});

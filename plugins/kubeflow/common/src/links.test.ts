import { kubeflowUiLinks } from './links';

describe('kubeflowUiLinks', () => {
  const ui = 'https://kubeflow.example.com/pipeline/';

  it('links into the KFP UI hash routes, without a doubled slash', () => {
    expect(kubeflowUiLinks.pipeline(ui, 'p-1')).toBe(
      'https://kubeflow.example.com/pipeline/#/pipelines/details/p-1',
    );
    expect(kubeflowUiLinks.pipeline(ui, 'p-1', 'v-2')).toBe(
      'https://kubeflow.example.com/pipeline/#/pipelines/details/p-1/version/v-2',
    );
    expect(kubeflowUiLinks.run(ui, 'r-1')).toBe(
      'https://kubeflow.example.com/pipeline/#/runs/details/r-1',
    );
    expect(kubeflowUiLinks.recurringRun(ui, 'rr-1')).toBe(
      'https://kubeflow.example.com/pipeline/#/recurringrun/details/rr-1',
    );
    expect(kubeflowUiLinks.experiment('https://kfp.example.com', 'e 1')).toBe(
      'https://kfp.example.com/#/experiments/details/e%201',
    );
  });
});

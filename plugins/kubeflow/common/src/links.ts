/**
 * Links into the Kubeflow Pipelines UI (its hash routes), from the instance's `uiUrl`.
 *
 * @public
 */
export const kubeflowUiLinks = {
  /** A pipeline; one version of it when given. */
  pipeline: (uiUrl: string, pipelineId: string, pipelineVersionId?: string) =>
    `${root(uiUrl)}/#/pipelines/details/${encodeURIComponent(pipelineId)}${
      pipelineVersionId
        ? `/version/${encodeURIComponent(pipelineVersionId)}`
        : ''
    }`,
  /** One run, with its graph. */
  run: (uiUrl: string, runId: string) =>
    `${root(uiUrl)}/#/runs/details/${encodeURIComponent(runId)}`,
  /** One recurring run. */
  recurringRun: (uiUrl: string, recurringRunId: string) =>
    `${root(uiUrl)}/#/recurringrun/details/${encodeURIComponent(
      recurringRunId,
    )}`,
  /** One experiment, with its runs. */
  experiment: (uiUrl: string, experimentId: string) =>
    `${root(uiUrl)}/#/experiments/details/${encodeURIComponent(experimentId)}`,
};

function root(uiUrl: string): string {
  return uiUrl.endsWith('/') ? uiUrl.replace(/\/+$/, '') : uiUrl;
}

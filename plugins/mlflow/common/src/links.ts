/**
 * Links into the MLflow UI (its hash router), from the instance's `uiUrl`.
 *
 * @public
 */
export const mlflowUiLinks = {
  /** An experiment's runs. */
  experiment: (uiUrl: string, experimentId: string) =>
    `${trimSlash(uiUrl)}/#/experiments/${encodeURIComponent(experimentId)}`,
  /** One run. */
  run: (uiUrl: string, experimentId: string, runId: string) =>
    `${trimSlash(uiUrl)}/#/experiments/${encodeURIComponent(
      experimentId,
    )}/runs/${encodeURIComponent(runId)}`,
  /** A registered model. */
  model: (uiUrl: string, name: string) =>
    `${trimSlash(uiUrl)}/#/models/${encodeURIComponent(name)}`,
  /** One version of a registered model. */
  modelVersion: (uiUrl: string, name: string, version: string) =>
    `${trimSlash(uiUrl)}/#/models/${encodeURIComponent(
      name,
    )}/versions/${encodeURIComponent(version)}`,
};

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

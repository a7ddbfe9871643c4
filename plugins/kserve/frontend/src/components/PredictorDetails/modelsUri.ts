/** A registered model named by an MLflow `models:/` URI. */
export interface ModelsUri {
  /** The registered model's name. */
  name: string;
  /** `5` in `models:/fraud-detector/5`, or a stage such as `Production`. */
  version?: string;
  /** `champion` in `models:/fraud-detector@champion`. */
  alias?: string;
}

const PREFIX = 'models:/';

/**
 * Reads an MLflow model URI as MLflow does: `models:/<name>/<version or stage>` or
 * `models:/<name>@<alias>`, the last `/` or `@` separating the name (which may itself hold
 * either); anything else (`s3://…`, `gs://…`, `models:/` alone) is undefined.
 */
export function parseModelsUri(uri: string | undefined): ModelsUri | undefined {
  if (!uri?.startsWith(PREFIX)) {
    return undefined;
  }
  const rest = uri.slice(PREFIX.length).replace(/^\/+/, '');
  const at = rest.lastIndexOf('@');
  if (at > 0 && !rest.slice(at + 1).includes('/')) {
    const alias = rest.slice(at + 1);
    return alias ? { name: rest.slice(0, at), alias } : undefined;
  }
  const slash = rest.lastIndexOf('/');
  if (slash > 0) {
    const version = rest.slice(slash + 1);
    return version ? { name: rest.slice(0, slash), version } : undefined;
  }
  return undefined;
}

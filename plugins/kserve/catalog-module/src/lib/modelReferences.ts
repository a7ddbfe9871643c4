import {
  ANNOTATION_MLFLOW_INSTANCE,
  ANNOTATION_MLFLOW_REGISTERED_MODEL,
} from '@mlops-portal/plugin-mlflow-common';

/**
 * A registered model version a `models:/` URI names: `models:/<name>/<version>`,
 * `models:/<name>/latest` (or a stage), or `models:/<name>@<alias>`.
 *
 * @internal
 */
export interface ModelsUri {
  /** The registered model's name. */
  model: string;
  /** The version number, `latest` or a stage, when the URI names one. */
  version?: string;
  /** The alias, for `@<alias>`. */
  alias?: string;
}

const MODELS_SCHEME = 'models:/';

/**
 * Reads a `models:/` URI; `undefined` for anything else, and for MLflow 3's
 * `models:/<model id>`, which names a logged model rather than a registered one.
 *
 * @internal
 */
export function parseModelsUri(uri: string): ModelsUri | undefined {
  if (!uri.startsWith(MODELS_SCHEME)) {
    return undefined;
  }
  const rest = uri.slice(MODELS_SCHEME.length);
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const model = rest.slice(0, at);
    const alias = rest.slice(at + 1);
    return isSegment(model) && isSegment(alias) ? { model, alias } : undefined;
  }
  const parts = rest.split('/');
  if (parts.length === 2 && parts.every(isSegment)) {
    return { model: parts[0], version: parts[1] };
  }
  return undefined;
}

function isSegment(value: string): boolean {
  return value.trim() !== '' && !value.includes('/');
}

/**
 * An artifact location as model versions and storageUris are compared: trimmed, without
 * trailing slashes (`s3://models/fraud/` and `s3://models/fraud` are the same directory).
 *
 * @internal
 */
export function normalizeArtifactSource(uri: string): string {
  const trimmed = uri.trim();
  // Scanned rather than a regular expression: a relist normalizes one per InferenceService.
  let end = trimmed.length;
  while (end > 0 && trimmed.charCodeAt(end - 1) === 0x2f) end--;
  return end === trimmed.length ? trimmed : trimmed.slice(0, end);
}

/**
 * How an InferenceService names the registered model it serves.
 *
 * @internal
 */
export interface RegisteredModelReference {
  /** The MLflow instance (`mlflow.org/instance`); `undefined` means the default one. */
  instance?: string;
  /**
   * The model's name, when the annotation or a `models:/` storageUri gives it; otherwise the
   * model is the one whose version's artifact source is `artifactSource`.
   */
  model?: string;
  /** The storageUri to look up among the model versions' sources. */
  artifactSource?: string;
}

/**
 * The registered model an InferenceService serves, by the first of: its annotation
 * `mlflow.org/registered-model`, a `models:/` storageUri, or (to be looked up) its storageUri
 * as a model version's artifact source; `undefined` when it names none.
 *
 * @internal
 */
export function registeredModelReference(
  annotations: Readonly<Record<string, string>>,
  storageUri: string | undefined,
): RegisteredModelReference | undefined {
  const instance = annotations[ANNOTATION_MLFLOW_INSTANCE]?.trim() || undefined;
  const annotated = annotations[ANNOTATION_MLFLOW_REGISTERED_MODEL]?.trim();
  if (annotated) {
    return { instance, model: annotated };
  }
  const uri = storageUri?.trim();
  if (!uri) {
    return undefined;
  }
  const parsed = parseModelsUri(uri);
  if (parsed) {
    return { instance, model: parsed.model };
  }
  if (uri.startsWith(MODELS_SCHEME)) {
    // A logged model (MLflow 3) or a URI MLflow would not read: no registered model.
    return undefined;
  }
  return { instance, artifactSource: normalizeArtifactSource(uri) };
}

import { InputError } from '@backstage/errors';
import { containsControlCharacters } from '@mlops-portal/plugin-mlflow-node';
import { optionalText } from '@mlops-portal/plugin-mlops-node';

/**
 * Checks an experiment artifact location: a URI or path, not a `runs:/` URI (MLflow refuses those).
 *
 * @internal
 */
export function validateArtifactLocation(value: unknown): string | undefined {
  const location = optionalText('artifactLocation', value);
  if (location === undefined) {
    return undefined;
  }
  if (location !== location.trim() || containsControlCharacters(location)) {
    throw new InputError(
      `artifactLocation ${JSON.stringify(
        location,
      )} must not contain surrounding whitespace or control characters`,
    );
  }
  if (location.startsWith('runs:')) {
    throw new InputError(
      `artifactLocation '${location}' must not be a runs:/ URI; give a storage location such as s3://bucket/path`,
    );
  }
  return location;
}

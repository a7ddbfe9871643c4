import { InputError } from '@backstage/errors';
import type { KubeflowPipelinePackage } from '../KubeflowApi';

/*
 * Checks of what callers pass in, before anything is sent: an InputError naming the argument.
 */

/** An id or name that goes into a path or a query: a non-blank string. */
export function requireId(value: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`${what} must not be empty`);
  }
  return value;
}

/** A name or description the caller may leave out; blank is left out. */
export function optionalText(
  value: string | undefined,
  what: string,
): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new InputError(`${what} must be a string`);
  }
  return value.trim() === '' ? undefined : value;
}

/** A run's parameters: a JSON object (a `null` value is left out, as KFP reads it). */
export function checkRunParameters(
  parameters: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (parameters === undefined || parameters === null) {
    return {};
  }
  if (typeof parameters !== 'object' || Array.isArray(parameters)) {
    throw new InputError(
      `parameters must be an object of parameter names and values, got ${
        Array.isArray(parameters) ? 'a list' : typeof parameters
      }`,
    );
  }
  return Object.fromEntries(
    Object.entries(parameters).filter(
      ([, value]) => value !== null && value !== undefined,
    ),
  );
}

/** KFP's largest pipeline file (`common.MaxFileLength`). */
export const MAX_PIPELINE_FILE_BYTES = 32 * 1024 * 1024;

/** The file types KFP reads as text; archives (`.tar.gz`, `.zip`) are not uploaded as text. */
const PIPELINE_FILE_TYPES: Record<string, string> = {
  '.yaml': 'application/x-yaml',
  '.yml': 'application/x-yaml',
  '.json': 'application/json',
};

/**
 * The multipart form of an upload: the spec as the `uploadfile` part, under its file name (KFP
 * tells YAML from an archive by the name's extension).
 */
export function pipelineFileForm(pipelinePackage: KubeflowPipelinePackage) {
  const { content, fileName } = pipelinePackage;
  if (typeof content !== 'string' || content.trim() === '') {
    throw new InputError(
      'content must be the compiled pipeline spec, not empty',
    );
  }
  if (Buffer.byteLength(content, 'utf8') > MAX_PIPELINE_FILE_BYTES) {
    throw new InputError(
      `content is larger than the ${
        MAX_PIPELINE_FILE_BYTES / 1024 / 1024
      } MiB Kubeflow Pipelines accepts`,
    );
  }
  const name = requireId(fileName, 'fileName');
  const extension = Object.keys(PIPELINE_FILE_TYPES).find(ext =>
    name.toLowerCase().endsWith(ext),
  );
  if (!extension || /[\\/]/.test(name)) {
    throw new InputError(
      `fileName must be a file name ending in ${Object.keys(
        PIPELINE_FILE_TYPES,
      ).join(', ')}, got ${JSON.stringify(fileName)}`,
    );
  }
  const form = new FormData();
  form.append(
    'uploadfile',
    new Blob([content], { type: PIPELINE_FILE_TYPES[extension] }),
    name,
  );
  return form;
}

import { uploadError } from './errors';
import { parseYamlDocuments } from './yaml';

/** KFP's largest pipeline file (`common.MaxFileLength`). */
export const MAX_PIPELINE_FILE_BYTES = 32 * 1024 * 1024;

const TEXT_FILE = /\.(ya?ml|json)$/i;

/**
 * The name KFP gives an uploaded pipeline or version (`buildPipelineName`): the `name` asked
 * for, else the display name, else the file name without its extension.
 */
export function uploadedName(
  name: string | undefined,
  displayName: string | undefined,
  fileName: string,
): string {
  return name || displayName || fileName.replace(/\.[^.]*$/, '');
}

/**
 * Reads an uploaded pipeline file as KFP does (`ReadPipelineFile`, then the template): YAML or
 * JSON, a PipelineSpec (with its platform spec as a second document, handed out as
 * `{ pipeline_spec, platform_spec }`) or a v1 Argo Workflow. Archives are not emulated.
 */
export function readPipelineFile(
  fileName: string,
  content: string,
  failure: string,
): Record<string, unknown> {
  if (!TEXT_FILE.test(fileName)) {
    throw uploadError(
      400,
      `${failure}: Failed to read a pipeline spec file: Invalid input error: Unexpected ` +
        'pipeline file format. Support .zip, .tar.gz, .json or YAML.',
    );
  }
  if (Buffer.byteLength(content, 'utf8') > MAX_PIPELINE_FILE_BYTES) {
    throw uploadError(
      400,
      `${failure}: Failed to read a pipeline spec file: Invalid input error: File size too ` +
        `large. Maximum supported size: ${MAX_PIPELINE_FILE_BYTES}`,
    );
  }
  const invalid = (problem: string) =>
    uploadError(
      500,
      `${failure}: Invalid input error: Failed to parse the pipeline spec: ${problem}`,
    );
  let documents: unknown[];
  try {
    documents = parseYamlDocuments(content);
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
  const [spec, platform] = documents;
  if (!isObject(spec)) {
    throw invalid('the file holds no pipeline spec object');
  }
  if (spec.kind === 'Workflow') {
    return spec;
  }
  const info = spec.pipelineInfo;
  if (!isObject(info) || typeof info.name !== 'string' || !info.name) {
    throw invalid('pipelineInfo.name is missing');
  }
  if (!isObject(spec.root)) {
    throw invalid('root is missing');
  }
  if (documents.length > 2 || (platform !== undefined && !isObject(platform))) {
    throw invalid('expected the pipeline spec and at most one platform spec');
  }
  return platform === undefined
    ? spec
    : { pipeline_spec: spec, platform_spec: platform };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

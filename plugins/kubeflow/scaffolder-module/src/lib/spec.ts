import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import yaml from 'yaml';

/** The largest pipeline spec the upload action sends; KFP's own limit is 32 MiB. */
export const MAX_PIPELINE_SPEC_BYTES = 32 * 1024 * 1024;

/**
 * A compiled KFP v2 pipeline spec, checked enough that KFP will take it: a YAML or JSON object
 * with `pipelineInfo.name` and a `root` (what `kfp.compiler` writes).
 *
 * @internal
 */
export interface CheckedPipelineSpec {
  /** The spec's text, as it is uploaded. */
  content: string;
  /** `pipelineInfo.name`. */
  pipelineName: string;
  /** A version name that follows from the content: the same spec uploaded twice is one version. */
  contentVersionName: string;
}

/**
 * Checks a compiled pipeline spec before it is uploaded; an `InputError` saying what is wrong
 * (`where` names the file) when it is not one.
 *
 * @internal
 */
export function checkPipelineSpec(
  content: string,
  where: string,
): CheckedPipelineSpec {
  if (Buffer.byteLength(content) > MAX_PIPELINE_SPEC_BYTES) {
    throw new InputError(
      `${where} is larger than ${MAX_PIPELINE_SPEC_BYTES / 1024 / 1024} MiB`,
    );
  }
  // The SDK writes one YAML document; a platform spec may follow as a second one.
  const [document] = yaml.parseAllDocuments(content);
  const problem = document?.errors[0];
  if (problem) {
    throw new InputError(`${where} is not YAML or JSON: ${problem.message}`);
  }
  const spec: unknown = document?.toJS();
  const object = (value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  const root = object(spec);
  const pipelineName = object(root?.pipelineInfo)?.name;
  if (!root || typeof pipelineName !== 'string' || pipelineName === '') {
    throw new InputError(
      `${where} is not a compiled KFP pipeline spec: it has no pipelineInfo.name ` +
        '(compile the pipeline with kfp.compiler.Compiler().compile)',
    );
  }
  if (!object(root.root)) {
    throw new InputError(
      `${where} is not a compiled KFP pipeline spec: it has no root (the pipeline's graph)`,
    );
  }
  const digest = createHash('sha256').update(content).digest('hex');
  return {
    content,
    pipelineName,
    contentVersionName: `sha256-${digest.slice(0, 12)}`,
  };
}

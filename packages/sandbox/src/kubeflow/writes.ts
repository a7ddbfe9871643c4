import type { Request } from 'express';
import { firstQuery } from '../http/query';
import { SystemRouter } from '../http/routes';
import { KFP_NAMES } from '../story/names';
import { denial, KubeflowAccess } from './access';
import { kfpError, uploadError } from './errors';
import { P } from './getters';
import { parseMultipart } from './multipart';
import { readPipelineFile, uploadedName } from './pipelineFile';
import { KubeflowState } from './state';

/** The `uploadfile` part of an upload, as KFP's `r.FormFile` reads it. */
function uploadedFile(req: Request, failure: string) {
  const parts = parseMultipart(
    req.headers['content-type'],
    typeof req.body === 'string' ? req.body : '',
  );
  const file = parts?.find(part => part.name === 'uploadfile');
  if (!file) {
    throw uploadError(
      400,
      `${failure}: http: ${
        parts
          ? 'no such file'
          : "request Content-Type isn't multipart/form-data"
      }`,
    );
  }
  return { fileName: file.fileName ?? '', content: file.content };
}

/** Runs, uploads and recurring-run switches: KFP's writes the portal makes. */
export function registerKubeflowWrites(
  r: SystemRouter,
  deps: { state: () => KubeflowState; access: KubeflowAccess },
): void {
  const { state, access } = deps;

  r.post(`${P}/runs`, req => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw kfpError(
        'INVALID_ARGUMENT',
        'Invalid input error: Run is empty. Please specify a valid run',
      );
    }
    const s = state();
    const displayName = body.display_name;
    if (typeof displayName !== 'string' || displayName.trim() === '') {
      throw kfpError(
        'INVALID_ARGUMENT',
        'Invalid input error: Run name is empty. Please specify a valid name',
      );
    }
    const experimentId = (body.experiment_id ??
      firstQuery(req, 'experiment_id')) as unknown;
    if (
      experimentId !== undefined &&
      (typeof experimentId !== 'string' ||
        (experimentId !== '' && !s.experimentById.has(experimentId)))
    ) {
      throw kfpError(
        'NOT_FOUND',
        `Failed to create a run: ResourceNotFoundError: Experiment ${String(
          experimentId,
        )} not found`,
      );
    }
    const experiment =
      typeof experimentId === 'string' && experimentId !== ''
        ? s.experimentById.get(experimentId)!
        : s.defaultExperiment();
    access.require(access.caller(req), experiment.namespace, 'create', 'runs');
    const ref = body.pipeline_version_reference as
      | { pipeline_id?: unknown; pipeline_version_id?: unknown }
      | undefined;
    if (
      !ref ||
      typeof ref.pipeline_id !== 'string' ||
      typeof ref.pipeline_version_id !== 'string'
    ) {
      throw kfpError(
        'INVALID_ARGUMENT',
        'Invalid input error: Failed to create a run due to missing pipeline version reference: pipeline_version_reference.pipeline_id and pipeline_version_id are required',
      );
    }
    const pipelineId = ref.pipeline_id;
    const versionId = ref.pipeline_version_id;
    if (
      !s.versionsByPipeline
        .get(pipelineId)
        ?.some(v => v.pipeline_version_id === versionId)
    ) {
      throw kfpError(
        'NOT_FOUND',
        `Failed to create a run: ResourceNotFoundError: PipelineVersion ${versionId} of pipeline ${pipelineId} not found`,
      );
    }
    const runtime = body.runtime_config as { parameters?: unknown } | undefined;
    if (
      runtime?.parameters !== undefined &&
      (typeof runtime.parameters !== 'object' ||
        runtime.parameters === null ||
        Array.isArray(runtime.parameters))
    ) {
      throw kfpError(
        'INVALID_ARGUMENT',
        'Invalid input error: runtime_config.parameters must be an object',
      );
    }
    const run = s.createRun({
      displayName,
      description:
        typeof body.description === 'string' ? body.description : undefined,
      experimentId: experiment.experiment_id,
      pipelineId,
      pipelineVersionId: versionId,
      parameters: runtime?.parameters as Record<string, unknown> | undefined,
      serviceAccount:
        typeof body.service_account === 'string'
          ? body.service_account
          : undefined,
    });
    return { json: run };
  });

  r.post(`${P}/pipelines/upload`, req => {
    const failure = 'Failed to create a pipeline and a pipeline version';
    const file = uploadedFile(req, 'Failed to read pipeline from file');
    const user = access.caller(req);
    // Single-user KFP puts every pipeline in its own namespace; multi-user in the one asked
    // for, none meaning a shared pipeline.
    const asked = firstQuery(req, 'namespace') || undefined;
    const namespace = user === undefined ? asked ?? KFP_NAMES.namespace : asked;
    if (user !== undefined && !access.allows(user, namespace)) {
      throw uploadError(
        400,
        `Failed to create a pipeline due to authorization error: Authorization Failure: ${denial(
          user,
          namespace,
          'create',
          'pipelines',
        )}`,
      );
    }
    const displayNameAsked = firstQuery(req, 'display_name') || undefined;
    const name = uploadedName(
      firstQuery(req, 'name') || undefined,
      displayNameAsked,
      file.fileName,
    );
    const spec = readPipelineFile(file.fileName, file.content, failure);
    if (state().pipelineInNamespace(name, namespace)) {
      throw uploadError(
        409,
        `${failure}. The pipeline already exists.: ${failure}: Already exist error: Failed to ` +
          `create a new pipeline. The name ${name} already exist. Please specify a new name`,
      );
    }
    const pipeline = state().createPipeline({
      name,
      displayName: displayNameAsked ?? name,
      description: firstQuery(req, 'description'),
      namespace,
      spec,
    });
    return { json: pipeline };
  });

  r.post(`${P}/pipelines/upload_version`, req => {
    const failure = 'Failed to create a pipeline version';
    const file = uploadedFile(
      req,
      `${failure} due to error parsing pipeline spec filename`,
    );
    const pipelineId = firstQuery(req, 'pipelineid');
    if (!pipelineId) {
      throw uploadError(400, `${failure} due to error reading pipeline id`);
    }
    const pipeline = state().pipelineById.get(pipelineId);
    if (!pipeline) {
      throw uploadError(
        400,
        `${failure} due to error reading namespace: Failed to fetch namespace from pipeline ` +
          `${pipelineId}: ResourceNotFoundError: Pipeline ${pipelineId} not found`,
      );
    }
    const user = access.caller(req);
    if (user !== undefined && !access.allows(user, pipeline.namespace)) {
      throw uploadError(
        400,
        `${failure} due to authorization error: Authorization Failure: ${denial(
          user,
          pipeline.namespace,
          'create',
          'pipelines',
        )}`,
      );
    }
    const displayNameAsked = firstQuery(req, 'display_name') || undefined;
    const name = uploadedName(
      firstQuery(req, 'name') || undefined,
      displayNameAsked,
      file.fileName,
    );
    const spec = readPipelineFile(file.fileName, file.content, failure);
    const versions = state().versionsByPipeline.get(pipeline.pipeline_id)!;
    if (versions.some(v => v.name === name)) {
      throw uploadError(
        409,
        `${failure}. The pipeline already exists.: ${failure}: Already exist error: Failed to ` +
          `create a new pipeline version as pipeline version name ${name} already exists ` +
          `within pipeline ${pipeline.pipeline_id}`,
      );
    }
    const version = state().createPipelineVersion(pipeline, {
      name,
      displayName: displayNameAsked ?? name,
      description: firstQuery(req, 'description'),
      spec,
    });
    return { json: version };
  });

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    r.post(`${P}/recurringruns/{recurring_run_id}:${verb}`, req => {
      const id = req.params.recurring_run_id;
      const run = state().recurringRunById.get(id);
      if (!run) {
        throw kfpError(
          'NOT_FOUND',
          `Failed to ${verb} a recurring run ${id}: ResourceNotFoundError: RecurringRun ${id} not found`,
        );
      }
      access.require(access.caller(req), run.namespace, verb, 'recurringruns');
      state().setRecurringRunEnabled(run, enabled);
      return { json: {} };
    });
  }
}

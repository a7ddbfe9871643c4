import { readFile } from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  kubeflowPipelineCreatePermission,
  kubeflowPipelineUploadPermission,
  kubeflowUiLinks,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  KubeflowApi,
  KubeflowPipeline,
  KubeflowPipelineVersion,
  kubeflowPipelineLocator,
} from '@mlops-portal/plugin-kubeflow-node';
import {
  createOrReuseWinner,
  optionalText,
  runWriteStep,
} from '@mlops-portal/plugin-mlops-node';
import { KubeflowScaffolderActionOptions } from '../lib/options';
import * as schema from '../lib/schema';
import { isNotFound, nameInput } from '../lib/resolve';
import { checkPipelineSpec } from '../lib/spec';
import { examples } from './kubeflowPipelineUpload.examples';

/**
 * The id of the pipeline upload action.
 *
 * @public
 */
export const KUBEFLOW_PIPELINE_UPLOAD_ACTION_ID = 'kubeflow:pipeline:upload';

type UploadOutcome = {
  pipelineId: string;
  pipelineVersionId: string;
  versionName: string;
  pipelineCreated: boolean;
  versionCreated: boolean;
};

async function findPipeline(
  client: KubeflowApi,
  name: string,
): Promise<KubeflowPipeline | undefined> {
  try {
    return await client.getPipelineByName(name);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function findVersion(
  client: KubeflowApi,
  pipelineId: string,
  versionName: string,
): Promise<KubeflowPipelineVersion | undefined> {
  const page = await client.listPipelineVersions(pipelineId, {
    filter: [{ key: 'display_name', operation: 'EQUALS', value: versionName }],
    pageSize: 1,
    cache: false,
  });
  return page.items[0];
}

/**
 * Creates the scaffolder action `kubeflow:pipeline:upload`: uploads a compiled pipeline spec from
 * the task's workspace as a new Kubeflow pipeline, or as a new version of the pipeline of that
 * name when it exists; a version of that name already there is left as it is.
 *
 * @remarks
 * A new pipeline needs `kubeflow.pipeline.create`; a new version of an existing one needs
 * `kubeflow.pipeline.upload` on the pipeline's ingested `kubeflow-pipeline` entity. Both are
 * audited; a dry run reads and authorizes but uploads nothing.
 *
 * @public
 */
export function createKubeflowPipelineUploadAction(
  options: KubeflowScaffolderActionOptions,
) {
  return createTemplateAction({
    id: KUBEFLOW_PIPELINE_UPLOAD_ACTION_ID,
    description:
      'Uploads a compiled Kubeflow pipeline spec as a new pipeline, or as a new version of the pipeline of that name',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          specPath: z
            .string()
            .min(1)
            .describe(
              'Path of the compiled pipeline spec (the YAML `kfp.compiler` writes) in the workspace, e.g. `pipeline/pipeline.yaml`',
            ),
          name: z
            .string()
            .optional()
            .describe(
              "The pipeline's name in Kubeflow; the spec's `pipelineInfo.name` when omitted",
            ),
          description: z
            .string()
            .optional()
            .describe('Description of a new pipeline'),
          versionName: z
            .string()
            .optional()
            .describe(
              "Name of the new version of an existing pipeline; by default `sha256-` and the start of the spec's hash, so uploading the same spec again adds nothing",
            ),
          versionDescription: z
            .string()
            .optional()
            .describe('Description of the new version'),
          instance: schema.instanceInput(z),
        }),
      output: z =>
        z.object({
          pipelineId: z.string().describe('Id of the pipeline'),
          pipelineVersionId: z
            .string()
            .describe('Id of the version uploaded (or found)'),
          pipelineName: z.string().describe('Name of the pipeline'),
          versionName: z.string().describe('Name of that version'),
          pipelineCreated: z
            .boolean()
            .describe('Whether this step created the pipeline'),
          versionCreated: z
            .boolean()
            .describe('Whether this step uploaded a new version'),
          url: z.string().describe('Link to the version in the Kubeflow UI'),
          instance: schema.instanceOutput(z),
        }),
    },
    async handler(ctx) {
      const specPath = ctx.input.specPath.trim();
      const file = resolveSafeChildPath(ctx.workspacePath, specPath);
      let content: string;
      try {
        content = await readFile(file, 'utf8');
      } catch (error) {
        throw new InputError(
          `specPath '${specPath}' cannot be read from the workspace: ${
            (error as Error).message
          }`,
        );
      }
      const spec = checkPipelineSpec(content, `specPath '${specPath}'`);
      const name = nameInput(ctx.input.name ?? spec.pipelineName, 'name');
      const versionName = nameInput(
        ctx.input.versionName ?? spec.contentVersionName,
        'versionName',
      );
      const description = optionalText('description', ctx.input.description);
      const versionDescription = optionalText(
        'versionDescription',
        ctx.input.versionDescription,
      );
      // Part of checking the input: an unknown instance is an InputError before any request.
      const client = options.clients.forInstance(
        optionalText('instance', ctx.input.instance),
      );
      const { instance } = client;
      const fileName = specPath.split('/').pop() || 'pipeline.yaml';
      const existing = await findPipeline(client, name);
      const subject = `Kubeflow pipeline '${name}' on instance '${instance.name}'`;
      let uploaded: UploadOutcome | undefined;

      const result = existing
        ? await runWriteStep<UploadOutcome>(ctx, options.pipeline, {
            checkpoint: `kubeflow.pipeline.upload.${instance.name}.${existing.pipelineId}.${versionName}`,
            current: async () => {
              const found = await findVersion(
                client,
                existing.pipelineId,
                versionName,
              );
              return found && outcomeOf(existing, found, false, false);
            },
            write: {
              eventId: 'kubeflow-pipeline-version-upload',
              instance: instance.name,
              authority: {
                kind: 'ingested-entity',
                permission: kubeflowPipelineUploadPermission,
                locator: kubeflowPipelineLocator(
                  options.clients.instances,
                  instance.name,
                  existing,
                ),
              },
              meta: {
                instance: instance.name,
                pipelineId: existing.pipelineId,
                pipelineName: name,
                versionName,
              },
              async change() {
                const version = await createOrReuseWinner(
                  () =>
                    client.uploadPipelineVersion({
                      pipelineId: existing.pipelineId,
                      displayName: versionName,
                      description: versionDescription,
                      content: spec.content,
                      fileName,
                    }),
                  () => findVersion(client, existing.pipelineId, versionName),
                );
                uploaded = outcomeOf(existing, version, false, true);
                return { before: null, after: version.pipelineVersionId };
              },
              reload: async () => uploaded!,
            },
            dryRunOutcome: dryRun(existing.pipelineId, versionName, false),
          })
        : await runWriteStep<UploadOutcome>(ctx, options.pipeline, {
            checkpoint: `kubeflow.pipeline.create.${instance.name}.${name}`,
            current: async () => {
              const found = await findPipeline(client, name);
              if (!found) return undefined;
              const latest = (
                await client.listPipelineVersions(found.pipelineId, {
                  pageSize: 1,
                  sortBy: 'created_at desc',
                  cache: false,
                })
              ).items[0];
              return latest && outcomeOf(found, latest, false, false);
            },
            write: {
              eventId: 'kubeflow-pipeline-create',
              instance: instance.name,
              authority: {
                kind: 'basic',
                permission: kubeflowPipelineCreatePermission,
                description: `upload ${subject}`,
              },
              meta: { instance: instance.name, pipelineName: name },
              async change() {
                const pipeline = await client.uploadPipeline({
                  displayName: name,
                  description,
                  content: spec.content,
                  fileName,
                });
                // The upload made the first version; it is the only one.
                const first = (
                  await client.listPipelineVersions(pipeline.pipelineId, {
                    pageSize: 1,
                    cache: false,
                  })
                ).items[0];
                if (!first) {
                  throw new Error(
                    `${subject} was uploaded, but Kubeflow lists no version of it`,
                  );
                }
                uploaded = outcomeOf(pipeline, first, true, true);
                return { before: null, after: pipeline.pipelineId };
              },
              reload: async () => uploaded!,
            },
            dryRunOutcome: dryRun('(new pipeline)', name, true),
          });
      const { outcome } = result;
      if (result.status === 'would-write') {
        ctx.logger.info(
          `Dry run: would upload ${
            existing ? `version '${versionName}' of ` : ''
          }${subject} (allowed: ${result.allowedBy})`,
        );
      } else if (result.status === 'unchanged') {
        ctx.logger.info(
          `${ctx.isDryRun ? 'Dry run: ' : ''}${subject} already has version '${
            outcome.versionName
          }'; nothing was uploaded`,
        );
      } else {
        ctx.logger.info(
          outcome.pipelineCreated
            ? `Uploaded ${subject} (id ${outcome.pipelineId})`
            : `Uploaded version '${outcome.versionName}' of ${subject}`,
        );
      }
      ctx.output('pipelineId', outcome.pipelineId);
      ctx.output('pipelineVersionId', outcome.pipelineVersionId);
      ctx.output('pipelineName', name);
      ctx.output('versionName', outcome.versionName);
      ctx.output('pipelineCreated', outcome.pipelineCreated);
      ctx.output('versionCreated', outcome.versionCreated);
      ctx.output(
        'url',
        kubeflowUiLinks.pipeline(
          instance.uiUrl,
          outcome.pipelineId,
          result.status === 'would-write'
            ? undefined
            : outcome.pipelineVersionId,
        ),
      );
      ctx.output('instance', instance.name);
    },
  });
}

function outcomeOf(
  pipeline: KubeflowPipeline,
  version: KubeflowPipelineVersion,
  pipelineCreated: boolean,
  versionCreated: boolean,
): UploadOutcome {
  return {
    pipelineId: pipeline.pipelineId,
    pipelineVersionId: version.pipelineVersionId,
    versionName: version.displayName,
    pipelineCreated,
    versionCreated,
  };
}

function dryRun(
  pipelineId: string,
  versionName: string,
  pipelineCreated: boolean,
): UploadOutcome {
  return {
    pipelineId,
    pipelineVersionId: '(new version)',
    versionName,
    pipelineCreated,
    versionCreated: true,
  };
}

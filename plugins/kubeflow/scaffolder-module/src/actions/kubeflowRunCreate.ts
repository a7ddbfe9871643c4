import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  kubeflowRunCreatePermission,
  kubeflowUiLinks,
  runParameterProblems,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  KubeflowApi,
  KubeflowRun,
  getExperimentByNameOrId,
  getPipelineByNameOrId,
  kubeflowPipelineLocator,
} from '@mlops-portal/plugin-kubeflow-node';
import { optionalText, runWriteStep } from '@mlops-portal/plugin-mlops-node';
import { KubeflowScaffolderActionOptions } from '../lib/options';
import { nameInput, resolveVersion } from '../lib/resolve';
import * as schema from '../lib/schema';
import { examples } from './kubeflowRunCreate.examples';

/**
 * The id of the run create action.
 *
 * @public
 */
export const KUBEFLOW_RUN_CREATE_ACTION_ID = 'kubeflow:run:create';

type RunOutcome = {
  runId: string;
  runName: string;
  state: string | null;
  created: boolean;
};

async function findRun(
  client: KubeflowApi,
  runName: string,
  pipelineVersionId: string,
  experimentId: string | undefined,
): Promise<KubeflowRun | undefined> {
  // KFP filters runs by name but not by pipeline version (2.17 refuses the key): the version is
  // checked here, on the first page of runs of that name.
  const page = await client.listRuns({
    experimentId,
    filter: [{ key: 'display_name', operation: 'EQUALS', value: runName }],
    sortBy: 'created_at desc',
    cache: false,
  });
  return page.items.find(run => run.pipelineVersionId === pipelineVersionId);
}

/**
 * Creates the scaffolder action `kubeflow:run:create`: starts a run of a Kubeflow pipeline
 * version with parameters checked against what the version declares; a run of that name of the
 * version already there is left as it is (`created: false`).
 *
 * @remarks
 * Needs `kubeflow.run.create` on the pipeline's ingested `kubeflow-pipeline` entity and is
 * audited. A dry run resolves the pipeline and version, checks the parameters and authorizes,
 * but starts nothing.
 *
 * @public
 */
export function createKubeflowRunCreateAction(
  options: KubeflowScaffolderActionOptions,
) {
  return createTemplateAction({
    id: KUBEFLOW_RUN_CREATE_ACTION_ID,
    description:
      'Starts a run of a Kubeflow pipeline version, its parameters checked against what the version declares',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          pipeline: z
            .string()
            .min(1)
            .describe('Name or id of the Kubeflow pipeline'),
          version: z
            .string()
            .optional()
            .describe(
              'Name or id of the version to run; the newest when omitted',
            ),
          runName: z
            .string()
            .optional()
            .describe(
              "The run's name; by default the pipeline's name and the task's id, so a retried task starts no second run",
            ),
          parameters: z
            .record(z.unknown())
            .optional()
            .describe(
              "The run's parameters by name, of the types the version declares (required ones must be given)",
            ),
          experiment: z
            .string()
            .optional()
            .describe(
              "Name or id of the experiment to run it in; the instance's default experiment when omitted",
            ),
          instance: schema.instanceInput(z),
        }),
      output: z =>
        z.object({
          runId: z.string().describe('Id of the run'),
          runName: z.string().describe('Name of the run'),
          pipelineId: z.string().describe('Id of the pipeline'),
          pipelineVersionId: z.string().describe('Id of the version run'),
          state: z
            .string()
            .optional()
            .describe('State of the run when the step ended, e.g. PENDING'),
          created: z
            .boolean()
            .describe(
              'Whether this step started the run; false when it existed',
            ),
          url: z.string().describe('Link to the run in the Kubeflow UI'),
          instance: schema.instanceOutput(z),
        }),
    },
    async handler(ctx) {
      const pipelineInput = nameInput(ctx.input.pipeline, 'pipeline');
      const versionInput =
        optionalText('version', ctx.input.version) &&
        nameInput(ctx.input.version!, 'version');
      const experimentInput =
        optionalText('experiment', ctx.input.experiment) &&
        nameInput(ctx.input.experiment!, 'experiment');
      const parameters = ctx.input.parameters ?? {};
      // Part of checking the input: an unknown instance is an InputError before any request.
      const client = options.clients.forInstance(
        optionalText('instance', ctx.input.instance),
      );
      const { instance } = client;

      const pipeline = await getPipelineByNameOrId(client, pipelineInput);
      const version = await resolveVersion(client, pipeline, versionInput);
      const problems = runParameterProblems(version.parameters, parameters);
      if (problems.length > 0) {
        // Before anything is sent, in a dry run too: a template's "Try it" says what is wrong.
        throw new InputError(
          `Kubeflow pipeline '${pipeline.displayName}' version '${
            version.displayName
          }' refuses these parameters: ${problems.join('; ')}`,
        );
      }
      const experimentId =
        experimentInput === undefined
          ? undefined
          : (await getExperimentByNameOrId(client, experimentInput))
              .experimentId;
      const runName = nameInput(
        ctx.input.runName ??
          `${pipeline.displayName} (Backstage task ${ctx.task.id.slice(0, 8)})`,
        'runName',
      );
      const subject = `a run '${runName}' of Kubeflow pipeline '${pipeline.displayName}' version '${version.displayName}' on instance '${instance.name}'`;
      let started: RunOutcome | undefined;

      const result = await runWriteStep<RunOutcome>(ctx, options.pipeline, {
        checkpoint: `kubeflow.run.create.${instance.name}.${version.pipelineVersionId}.${runName}`,
        current: async () => {
          const found = await findRun(
            client,
            runName,
            version.pipelineVersionId,
            experimentId,
          );
          return found && outcomeOf(found, false);
        },
        write: {
          eventId: 'kubeflow-run-create',
          instance: instance.name,
          authority: {
            kind: 'ingested-entity',
            permission: kubeflowRunCreatePermission,
            locator: kubeflowPipelineLocator(
              options.clients.instances,
              instance.name,
              pipeline,
            ),
          },
          meta: {
            instance: instance.name,
            pipelineId: pipeline.pipelineId,
            pipelineVersionId: version.pipelineVersionId,
            runName,
            // Only the parameter names: their values may be anything a pipeline takes, secrets too.
            parameterNames: Object.keys(parameters),
            ...(experimentId && { experimentId }),
          },
          async change() {
            const run = await client.createRun({
              pipelineId: pipeline.pipelineId,
              pipelineVersionId: version.pipelineVersionId,
              displayName: runName,
              experimentId,
              parameters,
            });
            started = outcomeOf(run, true);
            return { before: null, after: run.runId };
          },
          reload: async () => started!,
        },
        dryRunOutcome: {
          runId: '(new run)',
          runName,
          state: null,
          created: true,
        },
      });

      const { outcome } = result;
      if (result.status === 'would-write') {
        ctx.logger.info(
          `Dry run: would start ${subject} (allowed: ${result.allowedBy})`,
        );
      } else if (result.status === 'unchanged') {
        ctx.logger.info(
          `${ctx.isDryRun ? 'Dry run: ' : ''}There is ${subject} already (id ${
            outcome.runId
          }); no run was started`,
        );
      } else {
        ctx.logger.info(`Started ${subject} (id ${outcome.runId})`);
      }
      ctx.output('runId', outcome.runId);
      ctx.output('runName', runName);
      ctx.output('pipelineId', pipeline.pipelineId);
      ctx.output('pipelineVersionId', version.pipelineVersionId);
      if (outcome.state) {
        ctx.output('state', outcome.state);
      }
      ctx.output('created', outcome.created);
      ctx.output(
        'url',
        result.status === 'would-write'
          ? kubeflowUiLinks.pipeline(
              instance.uiUrl,
              pipeline.pipelineId,
              version.pipelineVersionId,
            )
          : kubeflowUiLinks.run(instance.uiUrl, outcome.runId),
      );
      ctx.output('instance', instance.name);
    },
  });
}

function outcomeOf(run: KubeflowRun, created: boolean): RunOutcome {
  return {
    runId: run.runId,
    runName: run.displayName,
    state: run.state ?? null,
    created,
  };
}

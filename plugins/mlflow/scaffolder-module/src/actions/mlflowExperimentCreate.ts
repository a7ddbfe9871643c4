import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mlflowUiLinks } from '@mlops-portal/plugin-mlflow-common';
import { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import {
  ensureExperiment,
  ExperimentOutcome,
  findExperiment,
  reuseExperiment,
} from '../lib/ensure';
import { resolveClient } from '../lib/resolveClient';
import {
  optionalText,
  validateArtifactLocation,
  validateExperimentName,
  validateTags,
} from '../lib/validation';
import { examples } from './mlflowExperimentCreate.examples';

/**
 * The id of the experiment create action.
 *
 * @public
 */
export const MLFLOW_EXPERIMENT_CREATE_ACTION_ID = 'mlflow:experiment:create';

/**
 * The `experimentId` a dry run reports for an experiment it would create (MLflow assigns the real id).
 *
 * @public
 */
export const DRY_RUN_EXPERIMENT_ID = 'dry-run';

/**
 * Creates the scaffolder action `mlflow:experiment:create`: creates an MLflow experiment, or
 * reuses the experiment of that name if it already exists (`created: false`).
 *
 * @public
 */
export function createMlflowExperimentCreateAction(options: {
  clients: MlflowClients;
}) {
  const { clients } = options;
  return createTemplateAction({
    id: MLFLOW_EXPERIMENT_CREATE_ACTION_ID,
    description:
      'Creates an MLflow experiment, or reuses the experiment of that name if it already exists',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          name: z
            .string()
            .min(1)
            .describe(
              'Name of the experiment, unique per MLflow instance (e.g. `fraud-detection`). An existing experiment of that name is reused as it is.',
            ),
          instance: z
            .string()
            .optional()
            .describe(
              'Name of the configured MLflow instance (`mlflow.instances[].name`); the first configured instance when omitted or empty',
            ),
          artifactLocation: z
            .string()
            .optional()
            .describe(
              "Where the experiment's run artifacts are stored (e.g. `s3://ml-artifacts/fraud-detection`); the server's default artifact root when omitted. Ignored for an existing experiment.",
            ),
          tags: z
            .record(z.string(), z.string())
            .optional()
            .describe(
              'Tags to set on a new experiment, as a map of tag keys to string values (e.g. `mlflow.note.content: Fraud models`). Ignored for an existing experiment.',
            ),
        }),
      output: z =>
        z.object({
          experimentId: z
            .string()
            .describe(
              `Id of the experiment (\`${DRY_RUN_EXPERIMENT_ID}\` in a dry run that would create it)`,
            ),
          created: z
            .boolean()
            .describe(
              'Whether this step created the experiment; false when an existing one was reused',
            ),
          url: z
            .string()
            .describe("Link to the experiment in the MLflow instance's UI"),
          instance: z
            .string()
            .describe(
              'Name of the MLflow instance used (for an `mlflow.org/instance` annotation)',
            ),
        }),
    },
    async handler(ctx) {
      // The task runner validates input against the JSON schema, but not against the rules
      // MLflow itself applies; check everything before the first request.
      const name = validateExperimentName(ctx.input.name);
      const artifactLocation = validateArtifactLocation(
        ctx.input.artifactLocation,
      );
      const tags = validateTags(ctx.input.tags);
      const client = resolveClient(
        clients,
        optionalText('instance', ctx.input.instance),
      );
      const instance = client.instance.name;

      let outcome: ExperimentOutcome;
      if (ctx.isDryRun) {
        const existing = await findExperiment(client, name);
        outcome = existing
          ? reuseExperiment(client, existing)
          : { experimentId: DRY_RUN_EXPERIMENT_ID, created: true };
        ctx.logger.info(
          outcome.created
            ? `Dry run: would create MLflow experiment '${name}' on instance '${instance}'`
            : `Dry run: would reuse the existing MLflow experiment '${name}' (id ${outcome.experimentId}) on instance '${instance}'`,
        );
      } else {
        // On a retried task the checkpoint returns the recorded outcome without calling MLflow.
        outcome = await ctx.checkpoint({
          key: `mlflow.experiment.create.${instance}.${name}`,
          fn: () => ensureExperiment(client, { name, artifactLocation, tags }),
        });
        ctx.logger.info(
          outcome.created
            ? `Created MLflow experiment '${name}' (id ${outcome.experimentId}) on instance '${instance}'`
            : `Reused the existing MLflow experiment '${name}' (id ${outcome.experimentId}) on instance '${instance}'; its artifact location and tags were left as they are`,
        );
      }

      ctx.output('experimentId', outcome.experimentId);
      ctx.output('created', outcome.created);
      ctx.output(
        'url',
        mlflowUiLinks.experiment(client.instance.uiUrl, outcome.experimentId),
      );
      ctx.output('instance', instance);
    },
  });
}

import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mlflowUiLinks } from '@mlops-portal/plugin-mlflow-common';
import {
  validateExperimentName,
  validateTags,
} from '@mlops-portal/plugin-mlflow-node';
import { DRY_RUN_EXPERIMENT_ID, experiments } from '../lib/ensure';
import { runEnsureStep } from '../lib/ensureStep';
import { MlflowScaffolderActionOptions } from '../lib/options';
import * as schema from '../lib/schema';
import { validateArtifactLocation } from '../lib/validation';
import { examples } from './mlflowExperimentCreate.examples';

/**
 * The id of the experiment create action.
 *
 * @public
 */
export const MLFLOW_EXPERIMENT_CREATE_ACTION_ID = 'mlflow:experiment:create';

/**
 * Creates the scaffolder action `mlflow:experiment:create`: creates an MLflow experiment, or
 * reuses the experiment of that name if it already exists (`created: false`). A create needs
 * `mlflow.experiment.create` and is audited.
 *
 * @public
 */
export function createMlflowExperimentCreateAction(
  options: MlflowScaffolderActionOptions,
) {
  return createTemplateAction({
    id: MLFLOW_EXPERIMENT_CREATE_ACTION_ID,
    description:
      'Creates an MLflow experiment, or reuses the experiment of that name if it already exists',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        schema.ensureInput(
          z,
          {
            noun: 'experiment',
            name: 'Name of the experiment, unique per MLflow instance (e.g. `fraud-detection`). An existing experiment of that name is reused as it is.',
            tagExample: '`mlflow.note.content: Fraud models`',
          },
          {
            artifactLocation: z
              .string()
              .optional()
              .describe(
                "Where the experiment's run artifacts are stored (e.g. `s3://ml-artifacts/fraud-detection`); the server's default artifact root when omitted. Ignored for an existing experiment.",
              ),
          },
        ),
      output: z =>
        schema.ensureOutput(z, 'experiment', {
          experimentId: z
            .string()
            .describe(
              `Id of the experiment (\`${DRY_RUN_EXPERIMENT_ID}\` in a dry run that would create it)`,
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

      const { outcome, instance } = await runEnsureStep(
        ctx,
        options,
        experiments,
        { name, artifactLocation, tags },
      );

      const { experimentId, created } = outcome;
      ctx.output('experimentId', experimentId);
      ctx.output('created', created);
      ctx.output('url', mlflowUiLinks.experiment(instance.uiUrl, experimentId));
      ctx.output('instance', instance.name);
    },
  });
}

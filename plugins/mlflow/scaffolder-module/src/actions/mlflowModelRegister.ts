import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mlflowUiLinks } from '@mlops-portal/plugin-mlflow-common';
import { MlflowClients, MlflowTag } from '@mlops-portal/plugin-mlflow-node';
import {
  ensureRegisteredModel,
  findRegisteredModel,
  RegisteredModelOutcome,
  reuseRegisteredModel,
} from '../lib/ensure';
import { DEFAULT_OWNER_TAG } from '../lib/readOwnerTag';
import { resolveClient } from '../lib/resolveClient';
import {
  isSameOwner,
  optionalText,
  validateModelName,
  validateOwner,
  validateTagKey,
  validateTags,
} from '../lib/validation';
import { examples } from './mlflowModelRegister.examples';

/**
 * The id of the model register action.
 *
 * @public
 */
export const MLFLOW_MODEL_REGISTER_ACTION_ID = 'mlflow:model:register';

/**
 * Creates the scaffolder action `mlflow:model:register`: creates an MLflow registered model
 * (with its owner as a tag, so the catalog provider assigns the right owner), or reuses the
 * model of that name if it already exists (`created: false`).
 *
 * @public
 */
export function createMlflowModelRegisterAction(options: {
  clients: MlflowClients;
  /** The model tag that carries the owner; must match the catalog provider's (`mlflow.catalog.ownerTag`). Default `owner`. */
  ownerTag?: string;
}) {
  const { clients } = options;
  const ownerTag = validateTagKey(options.ownerTag ?? DEFAULT_OWNER_TAG);
  return createTemplateAction({
    id: MLFLOW_MODEL_REGISTER_ACTION_ID,
    description:
      'Registers a model in the MLflow model registry, or reuses the registered model of that name if it already exists',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          name: z
            .string()
            .min(1)
            .describe(
              "Name of the registered model, unique per MLflow instance (e.g. `fraud-detector`); must not contain '/' or '%'. An existing model of that name is reused as it is.",
            ),
          instance: z
            .string()
            .optional()
            .describe(
              'Name of the configured MLflow instance (`mlflow.instances[].name`); the first configured instance when omitted or empty',
            ),
          description: z
            .string()
            .optional()
            .describe(
              'Description of a new model (Markdown). Ignored for an existing model.',
            ),
          tags: z
            .record(z.string(), z.string())
            .optional()
            .describe(
              'Tags to set on a new model, as a map of tag keys to string values. Ignored for an existing model.',
            ),
          owner: z
            .string()
            .optional()
            .describe(
              `Owner of a new model: a group or user entity ref or a bare group name (e.g. \`group:default/fraud-detection\`). Stored as the \`${ownerTag}\` tag, from which the catalog provider takes the owner of the model's entity.`,
            ),
        }),
      output: z =>
        z.object({
          name: z.string().describe('Name of the registered model'),
          created: z
            .boolean()
            .describe(
              'Whether this step created the model; false when an existing one was reused',
            ),
          url: z
            .string()
            .describe("Link to the model in the MLflow instance's UI"),
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
      const name = validateModelName(ctx.input.name);
      const description = optionalText('description', ctx.input.description);
      const ownerInput = optionalText('owner', ctx.input.owner);
      const owner = ownerInput && validateOwner(ownerInput);
      const tags = withOwnerTag(validateTags(ctx.input.tags), ownerTag, owner);
      const client = resolveClient(
        clients,
        optionalText('instance', ctx.input.instance),
      );
      const instance = client.instance.name;

      let outcome: RegisteredModelOutcome;
      if (ctx.isDryRun) {
        const existing = await findRegisteredModel(client, name);
        outcome = existing
          ? reuseRegisteredModel(existing)
          : { created: true, tags: {} };
        ctx.logger.info(
          outcome.created
            ? `Dry run: would register MLflow model '${name}' on instance '${instance}'`
            : `Dry run: would reuse the existing MLflow registered model '${name}' on instance '${instance}'`,
        );
      } else {
        // On a retried task the checkpoint returns the recorded outcome without calling MLflow.
        outcome = await ctx.checkpoint({
          key: `mlflow.model.register.${instance}.${name}`,
          fn: () => ensureRegisteredModel(client, { name, description, tags }),
        });
        ctx.logger.info(
          outcome.created
            ? `Registered MLflow model '${name}' on instance '${instance}'${
                owner ? ` with ${ownerTag}=${owner}` : ''
              }`
            : `Reused the existing MLflow registered model '${name}' on instance '${instance}'; its description and tags were left as they are`,
        );
      }

      const current = outcome.tags[ownerTag];
      if (!outcome.created && owner && !isSameOwner(current, owner)) {
        ctx.logger.warn(
          current === undefined
            ? `The existing MLflow model '${name}' has no '${ownerTag}' tag, so the catalog gives it the default owner rather than '${owner}'; set the tag in MLflow to change that`
            : `The existing MLflow model '${name}' keeps its '${ownerTag}' tag '${current}', so the catalog shows that owner rather than '${owner}'`,
        );
      }

      ctx.output('name', name);
      ctx.output('created', outcome.created);
      ctx.output('url', mlflowUiLinks.model(client.instance.uiUrl, name));
      ctx.output('instance', instance);
    },
  });
}

/** Adds the owner tag; an explicit tag of the same key that disagrees is an InputError. */
function withOwnerTag(
  tags: MlflowTag[],
  ownerTag: string,
  owner: string | undefined,
): MlflowTag[] {
  if (owner === undefined) {
    return tags;
  }
  const explicit = tags.find(tag => tag.key === ownerTag);
  if (explicit) {
    if (explicit.value !== owner) {
      throw new InputError(
        `owner '${owner}' and tags.${ownerTag} '${explicit.value}' disagree; give the owner once`,
      );
    }
    return tags;
  }
  return [...tags, { key: ownerTag, value: owner }];
}

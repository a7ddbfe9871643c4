import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mlflowUiLinks } from '@mlops-portal/plugin-mlflow-common';
import {
  DEFAULT_OWNER_TAG,
  MlflowTag,
  validateModelName,
  validateTagKey,
  validateTags,
} from '@mlops-portal/plugin-mlflow-node';
import { isSameOwner, parseOwnerRef } from '@mlops-portal/plugin-mlops-common';
import { optionalText } from '@mlops-portal/plugin-mlops-node';
import { registeredModels } from '../lib/ensure';
import { runEnsureStep } from '../lib/ensureStep';
import { MlflowScaffolderActionOptions } from '../lib/options';
import * as schema from '../lib/schema';
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
 * model of that name if it already exists (`created: false`). A create needs
 * `mlflow.model.create` and is audited.
 *
 * @public
 */
export function createMlflowModelRegisterAction(
  options: MlflowScaffolderActionOptions & {
    /** The model tag that carries the owner; must match the catalog provider's (`mlflow.catalog.ownerTag`). Default `owner`. */
    ownerTag?: string;
  },
) {
  const ownerTag = validateTagKey(options.ownerTag ?? DEFAULT_OWNER_TAG);
  return createTemplateAction({
    id: MLFLOW_MODEL_REGISTER_ACTION_ID,
    description:
      'Registers a model in the MLflow model registry, or reuses the registered model of that name if it already exists',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        schema.ensureInput(
          z,
          {
            noun: 'model',
            name: "Name of the registered model, unique per MLflow instance (e.g. `fraud-detector`); must not contain '/' or '%'. An existing model of that name is reused as it is.",
          },
          {
            description: z
              .string()
              .optional()
              .describe(
                'Description of a new model (Markdown). Ignored for an existing model.',
              ),
            owner: z
              .string()
              .optional()
              .describe(
                `Owner of a new model: a group or user entity ref or a bare group name (e.g. \`group:default/fraud-detection\`). Stored as the \`${ownerTag}\` tag, from which the catalog provider takes the owner of the model's entity.`,
              ),
          },
        ),
      output: z =>
        schema.ensureOutput(z, 'model', {
          name: z.string().describe('Name of the registered model'),
        }),
    },
    async handler(ctx) {
      // The task runner validates input against the JSON schema, but not against the rules
      // MLflow itself applies; check everything before the first request.
      const name = validateModelName(ctx.input.name);
      const description = optionalText('description', ctx.input.description);
      const owner = validateOwner(ctx.input.owner);
      const tags = withOwnerTag(validateTags(ctx.input.tags), ownerTag, owner);

      const { outcome, instance } = await runEnsureStep(
        ctx,
        options,
        registeredModels,
        { name, description, tags },
        owner && ` with ${ownerTag}=${owner}`,
      );

      const current = outcome.tags[ownerTag];
      if (
        !outcome.created &&
        owner &&
        (current === undefined || !isSameOwner(current, owner))
      ) {
        ctx.logger.warn(
          current === undefined
            ? `The existing MLflow model '${name}' has no '${ownerTag}' tag, so the catalog gives it the default owner rather than '${owner}'; set the tag in MLflow to change that`
            : `The existing MLflow model '${name}' keeps its '${ownerTag}' tag '${current}', so the catalog shows that owner rather than '${owner}'`,
        );
      }

      ctx.output('name', name);
      ctx.output('created', outcome.created);
      ctx.output('url', mlflowUiLinks.model(instance.uiUrl, name));
      ctx.output('instance', instance.name);
    },
  });
}

/**
 * The owner input as written (trimmed), once it parses as a group or user ref (a bare name is a
 * group); undefined when absent or blank. It is stored as written because the catalog provider
 * parses the tag the same way, and people read it in the MLflow UI.
 */
function validateOwner(value: unknown): string | undefined {
  const owner = optionalText('owner', value)?.trim();
  if (owner !== undefined) {
    try {
      parseOwnerRef(owner);
    } catch (error) {
      throw new InputError(`owner ${(error as Error).message}`);
    }
  }
  return owner;
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

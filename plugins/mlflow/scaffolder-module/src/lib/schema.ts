import type { z as zod } from 'zod/v3';

// The inputs and outputs every action that ensures an object has, described once for the template
// editor. `zod/v3` is the zod the scaffolder hands to schema factories.

/**
 * The input of an action that ensures an object: its `name`, the `instance` (which
 * `runEnsureStep` reads), its `tags`, and the fields of its own.
 *
 * @internal
 */
export function ensureInput<TFields extends zod.ZodRawShape>(
  z: typeof zod,
  object: {
    /** What the object is, e.g. `experiment`. */
    noun: string;
    /** The description of its `name` input. */
    name: string;
    /** An example tag for the description of `tags`, e.g. `` `team: fraud` ``. */
    tagExample?: string;
  },
  fields: TFields,
) {
  const { noun, tagExample } = object;
  return z.object({
    name: z.string().min(1).describe(object.name),
    instance: z
      .string()
      .optional()
      .describe(
        'Name of the configured MLflow instance (`mlflow.instances[].name`); the first configured instance when omitted or empty',
      ),
    ...fields,
    tags: z
      .record(z.string(), z.string())
      .optional()
      .describe(
        `Tags to set on a new ${noun}, as a map of tag keys to string values${
          tagExample ? ` (e.g. ${tagExample})` : ''
        }. Ignored for an existing ${noun}.`,
      ),
  });
}

/**
 * The output of an action that ensures an object: the fields of its own, then `created`, `url`
 * and `instance`.
 *
 * @param noun - what the object is, e.g. `experiment`
 * @internal
 */
export function ensureOutput<TFields extends zod.ZodRawShape>(
  z: typeof zod,
  noun: string,
  fields: TFields,
) {
  return z.object({
    ...fields,
    created: z
      .boolean()
      .describe(
        `Whether this step created the ${noun}; false when an existing one was reused`,
      ),
    url: z.string().describe(`Link to the ${noun} in the MLflow instance's UI`),
    instance: z
      .string()
      .describe(
        'Name of the MLflow instance used (for an `mlflow.org/instance` annotation)',
      ),
  });
}

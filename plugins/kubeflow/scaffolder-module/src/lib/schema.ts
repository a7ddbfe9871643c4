import type { z as zod } from 'zod/v3';

// The inputs and outputs both actions have, described once for the template editor. `zod/v3` is
// the zod the scaffolder hands to schema factories.

/**
 * The `instance` input.
 *
 * @internal
 */
export function instanceInput(z: typeof zod) {
  return z
    .string()
    .optional()
    .describe(
      'Name of the configured Kubeflow Pipelines instance (`kubeflow.instances[].name`); the first configured instance when omitted or empty',
    );
}

/**
 * The `instance` output.
 *
 * @internal
 */
export function instanceOutput(z: typeof zod) {
  return z
    .string()
    .describe(
      'Name of the Kubeflow instance used (for a `kubeflow.org/instance` annotation)',
    );
}

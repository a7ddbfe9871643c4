import type { z as zod } from 'zod/v3';

// The inputs and outputs both actions have, described once for the template editor. `zod/v3` is
// the zod the scaffolder hands to schema factories.

/**
 * The `dagId` and `instance` inputs.
 *
 * @internal
 */
export function dagInput(z: typeof zod) {
  return {
    dagId: z
      .string()
      .min(1)
      .describe(
        "Id of the Airflow DAG (e.g. `fraud_detection_training`): letters, digits, '_', '.' and '-', at most 250 characters",
      ),
    instance: z
      .string()
      .optional()
      .describe(
        'Name of the configured Airflow instance (`airflow.instances[].name`); the first configured instance when omitted or empty',
      ),
  };
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
      'Name of the Airflow instance used (for an `airflow.apache.org/instance` annotation)',
    );
}

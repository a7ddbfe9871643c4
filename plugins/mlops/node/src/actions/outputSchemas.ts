import { z } from 'zod/v3';

/**
 * The output schema of an `InstanceError` (`@mlops-portal/plugin-mlops-common`), for actions
 * whose answers carry per-instance errors as data.
 *
 * @public
 */
export const instanceErrorOutputSchema = z
  .object({
    instance: z.string(),
    status: z.number().optional(),
    code: z.string().optional(),
    message: z.string(),
  })
  .describe('Why an instance could not answer');

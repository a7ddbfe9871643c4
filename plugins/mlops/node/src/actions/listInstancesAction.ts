import type {
  InstancesResponse,
  MlopsSystem,
} from '@mlops-portal/plugin-mlops-common';
import { z } from 'zod/v3';
import { MlopsAction, defineMlopsAction } from './registerActions';

/**
 * The output schema of every system's `GET /instances` answer (`InstancesResponse`).
 *
 * @public
 */
export const instancesOutputSchema = z.object({
  instances: z.array(
    z.object({
      name: z
        .string()
        .describe("What the system's …/instance annotations name"),
      uiUrl: z.string().describe('The instance’s own UI'),
      default: z
        .boolean()
        .describe(
          'The default instance (the first configured), used when none is named',
        ),
    }),
  ),
});

/**
 * The `list-instances` action every system has: its configured instances, names and UI links
 * only, through the same call as its `GET /instances` route.
 *
 * @public
 */
export function listInstancesAction(options: {
  /** The system, for the title and description. */
  system: MlopsSystem;
  /** The read service's instance list. */
  listInstances: () => InstancesResponse;
  /** More on where a name may be used, appended to the description. */
  moreUses?: string;
}): MlopsAction {
  const { system } = options;
  return defineMlopsAction({
    name: 'list-instances',
    title: `List ${system.title} instances`,
    description: `The configured ${system.title} instances (${
      system.id
    }.instances in app-config) in config order: each one’s name and UI URL, and which is the default (the first, used when an entity’s ${
      system.annotationPrefix
    }/instance names none).${options.moreUses ? ` ${options.moreUses}` : ''}`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: () => z.object({}).strict(),
      output: () => instancesOutputSchema,
    },
    action: async () => ({ output: options.listInstances() }),
  });
}

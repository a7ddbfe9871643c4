import {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import { z } from 'zod/v3';

/**
 * One read or write a system offers to agents and other callers of the actions registry.
 *
 * @remarks
 * The same as Backstage's action options, except that the attributes must be stated: an agent
 * decides from them whether it may call an action without asking, so none is left to a default.
 *
 * @public
 */
export type MlopsAction<
  TInput extends z.AnyZodObject = z.AnyZodObject,
  TOutput extends z.AnyZodObject = z.AnyZodObject,
> = ActionsRegistryActionOptions<TInput, TOutput> & {
  attributes: { readOnly: boolean; destructive: boolean; idempotent: boolean };
};

/**
 * Declares an action with its input and output types inferred (a typed list of actions cannot
 * be written otherwise).
 *
 * @public
 */
export function defineMlopsAction<
  TInput extends z.AnyZodObject,
  TOutput extends z.AnyZodObject,
>(action: MlopsAction<TInput, TOutput>): MlopsAction {
  return action as unknown as MlopsAction;
}

/**
 * Registers a system's actions in the plugin's actions registry (served over MCP by
 * `@backstage/plugin-mcp-actions-backend`); throws for contradictory attributes.
 *
 * @public
 */
export function registerMlopsActions(
  registry: ActionsRegistryService,
  actions: readonly MlopsAction[],
): void {
  for (const action of actions) {
    const { readOnly, destructive } = action.attributes;
    if (readOnly && destructive) {
      throw new Error(
        `Action '${action.name}' cannot be both read-only and destructive`,
      );
    }
    registry.register(action);
  }
}

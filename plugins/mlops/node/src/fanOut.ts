import { LoggerService } from '@backstage/backend-plugin-api';
import { InstanceError } from '@mlops-portal/plugin-mlops-common';
import { getUpstreamErrorDetails } from './http/errors';

/**
 * The merged results of {@link fanOut}.
 *
 * @public
 */
export interface FanOutResult<T> {
  /** What the instances that answered returned, in instance order. */
  items: T[];
  /** One entry per instance that failed. */
  errors: InstanceError[];
}

/**
 * Runs `fn` for every instance in parallel and merges the items; a failing instance becomes an entry in `errors`.
 *
 * @remarks
 * Every error is captured, not just upstream ones: an unexpected payload from
 * one instance must not blank the others. Failures are logged as warnings.
 *
 * @public
 */
export async function fanOut<TInstance extends { name: string }, T>(
  instances: readonly TInstance[],
  fn: (instance: TInstance) => Promise<T[]>,
  options: { logger?: LoggerService } = {},
): Promise<FanOutResult<T>> {
  const settled = await Promise.allSettled(
    // async, so a synchronous throw in `fn` is captured like a rejection
    instances.map(async instance => fn(instance)),
  );
  const result: FanOutResult<T> = { items: [], errors: [] };
  settled.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') {
      result.items.push(...outcome.value);
      return;
    }
    const instance = instances[index].name;
    const reason = outcome.reason;
    const details = getUpstreamErrorDetails(reason);
    const status = details?.status;
    const message = reason instanceof Error ? reason.message : String(reason);
    options.logger?.warn('Upstream instance failed', {
      instance,
      ...(status !== undefined && { status }),
      error: message,
    });
    result.errors.push({
      instance,
      ...(status !== undefined && { status }),
      ...(details?.code && { code: details.code }),
      message,
    });
  });
  return result;
}

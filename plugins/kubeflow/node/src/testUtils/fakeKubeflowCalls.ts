import { KUBEFLOW_SYSTEM } from '@mlops-portal/plugin-kubeflow-common';
import type { KubeflowApi } from '@mlops-portal/plugin-kubeflow-node';
import { mockUpstreamError } from '@mlops-portal/plugin-mlops-node/testUtils';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A method of the Kubeflow client.
 *
 * @public
 */
export type FakeKubeflowMethod = Exclude<keyof KubeflowApi, 'instance'>;

/**
 * The methods that change something upstream.
 *
 * @public
 */
export const KUBEFLOW_WRITE_METHODS: readonly FakeKubeflowMethod[] = [
  'createRun',
  'setRecurringRunEnabled',
  'uploadPipeline',
  'uploadPipelineVersion',
];

/**
 * One call a `FakeKubeflow` answered, in the order they were made.
 *
 * @public
 */
export interface FakeKubeflowCall {
  /** The method. */
  method: FakeKubeflowMethod;
  /** Its arguments, as passed. */
  args: unknown[];
  /** What it threw, when it failed (made to fail, or refused). */
  error?: Error;
}

/**
 * How a `FakeKubeflow` call is made to fail: an error as given, or, for an HTTP status, the
 * error the real client throws for it (`kubeflow instance '<name>': GET … failed with 500 …`).
 *
 * @public
 */
export type FakeKubeflowFailure = Error | number;

const P = '/apis/v2beta1';
const at = (args: unknown[], i: number) => encodeURIComponent(String(args[i]));

// The request each method sends, for the messages of the errors it fails with.
const REQUESTS: Record<
  FakeKubeflowMethod,
  (args: unknown[]) => [method: 'GET' | 'POST', path: string]
> = {
  health: () => ['GET', `${P}/healthz`],
  listPipelines: () => ['GET', `${P}/pipelines`],
  listPipelinePages: () => ['GET', `${P}/pipelines`],
  getPipeline: a => ['GET', `${P}/pipelines/${at(a, 0)}`],
  getPipelineByName: a => ['GET', `${P}/pipelines/names/${at(a, 0)}`],
  listPipelineVersions: a => ['GET', `${P}/pipelines/${at(a, 0)}/versions`],
  getPipelineVersion: a => [
    'GET',
    `${P}/pipelines/${at(a, 0)}/versions/${at(a, 1)}`,
  ],
  listRuns: () => ['GET', `${P}/runs`],
  getRun: a => ['GET', `${P}/runs/${at(a, 0)}`],
  createRun: () => ['POST', `${P}/runs`],
  listRecurringRuns: () => ['GET', `${P}/recurringruns`],
  getRecurringRun: a => ['GET', `${P}/recurringruns/${at(a, 0)}`],
  setRecurringRunEnabled: a => [
    'POST',
    `${P}/recurringruns/${at(a, 0)}:${a[1] ? 'enable' : 'disable'}`,
  ],
  listExperiments: () => ['GET', `${P}/experiments`],
  getExperiment: a => ['GET', `${P}/experiments/${at(a, 0)}`],
  uploadPipeline: () => ['POST', `${P}/pipelines/upload`],
  uploadPipelineVersion: () => ['POST', `${P}/pipelines/upload_version`],
};

/**
 * The error the real client throws when the instance answers a call with an HTTP error: its
 * class from the status, its message naming the instance, the request and what KFP said.
 *
 * @internal
 */
export function upstreamError(
  instance: string,
  method: FakeKubeflowMethod,
  args: unknown[],
  status: number,
  message?: string,
): Error {
  const [httpMethod, path] = REQUESTS[method](args);
  return mockUpstreamError({
    system: KUBEFLOW_SYSTEM.id,
    instance,
    method: httpMethod,
    path,
    status,
    message,
  });
}

interface FailureRule {
  /** The n-th call of all (1-based). */
  call?: number;
  method?: FakeKubeflowMethod;
  /** The n-th call of `method` (1-based); every one when absent. */
  nth?: number;
  remaining: number;
  failure: FakeKubeflowFailure;
}

/**
 * The calls of one fake: recorded in order, counted per method and in flight, and failed where a
 * test says so.
 *
 * @internal
 */
export class CallLog {
  readonly calls: FakeKubeflowCall[] = [];
  private readonly counts = new Map<FakeKubeflowMethod, number>();
  private readonly inFlight = new Map<FakeKubeflowMethod, number>();
  private readonly peaks = new Map<FakeKubeflowMethod, number>();
  private rules: FailureRule[] = [];

  constructor(
    private readonly instance: string,
    private readonly latencyMs: number,
  ) {}

  /** Records a call, fails it where a test said so, and answers a copy of what `run` gives. */
  async answer<T>(
    method: FakeKubeflowMethod,
    args: unknown[],
    run: (args: unknown[]) => T,
  ): Promise<T> {
    const call = this.start(method, args);
    try {
      // Never synchronous, like a request: callers may overlap calls.
      await (this.latencyMs > 0 ? sleep(this.latencyMs) : Promise.resolve());
      if (call.error) {
        throw call.error;
      }
      const result = structuredClone(run(args));
      this.finish(call);
      return result;
    } catch (error) {
      this.finish(call, error);
      throw error;
    }
  }

  failCall(call: number, failure: FakeKubeflowFailure): void {
    this.rules.push({ call, remaining: 1, failure });
  }

  failMethod(
    method: FakeKubeflowMethod,
    options: { nth?: number; times?: number; failure: FakeKubeflowFailure },
  ): void {
    this.rules.push({
      method,
      nth: options.nth,
      remaining: options.times ?? (options.nth === undefined ? Infinity : 1),
      failure: options.failure,
    });
  }

  clearFailures(): void {
    this.rules = [];
  }

  /** Records a call and starts it; the error to fail it with, if a rule says so. */
  start(method: FakeKubeflowMethod, args: unknown[]): FakeKubeflowCall {
    const call: FakeKubeflowCall = { method, args };
    this.calls.push(call);
    const count = (this.counts.get(method) ?? 0) + 1;
    this.counts.set(method, count);
    const running = (this.inFlight.get(method) ?? 0) + 1;
    this.inFlight.set(method, running);
    this.peaks.set(method, Math.max(running, this.peaks.get(method) ?? 0));
    const rule = this.rules.find(
      r =>
        r.remaining > 0 &&
        (r.call === this.calls.length ||
          (r.method === method && (r.nth === undefined || r.nth === count))),
    );
    if (rule) {
      rule.remaining--;
      call.error =
        typeof rule.failure === 'number'
          ? upstreamError(this.instance, method, args, rule.failure)
          : rule.failure;
    }
    return call;
  }

  finish(call: FakeKubeflowCall, error?: unknown): void {
    this.inFlight.set(call.method, (this.inFlight.get(call.method) ?? 1) - 1);
    if (error !== undefined && call.error === undefined) {
      call.error = error as Error;
    }
  }

  peakInFlight(method: FakeKubeflowMethod): number {
    return this.peaks.get(method) ?? 0;
  }
}

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { JsonObject, JsonValue } from '@backstage/types';
import { WriteOperation, WritePipeline } from './WritePipeline';

/**
 * The parts of a scaffolder action's context a write step uses; the `ActionContext` of
 * `@backstage/plugin-scaffolder-node` has them all.
 *
 * @public
 */
export interface WriteStepContext {
  /** `ctx.isDryRun`: only read and authorize, write nothing. */
  isDryRun?: boolean;
  /** `ctx.task`: its id goes into the audit event as `task`. */
  task: { id: string };
  /** `ctx.getInitiatorCredentials`: whose permission decides, and whom the audit event names. */
  getInitiatorCredentials(): Promise<BackstageCredentials>;
  /** `ctx.checkpoint`: the write's outcome is recorded there, and a retried task replays it. */
  checkpoint<T extends JsonValue | void>(options: {
    key: string;
    fn: () => Promise<T> | T;
  }): Promise<T>;
}

/**
 * One idempotent write of a scaffolder step, as {@link runWriteStep} makes it.
 *
 * @public
 */
export interface WriteStep<TOutcome extends JsonValue> {
  /** The checkpoint key, unique within the task, e.g. `airflow.dag.unpause.prod.train_model`. */
  checkpoint: string;
  /**
   * Reads whether the write is needed: what to answer when the object already is as the step
   * wants it (then nothing is written, authorized or audited); undefined when the write is needed.
   */
  current(): Promise<TOutcome | undefined>;
  /**
   * The write, as {@link WritePipeline.run} makes it; the task initiator's credentials are added,
   * and the task id to its meta (`task`).
   */
  write: Omit<WriteOperation<TOutcome>, 'credentials'>;
  /** What a dry run answers for a write it would make (a placeholder for what the upstream assigns). */
  dryRunOutcome: TOutcome;
}

/**
 * What {@link runWriteStep} did.
 *
 * @public
 */
export type WriteStepResult<TOutcome> =
  | {
      /** The object already was as wanted: nothing was written (in a dry run too). */
      status: 'unchanged';
      outcome: TOutcome;
    }
  | {
      /** This step wrote, or an earlier try of it did and the checkpoint replayed it. */
      status: 'written';
      outcome: TOutcome;
    }
  | {
      /** A dry run that would write, and the initiator may. */
      status: 'would-write';
      /** The step's `dryRunOutcome`. */
      outcome: TOutcome;
      /** What allows it, as the audit event would record it (a permission, an entity ref). */
      allowedBy: string;
    };

/**
 * Makes one idempotent write of a scaffolder step: look first, write through the pipeline only
 * when needed, inside a checkpoint; in a dry run only look and authorize.
 *
 * @remarks
 * A real run looks again inside the checkpoint, so a retried task whose earlier try wrote but did
 * not record it finds the object as wanted instead of writing twice; a try that recorded it
 * replays the recorded outcome without a request, an authorization or an audit event. The write
 * is authorized and audited by the {@link WritePipeline} with the task initiator's credentials.
 *
 * A dry run writes nothing and records no audit event, but asks the same authorization the real
 * run would: it fails with the same `NotAllowedError`, so a template's "Try it" tells the user
 * before the real run does.
 *
 * @public
 */
export async function runWriteStep<TOutcome extends JsonValue>(
  ctx: WriteStepContext,
  pipeline: WritePipeline,
  step: WriteStep<TOutcome>,
): Promise<WriteStepResult<TOutcome>> {
  const credentials = await ctx.getInitiatorCredentials();
  if (ctx.isDryRun) {
    const current = await step.current();
    if (current !== undefined) {
      return { status: 'unchanged', outcome: current };
    }
    const allowedBy = await pipeline.authorize(
      step.write.authority,
      credentials,
    );
    return { status: 'would-write', outcome: step.dryRunOutcome, allowedBy };
  }
  const recorded = await ctx.checkpoint<JsonObject>({
    key: step.checkpoint,
    fn: async () => {
      const current = await step.current();
      if (current !== undefined) {
        return { written: false, outcome: current };
      }
      const outcome = await pipeline.run({
        ...step.write,
        credentials,
        meta: { ...step.write.meta, task: ctx.task.id },
      });
      return { written: true, outcome };
    },
  });
  const outcome = recorded.outcome as TOutcome;
  return recorded.written
    ? { status: 'written', outcome }
    : { status: 'unchanged', outcome };
}

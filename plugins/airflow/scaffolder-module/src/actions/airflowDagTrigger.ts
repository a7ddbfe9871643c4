import { isError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  airflowDagTriggerPermission,
  airflowTriggerNote,
  airflowUiLinks,
} from '@mlops-portal/plugin-airflow-common';
import {
  airflowDagLocator,
  AirflowDagRun,
} from '@mlops-portal/plugin-airflow-node';
import {
  actorName,
  createOrReuseWinner,
  optionalText,
  runWriteStep,
} from '@mlops-portal/plugin-mlops-node';
import { createHash } from 'node:crypto';
import {
  boundedSeconds,
  optionalBoolean,
  validateConf,
  validateDagId,
  validateLogicalDate,
  validateRunId,
} from '../lib/input';
import { AirflowScaffolderActionOptions } from '../lib/options';
import * as schema from '../lib/schema';
import {
  POLL_INTERVAL_SECONDS,
  TIMEOUT_SECONDS,
  waitForRun,
} from '../lib/waitForRun';
import { examples } from './airflowDagTrigger.examples';

/**
 * The id of the DAG trigger action.
 *
 * @public
 */
export const AIRFLOW_DAG_TRIGGER_ACTION_ID = 'airflow:dag:trigger';

/**
 * The `runId` a dry run reports for a run it would trigger (Airflow, or the `runId` input, names
 * the real one).
 *
 * @public
 */
export const DRY_RUN_RUN_ID = 'dry-run';

/** What the step found or did; a JSON value, so that a checkpoint can store it. */
type TriggerOutcome = {
  runId: string;
  /** The run's state when it was triggered or found (`unknown` for a state the client does not know). */
  state: string;
  /** False when a run of that id already existed. */
  triggered: boolean;
};

const outcomeOf = (run: AirflowDagRun, triggered: boolean): TriggerOutcome => ({
  runId: run.runId,
  state: run.state ?? 'unknown',
  triggered,
});

/**
 * Creates the scaffolder action `airflow:dag:trigger`: triggers a run of an Airflow DAG with
 * `conf`, the task's initiator recorded in the run's note, and optionally waits for it to
 * finish. With a `runId` it is idempotent: an existing run of that id is answered instead of
 * triggering again. A trigger needs `airflow.dag.trigger` on the DAG's ingested `airflow-dag`
 * entity and is audited.
 *
 * @public
 */
export function createAirflowDagTriggerAction(
  options: AirflowScaffolderActionOptions,
) {
  return createTemplateAction({
    id: AIRFLOW_DAG_TRIGGER_ACTION_ID,
    description:
      'Triggers a run of an Airflow DAG (or finds the run of the given runId), and optionally waits for it to finish',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          ...schema.dagInput(z),
          conf: z
            .record(z.string(), z.any())
            .optional()
            .describe(
              "The run's parameters (`conf`): a JSON object, e.g. `{ model_name: fraud-detector, lookback_days: 30 }`",
            ),
          note: z
            .string()
            .optional()
            .describe(
              "A note on the run; it is stored after 'Triggered from Backstage by <user>: ' (at most 1,000 characters in all)",
            ),
          logicalDate: z
            .string()
            .nullable()
            .optional()
            .describe(
              'The logical date, an RFC 3339 date-time with seconds and an offset (e.g. `2026-11-01T02:00:00Z`); when omitted Airflow picks it (now on Airflow 2, none on Airflow 3); `null` for none',
            ),
          runId: z
            .string()
            .optional()
            .describe(
              "Id of the new run (letters, digits, '_', '.', '~', ':', '+' and '-'); makes the step idempotent: when a run of that id exists it is answered and nothing is triggered. Airflow makes one (`manual__<date>`) when omitted.",
            ),
          wait: z
            .boolean()
            .optional()
            .describe(
              'Wait for the run to finish; the step fails if the run fails or does not finish in time. Default false.',
            ),
          timeoutSeconds: z
            .number()
            .min(TIMEOUT_SECONDS.min)
            .max(TIMEOUT_SECONDS.max)
            .optional()
            .describe(
              `How long to wait for the run, in seconds (with \`wait\`); default ${TIMEOUT_SECONDS.default}, at most ${TIMEOUT_SECONDS.max}`,
            ),
          pollIntervalSeconds: z
            .number()
            .min(POLL_INTERVAL_SECONDS.min)
            .max(POLL_INTERVAL_SECONDS.max)
            .optional()
            .describe(
              `How often to read the run while waiting, in seconds; default ${POLL_INTERVAL_SECONDS.default}`,
            ),
        }),
      output: z =>
        z.object({
          runId: z
            .string()
            .describe(
              `Id of the DAG run (\`${DRY_RUN_RUN_ID}\` in a dry run that would trigger one)`,
            ),
          state: z
            .string()
            .describe(
              'State of the run: `queued` or `running` when triggered without `wait`, `success` after waiting for it; `queued` in a dry run',
            ),
          triggered: z
            .boolean()
            .describe(
              'Whether this step triggered the run; false when a run of the given runId already existed',
            ),
          url: z.string().describe('Link to the run in the Airflow UI'),
          instance: schema.instanceOutput(z),
        }),
    },
    async handler(ctx) {
      const dagId = validateDagId(ctx.input.dagId);
      const conf = validateConf(ctx.input.conf);
      const logicalDate = validateLogicalDate(ctx.input.logicalDate);
      const runId = validateRunId(ctx.input.runId);
      const userNote = optionalText('note', ctx.input.note);
      const wait = optionalBoolean('wait', ctx.input.wait, false);
      const timeoutSeconds = boundedSeconds(
        'timeoutSeconds',
        ctx.input.timeoutSeconds,
        TIMEOUT_SECONDS,
      );
      const pollIntervalSeconds = boundedSeconds(
        'pollIntervalSeconds',
        ctx.input.pollIntervalSeconds,
        POLL_INTERVAL_SECONDS,
      );
      // Part of checking the input: an unknown instance is an InputError before any request.
      const client = options.clients.forInstance(
        optionalText('instance', ctx.input.instance),
      );
      const { instance } = client;
      const note = airflowTriggerNote(
        actorName(await ctx.getInitiatorCredentials()),
        userNote,
      );
      const subject = `Airflow DAG '${dagId}' on instance '${instance.name}'`;

      // The DAG must exist (NotFoundError otherwise, in a dry run too).
      const dag = await client.getDag(dagId);
      const apiVersion = await client.apiVersion();
      const runUrl = (id: string) =>
        airflowUiLinks.run(instance.uiUrl, apiVersion, dagId, id);
      const prefix = ctx.isDryRun ? 'Dry run: ' : '';
      if (dag.isPaused) {
        ctx.logger.warn(
          `${prefix}${subject} is paused: a triggered run stays queued until the DAG is unpaused (airflow:dag:unpause)`,
        );
      }

      const findRun = async () =>
        runId === undefined
          ? undefined
          : unlessAbsent(client.getDagRun(dagId, runId));
      let run: AirflowDagRun | undefined;
      let raced = false;
      const result = await runWriteStep<TriggerOutcome>(ctx, options.pipeline, {
        checkpoint: checkpointKey(instance.name, dagId, runId, ctx.each),
        current: async () => {
          const existing = await findRun();
          return existing && outcomeOf(existing, false);
        },
        write: {
          eventId: 'airflow-dag-trigger',
          instance: instance.name,
          authority: {
            kind: 'ingested-entity',
            permission: airflowDagTriggerPermission,
            locator: airflowDagLocator(
              options.clients.instances,
              instance.name,
              dagId,
            ),
          },
          // Only the keys of conf: its values may be anything a DAG takes, secrets included.
          meta: {
            instance: instance.name,
            dagId,
            ...(runId !== undefined && { runId }),
            confKeys: Object.keys(conf ?? {}),
            logicalDate: logicalDate ?? null,
            note,
          },
          async change() {
            run = await createOrReuseWinner(
              () =>
                client.triggerDagRun(dagId, { conf, logicalDate, note, runId }),
              async () => {
                // A concurrent trigger of the same runId won.
                raced = true;
                return findRun();
              },
            );
            const after = { runId: run.runId, state: run.state ?? null };
            return { before: raced ? after : null, after };
          },
          reload: async () => outcomeOf(run!, !raced),
          outcome: outcome => ({ triggered: outcome.triggered }),
        },
        dryRunOutcome: {
          runId: DRY_RUN_RUN_ID,
          state: 'queued',
          triggered: true,
        },
      });

      let outcome = result.outcome;
      const found = `${prefix}Airflow DAG run '${outcome.runId}' of ${subject} already exists (${outcome.state}); it was not triggered again`;
      switch (result.status) {
        case 'would-write':
          ctx.logger.info(
            `Dry run: would trigger ${subject} (allowed: ${
              result.allowedBy
            }) with ${describeRun({ runId, conf, logicalDate, note })}`,
          );
          if (wait) {
            ctx.logger.info(
              `Dry run: would wait up to ${timeoutSeconds} s for the run to finish`,
            );
          }
          break;
        case 'unchanged':
          ctx.logger.info(found);
          break;
        default:
          ctx.logger.info(
            outcome.triggered
              ? `Triggered ${subject}: run '${outcome.runId}' (${
                  outcome.state
                }) with ${describeRun({ conf, logicalDate, note })}`
              : found,
          );
      }

      if (wait && !ctx.isDryRun) {
        const finished = await waitForRun(
          ctx,
          client,
          { dagId, runId: outcome.runId, state: outcome.state },
          {
            timeoutSeconds,
            pollIntervalSeconds,
            url: runUrl(outcome.runId),
            sleep: options.sleep,
            now: options.now,
          },
        );
        outcome = { ...outcome, state: finished.state ?? 'unknown' };
      }

      ctx.output('runId', outcome.runId);
      ctx.output('state', outcome.state);
      ctx.output('triggered', outcome.triggered);
      ctx.output('url', runUrl(outcome.runId));
      ctx.output('instance', instance.name);
    },
  });
}

/**
 * The checkpoint of one trigger. The task runner prefixes it with the step's id; the run id, or
 * the iteration of a step with `each`, tells triggers of the same DAG in one step apart.
 */
function checkpointKey(
  instance: string,
  dagId: string,
  runId: string | undefined,
  each: unknown,
): string {
  const key = `airflow.dag.trigger.${instance}.${dagId}`;
  if (runId !== undefined) {
    return `${key}.${runId}`;
  }
  if (each === undefined) {
    return key;
  }
  const iteration = createHash('sha256')
    .update(JSON.stringify(each))
    .digest('hex')
    .slice(0, 16);
  return `${key}.each-${iteration}`;
}

/** What a run is triggered with, for the task log (conf by its keys only). */
function describeRun(run: {
  runId?: string;
  conf?: Record<string, unknown>;
  logicalDate?: string | null;
  note: string;
}): string {
  const keys = Object.keys(run.conf ?? {});
  return [
    ...(run.runId !== undefined ? [`run id '${run.runId}'`] : []),
    keys.length > 0 ? `conf keys ${keys.join(', ')}` : 'no conf',
    run.logicalDate ? `logical date ${run.logicalDate}` : undefined,
    `note '${run.note}'`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The read's result, or undefined when Airflow says the run does not exist. */
async function unlessAbsent<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isError(error) && error.name === 'NotFoundError') {
      return undefined;
    }
    throw error;
  }
}

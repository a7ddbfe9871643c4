import { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AirflowApi,
  AirflowDagRun,
} from '@mlops-portal/plugin-airflow-node';
import { pollUntil } from '@mlops-portal/plugin-mlops-node';

/**
 * How long `airflow:dag:trigger` waits for a run by default, and at most, in seconds (six hours:
 * a task holds a scaffolder worker while it waits).
 *
 * @internal
 */
export const TIMEOUT_SECONDS = { default: 600, min: 1, max: 21_600 };

/**
 * How often `airflow:dag:trigger` reads a run it waits for, in seconds.
 *
 * @internal
 */
export const POLL_INTERVAL_SECONDS = { default: 5, min: 1, max: 300 };

/**
 * Waits for a DAG run to finish: reads it every `intervalMs`, logs each state it moves to, and
 * answers it once it succeeded.
 *
 * @remarks
 * Each read asks Airflow itself, past the plugin's read cache: a cached state could be up to
 * twice the instance's `cacheTtl` old, and a run that finished would be waited for that long.
 *
 * @throws Error when the run failed, when it did not finish in time, or when the task was
 * cancelled; the message names the run and links to it (a run that is still going goes on in
 * Airflow)
 * @internal
 */
export async function waitForRun(
  ctx: { logger: LoggerService; signal?: AbortSignal },
  client: AirflowApi,
  /** The run, with its state when it was triggered or found. */
  run: { dagId: string; runId: string; state: string },
  options: {
    timeoutSeconds: number;
    pollIntervalSeconds: number;
    /** The run in the Airflow UI, for messages. */
    url: string;
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    now?: () => number;
  },
): Promise<AirflowDagRun> {
  const { dagId, runId } = run;
  const { timeoutSeconds, url } = options;
  const subject = `Airflow DAG run '${runId}' of DAG '${dagId}' on instance '${client.instance.name}'`;
  ctx.logger.info(
    `Waiting up to ${timeoutSeconds} s for ${subject} to finish (reading it every ${options.pollIntervalSeconds} s): ${url}`,
  );
  let state = run.state;
  const result = await pollUntil({
    read: () => client.getDagRun(dagId, runId, { cache: false }),
    done: current => current.state === 'success' || current.state === 'failed',
    onRead: current => {
      const now = current.state ?? 'unknown';
      if (now !== state) {
        ctx.logger.info(`${subject} is ${now} (was ${state})`);
        state = now;
      }
    },
    intervalMs: options.pollIntervalSeconds * 1000,
    timeoutMs: timeoutSeconds * 1000,
    signal: ctx.signal,
    sleep: options.sleep,
    now: options.now,
  });
  switch (result.status) {
    case 'done':
      if (result.value.state === 'failed') {
        throw new Error(
          `${subject} failed; see its task logs in Airflow: ${url}`,
        );
      }
      ctx.logger.info(`${subject} succeeded`);
      return result.value;
    case 'timeout':
      throw new Error(
        `${subject} did not finish within ${timeoutSeconds} s; it is ${state} and goes on in Airflow: ${url}`,
      );
    default:
      throw new Error(
        `Stopped waiting for ${subject}: the task was cancelled; the run is ${state} and goes on in Airflow: ${url}`,
      );
  }
}

import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  AirflowApi,
  AirflowApiVersion,
  AirflowDag,
  AirflowDagRun,
  AirflowDagRunState,
  AirflowInstanceConfig,
  TriggerDagRunOptions,
} from '@mlops-portal/plugin-airflow-node';
import { airflowInstanceConfig } from '@mlops-portal/plugin-airflow-node/testUtils';

/** The DAGs of the sandbox's story, which the fake has too: all unpaused but the last. */
export const STORY_DAGS = [
  'fraud_detection_training',
  'fraud_feature_refresh',
  'churn_model_retrain',
  'demand_forecast_batch',
];

type StoredRun = AirflowDagRun & {
  /** The states the run moves to, one per read of it. */
  next: Array<AirflowDagRunState | undefined>;
};

const WRITES = ['triggerDagRun', 'setPaused', 'clearDagRun'];

/**
 * An in-memory Airflow for the actions' tests: the story's DAGs, runs that move through
 * `runStates` as they are read (like the sandbox's scheduler, but any path: failed, never
 * finishing), every call recorded.
 */
export class FakeAirflow implements AirflowApi {
  readonly instance: AirflowInstanceConfig;
  /** Every call, by method name, in order. */
  readonly calls: string[] = [];
  /** Every trigger's DAG and options. */
  readonly triggers: Array<{ dagId: string } & TriggerDagRunOptions> = [];
  readonly dags = new Map<string, AirflowDag>();
  readonly runs = new Map<string, StoredRun>();
  /** What a triggered run answers first, then on each read after (the last state stays). */
  runStates: Array<AirflowDagRunState | undefined> = [
    'queued',
    'running',
    'success',
  ];
  /** The next trigger finds its runId taken by a concurrent trigger (409), whose run wins. */
  raceNextTrigger = false;
  private triggered = 0;

  constructor(options: { instance?: Partial<AirflowInstanceConfig> } = {}) {
    this.instance = airflowInstanceConfig(options.instance);
    for (const dagId of STORY_DAGS) {
      this.dags.set(dagId, {
        dagId,
        displayName: dagId,
        isPaused: dagId === 'demand_forecast_batch',
        owners: ['ml-platform'],
        tags: [],
      });
    }
  }

  /** The write calls, in order. */
  get writes(): string[] {
    return this.calls.filter(call => WRITES.includes(call));
  }

  /** Adds a run as a scheduler would have made it, moving through `states` as it is read. */
  addRun(
    dagId: string,
    runId: string,
    ...states: Array<AirflowDagRunState | undefined>
  ): void {
    const [state, ...next] = states;
    this.runs.set(key(dagId, runId), {
      dagId,
      runId,
      state,
      runType: 'scheduled',
      next,
    });
  }

  async apiVersion(): Promise<AirflowApiVersion> {
    this.calls.push('apiVersion');
    return this.instance.apiVersion === 'v1' ? 'v1' : 'v2';
  }

  async listDags(): Promise<AirflowDag[]> {
    this.calls.push('listDags');
    return [...this.dags.values()].map(dag => ({ ...dag }));
  }

  async *listDagPages(): AsyncGenerator<AirflowDag[], void, undefined> {
    this.calls.push('listDagPages');
    yield [...this.dags.values()].map(dag => ({ ...dag }));
  }

  async getDag(dagId: string): Promise<AirflowDag> {
    this.calls.push('getDag');
    return { ...this.requireDag(dagId) };
  }

  async getDagRun(dagId: string, runId: string): Promise<AirflowDagRun> {
    this.calls.push('getDagRun');
    this.requireDag(dagId);
    const run = this.runs.get(key(dagId, runId));
    if (!run) {
      throw new NotFoundError(
        `airflow instance '${this.instance.name}': DAG run '${runId}' of DAG '${dagId}' not found`,
      );
    }
    const { next, ...answer } = run;
    if (next.length > 0) {
      run.state = next.shift();
    }
    return answer;
  }

  async triggerDagRun(
    dagId: string,
    options: TriggerDagRunOptions = {},
  ): Promise<AirflowDagRun> {
    this.calls.push('triggerDagRun');
    this.requireDag(dagId);
    this.triggers.push({ dagId, ...options });
    const runId = options.runId ?? `manual__${++this.triggered}`;
    if (this.raceNextTrigger) {
      this.raceNextTrigger = false;
      this.addRun(dagId, runId, 'running');
    }
    if (this.runs.has(key(dagId, runId))) {
      throw new ConflictError(
        `airflow instance '${this.instance.name}': DAG Run with run_id: \`${runId}\` already exists for dag: \`${dagId}\``,
      );
    }
    const [state, ...next] = this.runStates;
    const run: StoredRun = {
      dagId,
      runId,
      state,
      runType: 'manual',
      note: options.note,
      conf: options.conf ?? {},
      ...(options.logicalDate && { logicalDate: options.logicalDate }),
      next,
    };
    this.runs.set(key(dagId, runId), run);
    const { next: _, ...answer } = run;
    return answer;
  }

  async setPaused(dagId: string, isPaused: boolean): Promise<AirflowDag> {
    this.calls.push('setPaused');
    const dag = this.requireDag(dagId);
    dag.isPaused = isPaused;
    return { ...dag };
  }

  async listDagRuns(): Promise<never> {
    throw new Error(
      'FakeAirflow.listDagRuns: not used by the scaffolder actions',
    );
  }

  async listTaskInstances(): Promise<never> {
    throw new Error(
      'FakeAirflow.listTaskInstances: not used by the scaffolder actions',
    );
  }

  async getTaskLog(): Promise<never> {
    throw new Error(
      'FakeAirflow.getTaskLog: not used by the scaffolder actions',
    );
  }

  async clearDagRun(): Promise<never> {
    throw new Error(
      'FakeAirflow.clearDagRun: not used by the scaffolder actions',
    );
  }

  private requireDag(dagId: string): AirflowDag {
    const dag = this.dags.get(dagId);
    if (!dag) {
      throw new NotFoundError(
        `airflow instance '${this.instance.name}': DAG '${dagId}' not found`,
      );
    }
    return dag;
  }
}

function key(dagId: string, runId: string): string {
  return `${dagId}\u0000${runId}`;
}

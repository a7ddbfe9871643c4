import { AirflowSeed } from '../story/airflow';
import { LogicalClock, runIdStamp } from '../time';
import { runEndFromTimeline, taskTimeline } from './timeline';
import { DagRecord, DagRunRecord, TaskInstanceTimes } from './types';

/** Why a write failed; routers map it to each API version's error shape. */
export class AirflowStateError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'bad_request',
    message: string,
  ) {
    super(message);
  }
}

/** Input of a manual trigger (both API versions). */
export interface TriggerInput {
  dagRunId?: string | null;
  logicalDate?: number | null;
  conf?: Record<string, unknown> | null;
  note?: string | null;
  user: string;
}

/** Input of clearing a run's task instances (both API versions). */
export interface ClearInput {
  runId: string;
  onlyFailed: boolean;
  dryRun: boolean;
  resetDagRuns: boolean;
  taskIds?: string[];
}

/** The failed states `only_failed` clears. */
const FAILED_TASK_STATES = ['failed', 'upstream_failed'];

/** Reads of a scheduled run after which it is running, and after which it has finished. */
const STARTS_AFTER_READS = 1;
const FINISHES_AFTER_READS = 3;

/**
 * Airflow's metadata database, shared by /airflow (API v2) and /airflow2 (API v1):
 * DAGs sorted by id, runs per DAG in id order, task instances derived on demand.
 */
export class AirflowState {
  readonly dags = new Map<string, DagRecord>();
  /** DAG ids ascending (the default list order). */
  readonly dagIds: string[] = [];
  private readonly runsByDag = new Map<string, DagRunRecord[]>();
  private readonly runIndex = new Map<string, DagRunRecord>();
  private nextId = 1;

  constructor(
    seed: AirflowSeed,
    private readonly clock: LogicalClock,
    private readonly rngSeed: number,
  ) {
    for (const dag of seed.dags) {
      this.dags.set(dag.dagId, dag);
      this.dagIds.push(dag.dagId);
      this.runsByDag.set(dag.dagId, []);
    }
    this.dagIds.sort();
    for (const run of [...seed.runs].sort((a, b) => a.id - b.id)) {
      this.addRun(run);
    }
  }

  private addRun(run: DagRunRecord): void {
    this.runsByDag.get(run.dagId)!.push(run);
    this.runIndex.set(`${run.dagId}\u0000${run.runId}`, run);
    this.nextId = Math.max(this.nextId, run.id + 1);
  }

  /** The DAG or a not_found error (message as Airflow 3 words it). */
  requireDag(dagId: string): DagRecord {
    const dag = this.dags.get(dagId);
    if (!dag) {
      throw new AirflowStateError(
        'not_found',
        `The Dag with ID: \`${dagId}\` was not found`,
      );
    }
    return dag;
  }

  /** Runs of one DAG in id order; reading them moves the scheduler on. */
  runsOf(dagId: string): DagRunRecord[] {
    const runs = this.runsByDag.get(dagId) ?? [];
    runs.forEach(run => this.schedule(run));
    return runs;
  }

  /**
   * The sandbox's scheduler: a run queued through the API starts after it has been read once and
   * succeeds a few reads later, so a client that polls sees queued → running → success without
   * the sandbox keeping timers.
   */
  private schedule(run: DagRunRecord): void {
    if (!run.scheduled || run.state === 'success' || run.state === 'failed') {
      return;
    }
    run.scheduled.reads += 1;
    if (run.state === 'queued' && run.scheduled.reads > STARTS_AFTER_READS) {
      run.state = 'running';
      run.startDate = this.clock.tick();
    }
    if (run.state === 'running' && run.scheduled.reads > FINISHES_AFTER_READS) {
      run.state = 'success';
      const dag = this.dags.get(run.dagId)!;
      run.endDate = runEndFromTimeline(
        taskTimeline(this.rngSeed, dag, { ...run, state: 'success' }),
      );
    }
  }

  /**
   * Clears task instances of a run (`clearTaskInstances` with `dag_run_id`): the failed ones
   * (`onlyFailed`) or all; unless a dry run, the run is queued again and its tasks get a new try.
   */
  clear(dagId: string, input: ClearInput) {
    const dag = this.requireDag(dagId);
    const run = this.requireRun(dagId, input.runId);
    const all = this.taskInstances(dag, run);
    const instances = all.filter(
      ti =>
        (!input.onlyFailed || FAILED_TASK_STATES.includes(String(ti.state))) &&
        (!input.taskIds?.length || input.taskIds.includes(ti.task.taskId)),
    );
    if (input.dryRun || instances.length === 0) {
      return { run, instances };
    }
    const priorTries = { ...run.priorTries };
    for (const ti of all) {
      priorTries[ti.task.taskId] = ti.tryNumber;
    }
    run.priorTries = priorTries;
    run.failedTask = undefined;
    run.timelineKey = `${run.runId}#${this.clock.tick()}`;
    if (input.resetDagRuns) {
      run.state = 'queued';
      run.startDate = null;
      run.endDate = null;
      run.scheduled = { reads: 0 };
    }
    return { run, instances };
  }

  /** Runs of every DAG in id order. */
  allRuns(): DagRunRecord[] {
    const all: DagRunRecord[] = [];
    for (const runs of this.runsByDag.values()) all.push(...runs);
    return all.sort((a, b) => a.id - b.id);
  }

  /** The run or a not_found error. */
  requireRun(dagId: string, runId: string): DagRunRecord {
    this.requireDag(dagId);
    const run = this.runIndex.get(`${dagId}\u0000${runId}`);
    if (!run) {
      throw new AirflowStateError(
        'not_found',
        `The DagRun with dag_id: \`${dagId}\` and run_id: \`${runId}\` was not found`,
      );
    }
    this.schedule(run);
    return run;
  }

  /** The latest run of a DAG (by run_after), if any. */
  latestRun(dagId: string): DagRunRecord | undefined {
    const runs = this.runsOf(dagId);
    let latest: DagRunRecord | undefined;
    for (const run of runs) {
      if (!latest || run.runAfter > latest.runAfter) latest = run;
    }
    return latest;
  }

  /** Task instances of a run (derived from the seed and the run). */
  taskInstances(dag: DagRecord, run: DagRunRecord): TaskInstanceTimes[] {
    return taskTimeline(this.rngSeed, dag, run);
  }

  /** Pauses or unpauses a DAG. */
  setPaused(dagId: string, isPaused: boolean): DagRecord {
    const dag = this.requireDag(dagId);
    dag.isPaused = isPaused;
    return dag;
  }

  /** Creates a queued manual run, as POST dagRuns does. */
  trigger(dagId: string, input: TriggerInput): DagRunRecord {
    const dag = this.requireDag(dagId);
    const now = this.clock.tick();
    const runId =
      input.dagRunId || `manual__${runIdStamp(input.logicalDate ?? now)}`;
    if (this.runIndex.has(`${dagId}\u0000${runId}`)) {
      throw new AirflowStateError(
        'conflict',
        `DAG Run with run_id: \`${runId}\` already exists for dag: \`${dagId}\``,
      );
    }
    const logicalDate =
      input.logicalDate === undefined ? now : input.logicalDate;
    const run: DagRunRecord = {
      id: this.nextId,
      dagId: dag.dagId,
      runId,
      runType: 'manual',
      state: 'queued',
      logicalDate,
      runAfter: logicalDate ?? now,
      queuedAt: now,
      startDate: null,
      endDate: null,
      dataIntervalStart: logicalDate,
      dataIntervalEnd: logicalDate,
      lastSchedulingDecision: null,
      conf: input.conf ?? {},
      note: input.note ?? null,
      triggeredBy: 'rest_api',
      triggeringUserName: input.user,
      timelineKey: runId,
      scheduled: { reads: 0 },
    };
    this.addRun(run);
    return run;
  }
}

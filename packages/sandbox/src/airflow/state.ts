import { AirflowSeed } from '../story/airflow';
import { LogicalClock, runIdStamp } from '../time';
import { taskTimeline } from './timeline';
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

  /** Runs of one DAG in id order. */
  runsOf(dagId: string): DagRunRecord[] {
    return this.runsByDag.get(dagId) ?? [];
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
    };
    this.addRun(run);
    return run;
  }
}

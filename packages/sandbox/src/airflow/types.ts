/** State of a DAG run (identical in Airflow 2 and 3). */
export type DagRunState = 'queued' | 'running' | 'success' | 'failed';

/** State of a task instance (null = not yet scheduled). */
export type TaskState =
  | 'success'
  | 'failed'
  | 'upstream_failed'
  | 'running'
  | 'queued'
  | null;

/** One task of a DAG (the sandbox's DAGs are linear chains). */
export interface TaskDefinition {
  taskId: string;
  /** Operator class name, e.g. `KubernetesPodOperator`. */
  operator: string;
  /** Typical duration in seconds (scaled by the seeded PRNG per run). */
  meanSeconds: number;
  retries: number;
  /** Task documentation (rendered as `doc_md`). */
  doc?: string;
}

/** A DAG as the sandbox stores it; serialised differently for API v1 and v2. */
export interface DagRecord {
  dagId: string;
  description: string;
  owners: string[];
  tags: string[];
  /** Cron expression or null for unscheduled DAGs. */
  schedule: string | null;
  /** Human description of the schedule (`At 02:00`). */
  scheduleDescription: string | null;
  isPaused: boolean;
  /** Path relative to the DAGs folder. */
  relativeFileloc: string;
  startDate: number;
  lastParsedTime: number;
  lastParseDuration: number;
  maxActiveRuns: number;
  maxActiveTasks: number;
  docMd: string | null;
  params: Record<string, unknown>;
  tasks: TaskDefinition[];
  /** The serialised DAG version (Airflow 3 DAG versioning). */
  version: { id: string; number: number; createdAt: number };
  /** Next scheduled run (null when paused or unscheduled). */
  nextRun: number | null;
}

/** A DAG run. Task instances are derived from it (see taskTimeline). */
export interface DagRunRecord {
  /** Database id, increasing with creation order (Airflow 3's default sort key). */
  id: number;
  dagId: string;
  runId: string;
  runType: 'scheduled' | 'manual';
  state: DagRunState;
  logicalDate: number | null;
  runAfter: number;
  queuedAt: number;
  startDate: number | null;
  endDate: number | null;
  dataIntervalStart: number | null;
  dataIntervalEnd: number | null;
  lastSchedulingDecision: number | null;
  conf: Record<string, unknown>;
  note: string | null;
  triggeredBy: 'timetable' | 'rest_api';
  triggeringUserName: string | null;
  /** The task that failed, for failed runs. */
  failedTask?: string;
  /** Seed label for the task timeline (the run id by default). */
  timelineKey: string;
  /**
   * For runs the sandbox's scheduler moves on (triggered or cleared through the API): how often
   * the run has been read since; it starts on the first read and finishes a few reads later.
   */
  scheduled?: { reads: number };
  /** Tries each task had before the run was last cleared (they count on from there). */
  priorTries?: Record<string, number>;
}

/** Times and state of one task instance, derived deterministically from its run. */
export interface TaskInstanceTimes {
  task: TaskDefinition;
  state: TaskState;
  tryNumber: number;
  queuedAt: number | null;
  startDate: number | null;
  endDate: number | null;
  hostname: string | null;
  pid: number | null;
}

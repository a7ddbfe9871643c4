import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Close from '@material-ui/icons/Close';
import {
  AirflowDagView,
  AirflowRunView,
  AirflowTaskInstanceView,
} from '@mlops-portal/plugin-airflow-common';
import {
  formatDuration,
  InstanceErrorsPanel,
  RunStatusChip,
  UNKNOWN_VALUE,
  useEntityRef,
} from '@mlops-portal/plugin-mlops-react';
import { airflowApiRef } from '../../api/AirflowBackendApi';
import { useDagWriteAccess } from '../../hooks/useDagWriteAccess';
import { AirflowTaskLogViewer } from '../AirflowTaskLogViewer/AirflowTaskLogViewer';
import { formatIso } from '../format';
import { ClearRunDialog } from './ClearRunDialog';

/**
 * Props of {@link AirflowTaskGrid}.
 *
 * @public
 */
export interface AirflowTaskGridProps {
  /** The DAG, as the entity's DAGs answer has it (for its write authority). */
  dag: AirflowDagView;
  /** The DAG run whose tasks to show. */
  runId: string;
  /** Called with the run as a clear left it. */
  onRunChange?: (run: AirflowRunView) => void;
  /** Changing it reads the tasks again. */
  reloadKey?: number;
}

/** States a "clear failed tasks" runs again (Airflow's `only_failed`). */
const FAILED_STATES = new Set(['failed', 'upstream_failed']);

const useStyles = makeStyles(theme => ({
  table: { '& th, & td': { whiteSpace: 'nowrap' } },
  tries: { display: 'flex', gap: theme.spacing(0.5) },
  tryButton: { minWidth: 32, padding: theme.spacing(0, 1) },
  actions: { display: 'flex', gap: theme.spacing(1) },
  title: { display: 'flex', alignItems: 'center' },
}));

interface OpenLog {
  task: AirflowTaskInstanceView;
  tryNumber: number;
}

/**
 * The task instances of a DAG run — state, try, operator, start, duration — with a log button per
 * try, and clearing the run or its failed tasks for users the permission policy allows.
 *
 * @public
 */
export function AirflowTaskGrid(props: AirflowTaskGridProps) {
  const { dag, runId, onRunChange, reloadKey = 0 } = props;
  const classes = useStyles();
  const api = useApi(airflowApiRef);
  const entityRef = useEntityRef();
  const access = useDagWriteAccess(dag.authority);
  const [cleared, setCleared] = useState(0);
  const [clearing, setClearing] = useState<{ onlyFailed: boolean }>();
  const [openLog, setOpenLog] = useState<OpenLog>();

  const { value, loading, error } = useAsync(
    () => api.getTaskInstances(entityRef, dag.dagId, runId),
    [api, entityRef, dag.dagId, runId, reloadKey, cleared],
  );
  const tasks = value?.items ?? [];
  const hasFailed = tasks.some(t => t.state && FAILED_STATES.has(t.state));
  const run = value?.run;

  return (
    <InfoCard
      title={`Tasks of ${runId}`}
      subheader={
        run && (
          <Box display="flex" alignItems="center" gridGap={8}>
            <RunStatusChip status={run.state} />
            <span>
              {run.runType ?? 'run'} · logical date {formatIso(run.logicalDate)}
            </span>
            <Link href={run.url} target="_blank" rel="noopener noreferrer">
              Open the run in Airflow
            </Link>
          </Box>
        )
      }
      noPadding
      action={
        access.clear &&
        value && (
          <div className={classes.actions}>
            <Button
              variant="outlined"
              disabled={!hasFailed}
              onClick={() => setClearing({ onlyFailed: true })}
            >
              Clear failed tasks
            </Button>
            <Button
              variant="outlined"
              onClick={() => setClearing({ onlyFailed: false })}
            >
              Clear run
            </Button>
          </div>
        )
      }
    >
      <Box px={2}>
        <InstanceErrorsPanel systemTitle="Airflow" errors={value?.errors} />
        {error && <ResponseErrorPanel error={error} />}
      </Box>
      {loading && <Progress />}
      {!loading && value && (
        <TableContainer>
          <Table
            size="small"
            aria-label="Task instances"
            className={classes.table}
          >
            <TableHead>
              <TableRow>
                <TableCell>Task</TableCell>
                <TableCell>State</TableCell>
                <TableCell>Try</TableCell>
                <TableCell>Operator</TableCell>
                <TableCell>Started</TableCell>
                <TableCell>Duration</TableCell>
                <TableCell>Logs</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {tasks.length === 0 && (
                <TableRow>
                  <TableCell colSpan={7}>
                    <Typography color="textSecondary">
                      This run has no task instances (yet).
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
              {tasks.map(task => {
                const name = taskName(task);
                return (
                  <TableRow key={`${task.taskId}:${task.mapIndex}`}>
                    <TableCell>
                      <Link
                        href={task.url}
                        target="_blank"
                        rel="noopener noreferrer"
                        title={task.taskId}
                      >
                        {name}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <RunStatusChip status={task.state ?? 'none'} />
                    </TableCell>
                    <TableCell>
                      {task.tryNumber === 0
                        ? UNKNOWN_VALUE
                        : `${task.tryNumber}${
                            task.maxTries ? ` of ${task.maxTries}` : ''
                          }`}
                    </TableCell>
                    <TableCell>{task.operator ?? UNKNOWN_VALUE}</TableCell>
                    <TableCell>{formatIso(task.startDate)}</TableCell>
                    <TableCell>{formatDuration(task.durationMs)}</TableCell>
                    <TableCell>
                      <div className={classes.tries}>
                        {task.tryNumber === 0 && UNKNOWN_VALUE}
                        {Array.from(
                          { length: task.tryNumber },
                          (_, i) => i + 1,
                        ).map(n => (
                          <Button
                            key={n}
                            size="small"
                            variant="outlined"
                            className={classes.tryButton}
                            aria-label={`Log of ${name}, try ${n}`}
                            onClick={() => setOpenLog({ task, tryNumber: n })}
                          >
                            {n}
                          </Button>
                        ))}
                      </div>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {openLog && (
        <Dialog
          open
          onClose={() => setOpenLog(undefined)}
          aria-labelledby="airflow-log-title"
          fullWidth
          maxWidth="lg"
        >
          <DialogTitle id="airflow-log-title" disableTypography>
            <div className={classes.title}>
              <Typography variant="h6" style={{ flex: 1 }}>
                Log of {taskName(openLog.task)}
              </Typography>
              <IconButton
                aria-label="Close the log"
                onClick={() => setOpenLog(undefined)}
              >
                <Close />
              </IconButton>
            </div>
          </DialogTitle>
          <DialogContent>
            <AirflowTaskLogViewer
              dagId={dag.dagId}
              runId={runId}
              taskId={openLog.task.taskId}
              mapIndex={openLog.task.mapIndex}
              tryNumber={openLog.task.tryNumber}
              initialTry={openLog.tryNumber}
            />
          </DialogContent>
        </Dialog>
      )}
      {clearing && (
        <ClearRunDialog
          dagId={dag.dagId}
          runId={runId}
          onlyFailed={clearing.onlyFailed}
          onClose={() => setClearing(undefined)}
          onCleared={item => {
            setClearing(undefined);
            setCleared(n => n + 1);
            onRunChange?.(item);
          }}
        />
      )}
    </InfoCard>
  );
}

/** A task's name on the page; a mapped instance carries its index, as Airflow shows it. */
function taskName(task: AirflowTaskInstanceView): string {
  return task.mapIndex >= 0
    ? `${task.displayName} [${task.mapIndex}]`
    : task.displayName;
}

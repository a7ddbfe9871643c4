import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Close from '@material-ui/icons/Close';
import Refresh from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import { KubeflowRunView } from '@mlops-portal/plugin-kubeflow-common';
import {
  errorMessage,
  formatDuration,
  RunStatusChip,
  useEntityRef,
} from '@mlops-portal/plugin-mlops-react';
import { kubeflowApiRef } from '../../api/KubeflowBackendApi';
import { formatIso } from '../format';
import { TaskGraph } from './TaskGraph';
import { TaskList } from './TaskList';

/**
 * Props of {@link KubeflowRunDetails}.
 *
 * @public
 */
export interface KubeflowRunDetailsProps {
  /** The run, one of the entity's. */
  runId: string;
  /** Shows a close button that calls it. */
  onClose?: () => void;
}

const useStyles = makeStyles(theme => ({
  subheader: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  body: { display: 'flex', flexDirection: 'column', gap: theme.spacing(2) },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
  graph: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    position: 'relative',
  },
}));

/**
 * One run: its state, times, parameters and error, and its task graph — each task a node with
 * its state and duration, laid out by dependency — with the same tasks as an accessible table,
 * and links into the KFP UI.
 *
 * @public
 */
export function KubeflowRunDetails(props: KubeflowRunDetailsProps) {
  const { runId, onClose } = props;
  const classes = useStyles();
  const api = useApi(kubeflowApiRef);
  const entityRef = useEntityRef();
  const [refreshes, setRefreshes] = useState(0);
  const { value, loading, error } = useAsync(
    () => api.getRun(entityRef, runId),
    [api, entityRef, runId, refreshes],
  );
  const run = value?.run;
  const tasks = value?.tasks ?? [];

  return (
    <InfoCard
      title={run ? `Run ${run.name}` : 'Run'}
      subheader={
        run && <RunSubheader run={run} className={classes.subheader} />
      }
      action={
        <>
          <Tooltip title="Read the run again">
            {/* a span: a disabled button fires no events for the tooltip */}
            <span>
              <IconButton
                aria-label="Refresh the run"
                disabled={loading}
                onClick={() => setRefreshes(n => n + 1)}
              >
                <Refresh />
              </IconButton>
            </span>
          </Tooltip>
          {onClose && (
            <IconButton aria-label="Close the run" onClick={onClose}>
              <Close />
            </IconButton>
          )}
        </>
      }
    >
      {error && (
        <ResponseErrorPanel error={error} title={errorMessage(error)} />
      )}
      {loading && <Progress />}
      {!loading && run && (
        <div className={classes.body}>
          {run.error && <Alert severity="error">{run.error}</Alert>}
          <RunFacts run={run} className={classes.facts} />
          {tasks.length === 0 ? (
            <Typography color="textSecondary">
              This run has no tasks yet.
            </Typography>
          ) : (
            <>
              <Box className={classes.graph}>
                <TaskGraph
                  tasks={tasks}
                  title={`Task graph of ${run.name}: ${taskSummary(tasks)}`}
                />
              </Box>
              <TaskList tasks={tasks} title={`Tasks of ${run.name}`} />
            </>
          )}
        </div>
      )}
    </InfoCard>
  );
}

function RunSubheader(props: { run: KubeflowRunView; className: string }) {
  const { run } = props;
  return (
    <span className={props.className}>
      <RunStatusChip status={run.state} />
      <span>
        created {formatIso(run.createdAt)} · {formatDuration(run.durationMs)}
      </span>
      <Link href={run.url} target="_blank" rel="noopener noreferrer">
        Open the run in Kubeflow Pipelines
      </Link>
    </span>
  );
}

function RunFacts(props: { run: KubeflowRunView; className: string }) {
  const { run } = props;
  const parameters = Object.entries(run.parameters ?? {});
  return (
    <dl className={props.className}>
      <dt>Started</dt>
      <dd>{formatIso(run.scheduledAt)}</dd>
      <dt>Finished</dt>
      <dd>{run.finishedAt ? formatIso(run.finishedAt) : 'Not yet'}</dd>
      {run.recurringRunId && (
        <>
          <dt>Started by</dt>
          <dd>a recurring run</dd>
        </>
      )}
      {parameters.map(([name, value]) => (
        <ParameterFact key={name} name={name} value={value} />
      ))}
    </dl>
  );
}

function ParameterFact(props: { name: string; value: unknown }) {
  return (
    <>
      <dt>
        <code>{props.name}</code>
      </dt>
      <dd>
        <code>{JSON.stringify(props.value)}</code>
      </dd>
    </>
  );
}

/** `3 tasks, 1 failed`: what the graph shows, for its accessible name. */
function taskSummary(tasks: { state?: string }[]): string {
  const failed = tasks.filter(t => t.state === 'FAILED').length;
  const count = `${tasks.length} ${tasks.length === 1 ? 'task' : 'tasks'}`;
  return failed > 0 ? `${count}, ${failed} failed` : count;
}

import { ReactNode, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Switch from '@material-ui/core/Switch';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import OpenInNew from '@material-ui/icons/OpenInNew';
import PlayArrow from '@material-ui/icons/PlayArrow';
import Alert from '@material-ui/lab/Alert';
import {
  AirflowDagView,
  AirflowRunView,
  AirflowWriteAuthority,
} from '@mlops-portal/plugin-airflow-common';
import {
  errorMessage,
  RunStatusChip,
  UNKNOWN_VALUE,
  useEntityRef,
} from '@mlops-portal/plugin-mlops-react';
import { airflowApiRef } from '../../api/AirflowBackendApi';
import { useDagWriteAccess } from '../../hooks/useDagWriteAccess';
import { formatIso } from '../format';
import { TriggerDagDialog } from '../TriggerDagDialog/TriggerDagDialog';

/** Props of {@link AirflowDagSummary}. */
export interface AirflowDagSummaryProps {
  dag: AirflowDagView;
  /** Called with the DAG as a write left it (pause, unpause). */
  onDagChange: (dag: AirflowDagView) => void;
  /** Called with the run a trigger created. */
  onTriggered?: (run: AirflowRunView) => void;
  /** More about the DAG, at the end of its section (e.g. its recent runs). */
  children?: ReactNode;
}

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', flexDirection: 'column', gap: theme.spacing(1) },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  title: { flex: 1, minWidth: 0, overflowWrap: 'anywhere' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    alignItems: 'center',
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  inline: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
}));

/**
 * One DAG's facts — schedule, next run, health, owners, tags — with its pause toggle and
 * trigger action for users the permission policy allows.
 */
export function AirflowDagSummary(props: AirflowDagSummaryProps) {
  const { dag, onDagChange, onTriggered, children } = props;
  const classes = useStyles();
  const api = useApi(airflowApiRef);
  const entityRef = useEntityRef();
  const access = useDagWriteAccess(dag.authority);
  const [pausing, setPausing] = useState(false);
  const [pauseError, setPauseError] = useState<unknown>();
  const [triggering, setTriggering] = useState(false);
  const [triggered, setTriggered] = useState<AirflowRunView>();

  const onTogglePaused = async () => {
    setPausing(true);
    setPauseError(undefined);
    try {
      const { item } = await api.setPaused(entityRef, dag.dagId, {
        isPaused: !dag.isPaused,
      });
      onDagChange(item);
    } catch (e) {
      setPauseError(e);
    } finally {
      setPausing(false);
    }
  };

  const { health } = dag;
  return (
    <section aria-label={`DAG ${dag.dagId}`} className={classes.root}>
      <div className={classes.header}>
        <Typography variant="h6" component="h3" className={classes.title}>
          <Link href={dag.url} target="_blank" rel="noopener noreferrer">
            {dag.displayName}
          </Link>
          {dag.displayName !== dag.dagId && (
            <Typography variant="body2" color="textSecondary" component="span">
              {' '}
              {dag.dagId}
            </Typography>
          )}
        </Typography>
        {access.pause ? (
          <FormControlLabel
            label={dag.isPaused ? 'Paused' : 'Active'}
            control={
              <Switch
                color="primary"
                checked={!dag.isPaused}
                disabled={pausing}
                onChange={onTogglePaused}
                inputProps={{
                  'aria-label': `Run ${dag.dagId} on its schedule`,
                }}
              />
            }
          />
        ) : (
          <Chip
            size="small"
            variant="outlined"
            label={dag.isPaused ? 'Paused' : 'Active'}
          />
        )}
        {access.trigger && (
          <Button
            variant="outlined"
            color="primary"
            startIcon={<PlayArrow />}
            onClick={() => setTriggering(true)}
          >
            Trigger
          </Button>
        )}
        <Tooltip title="Open the DAG in Airflow">
          <IconButton
            href={dag.url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`Open ${dag.dagId} in Airflow`}
          >
            <OpenInNew />
          </IconButton>
        </Tooltip>
      </div>
      {dag.description && (
        <Typography variant="body2">{dag.description}</Typography>
      )}
      {dag.hasImportErrors && (
        <Alert severity="warning">
          The DAG file failed to import in Airflow
          {dag.fileloc ? ` (${dag.fileloc})` : ''}: new runs may use an old
          version or not start.
        </Alert>
      )}
      {pauseError !== undefined && (
        <Alert severity="error">{errorMessage(pauseError)}</Alert>
      )}
      {triggered && (
        <Alert severity="success" onClose={() => setTriggered(undefined)}>
          Triggered run{' '}
          <Link href={triggered.url} target="_blank" rel="noopener noreferrer">
            {triggered.runId}
          </Link>{' '}
          ({triggered.state ?? 'state unknown'}).
        </Alert>
      )}
      <dl className={classes.facts}>
        <dt>Schedule</dt>
        <dd>
          {dag.schedule ? (
            <>
              <code>{dag.schedule}</code>
              {dag.scheduleDescription &&
                dag.scheduleDescription !== dag.schedule &&
                ` (${dag.scheduleDescription})`}
            </>
          ) : (
            'None: runs only when triggered'
          )}
        </dd>
        <dt>Next run</dt>
        <dd>
          {dag.isPaused
            ? `${UNKNOWN_VALUE} (paused)`
            : formatIso(health.nextRunAfter)}
        </dd>
        <dt>Last run</dt>
        <dd className={classes.inline}>
          {health.lastRunState ? (
            <>
              <RunStatusChip status={health.lastRunState} />
              <span>{formatIso(health.lastRunAt)}</span>
            </>
          ) : (
            'Never ran'
          )}
        </dd>
        <dt>Failures</dt>
        <dd>
          <FailureStreak count={health.failureStreak} />
        </dd>
        <dt>Owners</dt>
        <dd className={classes.chips}>
          {dag.owners.length === 0 && UNKNOWN_VALUE}
          {dag.owners.map(owner => (
            <Chip key={owner} size="small" label={owner} />
          ))}
        </dd>
        <dt>Tags</dt>
        <dd className={classes.chips}>
          {dag.tags.length === 0 && UNKNOWN_VALUE}
          {dag.tags.map(tag => (
            <Chip key={tag} size="small" variant="outlined" label={tag} />
          ))}
        </dd>
      </dl>
      {children}
      <WriteAuthorityNote authority={dag.authority} />
      {triggering && (
        <TriggerDagDialog
          dag={dag}
          onClose={() => setTriggering(false)}
          onTriggered={run => {
            setTriggering(false);
            setTriggered(run);
            onTriggered?.(run);
          }}
        />
      )}
    </section>
  );
}

function FailureStreak(props: { count: number }) {
  if (props.count === 0) {
    return <>None in a row</>;
  }
  return (
    <Typography color="error" variant="body2" component="span">
      {props.count === 1
        ? 'The last run failed'
        : `The last ${props.count} runs failed`}
    </Typography>
  );
}

/** Says whose owners may change the DAG, linking their entity. */
function WriteAuthorityNote(props: { authority: AirflowWriteAuthority }) {
  const { authority } = props;
  return (
    <Box>
      <Typography variant="caption" color="textSecondary" component="p">
        {authority.entityRef ? (
          <>
            Triggered, paused and cleared by the owners of{' '}
            <EntityRefLink entityRef={authority.entityRef} />
          </>
        ) : (
          <Tooltip title={authority.reason ?? ''}>
            <span>
              Only admins may change it: the catalog has no ingested entity for
              this DAG
            </span>
          </Tooltip>
        )}
      </Typography>
    </Box>
  );
}
